import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { hcl2json } from './hcl-parser';
import { evaluateString, evaluateValue, Scope, UnsupportedExpression, Value } from './hcl-expressions';

/** One `restapi_object` resource of a module instance, its attributes evaluated. */
export interface ResourceInstance {
  /** Terraform's address, e.g. module.eu.restapi_object.region */
  address: string;
  /** The resource's name inside its module (for references such as restapi_object.region.id). */
  name: string;
  attributes: Record<string, Value>;
}

/** A module as Terraform would instantiate it: variables bound, resources evaluated, outputs left to evaluate after apply. */
export interface ModuleInstance {
  /** '' for the root, else module.<name>[.module.<name>...] */
  address: string;
  variables: Record<string, Value>;
  resources: ResourceInstance[];
  children: Record<string, ModuleInstance>;
  /** Raw output expressions (hcl2json form). */
  outputs: Record<string, unknown>;
  /** Evaluated provider blocks (root only in restgw's configurations). */
  providers: Record<string, Record<string, Value>>;
  /** required_providers of the module's terraform block. */
  requiredProviders: Record<string, { source?: string; version?: string }>;
}

type Blocks = Record<string, any>;

/** Every .tf file of a directory, parsed by HashiCorp's HCL parser and merged by block type. */
export async function parseModuleDir(dir: string): Promise<Blocks> {
  const merged: Blocks = {};
  const files = readdirSync(dir).filter((f) => f.endsWith('.tf')).sort();
  if (!files.length) throw new Error(`no .tf files in ${dir}`);
  for (const file of files) {
    const blocks = await hcl2json.parse(file, readFileSync(join(dir, file), 'utf8'));
    for (const [type, body] of Object.entries(blocks)) {
      if (Array.isArray(body)) merged[type] = [...(merged[type] ?? []), ...body];
      else merged[type] = { ...(merged[type] ?? {}), ...(body as object) };
    }
  }
  return merged;
}

/**
 * Instantiates the module in `dir` with `inputs` the way `terraform plan`
 * binds it: variables from inputs or defaults (a missing required one, or a
 * failed validation block, throws like a plan error), providers, child
 * modules (local sources), and the attributes of its restapi_object
 * resources. Other resource types are refused: the replay covers only what it
 * understands.
 */
export async function instantiate(dir: string, inputs: Record<string, Value>, address = ''): Promise<ModuleInstance> {
  const blocks = await parseModuleDir(dir);
  const variables: Record<string, Value> = {};
  for (const [name, [decl]] of Object.entries<any[]>(blocks.variable ?? {})) {
    if (name in inputs) variables[name] = inputs[name];
    else if ('default' in decl) variables[name] = decl.default as Value;
    else throw new Error(`${address || 'root'}: variable ${name} is required`);
  }
  for (const name of Object.keys(inputs)) if (!(name in variables)) throw new Error(`${address || 'root'}: unknown variable ${name}`);
  const scope: Scope = { var: variables };
  for (const [name, [decl]] of Object.entries<any[]>(blocks.variable ?? {})) {
    for (const rule of decl.validation ?? []) {
      if ((await evaluateString(rule.condition, scope)) !== true) throw new Error(`${address || 'root'}: invalid value for variable ${name}: ${rule.error_message}`);
    }
  }

  const providers: Record<string, Record<string, Value>> = {};
  for (const [name, [decl]] of Object.entries<any[]>(blocks.provider ?? {})) providers[name] = (await evaluateValue(decl, scope)) as Record<string, Value>;

  const children: Record<string, ModuleInstance> = {};
  for (const [name, [decl]] of Object.entries<any[]>(blocks.module ?? {})) {
    const { source, version: _version, providers: _providers, ...rest } = decl;
    if (typeof source !== 'string' || !source.startsWith('.')) throw new UnsupportedExpression(`module ${name}: only local sources are replayed`);
    const childInputs = (await evaluateValue(rest, scope)) as Record<string, Value>;
    children[name] = await instantiate(resolve(dir, source), childInputs, `${address ? `${address}.` : ''}module.${name}`);
  }

  const resources: ResourceInstance[] = [];
  for (const [type, byName] of Object.entries<Record<string, any[]>>(blocks.resource ?? {})) {
    if (type !== 'restapi_object') throw new UnsupportedExpression(`resource type ${type} is not replayed`);
    for (const [name, [decl]] of Object.entries(byName)) {
      resources.push({ address: `${address ? `${address}.` : ''}${type}.${name}`, name, attributes: (await evaluateValue(decl, scope)) as Record<string, Value> });
    }
  }

  const requiredProviders: ModuleInstance['requiredProviders'] = {};
  for (const t of blocks.terraform ?? []) for (const rp of t.required_providers ?? []) Object.assign(requiredProviders, rp);

  return { address, variables, resources, children, outputs: Object.fromEntries(Object.entries<any[]>(blocks.output ?? {}).map(([k, [o]]) => [k, o.value])), providers, requiredProviders };
}

/** Every module instance of the tree, the root first. */
export function allModules(root: ModuleInstance): ModuleInstance[] {
  return [root, ...Object.values(root.children).flatMap(allModules)];
}

/**
 * The module's outputs, once its resources have state: references to
 * `restapi_object.<name>.id` / `.api_data[...]` and to `module.<child>.<output>`.
 */
export async function evaluateOutputs(m: ModuleInstance, state: Record<string, { id: string; api_data: Record<string, string> }>): Promise<Record<string, Value>> {
  const restapiObjects: Record<string, Value> = {};
  for (const r of m.resources) {
    const s = state[r.address];
    if (s) restapiObjects[r.name] = { id: s.id, api_data: s.api_data };
  }
  const modules: Record<string, Value> = {};
  for (const [name, child] of Object.entries(m.children)) modules[name] = await evaluateOutputs(child, state);
  const scope: Scope = { var: m.variables, restapi_object: restapiObjects, module: modules };
  const out: Record<string, Value> = {};
  for (const [name, raw] of Object.entries(m.outputs)) out[name] = await evaluateValue(raw, scope);
  return out;
}

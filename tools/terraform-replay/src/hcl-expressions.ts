import { hcl2json, SyntaxTree as T } from './hcl-parser';

/**
 * Evaluates the Terraform expressions of a configuration parsed by
 * @cdktf/hcl2json (HashiCorp's own HCL parser, compiled to WASM): the parser
 * gives each expression's syntax tree, this walks it. Only what restgw's
 * module and example use is supported (literals, templates, var./local./
 * module./resource references, objects, tuples, conditionals, comparison and
 * logic operators, and the functions jsonencode, can, regex, length,
 * contains); anything else throws, so a construct the replay does not
 * understand fails the test instead of being guessed at.
 */
export type Value = string | number | boolean | null | Value[] | { [key: string]: Value };

export type Scope = Record<string, Value>;

export class UnsupportedExpression extends Error {}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** A JSON value from hcl2json's output: strings may hold `${...}` templates, object keys too. */
export async function evaluateValue(raw: unknown, scope: Scope): Promise<Value> {
  if (typeof raw === 'string') return evaluateString(raw, scope);
  if (Array.isArray(raw)) return Promise.all(raw.map((v) => evaluateValue(v, scope)));
  if (raw && typeof raw === 'object') {
    const out: Record<string, Value> = {};
    for (const [k, v] of Object.entries(raw)) out[String(await evaluateValue(k, scope))] = await evaluateValue(v, scope);
    return out;
  }
  return raw as Value;
}

/** A string as hcl2json gives it: a literal, or a template (`${...}` wrapped or interpolated). */
export async function evaluateString(text: string, scope: Scope): Promise<Value> {
  if (!text.includes('${')) return text;
  return evaluateExpression(`"${text}"`, scope);
}

/** One HCL expression (as written in a .tf file, e.g. `var.x` or `"a${b}"`). */
export async function evaluateExpression(source: string, scope: Scope): Promise<Value> {
  const quoted = source.startsWith('"') && source.endsWith('"') ? source : `"\${${source}}"`;
  const ast = await hcl2json.getExpressionAst('expression.tf', quoted);
  if (!ast) throw new UnsupportedExpression(`cannot parse ${source}`);
  return evaluateNode(ast, scope);
}

async function evaluateNode(node: T.ExpressionType, scope: Scope): Promise<Value> {
  const kids = node.children;
  switch (node.type) {
    case 'templateWrap':
      return evaluateNode(kids[0], scope);
    case 'template': {
      const parts = await Promise.all(kids.map((k) => evaluateNode(k, scope)));
      if (parts.length === 1) return parts[0];
      return parts.map((p) => (typeof p === 'string' ? p : JSON.stringify(p))).join('');
    }
    case 'literalValue':
      return literal(node.meta as T.LiteralValueExpressionMeta);
    case 'scopeTraversal':
      return traverse(scope, (node.meta as T.ScopeTraversalExpressionMeta).traversal, node.meta.value);
    case 'tuple':
      return Promise.all(kids.map((k) => evaluateNode(k, scope)));
    case 'object': {
      const out: Record<string, Value> = {};
      for (const [keyText, valueText] of Object.entries((node.meta as T.ObjectExpressionMeta).items)) {
        const key = IDENTIFIER.test(keyText) ? keyText : await evaluateExpression(keyText, scope);
        out[String(key)] = await evaluateExpression(valueText, scope);
      }
      return out;
    }
    case 'function':
      return call(node as T.FunctionCallExpression, scope);
    case 'conditional':
      return (await evaluateNode(kids[0], scope)) === true ? evaluateNode(kids[1], scope) : evaluateNode(kids[2], scope);
    case 'unaryOp': {
      const v = await evaluateNode(kids[0], scope);
      const op = (node.meta as T.UnaryOpExpressionMeta).operator;
      if (op === 'logicalNot' && typeof v === 'boolean') return !v;
      if (op === 'negate' && typeof v === 'number') return -v;
      throw new UnsupportedExpression(`unary ${op}`);
    }
    case 'binaryOp':
      return binary((node.meta as T.BinaryOpExpressionMeta).operator, await evaluateNode(kids[0], scope), await evaluateNode(kids[1], scope));
    case 'index': {
      const [collection, key] = await Promise.all([evaluateNode(kids[0], scope), evaluateNode(kids[1], scope)]);
      return member(collection, String(key), node.meta.value);
    }
    default:
      // hcl2json marks a parenthesized expression as an untyped node around it.
      if ((node.type as string) === '' && kids.length === 1) return evaluateNode(kids[0], scope);
      throw new UnsupportedExpression(`${node.type || 'untyped'} expression ${node.meta?.value ?? ''}`);
  }
}

function literal(meta: T.LiteralValueExpressionMeta): Value {
  switch (meta.type) {
    case 'string':
      return meta.value;
    case 'number':
      return Number(meta.value);
    case 'bool':
      return meta.value === 'true';
    default:
      if (meta.value === 'null') return null;
      throw new UnsupportedExpression(`literal ${meta.type} ${meta.value}`);
  }
}

function traverse(scope: Scope, parts: T.TerraformTraversalPart[], text: string): Value {
  let v: Value = scope as Value;
  for (const part of parts) {
    const name = part.type === 'indexTraversal' ? JSON.parse(part.segment) : part.segment;
    v = member(v, String(name), text);
  }
  return v;
}

function member(v: Value, key: string, text: string): Value {
  if (v === null || typeof v !== 'object' || !(key in v)) throw new UnsupportedExpression(`unknown reference ${text}`);
  return (v as Record<string, Value>)[key];
}

async function call(node: T.FunctionCallExpression, scope: Scope): Promise<Value> {
  const name = node.meta.name;
  if (name === 'can') {
    try {
      await evaluateNode(node.children[0], scope);
      return true;
    } catch (e) {
      if (e instanceof UnsupportedExpression && !(e instanceof FunctionError)) throw e;
      return false;
    }
  }
  const args = await Promise.all(node.children.map((k) => evaluateNode(k, scope)));
  switch (name) {
    case 'jsonencode':
      return canonicalJson(args[0]);
    case 'regex': {
      // Terraform's RE2 and JavaScript agree on the patterns used here (anchors, classes, quantifiers).
      const m = new RegExp(String(args[0])).exec(String(args[1]));
      if (!m) throw new FunctionError(`regex ${String(args[0])} does not match`);
      return m[0];
    }
    case 'length':
      if (typeof args[0] === 'string' || Array.isArray(args[0])) return args[0].length;
      if (args[0] && typeof args[0] === 'object') return Object.keys(args[0]).length;
      throw new FunctionError('length of a scalar');
    case 'contains':
      return Array.isArray(args[0]) && args[0].some((x) => JSON.stringify(x) === JSON.stringify(args[1]));
    default:
      throw new UnsupportedExpression(`function ${name}()`);
  }
}

/** A function failed on its arguments (what `can` turns into false). */
class FunctionError extends UnsupportedExpression {}

function binary(op: string, a: Value, b: Value): Value {
  switch (op) {
    case 'equal':
      return JSON.stringify(a) === JSON.stringify(b);
    case 'notEqual':
      return JSON.stringify(a) !== JSON.stringify(b);
    case 'logicalAnd':
      return a === true && b === true;
    case 'logicalOr':
      return a === true || b === true;
    case 'lessThan':
      return (a as number) < (b as number);
    case 'lessThanOrEqual':
      return (a as number) <= (b as number);
    case 'greaterThan':
      return (a as number) > (b as number);
    case 'greaterThanOrEqual':
      return (a as number) >= (b as number);
    default:
      throw new UnsupportedExpression(`operator ${op}`);
  }
}

/** Terraform's jsonencode: object keys in lexical order (cty objects and maps are sorted), no whitespace. */
export function canonicalJson(v: Value): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(v[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

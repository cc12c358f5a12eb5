import { createRequire } from 'node:module';
import type { ExpressionType } from '@cdktf/hcl2json/lib/syntax-tree';

export type * as SyntaxTree from '@cdktf/hcl2json/lib/syntax-tree';

/**
 * @cdktf/hcl2json: HashiCorp's HCL parser (hcl2json) compiled to WASM, so it
 * runs offline in Node. Loaded through require because the package's own
 * index types reference lib "dom", which would retype fetch() for every
 * project that type-checks with this one.
 */
interface Hcl2Json {
  /** A .tf file as JSON: blocks by type and name; expressions stay as `${...}` strings. */
  parse(filename: string, contents: string): Promise<Record<string, any>>;
  /** The syntax tree of one expression (a quoted HCL string, e.g. "${var.x}"). */
  getExpressionAst(filename: string, expression: string): Promise<ExpressionType | null>;
}

export const hcl2json = createRequire(__filename)('@cdktf/hcl2json') as Hcl2Json;

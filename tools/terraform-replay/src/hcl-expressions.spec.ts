import { canonicalJson, evaluateExpression, evaluateString, evaluateValue } from './hcl-expressions';

const scope = { var: { id: 'aws-eu-central-1', url: 'https://eu.example', status: 'active', n: 3 }, module: { eu: { id: 'x', url: 'u' } } };

describe('HCL expression evaluation (for the Terraform replay)', () => {
  it('evaluates templates, references and jsonencode with sorted keys, as Terraform does', async () => {
    expect(await evaluateString('Bearer ${var.id}', scope)).toBe('Bearer aws-eu-central-1');
    expect(await evaluateString('plain $ text', scope)).toBe('plain $ text');
    expect(await evaluateString('${jsonencode({ url = var.url, id = var.id, list = [1, "a", true, null] })}', scope)).toBe(
      '{"id":"aws-eu-central-1","list":[1,"a",true,null],"url":"https://eu.example"}',
    );
    expect(await evaluateValue({ '${(module.eu.id)}': '${module.eu.url}', plain: 1 }, scope)).toEqual({ x: 'u', plain: 1 });
  });

  it('evaluates the validation functions and operators the module uses', async () => {
    expect(await evaluateExpression('can(regex("^[a-z0-9]+-[a-z0-9-]+$", var.id)) && length(var.id) <= 64', scope)).toBe(true);
    expect(await evaluateExpression('can(regex("^[a-z0-9]+-[a-z0-9-]+$", "Bad_Id"))', scope)).toBe(false);
    expect(await evaluateExpression('contains(["active", "draining"], var.status)', scope)).toBe(true);
    expect(await evaluateExpression('var.n > 5 ? "big" : "small"', scope)).toBe('small');
    expect(await evaluateExpression('!(var.n == 3) || -var.n < 0', scope)).toBe(true);
  });

  it('refuses what it does not understand instead of guessing', async () => {
    await expect(evaluateExpression('upper(var.id)', scope)).rejects.toThrow(/function upper/);
    await expect(evaluateExpression('var.missing', scope)).rejects.toThrow(/unknown reference/);
    await expect(evaluateExpression('[for s in var.id : s]', scope)).rejects.toThrow(/for expression/);
  });

  it('encodes JSON canonically', () => {
    expect(canonicalJson({ b: { d: 1, c: [2] }, a: 's' })).toBe('{"a":"s","b":{"c":[2],"d":1}}');
  });
});

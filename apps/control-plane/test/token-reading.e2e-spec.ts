import { requestJson, Stack } from '@restgw/testing';

/** The control plane reads tokens with the shared grammar (@restgw/tokens), from the Authorization header only. */
describe('control plane token reading', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await Stack.start({ gateway: false, regionWorker: false });
  });
  afterAll(() => stack?.stop());

  const accounts = (headers: Record<string, string>, query = '') => requestJson(`${stack.controlPlaneUrl}/admin/accounts${query}`, { headers });

  it('accepts "<scheme> <token>" with any scheme word, as gateways do ("Bearer:" included)', async () => {
    for (const authorization of [`Bearer ${stack.operatorToken}`, `Bearer: ${stack.operatorToken}`, `bearer ${stack.operatorToken}`, `JWT ${stack.operatorToken}`]) {
      expect({ authorization, status: (await accounts({ authorization })).status }).toEqual({ authorization, status: 200 });
    }
  });

  it('refuses a bare token, extra words, and a token in the query string', async () => {
    expect((await accounts({ authorization: stack.operatorToken })).status).toBe(401);
    expect((await accounts({ authorization: `Bearer ${stack.operatorToken} x` })).status).toBe(401);
    expect((await accounts({}, `?authorization=${stack.operatorToken}`)).status).toBe(401);
  });
});

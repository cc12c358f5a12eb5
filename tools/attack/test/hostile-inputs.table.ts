import { AttackContext, fillPath, RouteSpec } from './routes.table';

/**
 * Table 2 of the attack suite: hostile inputs. Each one says which routes it
 * applies to and builds its probes from a route's valid request; a probe may
 * add what its answer must be. Every answer of every probe is also held to
 * the suite's invariant: no malformed request anywhere answers 5xx.
 */

export interface Probe {
  label: string;
  method?: string;
  /** Sent byte for byte (no URL normalization). */
  path: string;
  headers: Record<string, string>;
  body?: string | Buffer;
  /** Statuses this probe may answer; default: any below 500. */
  expect?: number[];
}

export interface HostileInput {
  name: string;
  applies(route: RouteSpec): boolean;
  probes(route: RouteSpec, c: AttackContext, extra: AttackExtras): Probe[] | Promise<Probe[]>;
}

/** What some inputs need beyond the context: forged tokens per audience, body limits. */
export interface AttackExtras {
  forged: { customer: Record<string, string>; operator: Record<string, string> };
  /** Forged, revoked and expired API keys per kind (forged-keys.ts), and a valid key of each kind. */
  forgedKeys: { customer: Record<string, string>; operator: Record<string, string> };
  keys: { customer: string; operator: string };
  bodyLimit: Record<'gateway' | 'control', number>;
}

/** The route's valid request: path, auth header, content type and body. */
export async function validRequest(route: RouteSpec, c: AttackContext): Promise<Omit<Probe, 'label'>> {
  const headers: Record<string, string> = {};
  if (route.auth === 'customer') headers.authorization = `Bearer ${c.a.jwt}`;
  if (route.auth === 'operator') headers.authorization = `Bearer ${c.operatorToken}`;
  let body: string | undefined;
  if (route.raw) {
    headers['content-type'] = route.raw.contentType;
    body = route.raw.body;
  } else if (route.body) {
    headers['content-type'] = 'application/json';
    const value = route.body(c);
    body = JSON.stringify(route.auth === 'refresh' ? { ...value, jwt_refresh_token: await c.a.refresh() } : value);
  }
  return { method: route.method, path: fillPath(route.path, c), headers, body };
}

/** GET and DELETE routes read no body (Fastify leaves a DELETE body unread), so body attacks skip them. */
const takesBody = (r: RouteSpec) => r.method !== 'GET' && r.method !== 'DELETE';
const withBody = (route: RouteSpec) => route.body !== undefined && !route.raw;
const jsonObjectBody = (route: RouteSpec, c: AttackContext) => {
  const b = route.body!(c);
  return Array.isArray(b) ? null : b;
};
const authFailure = [401];
const refused = (statuses: number[]) => statuses;
const CLIENT_ERRORS = Array.from({ length: 100 }, (_, i) => 400 + i);

/** Sent as a bare JSON number literal (no JavaScript number holds it exactly). */
const BIG_LITERAL = '__big_literal__';

/** Out-of-range and wrong-typed numbers. */
const BAD_NUMBERS: [string, unknown][] = [
  ['int4 max + 1', 2147483648],
  ['beyond int4', 987654321012],
  ['beyond double precision', BIG_LITERAL],
  ['1e300', 1e300],
  ['negative', -5],
  ['fraction', 1.5],
  ['numeric string', '12'],
  ['boolean', true],
  ['object', { $gt: 0 }],
  ['array', [1]],
];

const LOOKALIKES: [string, string][] = [
  ['KELVIN SIGN (folds to k)', '\u212Aey'],
  ['dotted capital I (folds to i + dot)', '\u0130d'],
  ['long s (uppercases to S)', '\u017Ftation'],
  ['fullwidth letters', '\uFF41\uFF42\uFF43'],
  ['zero-width space', 'ab\u200Bc'],
  ['right-to-left override', 'ab\u202Ec'],
  ['NUL', 'ab\u0000c'],
  ['newline', 'ab\nc'],
  ['slash', 'a/b'],
  ['dot-dot', '..'],
];

export const HOSTILE_INPUTS: HostileInput[] = [
  {
    name: 'path traversal and encodings toward /admin and /internal',
    applies: (r) => r.listener !== 'operator',
    probes: async (r, c) => {
      const { headers, body } = await validRequest(r, c);
      const head = fillPath(r.path, c).split('/').slice(0, 2).join('/'); // e.g. /auth, /stations
      const targets = ['/admin/accounts', '/admin/login', '/internal/stations/implicit'];
      const shapes = ['/../..{t}', '/%2e%2e{t}', '/%2E%2E/%2e%2e{t}', '/..%2f..%2f{tt}', '/%252e%252e{t}', '/..;{t}', '/.%2e{t}', '/..\\..{t}', '//..{t}'];
      return targets.flatMap((t) =>
        shapes.map((shape) => ({
          label: `${head}${shape} -> ${t}`,
          method: r.method,
          path: `${head}${shape.replace('{t}', t).replace('{tt}', t.slice(1).replaceAll('/', '%2f'))}`,
          headers: { ...headers, authorization: `Bearer ${c.operatorToken}` },
          body,
          expect: refused([400, 401, 403, 404, 405, 415]),
        })),
      );
    },
  },
  {
    name: 'forged and misused tokens',
    applies: (r) => r.auth === 'customer' || r.auth === 'operator',
    probes: async (r, c, x) => {
      const valid = await validRequest(r, c);
      const forged = r.auth === 'customer' ? x.forged.customer : x.forged.operator;
      const swapped: Record<string, string> = {
        'refresh token as access token': await c.a.refresh(),
        [r.auth === 'customer' ? 'operator token on a customer route' : 'customer token on an operator route']: r.auth === 'customer' ? c.operatorToken : c.a.jwt,
        [r.auth === 'customer' ? 'operator API key on a customer route' : 'customer API key on an operator route']: r.auth === 'customer' ? x.keys.operator : x.keys.customer,
      };
      const keys = Object.fromEntries(Object.entries(r.auth === 'customer' ? x.forgedKeys.customer : x.forgedKeys.operator).map(([label, key]) => [`API key: ${label}`, key]));
      const tokens = { ...forged, ...swapped, ...keys };
      const probes: Probe[] = Object.entries(tokens).map(([label, token]) => ({ label, ...valid, headers: { ...valid.headers, authorization: `Bearer ${token}` }, expect: authFailure }));
      probes.push({ label: 'no credentials', ...valid, headers: { ...valid.headers, authorization: '' }, expect: authFailure });
      probes.push({ label: 'Basic scheme with the operator password', ...valid, headers: { ...valid.headers, authorization: `Basic ${Buffer.from(`${c.operatorEmail}:${c.operatorPassword}`).toString('base64')}` }, expect: authFailure });
      if (r.listener === 'gateway') {
        probes.push({ label: 'forged token in ?authorization=', ...valid, path: `${valid.path}?authorization=${encodeURIComponent(forged['alg none'])}`, headers: { ...valid.headers, authorization: '' }, expect: authFailure });
        probes.push({ label: 'revoked API key in ?authorization=', ...valid, path: `${valid.path}?authorization=${encodeURIComponent(x.forgedKeys.customer['revoked key'])}`, headers: { ...valid.headers, authorization: '' }, expect: authFailure });
      }
      return probes;
    },
  },
  {
    name: 'access token as refresh token, and forged refresh tokens',
    applies: (r) => r.auth === 'refresh',
    probes: async (r, c) => {
      const valid = await validRequest(r, c);
      const as = (label: string, token: unknown): Probe => ({ label, ...valid, body: JSON.stringify({ jwt_refresh_token: token }), expect: [400, 401] });
      return [
        as('access token in jwt_refresh_token', c.a.jwt),
        as('operator token in jwt_refresh_token', c.operatorToken),
        as('made-up rt_ token', 'rt_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'),
        as('SQL-looking token', "rt_' OR '1'='1"),
        as('number', 12345),
        as('object', { $ne: null }),
        { label: 'access token as Bearer with an empty body', ...valid, headers: { ...valid.headers, authorization: `Bearer ${c.a.jwt}` }, body: '', expect: [400, 401] },
      ];
    },
  },
  {
    name: 'cross-tenant parameters',
    applies: (r) => r.auth === 'customer' || r.login === 'customer',
    probes: async (r, c) => {
      const valid = await validRequest(r, c);
      const other = c.b.accountId;
      if (r.login === 'customer') {
        const body = JSON.parse(valid.body as string);
        return [
          { label: "the attacker's password against the victim's account", ...valid, body: JSON.stringify({ ...body, account_id: other }), expect: [401] },
          { label: 'victim account in ?accountId= without account_id', ...valid, path: `${valid.path}?accountId=${other}`, body: JSON.stringify({ username: c.a.username, password: c.a.password }), expect: [401] },
          { label: "victim's username$<victim id>", ...valid, body: JSON.stringify({ username: `${c.b.username}$${other}`, password: c.a.password }), expect: [401] },
        ];
      }
      const probes: Probe[] = [
        { label: 'victim account in ?accountId=', ...valid, path: `${valid.path}?accountId=${other}`, expect: r.listener === 'gateway' ? [403] : CLIENT_ERRORS.concat([200, 201]) },
        { label: 'two ?accountId= values, the second the victim', ...valid, path: `${valid.path}?accountId=${c.a.accountId}&accountId=${other}`, expect: r.listener === 'gateway' ? [403] : CLIENT_ERRORS.concat([200, 201]) },
      ];
      const obj = withBody(r) ? jsonObjectBody(r, c) : null;
      if (obj && r.path.includes('consume')) probes.push({ label: 'victim account_id in the body', ...valid, body: JSON.stringify({ ...obj, account_id: other }), expect: [403] });
      if (obj && r.path.includes('implicit')) probes.push({ label: 'victim account_id in the body (ignored: the token decides)', ...valid, body: JSON.stringify({ ...obj, account_id: other }), expect: [200, 201] });
      return probes;
    },
  },
  {
    name: 'out-of-range and wrong-typed numbers',
    applies: (r) => !!r.numbers?.length || !!r.idParams?.length,
    probes: async (r, c) => {
      const valid = await validRequest(r, c);
      const probes: Probe[] = [];
      for (const param of r.idParams ?? []) {
        for (const raw of ['2147483648', '987654321012', '99999999999999999999999', '-1', '0', '1.5', '1e3', 'abc', '0x10', '%00']) {
          probes.push({ label: `${param} = ${raw}`, ...valid, path: fillPath(r.path, c, { [param]: raw }), expect: r.destructive ? [400, 404] : [400, 404] });
        }
      }
      const obj = withBody(r) ? jsonObjectBody(r, c) : null;
      for (const field of obj ? (r.numbers ?? []) : []) {
        for (const [label, value] of BAD_NUMBERS) {
          const body = JSON.stringify({ ...obj, [field]: value }).replace(`"${BIG_LITERAL}"`, '99999999999999999999999');
          probes.push({ label: `${field} = ${label}`, ...valid, body });
        }
      }
      return probes;
    },
  },
  {
    name: 'oversize bodies',
    applies: takesBody,
    probes: async (r, c, x) => {
      const valid = await validRequest(r, c);
      const limit = r.listener === 'gateway' ? x.bodyLimit.gateway : x.bodyLimit.control;
      const big = `{"pad":"${'x'.repeat(limit + 16)}"}`;
      return [{ label: `${big.length} bytes over a ${limit}-byte limit`, ...valid, headers: { ...valid.headers, 'content-type': valid.headers['content-type'] ?? 'application/json' }, body: big, expect: [413, 401, 404] }];
    },
  },
  {
    name: 'deeply nested JSON',
    applies: takesBody,
    probes: async (r, c) => {
      const valid = await validRequest(r, c);
      const headers = { ...valid.headers, 'content-type': 'application/json' };
      // Produce routes store messages of stations without a schema as they come, at any depth
      // (nothing walks them); everywhere else a deep body is refused before validation.
      const single = r.path.endsWith('/produce/single') ? [200] : [];
      const batch = r.path.endsWith('/produce/') || r.path.endsWith('/produce/batch') ? [200] : [];
      return [
        { label: '2,000 nested arrays (4 KB)', ...valid, headers, body: `${'['.repeat(2000)}${']'.repeat(2000)}`, expect: [400, 401, 404, 413, ...single, ...batch] },
        { label: '5,000 nested objects', ...valid, headers, body: `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`, expect: [400, 401, 404, 413, ...single] },
        { label: '100,000 unclosed brackets', ...valid, headers, body: '['.repeat(100_000), expect: [400, 401, 404, 413, ...single] },
      ];
    },
  },
  {
    name: 'long strings',
    applies: (r) => withBody(r) && !!r.strings?.length,
    probes: async (r, c) => {
      const valid = await validRequest(r, c);
      const obj = jsonObjectBody(r, c) ?? {};
      return (r.strings ?? []).flatMap((field) =>
        [4000, 40_000].map((n) => ({ label: `${field} of ${n} characters`, ...valid, body: JSON.stringify({ ...obj, [field]: 'u'.repeat(n) }), expect: CLIENT_ERRORS })),
      );
    },
  },
  {
    name: 'Unicode look-alikes and control characters in names',
    applies: (r) => r.path.includes(':station') || r.path.includes(':username') || r.path.includes(':region') || !!r.names?.length,
    probes: async (r, c) => {
      const valid = await validRequest(r, c);
      const probes: Probe[] = [];
      for (const [label, value] of LOOKALIKES) {
        for (const param of [':station', ':username', ':region'].filter((p) => r.path.includes(p))) {
          // Names arrive percent-encoded in paths; a raw "/" would be another path.
          // The gateway refuses any of them as a station name; elsewhere they may name nothing (404) or be refused.
          const expect = r.listener === 'gateway' && param === ':station' ? [400, 404] : r.destructive ? CLIENT_ERRORS : undefined;
          probes.push({ label: `${param} = ${label}`, ...valid, path: fillPath(r.path, c, { [param]: encodeURIComponent(value) }), expect });
        }
        const obj = withBody(r) ? jsonObjectBody(r, c) : null;
        for (const field of obj ? (r.names ?? []) : []) probes.push({ label: `${field} = ${label}`, ...valid, body: JSON.stringify({ ...obj, [field]: value }), expect: [400, 401, 404] });
      }
      return probes;
    },
  },
  {
    name: 'malformed bodies and headers',
    applies: (r) => takesBody(r) && !r.destructive,
    probes: async (r, c) => {
      const valid = await validRequest(r, c);
      const json = { ...valid.headers, 'content-type': 'application/json' };
      const bodies: [string, string | Buffer][] = [
        ['truncated JSON', '{"a":'],
        ['JSON null', 'null'],
        ['JSON string', '"text"'],
        ['JSON array', '[1,2]'],
        ['prototype pollution', '{"__proto__":{"admin":true},"constructor":{"prototype":{"x":1}}}'],
        ['invalid UTF-8', Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d])],
        ['duplicate keys', '{"a":1,"a":2}'],
        ['empty', ''],
      ];
      const probes: Probe[] = bodies.map(([label, body]) => ({ label, ...valid, headers: json, body }));
      probes.push({ label: 'unsupported content type', ...valid, headers: { ...valid.headers, 'content-type': 'application/x-evil' } });
      probes.push({ label: 'content type with odd parameters', ...valid, headers: { ...valid.headers, 'content-type': 'application/json; charset=utf-7; boundary=x' } });
      probes.push({ label: 'repeated query parameters', ...valid, path: `${valid.path}?authorization=a&authorization=b&accountId=&accountId[]=1` });
      return probes;
    },
  },
  {
    name: 'unexpected methods',
    applies: () => true,
    probes: async (r, c) => {
      const valid = await validRequest(r, c);
      return ['PATCH', 'OPTIONS', 'TRACE', 'PROPFIND'].filter((m) => m !== r.method).map((method) => ({ label: method, ...valid, method, body: undefined }));
    },
  },
];

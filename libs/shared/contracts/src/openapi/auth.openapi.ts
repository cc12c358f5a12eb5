import { COMMON_ERRORS, errorResponse, OperationDoc } from '@restgw/platform';

/** POST /auth/authenticate and /auth/refreshToken, identical on the control plane and (relayed) on the gateway. */
const TOKEN_GRANT = {
  type: 'object',
  required: ['expires_in', 'jwt', 'jwt_refresh_token', 'refresh_token_expires_in', 'regions'],
  properties: {
    expires_in: { type: 'integer', description: 'Access token lifetime in milliseconds' },
    jwt: { type: 'string', description: 'Access token (ES256 JWT)' },
    jwt_refresh_token: { type: 'string', description: 'Opaque refresh token (rt_...), works once' },
    refresh_token_expires_in: { type: 'integer', description: 'Refresh token lifetime in milliseconds' },
    regions: {
      type: 'array',
      description: 'Where the account is served (restgw only): one login works at each of these URLs',
      items: { type: 'object', required: ['id', 'url', 'status'], properties: { id: { type: 'string' }, url: { type: 'string' }, status: { enum: ['active', 'draining', 'disabled'] } }, additionalProperties: false },
    },
  },
  additionalProperties: false,
};

const GRANT_EXAMPLE = {
  expires_in: 900000,
  jwt: 'eyJhbGciOiJFUzI1NiIsImtpZCI6ImsxIn0.eyJzdWIiOiI0MiJ9.c2lnbmF0dXJl',
  jwt_refresh_token: 'rt_3q2+7wAAAAB4cGxhaW4tZXhhbXBsZQ',
  refresh_token_expires_in: 18000000,
  regions: [{ id: 'aws-eu-central-1', url: 'https://aws-eu-central-1.restgw.example.com', status: 'active' }],
};

const LIFETIMES = {
  token_expiry_in_minutes: { type: 'integer', description: 'Access token lifetime; 0 or less: the default (15)' },
  refresh_token_expiry_in_minutes: { type: 'integer', description: 'Refresh token lifetime; 0 or less: the default (300)' },
};

export const AUTH_DOCS = {
  authenticate: {
    summary: 'Log in an application user: access and refresh token',
    description:
      'Account resolution, first match wins: body account_id, ?accountId=, a username name$<account_id>, the configured default account. ' +
      'A wrong password, unknown user or account, disabled user or suspended account are all 401 (never which). Memphis-compatible.',
    tags: ['Tokens'],
    query: { parameters: [{ name: 'accountId', in: 'query', required: false, schema: { type: 'string', pattern: '^[0-9]+$' }, example: '1' }] },
    body: {
      schema: {
        type: 'object',
        required: ['username'],
        properties: {
          username: { type: 'string' },
          password: { type: 'string' },
          connection_token: { type: 'string', description: 'Accepted in place of password (open-source Memphis clients)' },
          account_id: { type: 'integer', description: 'The tenant; 0 names none' },
          ...LIFETIMES,
        },
      },
      example: { username: 'app-user', password: 'app-password', account_id: 1, token_expiry_in_minutes: 60 },
    },
    responses: {
      200: { description: 'Logged in', schema: TOKEN_GRANT, example: GRANT_EXAMPLE },
      400: errorResponse(400, 'Missing or malformed fields, or no account id found', 'Missing account id: send account_id (a number) in the body, ?accountId= in the query, or a username of the form name$<account_id>'),
      401: COMMON_ERRORS.unauthorized,
      413: errorResponse(413, 'Body over BODY_LIMIT_BYTES', 'Request body is larger than the configured limit'),
      415: errorResponse(415, 'Body is not JSON', 'Unsupported Content-Type'),
      429: errorResponse(429, 'Login attempts for this account and username are throttled', 'Too many login attempts; retry later'),
      503: COMMON_ERRORS.unavailable,
    },
  },
  refreshToken: {
    summary: 'Exchange a refresh token for a new token pair (each refresh token works once)',
    description: 'The refresh token in the body, or as Authorization: Bearer <token> with an empty body. Presenting a used one revokes the whole login (401).',
    tags: ['Tokens'],
    security: [],
    body: {
      required: false,
      schema: { type: 'object', properties: { jwt_refresh_token: { type: 'string' }, ...LIFETIMES } },
      example: { jwt_refresh_token: 'rt_3q2+7wAAAAB4cGxhaW4tZXhhbXBsZQ' },
    },
    responses: {
      200: { description: 'A new pair', schema: TOKEN_GRANT, example: GRANT_EXAMPLE },
      400: errorResponse(400, 'Malformed body', 'Invalid request body'),
      401: COMMON_ERRORS.unauthorized,
      413: errorResponse(413, 'Body over BODY_LIMIT_BYTES', 'Request body is larger than the configured limit'),
      415: errorResponse(415, 'Body is not JSON', 'Unsupported Content-Type'),
      503: COMMON_ERRORS.unavailable,
    },
  },
} satisfies Record<string, OperationDoc>;

/** GET /.well-known/jwks.json on the control plane. */
export const JWKS_DOCS = {
  jwks: {
    summary: "The control plane's public signing keys (gateways verify access tokens with them)",
    tags: ['Tokens'],
    responses: {
      200: {
        description: 'A JSON Web Key Set (cacheable for 60 s)',
        schema: { type: 'object', required: ['keys'], properties: { keys: { type: 'array', items: { type: 'object', required: ['kty', 'kid'] } } } },
        example: { keys: [{ kty: 'EC', crv: 'P-256', x: '_hyTxgZEngWGnaPPq3hDgwgLPCSHwIQPWAb0QN5QjME', y: '6WsEEVJ-yKb46SoeZJQZiGgUotBR26W1mN-NGd1q9bY', alg: 'ES256', kid: 'd58d61c8-b73e-41e0-9ca3-2773d319f912', use: 'sig' }] },
      },
      503: COMMON_ERRORS.unavailable,
    },
  },
} satisfies Record<string, OperationDoc>;

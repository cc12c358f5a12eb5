import { COMMON_ERRORS, errorResponse, ResponseDoc } from '@restgw/platform';

export const CONTROL_PLANE_SECURITY_SCHEMES = {
  operator: { type: 'http', scheme: 'bearer', description: 'Operator token from POST /admin/login, or an operator API key (rgw_op_...) with a scope the route accepts' },
  consoleSession: { type: 'apiKey', in: 'cookie', name: 'restgw_console_session', description: "The console's session (POST /admin/session); changes also need its x-csrf-token header" },
  customer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: "A customer's access token (gateways call /internal/* with the caller's own token)" },
};

/** An operator token or key, or the console's session cookie. */
export const OPERATOR = ['operator', 'consoleSession'];
export const CONSOLE_SESSION = ['consoleSession'];

export const ACCOUNT_PARAM = { id: { description: 'Account id', example: 1 } };
export const ACCOUNT_AND_USER = { ...ACCOUNT_PARAM, username: { description: 'Application user name', example: 'app-user' } };

/** What every operator route may answer besides its own results. */
export const OPERATOR_ERRORS: Record<number, ResponseDoc> = {
  400: errorResponse(400, 'A field or path parameter fails validation', 'id must be an account id (an integer from 1 to 2147483647)'),
  401: COMMON_ERRORS.unauthorized,
  403: errorResponse(403, "An operator API key without a scope this route accepts, or a console change without the session's x-csrf-token", 'This API key lacks the scope for this route (one of: admin:write)'),
  429: errorResponse(429, 'Too many failed API-key attempts from this client address', 'Too many failed API-key attempts from this address; retry later'),
  503: COMMON_ERRORS.unavailable,
};

export const ACCOUNT_NOT_FOUND = errorResponse(404, 'No such account', 'Account 1 not found');

const DATE = { type: 'string', format: 'date-time' };

export const REGION_VIEW = {
  type: 'object',
  required: ['id', 'url', 'status'],
  properties: { id: { type: 'string' }, url: { type: 'string' }, status: { enum: ['active', 'draining', 'disabled'] } },
  additionalProperties: false,
};

export const REGION_ROW = { ...REGION_VIEW, required: [...REGION_VIEW.required, 'createdAt'], properties: { ...REGION_VIEW.properties, createdAt: DATE } };

export const ACCOUNT = {
  type: 'object',
  required: ['id', 'name', 'status', 'maxTokenMinutes', 'maxRefreshMinutes', 'tokensValidFrom', 'createdAt', 'autoCreateStations', 'stationQuota'],
  properties: {
    id: { type: 'integer' },
    name: { type: 'string' },
    status: { enum: ['active', 'suspended'] },
    maxTokenMinutes: { type: 'integer' },
    maxRefreshMinutes: { type: 'integer' },
    tokensValidFrom: { type: 'integer', description: 'Tokens issued before this second (Unix time) are revoked; 0: none' },
    createdAt: DATE,
    autoCreateStations: { type: 'boolean' },
    stationQuota: { type: 'integer' },
    regions: {
      type: 'array',
      items: { type: 'object', required: ['regionId', 'url', 'status'], properties: { regionId: { type: 'string' }, url: { type: 'string' }, status: { enum: ['active', 'draining', 'disabled'] } }, additionalProperties: false },
    },
  },
  additionalProperties: false,
};

export const ACCOUNT_EXAMPLE = {
  id: 1,
  name: 'acme',
  status: 'active',
  maxTokenMinutes: 100000000,
  maxRefreshMinutes: 100000000,
  tokensValidFrom: 0,
  createdAt: '2026-12-02T12:19:07.701Z',
  autoCreateStations: true,
  stationQuota: 100,
  regions: [{ regionId: 'aws-eu-central-1', url: 'https://aws-eu-central-1.restgw.example.com', status: 'active' }],
};

export const USER = {
  type: 'object',
  required: ['id', 'account_id', 'username', 'disabled', 'created_at'],
  properties: { id: { type: 'integer' }, account_id: { type: 'integer' }, username: { type: 'string' }, disabled: { type: 'boolean' }, created_at: DATE },
  additionalProperties: false,
};
export const USER_EXAMPLE = { id: 7, account_id: 1, username: 'app-user', disabled: false, created_at: '2026-12-02T12:19:08.020Z' };

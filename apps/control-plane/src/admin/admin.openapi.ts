import { COMMON_ERRORS, errorResponse, OperationDoc } from '@restgw/platform';
import { CreateAccountDto, CreateUserDto, ListAccountsQueryDto, OperatorLoginDto, PutRegionDto, RegisterRegionDto, ResetPasswordDto } from './admin.dto';
import {
  ACCOUNT,
  ACCOUNT_AND_USER,
  ACCOUNT_EXAMPLE,
  ACCOUNT_NOT_FOUND,
  ACCOUNT_PARAM,
  OPERATOR,
  OPERATOR_ERRORS,
  REGION_ROW,
  REGION_VIEW,
  USER,
  USER_EXAMPLE,
} from './operator-routes.openapi';

const REGION_PARAM = { id: { description: 'Region id (<cloud>-<region>)', example: 'aws-eu-central-1' } };
const REGION_EXAMPLE = { id: 'aws-eu-central-1', url: 'https://aws-eu-central-1.restgw.example.com', status: 'active' };
const REGION_NOT_FOUND = errorResponse(404, 'No such region', 'Region aws-eu-central-1 not found');
const USER_NOT_FOUND = errorResponse(404, 'No such account or user', 'User app-user not found in account 1');
const accountAnswer = (description: string) => ({ description, schema: ACCOUNT, example: ACCOUNT_EXAMPLE });
const userAnswer = (description: string, disabled: boolean) => ({ description, schema: USER, example: { ...USER_EXAMPLE, disabled } });

export const ADMIN_LOGIN_DOCS = {
  login: {
    summary: 'Operator login: an operator token for the admin API',
    tags: ['Operators'],
    body: { dto: OperatorLoginDto, example: { email: 'ops@example.com', password: 'operator-password' } },
    responses: {
      200: {
        description: 'Logged in',
        schema: { type: 'object', required: ['token', 'expires_in'], properties: { token: { type: 'string' }, expires_in: { type: 'integer', description: 'Milliseconds' } }, additionalProperties: false },
        example: { token: 'eyJhbGciOiJFUzI1NiIsImtpZCI6ImsxIn0.eyJzdWIiOiJvcDoxIn0.c2lnbmF0dXJl', expires_in: 3600000 },
      },
      400: errorResponse(400, 'Missing or malformed email or password', 'email must be an email'),
      401: COMMON_ERRORS.unauthorized,
      429: errorResponse(429, 'Too many failed logins for this operator', 'Too many login attempts; retry later'),
      503: COMMON_ERRORS.unavailable,
    },
  },
} satisfies Record<string, OperationDoc>;

export const ADMIN_DOCS = {
  listRegions: {
    summary: 'List regions',
    tags: ['Regions'],
    security: OPERATOR,
    responses: { 200: { description: 'Every region', schema: { type: 'array', items: REGION_ROW }, example: [{ ...REGION_EXAMPLE, createdAt: '2026-12-02T12:18:58.662Z' }] }, ...OPERATOR_ERRORS },
  },
  registerRegion: {
    summary: 'Register or update a region (upsert by body id)',
    tags: ['Regions'],
    security: OPERATOR,
    body: { dto: RegisterRegionDto, example: REGION_EXAMPLE },
    responses: { 200: { description: 'The stored region', schema: REGION_ROW, example: { ...REGION_EXAMPLE, createdAt: '2026-12-02T12:18:58.662Z' } }, ...OPERATOR_ERRORS },
  },
  putRegion: {
    summary: 'Create or replace a region (infrastructure as code: the answer equals a later GET)',
    tags: ['Regions'],
    security: OPERATOR,
    params: REGION_PARAM,
    body: { dto: PutRegionDto, example: { url: REGION_EXAMPLE.url, status: 'active' } },
    responses: {
      200: { description: 'The region as stored', schema: REGION_VIEW, example: REGION_EXAMPLE },
      ...OPERATOR_ERRORS,
      400: errorResponse(400, 'Invalid id or url, or a body id other than the path\'s', "Body id aws-us-east-1 differs from the path's aws-eu-central-1"),
    },
  },
  getRegion: {
    summary: 'Read a region',
    tags: ['Regions'],
    security: OPERATOR,
    params: REGION_PARAM,
    responses: { 200: { description: 'The region', schema: REGION_VIEW, example: REGION_EXAMPLE }, ...OPERATOR_ERRORS, 404: REGION_NOT_FOUND },
  },
  regionInstances: {
    summary: "The fleet view: the region's gateway replicas and region workers as they report themselves",
    tags: ['Regions'],
    security: OPERATOR,
    params: REGION_PARAM,
    responses: {
      200: {
        description: 'Instances with status up (reporting), gone (silent longer than gone_after_ms) or stopped (said so on a graceful stop)',
        schema: {
          type: 'object',
          required: ['region', 'gone_after_ms', 'instances'],
          properties: {
            region: { type: 'string' },
            gone_after_ms: { type: 'integer' },
            instances: {
              type: 'array',
              items: {
                type: 'object',
                required: ['region', 'instance_id', 'kind', 'version', 'url', 'pid', 'host', 'started_at', 'last_seen', 'health', 'last_state_store_error_at', 'status', 'silent_ms'],
                properties: {
                  region: { type: 'string' },
                  instance_id: { type: 'string' },
                  kind: { enum: ['gateway', 'region-worker'] },
                  version: { type: 'string' },
                  url: { type: ['string', 'null'] },
                  pid: { type: 'integer' },
                  host: { type: 'string' },
                  started_at: { type: 'string' },
                  last_seen: { type: 'string' },
                  health: { type: 'object', required: ['log', 'state_store'], properties: { log: { enum: ['ok', 'unreachable'] }, state_store: { enum: ['ok', 'unreachable'] } } },
                  last_state_store_error_at: { type: ['string', 'null'] },
                  status: { enum: ['up', 'gone', 'stopped'] },
                  silent_ms: { type: 'integer' },
                },
              },
            },
          },
          additionalProperties: false,
        },
        example: {
          region: 'aws-eu-central-1',
          gone_after_ms: 15000,
          instances: [
            {
              region: 'aws-eu-central-1',
              instance_id: 'gw-10.0.3.17-4821',
              kind: 'gateway',
              version: '0.1.0',
              url: 'http://10.0.3.17:4444',
              pid: 4821,
              host: 'gw-7c9f',
              started_at: '2026-12-02T11:58:02.114Z',
              last_seen: '2026-12-02T12:30:05.120Z',
              health: { log: 'ok', state_store: 'ok' },
              last_state_store_error_at: null,
              status: 'up',
              silent_ms: 1830,
            },
          ],
        },
      },
      ...OPERATOR_ERRORS,
      404: REGION_NOT_FOUND,
    },
  },
  deleteRegion: {
    summary: 'Delete a region no account or live station uses',
    tags: ['Regions'],
    security: OPERATOR,
    params: REGION_PARAM,
    responses: {
      204: { description: 'Deleted' },
      ...OPERATOR_ERRORS,
      404: REGION_NOT_FOUND,
      409: errorResponse(409, 'Accounts or stations still use the region', 'Region aws-eu-central-1 is in use by 2 account(s) and 5 station(s)'),
    },
  },
  listAccounts: {
    summary: 'List accounts: search, filter, sort and page (the console\'s list); X-Total-Count says how many match',
    tags: ['Accounts'],
    security: OPERATOR,
    query: { dto: ListAccountsQueryDto },
    responses: {
      200: {
        description: 'A page of accounts with their regions',
        schema: { type: 'array', items: ACCOUNT },
        example: [ACCOUNT_EXAMPLE],
        headers: { 'X-Total-Count': { description: 'Accounts matching the filters, all pages', schema: { type: 'integer' } } },
      },
      ...OPERATOR_ERRORS,
    },
  },
  createAccount: {
    summary: 'Create an account (tenant)',
    tags: ['Accounts'],
    security: OPERATOR,
    body: { dto: CreateAccountDto, example: { name: 'acme', max_token_minutes: 1440 } },
    responses: {
      201: { description: 'Created', schema: ACCOUNT, example: (({ regions: _r, ...a }) => a)(ACCOUNT_EXAMPLE) },
      ...OPERATOR_ERRORS,
      400: errorResponse(400, 'Missing or invalid name or lifetimes', 'name must be longer than or equal to 1 characters'),
    },
  },
  getAccount: {
    summary: 'Read an account',
    tags: ['Accounts'],
    security: OPERATOR,
    params: ACCOUNT_PARAM,
    responses: { 200: accountAnswer('The account with its regions'), ...OPERATOR_ERRORS, 404: ACCOUNT_NOT_FOUND },
  },
  suspend: {
    summary: "Suspend an account (its tokens stop working within seconds; logins refused)",
    tags: ['Accounts'],
    security: OPERATOR,
    params: ACCOUNT_PARAM,
    responses: { 200: { description: 'Suspended', schema: ACCOUNT, example: { ...ACCOUNT_EXAMPLE, regions: undefined, status: 'suspended', tokensValidFrom: 1796213949 } }, ...OPERATOR_ERRORS, 404: ACCOUNT_NOT_FOUND },
  },
  activate: {
    summary: 'Activate a suspended account',
    tags: ['Accounts'],
    security: OPERATOR,
    params: ACCOUNT_PARAM,
    responses: { 200: { description: 'Active', schema: ACCOUNT, example: { ...ACCOUNT_EXAMPLE, regions: undefined } }, ...OPERATOR_ERRORS, 404: ACCOUNT_NOT_FOUND },
  },
  enableRegion: {
    summary: 'Enable an account in a region (its gateways serve it)',
    tags: ['Accounts'],
    security: OPERATOR,
    params: { ...ACCOUNT_PARAM, regionId: { description: 'Region id', example: 'aws-eu-central-1' } },
    responses: { 200: accountAnswer('The account with its regions'), ...OPERATOR_ERRORS, 404: errorResponse(404, 'No such account or region', 'Region aws-eu-central-1 not found; register it first') },
  },
  disableRegion: {
    summary: 'Disable an account in a region',
    tags: ['Accounts'],
    security: OPERATOR,
    params: { ...ACCOUNT_PARAM, regionId: { description: 'Region id', example: 'aws-eu-central-1' } },
    responses: { 200: { description: 'The account with its remaining regions', schema: ACCOUNT, example: { ...ACCOUNT_EXAMPLE, regions: [] } }, ...OPERATOR_ERRORS, 404: errorResponse(404, 'No such account or region', 'Account 1 not found') },
  },
  listUsers: {
    summary: "List an account's application users",
    tags: ['Users'],
    security: OPERATOR,
    params: ACCOUNT_PARAM,
    responses: { 200: { description: 'The users (never their passwords)', schema: { type: 'array', items: USER }, example: [USER_EXAMPLE] }, ...OPERATOR_ERRORS, 404: ACCOUNT_NOT_FOUND },
  },
  createUser: {
    summary: 'Create an application user (the password is stored hashed)',
    tags: ['Users'],
    security: OPERATOR,
    params: ACCOUNT_PARAM,
    body: { dto: CreateUserDto, example: { username: 'app-user', password: 'a-long-password' } },
    responses: {
      201: userAnswer('Created', false),
      ...OPERATOR_ERRORS,
      400: errorResponse(400, 'Invalid username or a password under 8 characters', 'password must be longer than or equal to 8 characters'),
      404: ACCOUNT_NOT_FOUND,
      409: errorResponse(409, 'The username exists in the account', 'User app-user already exists in account 1'),
    },
  },
  disableUser: {
    summary: "Disable a user (revokes every token it holds)",
    tags: ['Users'],
    security: OPERATOR,
    params: ACCOUNT_AND_USER,
    responses: { 200: userAnswer('Disabled', true), ...OPERATOR_ERRORS, 404: USER_NOT_FOUND },
  },
  enableUser: {
    summary: 'Enable a disabled user',
    tags: ['Users'],
    security: OPERATOR,
    params: ACCOUNT_AND_USER,
    responses: { 200: userAnswer('Enabled', false), ...OPERATOR_ERRORS, 404: USER_NOT_FOUND },
  },
  resetPassword: {
    summary: "Set a user's password (stored hashed); like revoke-tokens, every token and login of the user ends",
    tags: ['Users'],
    security: OPERATOR,
    params: ACCOUNT_AND_USER,
    body: { dto: ResetPasswordDto, example: { password: 'a-new-long-password' } },
    responses: { 204: { description: 'Set' }, ...OPERATOR_ERRORS, 400: errorResponse(400, 'A password under 8 characters', 'password must be longer than or equal to 8 characters'), 404: USER_NOT_FOUND },
  },
  revokeTokens: {
    summary: "Revoke every token issued to a user so far (it may log in again)",
    tags: ['Users'],
    security: OPERATOR,
    params: ACCOUNT_AND_USER,
    responses: { 204: { description: 'Revoked' }, ...OPERATOR_ERRORS, 404: USER_NOT_FOUND },
  },
} satisfies Record<string, OperationDoc>;

import { COMMON_ERRORS, errorResponse, OperationDoc } from '@restgw/platform';
import { OperatorLoginDto } from '../admin/admin.dto';
import { CONSOLE_SESSION } from '../admin/operator-routes.openapi';

const SESSION = {
  type: 'object',
  required: ['operator', 'csrf_token', 'expires_at', 'idle_expires_at'],
  properties: {
    operator: { type: 'object', required: ['id', 'email'], properties: { id: { type: 'integer' }, email: { type: 'string' } }, additionalProperties: false },
    csrf_token: { type: 'string', description: 'Send as x-csrf-token with every change made with the session cookie' },
    expires_at: { type: 'string', format: 'date-time' },
    idle_expires_at: { type: 'string', format: 'date-time' },
  },
  additionalProperties: false,
};
const SESSION_EXAMPLE = {
  operator: { id: 1, email: 'ops@example.com' },
  csrf_token: 'c2VjcmV0LWNzcmYtZXhhbXBsZQ',
  expires_at: '2026-12-02T20:30:00.000Z',
  idle_expires_at: '2026-12-02T13:00:00.000Z',
};
const CROSS_SITE = errorResponse(403, 'A cross-site request (login CSRF), or a change without the session\'s x-csrf-token', 'Cross-site request refused');

export const CONSOLE_SESSION_DOCS = {
  signIn: {
    summary: 'Console sign-in: sets the httpOnly session cookie (restgw_console_session, Path=/admin) and answers the session',
    tags: ['Operators'],
    body: { dto: OperatorLoginDto, example: { email: 'ops@example.com', password: 'operator-password' } },
    responses: {
      200: { description: 'Signed in', schema: SESSION, example: SESSION_EXAMPLE },
      400: errorResponse(400, 'Missing or malformed email or password', 'email must be an email'),
      401: COMMON_ERRORS.unauthorized,
      403: CROSS_SITE,
      429: errorResponse(429, 'Too many failed logins for this operator', 'Too many login attempts; retry later'),
      503: COMMON_ERRORS.unavailable,
    },
  },
  current: {
    summary: 'The signed-in session (after a reload of the console)',
    tags: ['Operators'],
    security: CONSOLE_SESSION,
    responses: { 200: { description: 'The session', schema: SESSION, example: SESSION_EXAMPLE }, 401: COMMON_ERRORS.unauthorized, 503: COMMON_ERRORS.unavailable },
  },
  signOut: {
    summary: 'Sign out: ends the session server-side and clears the cookie (204 also without a session)',
    tags: ['Operators'],
    security: CONSOLE_SESSION,
    responses: { 204: { description: 'Signed out' }, 403: CROSS_SITE, 503: COMMON_ERRORS.unavailable },
  },
} satisfies Record<string, OperationDoc>;

/** The console's page (its assets under /console/ are the page's files, not API). */
export const CONSOLE_PATHS = {
  '/console': {
    get: {
      operationId: 'console',
      tags: ['Operators'],
      summary: 'The operator console (a single-page app on the admin API; operator listener only when there is one)',
      responses: {
        200: { description: 'The page', content: { 'text/html': { schema: { type: 'string' }, example: '<!doctype html><html>...</html>' } } },
        404: { description: 'The console is not built', content: { 'application/json': { schema: { type: 'object', required: ['message'], properties: { message: { type: 'string' } } }, example: { message: 'The console is not built (no dist/apps/console/index.html): npm start and npm test build it, or run npm run build:console' } } } },
      },
    },
  },
};

import { COMMON_ERRORS, ResponseDoc, stationErrorResponse } from '@restgw/platform';

/** An access token as Authorization: Bearer, or ?authorization= when no header is sent. */
export const STATION_SECURITY = ['bearer', 'queryToken'];

export const STATION_PARAM = { station: { description: 'Station name (lowercased; 1-128 of a-z 0-9 _ . -)', example: 'orders' } };

export const GATEWAY_SECURITY_SCHEMES = {
  bearer: { type: 'http', scheme: 'bearer', description: 'Access token from /auth/authenticate, or a customer API key (rgw_ck_...) with the route\'s scope (also `Bearer: <token>`)' },
  queryToken: { type: 'apiKey', in: 'query', name: 'authorization', description: 'The access token or API key in the query, for integrations that cannot send headers' },
};

/** The answers every station route shares. */
export const STATION_COMMON_ERRORS: Record<number, ResponseDoc> = {
  401: COMMON_ERRORS.unauthorized,
  403: stationErrorResponse(403, 'Account not enabled in this region, accountId naming another account, or the station quota reached', 'Account is not enabled in this region'),
  404: stationErrorResponse(404, 'The station does not exist and the account\'s policy does not create it (or it was deleted)', 'Station orders does not exist'),
  409: stationErrorResponse(409, 'The station does not exist and its region is draining: no new stations there', 'Region aws-eu-central-1 is draining: no new stations are created there (existing ones are still served)'),
  429: {
    ...stationErrorResponse(429, 'Over one of the account\'s rate limits or its monthly quota (RateLimit-* headers), or too many failed API-key attempts from this address', 'Rate limit produce_messages_per_second exceeded: 100 messages per second for this account; retry after 1 s'),
    headers: {
      'Retry-After': { description: 'Seconds to wait', schema: { type: 'integer' } },
      'RateLimit-Limit': { description: 'The limit hit', schema: { type: 'integer' } },
      'RateLimit-Remaining': { description: 'Always 0', schema: { type: 'integer' } },
      'RateLimit-Reset': { description: 'Seconds until the window resets', schema: { type: 'integer' } },
    },
  },
  503: stationErrorResponse(503, 'The log, the state store or the control plane cannot serve the request, or the replica is shutting down', 'The log cannot accept requests now; retry later'),
};

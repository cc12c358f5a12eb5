const SECRET_PARAMS = /([?&](?:authorization|token|jwt|jwt_refresh_token|password|connection_token)=)[^&#]*/gi;

/** Removes credentials that integrations put in query strings before a URL is logged. */
export function redactUrl(url: string): string {
  return url.replace(SECRET_PARAMS, '$1[REDACTED]');
}

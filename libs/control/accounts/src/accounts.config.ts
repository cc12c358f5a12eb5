import { ConfigShape, env } from '@restgw/platform';

export const DEV_SIGNING_KEY_SECRET = 'dev-only-signing-key-secret-change-me';

/** Settings of the accounts/token core, shared by the control plane, the CLI and the dev stack (connections: controlConnectionsConfigSpec in @restgw/db). */
export const accountsConfigSpec = {
  TOKEN_ISSUER: env.str({ default: 'restgw-control-plane' }),
  /** Seals private signing keys at rest; required outside development. */
  SIGNING_KEY_SECRET: env.str({ default: DEV_SIGNING_KEY_SECRET }),
  /** Failed logins per login name and client address within the window; then 429 for a window. */
  LOGIN_MAX_FAILURES: env.int({ default: 10, min: 1 }),
  LOGIN_WINDOW_SECONDS: env.int({ default: 900, min: 1 }),
  /** Failed logins per client address (any name) within the window. */
  LOGIN_IP_MAX_FAILURES: env.int({ default: 100, min: 1 }),
  /** Console sessions end after this long without a request ... */
  CONSOLE_SESSION_IDLE_MINUTES: env.int({ default: 30, min: 1, max: 24 * 60 }),
  /** ... and this long after sign-in, whatever the activity. */
  CONSOLE_SESSION_MAX_HOURS: env.int({ default: 12, min: 1, max: 24 * 7 }),
};

export interface AccountsOptions {
  tokenIssuer: string;
  signingKeySecret: string;
  loginMaxFailures: number;
  loginWindowSeconds: number;
  loginIpMaxFailures: number;
  consoleSessionIdleMinutes: number;
  consoleSessionMaxHours: number;
}

export function accountsOptions(c: ConfigShape<typeof accountsConfigSpec>): AccountsOptions {
  return {
    tokenIssuer: c.TOKEN_ISSUER,
    signingKeySecret: c.SIGNING_KEY_SECRET,
    loginMaxFailures: c.LOGIN_MAX_FAILURES,
    loginWindowSeconds: c.LOGIN_WINDOW_SECONDS,
    loginIpMaxFailures: c.LOGIN_IP_MAX_FAILURES,
    consoleSessionIdleMinutes: c.CONSOLE_SESSION_IDLE_MINUTES,
    consoleSessionMaxHours: c.CONSOLE_SESSION_MAX_HOURS,
  };
}

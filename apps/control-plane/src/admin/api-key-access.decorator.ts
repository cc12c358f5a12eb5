import { SetMetadata } from '@nestjs/common';
import type { OperatorKeyScope } from '@restgw/tokens';

export const KEY_SCOPES = 'restgw:key-scopes';
export const LOGIN_ONLY = 'restgw:operator-login-only';

/**
 * Operator-key scopes that suffice for a route besides the default one
 * (`admin:read` for GET, `admin:write` otherwise): `regions:write` on the
 * region routes, so a Terraform key reaches nothing else.
 */
export const KeyScopes = (...scopes: OperatorKeyScope[]) => SetMetadata(KEY_SCOPES, scopes);

/** Routes an API key never reaches (operator-key management): a key cannot mint or revoke keys, whatever its scopes. */
export const OperatorLoginOnly = () => SetMetadata(LOGIN_ONLY, true);

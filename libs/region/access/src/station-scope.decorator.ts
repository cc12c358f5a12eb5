import { SetMetadata } from '@nestjs/common';
import type { CustomerKeyScope } from '@restgw/tokens';

export const STATION_SCOPE = 'restgw:station-scope';

/** The customer-key scope a station route needs (`produce` or `consume`); routes without one refuse API keys. */
export const StationScope = (scope: CustomerKeyScope) => SetMetadata(STATION_SCOPE, scope);

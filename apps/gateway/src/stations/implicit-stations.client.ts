import { Inject, Injectable, Logger } from '@nestjs/common';
import { ImplicitAnswer, ImplicitStations, parseStationView } from '@restgw/region-stations';
import { dependencyErrors } from '@restgw/platform';
import { GATEWAY_CONFIG, GatewayConfig } from '../gateway.config';

const IMPLICIT_PATH = '/internal/stations/implicit';

/**
 * POST /internal/stations/implicit on the control plane, with the customer's
 * own token (the control plane takes the account from it): the station's
 * view, created when the account's policy allows. Rejects when the control
 * plane is unreachable or fails.
 */
@Injectable()
export class ImplicitStationsClient implements ImplicitStations {
  private readonly logger = new Logger('ImplicitStationsClient');
  private readonly url: string;

  constructor(@Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig) {
    this.url = `${(config.CONTROL_PLANE_INTERNAL_URL ?? config.CONTROL_PLANE_URL).replace(/\/+$/, '')}${IMPLICIT_PATH}`;
  }

  async request(station: string, token: string): Promise<ImplicitAnswer> {
    let res: Response;
    let text: string;
    try {
      res = await fetch(this.url, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ region_id: this.config.REGION_ID, station }),
        signal: AbortSignal.timeout(this.config.CONTROL_PLANE_TIMEOUT_MS),
      });
      text = await res.text();
    } catch (e) {
      dependencyErrors.inc({ dependency: 'control_plane' });
      this.logger.warn(`control plane unreachable for implicit station ${station}: ${(e as Error).message}`);
      throw e;
    }
    const body = parseJson(text);
    if (res.ok) {
      const view = parseStationView(body);
      if (!view) throw new Error(`implicit station: malformed answer (${res.status})`);
      return { kind: 'view', view };
    }
    if (res.status >= 500) {
      dependencyErrors.inc({ dependency: 'control_plane' });
      this.logger.warn(`control plane answered ${res.status} for implicit station ${station}`);
      throw new Error(`implicit station: control plane answered ${res.status}`);
    }
    const message = typeof (body as { message?: unknown } | null)?.message === 'string' ? (body as { message: string }).message : '';
    return { kind: 'refused', status: res.status, message };
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

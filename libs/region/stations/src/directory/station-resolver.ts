import { DomainError, ErrorCode } from '@restgw/platform';
import type { StationView } from '@restgw/contracts';
import { isServed } from './station-directory';

/** The control plane's answer to POST /internal/stations/implicit. */
export type ImplicitAnswer =
  | { kind: 'view'; view: StationView }
  /** Any refusal, relayed with the control plane's message (404 policy/deleted, 403 quota/region, 401, 400). */
  | { kind: 'refused'; status: number; message: string };

export interface ImplicitStations {
  /**
   * Asks the control plane for the station, creating it when the account's
   * policy allows, with the customer's own token. Rejects when the control
   * plane cannot be reached or fails (5xx).
   */
  request(station: string, token: string): Promise<ImplicitAnswer>;
}

export interface StationLookup {
  lookup(accountId: number, station: string): StationView | undefined;
  remember(view: StationView): void;
}

export interface StationResolverOptions {
  /** How long a refusal from the control plane is reused before asking again (a station or policy event clears it sooner). */
  refusalTtlMs?: number;
  /** Retry-After of the 503 answered when the control plane is unreachable for an unknown station. */
  retryAfterSeconds?: number;
  now?: () => number;
}

const MAX_REMEMBERED_REFUSALS = 10_000;

export const stationDoesNotExist = (station: string) => new DomainError(ErrorCode.NotFound, `Station ${station} does not exist`);

const STATUS_CODES: Record<number, ErrorCode> = {
  400: ErrorCode.BadRequest,
  401: ErrorCode.Unauthorized,
  403: ErrorCode.Forbidden,
  404: ErrorCode.NotFound,
  409: ErrorCode.Conflict,
  429: ErrorCode.TooManyRequests,
};

/**
 * Station name (already normalized) -> the view to serve, for the caller's
 * account. A known station is answered from the in-memory directory (no
 * round trip); a deleted one is refused; an unknown one is asked once to the
 * control plane (concurrent requests for it share the call), whose answer
 * joins the directory.
 */
export class StationResolver {
  private readonly inFlight = new Map<string, Promise<StationView>>();
  private readonly refusals = new Map<string, { error: DomainError; untilMs: number }>();
  private readonly refusalTtlMs: number;
  private readonly retryAfterSeconds: number;
  private readonly now: () => number;

  constructor(
    private readonly directory: StationLookup,
    private readonly implicit: ImplicitStations,
    opts: StationResolverOptions = {},
  ) {
    this.refusalTtlMs = opts.refusalTtlMs ?? 1_000;
    this.retryAfterSeconds = opts.retryAfterSeconds ?? 5;
    this.now = opts.now ?? Date.now;
  }

  /** `station` must be normalized; `token` is the caller's access token, relayed to the control plane for unknown stations. */
  resolve(accountId: number, station: string, token: string): StationView | Promise<StationView> {
    const known = this.directory.lookup(accountId, station);
    if (known) {
      if (isServed(known)) return known;
      throw stationDoesNotExist(station);
    }
    const key = `${accountId}/${station}`;
    const refused = this.refusals.get(key);
    if (refused) {
      if (refused.untilMs > this.now()) throw refused.error;
      this.refusals.delete(key);
    }
    let pending = this.inFlight.get(key);
    if (!pending) {
      pending = this.askControlPlane(accountId, station, token, key).finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, pending);
    }
    return pending;
  }

  /** A station or policy change: forget refusals it may have lifted. */
  changed(accountId: number, station: string | null): void {
    if (this.refusals.size === 0) return;
    if (station !== null) {
      this.refusals.delete(`${accountId}/${station}`);
      return;
    }
    const prefix = `${accountId}/`;
    for (const key of this.refusals.keys()) if (key.startsWith(prefix)) this.refusals.delete(key);
  }

  private async askControlPlane(accountId: number, station: string, token: string, key: string): Promise<StationView> {
    let answer: ImplicitAnswer;
    try {
      answer = await this.implicit.request(station, token);
    } catch {
      throw new DomainError(
        ErrorCode.Unavailable,
        `Station ${station} is not known to this gateway and the control plane is unavailable; retry later`,
        this.retryAfterSeconds,
      );
    }
    if (answer.kind === 'refused') {
      const error = new DomainError(STATUS_CODES[answer.status] ?? ErrorCode.Unavailable, answer.message || `Station ${station} does not exist`);
      if (answer.status === 404 || answer.status === 403) this.rememberRefusal(key, error);
      throw error;
    }
    const view = answer.view;
    if (view.accountId !== accountId || view.name !== station) {
      // Never serve another account's or station's view, whatever the answer says.
      throw new DomainError(ErrorCode.Unavailable, `The control plane answered for another station than ${station}; retry later`, this.retryAfterSeconds);
    }
    this.directory.remember(view);
    // The directory may hold a newer view already (an event overtook the answer).
    const current = this.directory.lookup(accountId, station) ?? view;
    if (!isServed(current)) throw stationDoesNotExist(station);
    return current;
  }

  private rememberRefusal(key: string, error: DomainError): void {
    if (this.refusals.size >= MAX_REMEMBERED_REFUSALS) this.refusals.clear();
    this.refusals.set(key, { error, untilMs: this.now() + this.refusalTtlMs });
  }
}

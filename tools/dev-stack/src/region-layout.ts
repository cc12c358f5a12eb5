/** What `npm start` runs per region: its id, its gateway's port, and where its log lives. */
export interface RegionLayout {
  id: string;
  gatewayPort: number;
  gatewayUrl: string;
  log:
    | { kind: 'embedded'; databaseUrl: string }
    | { kind: 'kafka'; brokers: string }
    /** Cluster profile without brokers for this region: the stack starts one from infra/kafka/kafka.sh. */
    | { kind: 'recipe'; port: number };
}

export interface LayoutInput {
  /** REGIONS (empty: REGION_ID alone). */
  regions: string[];
  regionId: string;
  /** GATEWAY_PORTS (empty: GATEWAY_PORT, then +10 per further region). */
  gatewayPorts: string[];
  gatewayPort: number;
  /** KAFKA_BROKERS: unset = embedded logs; `;` separates the regions' broker lists. */
  kafkaBrokers: string | undefined;
  /** The stack's database: the first region's embedded log lives in it, the others in sibling databases. */
  databaseUrl: string;
  /** KAFKA_RECIPE_PORT: the first recipe broker's port (default: the first region's broker port + RECIPE_PORT_STEP x its index). */
  recipePort?: number;
}

const REGION_ID = /^[a-z0-9]+-[a-z0-9-]+$/;
/** A region's recipe broker listens this far above the first region's broker port, per region. */
export const RECIPE_PORT_STEP = 100;

/**
 * The regions `npm start` runs, each with its own gateway port and log
 * (validated: a bad value stops the stack with the variable's name). Local
 * profile: one embedded log per region, the first in the stack's database (so
 * a one-region stack is what it always was), the others in databases named
 * `<database>_<region>` on the same server. Cluster profile: the `;`-separated
 * broker lists of KAFKA_BROKERS in REGIONS order; a region without one gets a
 * broker of the recipe, RECIPE_PORT_STEP ports above the first region's per
 * region, or from KAFKA_RECIPE_PORT on (two regions never share a log: topic
 * names are per account and station, not per region).
 */
export function regionLayout(input: LayoutInput): RegionLayout[] {
  const ids = input.regions.length ? input.regions : [input.regionId];
  for (const id of ids) {
    if (!REGION_ID.test(id)) throw new Error(`Invalid configuration: REGIONS: ${JSON.stringify(id)} is not a region id (<cloud>-<region>, lowercase letters, digits, dashes, e.g. local-2)`);
  }
  if (new Set(ids).size !== ids.length) throw new Error(`Invalid configuration: REGIONS names a region twice (${ids.join(',')})`);

  const ports = ids.map((_, i) => {
    if (!input.gatewayPorts.length) return input.gatewayPort + 10 * i;
    const raw = input.gatewayPorts[i];
    const port = Number(raw);
    if (raw === undefined || !Number.isInteger(port) || port < 1 || port > 65535) {
      throw new Error(`Invalid configuration: GATEWAY_PORTS must give one port (1-65535) per region of REGIONS (${ids.join(',')}), got ${input.gatewayPorts.join(',')}`);
    }
    return port;
  });
  if (new Set(ports).size !== ports.length) throw new Error(`Invalid configuration: two regions would share gateway port (${ports.join(',')})`);

  const groups = input.kafkaBrokers?.split(';').map((g) => g.trim()) ?? [];
  if (groups.some((g) => !g)) throw new Error('Invalid configuration: KAFKA_BROKERS has an empty broker list between ";"');
  if (groups.length > ids.length) throw new Error(`Invalid configuration: KAFKA_BROKERS gives ${groups.length} broker lists for ${ids.length} region(s)`);
  if (new Set(groups).size !== groups.length) throw new Error('Invalid configuration: KAFKA_BROKERS gives two regions the same brokers (each region needs its own log)');
  const firstPort = groups.length ? Number(/:(\d+)$/.exec(groups[0].split(',')[0])?.[1] ?? 9092) : 9092;
  const recipePort = (i: number) => (input.recipePort ? input.recipePort + RECIPE_PORT_STEP * (i - groups.length) : firstPort + RECIPE_PORT_STEP * i);

  return ids.map((id, i) => ({
    id,
    gatewayPort: ports[i],
    gatewayUrl: `http://127.0.0.1:${ports[i]}`,
    log: !input.kafkaBrokers
      ? { kind: 'embedded' as const, databaseUrl: i === 0 ? input.databaseUrl : siblingDatabase(input.databaseUrl, id) }
      : groups[i]
        ? { kind: 'kafka' as const, brokers: groups[i] }
        : { kind: 'recipe' as const, port: recipePort(i) },
  }));
}

/** `postgresql://.../restgw` -> `postgresql://.../restgw_local_2`. */
export function siblingDatabase(databaseUrl: string, regionId: string): string {
  const url = new URL(databaseUrl);
  url.pathname = `${url.pathname.replace(/\/+$/, '')}_${regionId.replace(/-/g, '_')}`;
  return url.toString();
}

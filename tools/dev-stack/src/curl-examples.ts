export interface CurlContext {
  gatewayUrl: string;
  /** Further regions' gateways (REGIONS=...): the same token produces and consumes there too. */
  otherGatewayUrls?: string[];
  accountId: number;
  username: string;
  password: string;
  station: string;
}

/**
 * The commands `npm start` prints. They are plain bash + curl + node (no jq),
 * and an e2e test runs them exactly as printed. With several regions: one
 * login, then the same produce/consume commands at every region's URL.
 */
export function curlExamples(c: CurlContext): string[] {
  const login = JSON.stringify({ username: c.username, password: c.password, account_id: c.accountId });
  const others = c.otherGatewayUrls ?? [];
  const authenticate = `curl -s -X POST ${c.gatewayUrl}/auth/authenticate -H 'Content-Type: application/json' -d '${login}'`;
  return [
    `TOKEN=$(${authenticate} | node -pe 'JSON.parse(require("fs").readFileSync(0)).jwt')`,
    ...[c.gatewayUrl, ...others].flatMap((url) => stationCommands(url, c.station)),
    // Several regions: the grant lists every region URL the account is enabled in.
    ...(others.length ? [`${authenticate} | node -pe 'JSON.stringify(JSON.parse(require("fs").readFileSync(0)).regions)'`] : []),
  ];
}

function stationCommands(gatewayUrl: string, station: string): string[] {
  return [
    `curl -s -X POST ${gatewayUrl}/stations/${station}/produce/single -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -H 'X-Demo: yes' -d '{"hello":"world"}'`,
    `curl -s -X POST ${gatewayUrl}/stations/${station}/produce/batch -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -d '[{"n":1},{"n":2}]'`,
    `curl -s -X POST ${gatewayUrl}/stations/${station}/consume/batch -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -d '{"consumer_name":"demo-consumer","batch_size":10,"batch_max_wait_time_ms":2000}'`,
  ];
}

export interface CurlContext {
  gatewayUrl: string;
  accountId: number;
  username: string;
  password: string;
  station: string;
}

/**
 * The commands `npm start` prints. They are plain bash + curl + node (no jq),
 * and an e2e test runs them exactly as printed.
 */
export function curlExamples(c: CurlContext): string[] {
  const login = JSON.stringify({ username: c.username, password: c.password, account_id: c.accountId });
  return [
    `TOKEN=$(curl -s -X POST ${c.gatewayUrl}/auth/authenticate -H 'Content-Type: application/json' -d '${login}' | node -pe 'JSON.parse(require("fs").readFileSync(0)).jwt')`,
    `curl -s -X POST ${c.gatewayUrl}/stations/${c.station}/produce/single -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -H 'X-Demo: yes' -d '{"hello":"world"}'`,
    `curl -s -X POST ${c.gatewayUrl}/stations/${c.station}/produce/batch -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -d '[{"n":1},{"n":2}]'`,
    `curl -s -X POST ${c.gatewayUrl}/stations/${c.station}/consume/batch -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -d '{"consumer_name":"demo-consumer","batch_size":10,"batch_max_wait_time_ms":2000}'`,
  ];
}

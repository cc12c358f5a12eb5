import { createServer } from 'node:http';
import { metricsRegistry } from './metrics';

export interface MetricsServer {
  /** The bound port (the one asked for, or the one picked for 0). */
  port: number;
  close(): Promise<void>;
}

/**
 * A listener that serves only GET /metrics (Prometheus text format): the HTTP
 * apps' private listener (METRICS_PORT) and the region worker's, which has no
 * HTTP otherwise.
 */
export async function startMetricsServer(port: number, host: string): Promise<MetricsServer> {
  const server = createServer((req, res) => {
    if ((req.url ?? '').split('?')[0] !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    metricsRegistry.metrics().then(
      (body) => res.writeHead(200, { 'content-type': metricsRegistry.contentType }).end(body),
      () => res.writeHead(500).end(),
    );
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, host, () => resolve()));
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** The workload matrix of issue 6: the same list runs against the gateway, native kafkajs and the peer. */

export type Workload =
  | { id: string; kind: 'produce-single'; size: number; concurrency: number }
  | { id: string; kind: 'produce-batch'; size: number; batch: number; concurrency: number }
  | { id: string; kind: 'consume-batch'; size: number; batch: number; prefill: number }
  | { id: string; kind: 'authenticate'; concurrency: number };

export interface MatrixOptions {
  singleSizes: number[];
  singleConcurrency: number[];
  batchSizes: number[];
  batchConcurrency: number;
  consumeBatchSizes: number[];
  consumePrefill: number;
  authConcurrency: number;
}

export const DEFAULT_MATRIX: MatrixOptions = {
  singleSizes: [100, 1024],
  singleConcurrency: [1, 16, 64],
  batchSizes: [10, 100, 1000],
  batchConcurrency: 1,
  consumeBatchSizes: [10, 100, 1000],
  consumePrefill: 50_000,
  authConcurrency: 4,
};

export function sizeLabel(bytes: number): string {
  return bytes % 1024 === 0 ? `${bytes / 1024}KiB` : `${bytes}B`;
}

export function workloads(m: MatrixOptions): Workload[] {
  const list: Workload[] = [];
  for (const size of m.singleSizes) {
    for (const concurrency of m.singleConcurrency) {
      list.push({ id: `produce-single ${sizeLabel(size)} c${concurrency}`, kind: 'produce-single', size, concurrency });
    }
  }
  for (const batch of m.batchSizes) {
    list.push({ id: `produce-batch ${batch}x1KiB c${m.batchConcurrency}`, kind: 'produce-batch', size: 1024, batch, concurrency: m.batchConcurrency });
  }
  for (const batch of m.consumeBatchSizes) {
    list.push({ id: `consume-batch ${batch}x1KiB`, kind: 'consume-batch', size: 1024, batch, prefill: m.consumePrefill });
  }
  list.push({ id: `authenticate c${m.authConcurrency}`, kind: 'authenticate', concurrency: m.authConcurrency });
  return list;
}

/** A station / topic name for one workload of one run: lowercase, [a-z0-9.-_], unique per run. */
export function stationName(runId: string, w: Workload, system: string): string {
  return `bench-${runId}-${system}-${w.id}`
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/-+/g, '-')
    .slice(0, 120);
}

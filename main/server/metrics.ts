// Prometheus metrics: requests by outcome, latency histogram, queue depth, worker restarts.
import client from 'prom-client';
import type { PoolStats } from '../engine/pool/worker-pool.js';

/** The worker pool's figures, read from its stats at every scrape: name, help, the stats field. */
const ENGINE_GAUGES: readonly (readonly [string, string, 'queued' | 'busy' | 'ready' | 'restarts'])[] = [
  ['sophonmatch_engine_queue_depth', 'Requests waiting for an engine worker', 'queued'],
  ['sophonmatch_engine_busy_workers', 'Engine workers running a request', 'busy'],
  ['sophonmatch_engine_ready_workers', 'Engine workers with models loaded', 'ready'],
  ['sophonmatch_engine_worker_restarts', 'Engine workers replaced after a crash or hang (since start)', 'restarts'],
];

export class ServerMetrics {
  readonly registry = new client.Registry();
  readonly requests = new client.Counter({
    name: 'sophonmatch_compare_requests_total',
    help: 'Compare requests by outcome (ok or the error reason)',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });
  readonly latency = new client.Histogram({
    name: 'sophonmatch_compare_duration_seconds',
    help: 'Compare request latency, from request to answer',
    buckets: [0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  constructor(stats: () => PoolStats) {
    for (const [name, help, field] of ENGINE_GAUGES) {
      new client.Gauge({
        name,
        help,
        registers: [this.registry],
        collect() {
          this.set(stats()[field]);
        },
      });
    }
    client.collectDefaultMetrics({ register: this.registry });
  }
}

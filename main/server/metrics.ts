// Prometheus metrics: requests by outcome, latency histogram, queue depth, worker restarts.
import client from 'prom-client';
import type { PoolStats } from '../engine/pool/worker-pool.js';

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
    new client.Gauge({
      name: 'sophonmatch_engine_queue_depth',
      help: 'Requests waiting for an engine worker',
      registers: [this.registry],
      collect() {
        this.set(stats().queued);
      },
    });
    new client.Gauge({
      name: 'sophonmatch_engine_busy_workers',
      help: 'Engine workers running a request',
      registers: [this.registry],
      collect() {
        this.set(stats().busy);
      },
    });
    new client.Gauge({
      name: 'sophonmatch_engine_ready_workers',
      help: 'Engine workers with models loaded',
      registers: [this.registry],
      collect() {
        this.set(stats().ready);
      },
    });
    new client.Gauge({
      name: 'sophonmatch_engine_worker_restarts',
      help: 'Engine workers replaced after a crash or hang (since start)',
      registers: [this.registry],
      collect() {
        this.set(stats().restarts);
      },
    });
    client.collectDefaultMetrics({ register: this.registry });
  }
}

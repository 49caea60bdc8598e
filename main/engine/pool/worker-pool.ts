// A pool of engine workers behind one interface: a bounded queue in front, a deadline per request,
// crashed or hung workers replaced (with back-off), and the request they held failed cleanly.
import { EventEmitter } from 'node:events';
import { SophonError } from '../../common/errors.js';
import { WorkerResponseSchema, type AnalyseRequest, type AnalyseResult, type WorkerRequest } from '../../contracts/engine.js';

/** One worker, whatever runs it (worker_threads, Electron utilityProcess). */
export interface EngineWorkerHandle {
  post(msg: WorkerRequest): void;
  onMessage(handler: (msg: unknown) => void): void;
  onExit(handler: (code: number) => void): void;
  terminate(): void;
}
export type EngineWorkerFactory = () => EngineWorkerHandle;

export interface PoolOptions {
  size: number;
  factory: EngineWorkerFactory;
  /** Requests waiting beyond this many are refused with BUSY. */
  maxQueue: number;
  /** A request not answered this long after it was queued fails with TIMEOUT. */
  deadlineMs: number;
}

export type AnalyseJob = Omit<AnalyseRequest, 'id' | 'kind'>;

/**
 * Jobs of one request (a compare's card and frames) share a group. A worker busy with a job of a
 * group may be handed the group's next queued job at once, so it does not sit idle while its answer
 * travels to the main thread and the next job travels back; a crash or a hang then fails only jobs of
 * that one request. Jobs of different requests never share a worker's queue.
 */
export type JobGroup = object;

/** How long a retired worker may take to finish and exit by itself before it is terminated. */
export const RETIRE_GRACE_MS = 3000;

interface Task {
  id: number;
  msg: WorkerRequest;
  group?: JobGroup;
  resolve(r: AnalyseResult): void;
  reject(e: unknown): void;
  timer: NodeJS.Timeout;
  slot?: Slot;
}

interface Slot {
  worker: EngineWorkerHandle;
  ready: boolean;
  /** Posted to the worker, in order: the one it runs, then at most one follow-on of the same group. */
  tasks: Task[];
  dead: boolean;
}

export interface PoolStats {
  size: number;
  ready: number;
  busy: number;
  queued: number;
  /** Jobs that may wait before new ones are refused with BUSY. */
  maxQueue: number;
  restarts: number;
  model: string | null;
}

export class WorkerPool extends EventEmitter {
  private readonly slots: Slot[] = [];
  private readonly queue: Task[] = [];
  private nextId = 1;
  private closed = false;
  private restarts = 0;
  private backoffMs = 100;
  model: string | null = null;
  loadError: string | null = null;
  readonly ready: Promise<void>;
  private resolveReady!: () => void;
  private rejectReady!: (e: Error) => void;

  constructor(private readonly opts: PoolOptions) {
    super();
    this.ready = new Promise((res, rej) => {
      this.resolveReady = res;
      this.rejectReady = rej;
    });
    this.ready.catch(() => {});
    for (let i = 0; i < opts.size; i++) this.spawn();
  }

  get isReady(): boolean {
    return this.slots.some((s) => s.ready);
  }

  stats(): PoolStats {
    return {
      size: this.opts.size,
      ready: this.slots.filter((s) => s.ready).length,
      busy: this.slots.filter((s) => s.tasks.length).length,
      queued: this.queue.length,
      maxQueue: this.opts.maxQueue,
      restarts: this.restarts,
      model: this.model,
    };
  }

  private spawn(): void {
    const slot: Slot = { worker: this.opts.factory(), ready: false, tasks: [], dead: false };
    this.slots.push(slot);
    slot.worker.onMessage((raw) => this.onMessage(slot, raw));
    slot.worker.onExit((code) => this.onExit(slot, code));
  }

  private onMessage(slot: Slot, raw: unknown): void {
    const parsed = WorkerResponseSchema.safeParse(raw);
    if (!parsed.success) {
      this.emit('protocol-error', parsed.error.message);
      return;
    }
    const msg = parsed.data;
    if (msg.kind === 'ready') {
      slot.ready = true;
      this.model = msg.model;
      this.backoffMs = 100;
      this.resolveReady();
      this.emit('worker-ready', msg);
      this.pump();
      return;
    }
    if (msg.kind === 'load-failed') {
      this.loadError = msg.message;
      this.rejectReady(new Error(msg.message));
      this.emit('load-failed', msg.message);
      return;
    }
    const at = slot.tasks.findIndex((t) => t.id === msg.id);
    if (at < 0) return; // a late answer for a task that already timed out
    const [task] = slot.tasks.splice(at, 1) as [Task];
    clearTimeout(task.timer);
    if (msg.kind === 'result') task.resolve(msg.result);
    else task.reject(new SophonError(msg.error.reason, msg.error.message, msg.error.details));
    this.pump();
  }

  private onExit(slot: Slot, code: number): void {
    slot.dead = true;
    slot.ready = false;
    const i = this.slots.indexOf(slot);
    if (i >= 0) this.slots.splice(i, 1);
    for (const task of slot.tasks.splice(0)) {
      clearTimeout(task.timer);
      task.reject(new SophonError('ENGINE_FAILED', 'the face engine worker stopped while comparing; retry'));
    }
    if (this.closed) return;
    this.restarts++;
    this.emit('worker-exit', code);
    if (this.loadError) return; // models cannot load: respawning would loop
    const delay = this.backoffMs;
    this.backoffMs = Math.min(5000, this.backoffMs * 2);
    setTimeout(() => {
      if (!this.closed) this.spawn();
    }, delay).unref();
  }

  private pump(): void {
    const serving = this.slots.filter((s) => s.ready && !s.dead);
    for (const slot of serving) {
      if (slot.tasks.length) continue;
      const task = this.queue.shift();
      if (!task) return;
      this.assign(slot, task);
    }
    // No worker is idle and work waits: a worker may take the next job of the group it is serving.
    for (const slot of serving) {
      const head = this.queue[0];
      if (!head) return;
      if (slot.tasks.length === 1 && head.group && slot.tasks[0]!.group === head.group) this.assign(slot, this.queue.shift()!);
    }
  }

  private assign(slot: Slot, task: Task): void {
    slot.tasks.push(task);
    task.slot = slot;
    slot.worker.post(task.msg);
  }

  private submit(build: (id: number) => WorkerRequest, group?: JobGroup): Promise<AnalyseResult> {
    if (this.closed) return Promise.reject(new SophonError('ENGINE_FAILED', 'the face engine is shut down'));
    if (this.loadError) return Promise.reject(new SophonError('ENGINE_FAILED', `the face models could not be loaded: ${this.loadError}`));
    if (!this.isReady) return Promise.reject(new SophonError('STARTING'));
    if (this.queue.length >= this.opts.maxQueue) return Promise.reject(new SophonError('BUSY'));
    const id = this.nextId++;
    return new Promise<AnalyseResult>((resolve, reject) => {
      const task: Task = {
        id,
        msg: build(id),
        group,
        resolve,
        reject,
        timer: setTimeout(() => this.expire(task), this.opts.deadlineMs),
      };
      this.queue.push(task);
      this.pump();
    });
  }

  private expire(task: Task): void {
    const timeout = () => new SophonError('TIMEOUT', `the comparison did not finish within ${this.opts.deadlineMs} ms`);
    const qi = this.queue.indexOf(task);
    if (qi >= 0) this.queue.splice(qi, 1);
    const slot = task.slot;
    if (slot && slot.tasks.includes(task)) {
      // A worker that overran its deadline may be hung: retire it now (no new work) and replace it
      // when it exits. It is asked to shut down first — terminating a thread inside a native ONNX
      // call can abort the whole process — and only a worker still alive after the grace period
      // (truly hung in JavaScript) is terminated.
      for (const other of slot.tasks.splice(0)) {
        if (other === task) continue;
        clearTimeout(other.timer); // a follow-on of the same request, stuck behind the hung job
        other.reject(timeout());
      }
      slot.ready = false;
      slot.dead = true;
      slot.worker.post({ id: 0, kind: 'shutdown' });
      const kill = setTimeout(() => slot.worker.terminate(), RETIRE_GRACE_MS);
      kill.unref();
      slot.worker.onExit(() => clearTimeout(kill));
    }
    task.reject(timeout());
  }

  analyse(job: AnalyseJob, group?: JobGroup): Promise<AnalyseResult> {
    return this.submit((id) => ({ id, kind: 'analyse', ...job }), group);
  }

  /** Test hook: make one worker crash or hang on its next request. */
  fault(fault: 'crash' | 'hang'): Promise<AnalyseResult> {
    return this.submit((id) => ({ id, kind: 'fault', fault }));
  }

  /** Refuses new work, fails what waits, lets each worker release its models and end (terminated after `graceMs`). */
  async close(graceMs = 2000): Promise<void> {
    this.closed = true;
    for (const t of this.queue.splice(0)) {
      clearTimeout(t.timer);
      t.reject(new SophonError('ENGINE_FAILED', 'the face engine is shutting down'));
    }
    await Promise.all(
      this.slots.map(
        (s) =>
          new Promise<void>((resolve) => {
            const timer = setTimeout(() => s.worker.terminate(), graceMs);
            s.worker.onExit(() => {
              clearTimeout(timer);
              resolve();
            });
            if (s.dead) return resolve();
            s.worker.post({ id: 0, kind: 'shutdown' });
          }),
      ),
    );
  }
}

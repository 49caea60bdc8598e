// The reader service: finds the reader (configured port, or the first candidate that answers SAM
// status), polls find → select → read, emits one `card` event per card placed (re-armed when the
// card is removed), and recovers from unplug/replug without a restart.
import { EventEmitter } from 'node:events';
import type { CardRead } from './card/card-read.js';
import { DEFAULT_BAUD, DEFAULT_POLL_MS } from '../contracts/reader-line.js';
import { candidatePorts, closeSerialPort, type ReaderPort, openSerialPort } from './ports.js';
import { readCardOnce } from './read-card.js';
import { ReaderClient, ReaderError } from './reader-client.js';

export type ReaderState = 'no-reader' | 'idle' | 'card-present' | 'reading' | 'error';

export interface ReaderServiceOptions {
  /** A fixed port; otherwise candidates are probed. */
  port?: string;
  baudRate?: number;
  pollMs?: number;
  reconnectMs?: number;
  timeoutMs?: number;
  /** How long a card read (text + photo) may take; 3 s by default (a real line at 115200 baud). */
  readTimeoutMs?: number;
}

/** What the clerk's screen says in each state. */
export const STATE_MESSAGES: Record<ReaderState, string> = {
  'no-reader': 'No ID card reader found: check its USB cable.',
  idle: 'Lay the ID card on the reader.',
  'card-present': 'Card read. Remove it before the next customer.',
  reading: 'Reading the card… keep it still.',
  error: 'The reader reported a problem; lay the card again.',
};

export interface ReaderProblem {
  code: string;
  message: string;
}

export declare interface ReaderService {
  on(e: 'card', l: (card: CardRead) => void): this;
  on(e: 'state', l: (state: ReaderState, port: string | null) => void): this;
  on(e: 'problem', l: (p: ReaderProblem) => void): this;
}

export class ReaderService extends EventEmitter {
  state: ReaderState = 'no-reader';
  port: string | null = null;
  private serial: ReaderPort | null = null;
  private client: ReaderClient | null = null;
  private armed = true;
  private running = false;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly opts: ReaderServiceOptions = {}) {
    super();
  }

  /**
   * Applies the line settings without a restart: a new port (undefined: probe the candidates) or
   * baud rate reopens the line, a new poll interval applies from the next poll.
   */
  async configure(line: { port: string | undefined; baudRate?: number; pollMs?: number }): Promise<void> {
    this.opts.pollMs = line.pollMs;
    const baudRate = line.baudRate ?? DEFAULT_BAUD;
    if (line.port === this.opts.port && baudRate === (this.opts.baudRate ?? DEFAULT_BAUD)) return;
    this.opts.port = line.port;
    this.opts.baudRate = baudRate;
    await this.disconnect();
    this.set('no-reader');
    if (this.running) {
      if (this.timer) clearTimeout(this.timer);
      this.schedule(0);
    }
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    await this.disconnect();
  }

  private set(state: ReaderState): void {
    if (state === this.state) return;
    this.state = state;
    this.emit('state', state, this.port);
  }

  private schedule(ms: number): void {
    if (!this.running) return;
    this.timer = setTimeout(() => void this.tick(), ms);
  }

  private async tick(): Promise<void> {
    if (!this.running) return;
    if (!this.client) {
      const ok = await this.connect();
      return this.schedule(ok ? 0 : (this.opts.reconnectMs ?? 1000));
    }
    try {
      const r = await readCardOnce(this.client, { readTimeoutMs: this.opts.readTimeoutMs });
      if (r.kind === 'no-card') {
        this.armed = true;
        this.set('idle');
      } else if (this.armed) {
        this.armed = false;
        this.set('card-present');
        this.emit('card', r.card);
      }
    } catch (err) {
      if (err instanceof ReaderError && err.code === 'CLOSED') {
        await this.disconnect();
        this.set('no-reader');
        this.emit('problem', { code: 'READER_DISCONNECTED', message: STATE_MESSAGES['no-reader'] });
      } else {
        const e = err as ReaderError;
        this.emit('problem', { code: e.code ?? 'READ_FAILED', message: e.message });
      }
    }
    this.schedule(this.opts.pollMs ?? DEFAULT_POLL_MS);
  }

  /** Opens the configured port, or probes the candidates with SAM status. */
  private async connect(): Promise<boolean> {
    const candidates = this.opts.port ? [this.opts.port] : await candidatePorts();
    for (const path of candidates) {
      let serial: ReaderPort | null = null;
      try {
        serial = await openSerialPort(path, this.opts.baudRate ?? DEFAULT_BAUD);
        serial.on('error', () => {});
        const client = new ReaderClient(serial, this.opts.timeoutMs ?? 1000);
        const status = await client.send('samStatus', 500);
        if (status.status !== 'OK') throw new Error(status.message);
        this.serial = serial;
        this.client = client;
        this.port = path;
        serial.once('close', () => void this.disconnect());
        this.armed = true;
        this.set('idle');
        return true;
      } catch {
        if (serial) await closeSerialPort(serial);
      }
    }
    this.set('no-reader');
    return false;
  }

  private async disconnect(): Promise<void> {
    const serial = this.serial;
    this.client?.close();
    this.client = null;
    this.serial = null;
    if (serial) await closeSerialPort(serial);
  }
}

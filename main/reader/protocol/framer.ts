// Reader bytes into frames: resynchronises on the preamble after garbage, rejects bad checksums and
// impossible lengths, and drops a partial frame when its bytes stop arriving for `timeoutMs`.
// `FrameDecoder` is the state machine, fed chunk by chunk (the reader client and the simulator feed
// it straight from the line); `FrameParser` is the same decoder as a stream parser in the
// node-serialport style, for pipes.
import { Transform, type TransformCallback } from 'node:stream';
import { MAX_LEN, PREAMBLE, xorChecksum } from './frame.js';

export type FrameProblem = 'garbage' | 'bad-checksum' | 'bad-length' | 'timeout';

export interface FramerOptions {
  /** A partial frame is dropped when no byte arrives for this long (inter-byte timeout). */
  timeoutMs?: number;
  /** Smallest LEN accepted: 3 for commands (CMD PARA CHK), 4 for replies (SW1 SW2 SW3 CHK). */
  minLen?: number;
}

export interface FrameSink {
  /** A frame body (LEN's bytes without the checksum). */
  frame(body: Buffer): void;
  /** Bytes dropped, and why. */
  problem?(kind: FrameProblem, bytes: number): void;
}

export class FrameDecoder {
  private buf: Buffer = Buffer.alloc(0);
  private started = 0;
  private lastByteAt = 0;
  private timer: NodeJS.Timeout | null = null;
  private readonly timeoutMs: number;
  private readonly minLen: number;

  constructor(
    private readonly sink: FrameSink,
    opts: FramerOptions = {},
  ) {
    this.timeoutMs = opts.timeoutMs ?? 500;
    this.minLen = opts.minLen ?? 3;
  }

  private problem(kind: FrameProblem, bytes: number): void {
    this.sink.problem?.(kind, bytes);
  }

  write(chunk: Buffer): void {
    if (this.buf.length && this.started && Date.now() - this.lastByteAt > this.timeoutMs) this.dropPartial();
    this.lastByteAt = Date.now();
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    this.drain();
  }

  /** Forgets a frame in progress (the line is being resynchronised after a lost reply). */
  discardPartial(): void {
    this.dropPartial();
  }

  /** Stops the partial-frame timer. */
  close(): void {
    this.clearTimer();
  }

  private dropPartial(): void {
    if (this.buf.length) this.problem('timeout', this.buf.length);
    this.buf = Buffer.alloc(0);
    this.started = 0;
    this.clearTimer();
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private drain(): void {
    for (;;) {
      const at = this.buf.indexOf(PREAMBLE);
      if (at < 0) {
        // Keep a tail that could be the start of a preamble; the rest is garbage.
        const keep = Math.min(this.buf.length, PREAMBLE.length - 1);
        const drop = this.buf.length - keep;
        let k = keep;
        while (k > 0 && !PREAMBLE.subarray(0, k).equals(this.buf.subarray(this.buf.length - k))) k--;
        if (drop + (keep - k) > 0) this.problem('garbage', drop + (keep - k));
        this.buf = this.buf.subarray(this.buf.length - k);
        this.started = 0;
        break;
      }
      if (at > 0) {
        this.problem('garbage', at);
        this.buf = this.buf.subarray(at);
      }
      if (!this.started) this.started = Date.now();
      if (this.buf.length < PREAMBLE.length + 2) break;
      const len = this.buf.readUInt16BE(PREAMBLE.length);
      if (len < this.minLen || len > MAX_LEN) {
        this.problem('bad-length', PREAMBLE.length);
        this.buf = this.buf.subarray(1); // resynchronise after this false preamble
        this.started = 0;
        continue;
      }
      const total = PREAMBLE.length + 2 + len;
      if (this.buf.length < total) break;
      const sum = xorChecksum(this.buf, PREAMBLE.length, total - 1);
      if (sum !== this.buf[total - 1]) {
        this.problem('bad-checksum', total);
        this.buf = this.buf.subarray(1);
        this.started = 0;
        continue;
      }
      this.sink.frame(Buffer.from(this.buf.subarray(PREAMBLE.length + 2, total - 1)));
      this.buf = this.buf.subarray(total);
      this.started = 0;
    }
    this.clearTimer();
    if (this.buf.length) {
      this.started ||= Date.now();
      this.timer = setTimeout(() => this.dropPartial(), this.timeoutMs);
      this.timer.unref?.();
    }
  }
}

/** Emits Buffers (frame bodies) as data, and 'problem' events ({ kind, bytes }) for what it drops. */
export class FrameParser extends Transform {
  private readonly decoder: FrameDecoder;

  constructor(opts: FramerOptions = {}) {
    super({ readableObjectMode: true });
    this.decoder = new FrameDecoder(
      { frame: (body) => this.push(body), problem: (kind, bytes) => this.emit('problem', { kind, bytes }) },
      opts,
    );
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.decoder.write(chunk);
    done();
  }

  override _flush(done: TransformCallback): void {
    this.decoder.close();
    done();
  }

  override _destroy(err: Error | null, cb: (e: Error | null) => void): void {
    this.decoder.close();
    cb(err);
  }
}

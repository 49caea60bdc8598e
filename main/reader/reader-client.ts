// Talks to a reader: one command at a time over a byte line (serialport's stream in the product;
// any Duplex stream fits), each answered within a timeout or failed with a code.
import { COMMANDS, parseReply, type CommandName, type Reply } from './protocol/commands.js';
import { encodeCommand } from './protocol/frame.js';
import { FrameDecoder } from './protocol/framer.js';

/** What the reader client and the simulator need of a line: a Node Duplex stream (a SerialPort) fits. */
export interface ByteLine {
  write(data: Buffer): unknown;
  on(event: 'data', listener: (chunk: Buffer) => void): unknown;
  on(event: 'close' | 'error', listener: (err?: Error) => void): unknown;
  off(event: 'data', listener: (chunk: Buffer) => void): unknown;
}

export class ReaderError extends Error {
  constructor(
    readonly code: 'TIMEOUT' | 'CLOSED' | 'BAD_REPLY' | Reply['status'],
    message: string,
  ) {
    super(message);
    this.name = 'ReaderError';
  }
}

/** Every command's frame, encoded once (an idle reader is sent the same find frame many times a second). */
const FRAMES = Object.fromEntries(Object.entries(COMMANDS).map(([name, [cmd, para]]) => [name, encodeCommand(cmd, para)])) as Record<
  CommandName,
  Buffer
>;

export class ReaderClient {
  private readonly parser: FrameDecoder;
  private pending: { resolve(r: Reply): void; reject(e: Error): void; timer: NodeJS.Timeout } | null = null;
  private chain: Promise<unknown> = Promise.resolve();
  private closed = false;
  /** Set when a reply was lost (timeout or damaged frame): a late answer may still be on its way. */
  private desynced = false;
  private lastRxAt = 0;
  private lostAt = 0;
  /** How long the line must stay quiet: the timeout of the command whose answer was lost. */
  private quietMs = 0;

  constructor(
    private readonly port: ByteLine,
    private readonly timeoutMs = 1000,
  ) {
    this.parser = new FrameDecoder(
      {
        frame: (body) => {
          const p = this.pending;
          if (!p) return; // an unsolicited frame: ignored
          this.pending = null;
          clearTimeout(p.timer);
          p.resolve(parseReply(body));
        },
      },
      { minLen: 4, timeoutMs: Math.min(500, timeoutMs) },
    );
    port.on('data', this.onData);
    const fail = () => {
      this.closed = true;
      const p = this.pending;
      this.pending = null;
      if (p) {
        clearTimeout(p.timer);
        p.reject(new ReaderError('CLOSED', 'the reader was disconnected'));
      }
    };
    port.on('close', fail);
    port.on('error', fail);
  }

  private readonly onData = (chunk: Buffer): void => {
    this.lastRxAt = Date.now();
    this.parser.write(chunk);
  };

  /**
   * Replies carry no command tag, so after a lost reply the line is resynchronised before the next
   * command: wait until nothing has arrived for a whole timeout since the loss, dropping what does.
   * Without this, a late answer to the previous card's read could be taken for the next card's.
   */
  private async resync(): Promise<void> {
    const quiet = this.quietMs;
    const deadline = Date.now() + 10 * quiet;
    for (;;) {
      const quietFor = Date.now() - Math.max(this.lastRxAt, this.lostAt);
      if (quietFor >= quiet || Date.now() >= deadline) break;
      await new Promise((r) => setTimeout(r, quiet - quietFor));
    }
    this.parser.discardPartial();
    this.desynced = false;
    this.quietMs = 0;
  }

  /**
   * A reply was lost or did not fit its command: before the next command the line must stay quiet
   * for as long as the lost command could take (a slow card read may answer seconds late).
   */
  lost(commandTimeoutMs = this.timeoutMs): void {
    this.desynced = true;
    this.lostAt = Date.now();
    this.quietMs = Math.max(this.quietMs, commandTimeoutMs);
  }

  /** Sends one command and waits for its reply (commands never overlap). */
  send(name: CommandName, timeoutMs = this.timeoutMs): Promise<Reply> {
    const run = async () => {
      if (this.desynced) await this.resync();
      return new Promise<Reply>((resolve, reject) => {
        if (this.closed) return reject(new ReaderError('CLOSED', 'the reader is disconnected'));
        const timer = setTimeout(() => {
          this.pending = null;
          this.lost(timeoutMs);
          reject(new ReaderError('TIMEOUT', `the reader did not answer ${name} within ${timeoutMs} ms`));
        }, timeoutMs);
        this.pending = { resolve, reject, timer };
        this.port.write(FRAMES[name]);
      });
    };
    const next = this.chain.then(run, run);
    this.chain = next.catch(() => {});
    return next;
  }

  close(): void {
    this.closed = true;
    this.port.off('data', this.onData);
    this.parser.close();
  }
}

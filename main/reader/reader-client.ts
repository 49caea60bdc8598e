// Talks to a reader: one command at a time over any duplex byte stream (a serialport in the
// product, a pty in tests), each answered within a timeout or failed with a code.
import type { Duplex } from 'node:stream';
import { COMMANDS, parseReply, type CommandName, type Reply } from './protocol/commands.js';
import { encodeCommand } from './protocol/frame.js';
import { FrameParser } from './protocol/framer.js';

export class ReaderError extends Error {
  constructor(
    readonly code: 'TIMEOUT' | 'CLOSED' | 'BAD_REPLY' | Reply['status'],
    message: string,
  ) {
    super(message);
    this.name = 'ReaderError';
  }
}

export class ReaderClient {
  private readonly parser: FrameParser;
  private pending: { resolve(r: Reply): void; reject(e: Error): void; timer: NodeJS.Timeout } | null = null;
  private chain: Promise<unknown> = Promise.resolve();
  private closed = false;

  constructor(
    private readonly port: Duplex,
    private readonly timeoutMs = 1000,
  ) {
    this.parser = new FrameParser({ minLen: 4, timeoutMs: Math.min(500, timeoutMs) });
    port.pipe(this.parser);
    this.parser.on('data', (body: Buffer) => {
      const p = this.pending;
      if (!p) return; // an unsolicited frame: ignored
      this.pending = null;
      clearTimeout(p.timer);
      p.resolve(parseReply(body));
    });
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

  /** Sends one command and waits for its reply (commands never overlap). */
  send(name: CommandName, timeoutMs = this.timeoutMs): Promise<Reply> {
    const run = () =>
      new Promise<Reply>((resolve, reject) => {
        if (this.closed) return reject(new ReaderError('CLOSED', 'the reader is disconnected'));
        const [cmd, para] = COMMANDS[name];
        const timer = setTimeout(() => {
          this.pending = null;
          reject(new ReaderError('TIMEOUT', `the reader did not answer ${name} within ${timeoutMs} ms`));
        }, timeoutMs);
        this.pending = { resolve, reject, timer };
        this.port.write(encodeCommand(cmd, para));
      });
    const next = this.chain.then(run, run);
    this.chain = next.catch(() => {});
    return next;
  }

  close(): void {
    this.closed = true;
    this.port.unpipe(this.parser);
    this.parser.destroy();
  }
}

// An open serial port as a plain byte line: serialport's binding (direct-io-binding.ts) with a read
// loop and ordered writes, without Node's stream machinery in between. An idle reader is polled
// many times a second with one short command and one short answer; through serialport's Duplex
// stream the stream layers cost more CPU than the I/O itself (bench:reader, idle CPU).
import { EventEmitter } from 'node:events';
import type { BindingPortInterface } from '@serialport/bindings-cpp';
import { serialBinding } from './direct-io-binding.js';

/** What the reader client and the simulator need of a line; a Node Duplex stream fits too. */
export interface ByteLine {
  write(data: Buffer): unknown;
  on(event: 'data', listener: (chunk: Buffer) => void): unknown;
  on(event: 'close' | 'error', listener: (err?: Error) => void): unknown;
  off(event: 'data', listener: (chunk: Buffer) => void): unknown;
}

const READ_CHUNK = 4096;

export declare interface SerialLine {
  on(event: 'data', listener: (chunk: Buffer) => void): this;
  on(event: 'close' | 'error', listener: (err?: Error) => void): this;
  once(event: 'data', listener: (chunk: Buffer) => void): this;
  once(event: 'close', listener: (err?: Error) => void): this;
}

export class SerialLine extends EventEmitter implements ByteLine {
  private closing: Promise<void> | null = null;
  private writing: Promise<void> = Promise.resolve();

  private constructor(
    readonly path: string,
    private readonly port: BindingPortInterface,
  ) {
    super();
    void this.pump();
  }

  /** Opens `path` at `baudRate`, 8N1, resolving once the port is open. */
  static async open(path: string, baudRate: number): Promise<SerialLine> {
    return new SerialLine(path, await serialBinding().open({ path, baudRate }));
  }

  get isOpen(): boolean {
    return this.closing === null && this.port.isOpen;
  }

  /** Queues `data` behind earlier writes; a write that fails closes the line (the device is gone). */
  write(data: Buffer): void {
    this.writing = this.writing.then(async () => {
      if (!this.isOpen) return;
      try {
        await this.port.write(data);
      } catch (err) {
        this.lost(err as Error);
      }
    });
  }

  /** Closes the port; 'close' is emitted once. */
  close(): Promise<void> {
    return this.shut(undefined);
  }

  private async pump(): Promise<void> {
    const buffer = Buffer.allocUnsafe(READ_CHUNK);
    while (this.isOpen) {
      try {
        const { bytesRead } = await this.port.read(buffer, 0, READ_CHUNK);
        this.emit('data', Buffer.from(buffer.subarray(0, bytesRead)));
      } catch (err) {
        // A canceled read is our own close; anything else is the device going away.
        if (!(err as { canceled?: boolean }).canceled) this.lost(err as Error);
        return;
      }
    }
  }

  private lost(err: Error): void {
    if (this.closing) return;
    void this.shut(Object.assign(err, { disconnected: true }));
  }

  private shut(err: Error | undefined): Promise<void> {
    this.closing ??= (async () => {
      try {
        if (this.port.isOpen) await this.port.close();
      } catch {
        // already gone (unplugged): nothing to release
      }
      if (err && this.listenerCount('error')) this.emit('error', err);
      this.emit('close', err);
    })();
    return this.closing;
  }
}

// The reader side of the protocol, for tests, demos and installers: answers commands on a byte
// stream (one end of a pty pair), holds the card currently "placed", and injects faults on demand.
import { COMMANDS, type CommandName } from '../protocol/commands.js';
import { encodeReply } from '../protocol/frame.js';
import { FrameDecoder } from '../protocol/framer.js';
import type { ByteLine } from '../reader-client.js';

export interface SimCard {
  text: Buffer;
  photo: Buffer;
  /** Fingerprint block (cards without fingerprints answer 30 10 with an empty block). */
  fingerprint?: Buffer;
}

export type Fault = 'garbage' | 'bad-checksum' | 'split' | 'slow' | 'silent' | 'remove-mid-read';

const OK = [0, 0, 0x90] as const;
const FOUND = [0, 0, 0x9f] as const;
const NO_CARD = [0, 0, 0x80] as const;
const READ_FAILED = [0, 0, 0x41] as const;

export class ReaderSimulator {
  private card: SimCard | null = null;
  private selected = false;
  private readonly faults: { fault: Fault; on: CommandName | 'any' }[] = [];
  private readonly parser = new FrameDecoder({ frame: (body) => void this.answer(body) }, { minLen: 3 });
  readonly samId = Buffer.from('0501000000000000000000000000000000000000', 'hex').subarray(0, 16);

  /** With `baud`, replies are paced like a real line (10 bits per byte); otherwise a pty is instant. */
  constructor(
    private readonly port: ByteLine,
    private readonly baud: number | null = null,
  ) {
    port.on('data', this.onData);
  }

  private readonly onData = (chunk: Buffer): void => void this.parser.write(chunk);

  place(card: SimCard): void {
    this.card = card;
    this.selected = false;
  }

  remove(): void {
    this.card = null;
    this.selected = false;
  }

  /** Whether a card lies on the reader (a 'remove-mid-read' fault takes it away). */
  get hasCard(): boolean {
    return this.card !== null;
  }

  /** Drops faults queued but not yet used. */
  clearFaults(): void {
    this.faults.length = 0;
  }

  /** The next reply to `on` (any command by default) carries this fault; faults queue up. */
  inject(fault: Fault, on: CommandName | 'any' = 'any'): void {
    this.faults.push({ fault, on });
  }

  private async write(frame: Buffer, command: CommandName | null): Promise<void> {
    const i = this.faults.findIndex((f) => f.on === 'any' || f.on === command);
    const fault = i >= 0 ? this.faults.splice(i, 1)[0]!.fault : undefined;
    switch (fault) {
      case 'silent':
        return;
      case 'garbage':
        this.port.write(Buffer.from([0x13, 0x37, 0xaa, 0x00, 0xff, 0x96]));
        this.port.write(frame);
        return;
      case 'bad-checksum': {
        const bad = Buffer.from(frame);
        bad[bad.length - 1] = bad[bad.length - 1]! ^ 0x5a;
        this.port.write(bad);
        return;
      }
      case 'split':
        for (let i = 0; i < frame.length; i += 7) {
          this.port.write(frame.subarray(i, i + 7));
          await new Promise((r) => setTimeout(r, 2));
        }
        return;
      case 'slow':
        await new Promise((r) => setTimeout(r, 300));
        this.port.write(frame);
        return;
      case 'remove-mid-read':
        this.card = null;
        this.port.write(frame.subarray(0, Math.floor(frame.length / 2)));
        return;
      default:
        await this.paced(frame);
    }
  }

  private async paced(frame: Buffer): Promise<void> {
    if (!this.baud) {
      this.port.write(frame);
      return;
    }
    const chunk = 64;
    const t0 = performance.now();
    for (let i = 0; i < frame.length; i += chunk) {
      this.port.write(frame.subarray(i, i + chunk));
      const due = t0 + (((i + chunk) * 10) / this.baud) * 1000;
      const wait = due - performance.now();
      if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    }
  }

  private async answer(body: Buffer): Promise<void> {
    const [cmd, para] = [body[0], body[1]];
    const name = (Object.keys(COMMANDS) as CommandName[]).find((n) => COMMANDS[n][0] === cmd && COMMANDS[n][1] === para) ?? null;
    switch (name) {
      case 'samStatus':
      case 'reset':
        return this.write(encodeReply(OK), name);
      case 'samId':
        return this.write(encodeReply(OK, this.samId), name);
      case 'findCard':
        return this.write(this.card ? encodeReply(FOUND, Buffer.alloc(4)) : encodeReply(NO_CARD), name);
      case 'selectCard':
        this.selected = this.card !== null;
        return this.write(this.card ? encodeReply(OK, Buffer.alloc(8)) : encodeReply([0, 0, 0x81]), name);
      case 'readBasic':
      case 'readWithFingerprint': {
        if (!this.card || !this.selected) return this.write(encodeReply(READ_FAILED), name);
        const fp = name === 'readWithFingerprint' ? (this.card.fingerprint ?? Buffer.alloc(0)) : null;
        const lens = Buffer.alloc(fp ? 6 : 4);
        lens.writeUInt16BE(this.card.text.length, 0);
        lens.writeUInt16BE(this.card.photo.length, 2);
        if (fp) lens.writeUInt16BE(fp.length, 4);
        return this.write(encodeReply(OK, Buffer.concat([lens, this.card.text, this.card.photo, ...(fp ? [fp] : [])])), name);
      }
      default:
        return this.write(encodeReply([0, 0, 0x21]), name);
    }
  }

  close(): void {
    this.port.off('data', this.onData);
    this.parser.close();
  }
}

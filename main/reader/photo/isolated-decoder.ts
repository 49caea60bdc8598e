// The vendor WLT library run OUTSIDE the main process: a child Node process (Electron: the same
// binary as Node, ELECTRON_RUN_AS_NODE) loads it through koffi and decodes one photo at a time,
// each within a deadline. A crash (segfault, abort) or a hang inside the vendor code fails that one
// card with a clear message; the child is replaced for the next card and the app never goes down.
// The child's code is a string here (not a file beside this one), so it runs the same from the
// sources, the bundles and the packaged app.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { DecodeAnswerSchema, PhotoDecoderStateSchema } from '../../contracts/photo-decoder.js';
import { PhotoDecoderError, type PhotoDecoder, type PhotoDecoderState } from './decoder.js';
import { bmpFromRawBgr, WLT_BYTES } from './vendor-library.js';

/** How long one photo may take in the vendor library (a real one takes a few milliseconds). */
export const WLT_DEADLINE_MS = 3000;

// CommonJS, run with `node -e`: argv[1] koffi's path, argv[2] the library, argv[3] 'probe' or 'serve'.
const CHILD = String.raw`
const koffi = require(process.argv[1]);
const fs = require('node:fs'), os = require('node:os'), path = require('node:path');
let lib, unpack = null, getBmp = null;
try { lib = koffi.load(process.argv[2]); } catch (e) {
  const out = { kind: 'none', reason: 'the WLT decoder library could not be loaded from ' + process.argv[2] + ': ' + String(e.message).split('\n')[0] };
  if (process.send) process.send(out); else process.stdout.write(JSON.stringify(out));
  process.exit(0);
}
try { unpack = lib.func('int unpack(uint8_t *wlt, _Out_ uint8_t *out, int bmpSave)'); } catch {}
if (!unpack) try { getBmp = lib.func('int GetBmp(const char *wltFile, int intf)'); } catch {}
const name = path.basename(process.argv[2]);
const state = unpack || getBmp ? { kind: 'ready', name, entry: unpack ? 'unpack' : 'GetBmp' } : { kind: 'none', reason: name + ' has neither unpack() nor GetBmp(): not a known WLT decoder' };
if (process.argv[3] === 'probe') { process.stdout.write(JSON.stringify(state)); process.exit(0); }
process.send(state);
process.on('disconnect', () => process.exit(0));
process.on('message', (m) => {
  const wlt = Buffer.from(m.wlt, 'base64');
  try {
    let out;
    if (unpack) {
      out = Buffer.alloc(54 + 308 * 126);
      if (unpack(wlt, out, 1) !== 1) return process.send({ id: m.id, ok: false });
    } else {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sophon-wlt-'));
      try {
        const file = path.join(dir, 'zp.wlt');
        fs.writeFileSync(file, wlt);
        if (getBmp(file, 2) !== 1) return process.send({ id: m.id, ok: false });
        out = fs.readFileSync(path.join(dir, 'zp.bmp'));
      } finally { fs.rmSync(dir, { recursive: true, force: true }); }
    }
    process.send({ id: m.id, ok: true, bmp: out.toString('base64') });
  } catch (e) {
    process.send({ id: m.id, ok: false, message: String(e.message).split('\n')[0] });
  }
});
`;

const KOFFI = createRequire(import.meta.url).resolve('koffi');
const childEnv = () => ({ ...process.env, ELECTRON_RUN_AS_NODE: '1' });

interface Pending {
  id: number;
  child: ChildProcess;
  resolve(b: Buffer): void;
  reject(e: Error): void;
  timer: NodeJS.Timeout;
}

export class IsolatedWltDecoder implements PhotoDecoder {
  readonly state: PhotoDecoderState;
  private child: ChildProcess | null = null;
  private pending: Pending | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private nextId = 1;
  /** Children replaced after a crash or a hang (for the diagnostics and the tests). */
  restarts = 0;

  constructor(
    private readonly libraryPath: string,
    private readonly deadlineMs = WLT_DEADLINE_MS,
  ) {
    // The library is probed once, in a throwaway child: a library that crashes on load cannot take
    // the app with it either.
    const probe = spawnSync(process.execPath, ['-e', CHILD, KOFFI, libraryPath, 'probe'], {
      env: childEnv(),
      encoding: 'utf8',
      timeout: 10_000,
    });
    let state: PhotoDecoderState;
    try {
      state = PhotoDecoderStateSchema.parse(JSON.parse(probe.stdout));
    } catch {
      state = {
        kind: 'none',
        reason: `the WLT decoder library ${path.basename(libraryPath)} failed while loading (${probe.signal ?? `exit ${probe.status}`})`,
      };
    }
    this.state = state;
  }

  private spawnChild(): ChildProcess {
    const child = spawn(process.execPath, ['-e', CHILD, KOFFI, this.libraryPath, 'serve'], {
      env: childEnv(),
      stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
    });
    child.on('message', (raw) => {
      const p = this.pending;
      const answer = DecodeAnswerSchema.safeParse(raw);
      // The ready message, an answer to a request already given up, or one out of shape (its deadline fails it).
      if (!p || p.child !== child || !answer.success || answer.data.id !== p.id) return;
      const m = answer.data;
      this.settle();
      if (m.ok && m.bmp) {
        const out = Buffer.from(m.bmp, 'base64');
        p.resolve(out[0] === 0x42 && out[1] === 0x4d ? out : bmpFromRawBgr(out));
      } else
        p.reject(
          new PhotoDecoderError(
            'DECODE_FAILED',
            `the vendor decoder could not decode this chip photo${m.message ? ` (${m.message})` : ''}; take the card off and lay it again`,
          ),
        );
    });
    child.on('exit', (code, signal) => {
      if (this.child === child) this.child = null;
      const p = this.pending;
      if (!p || p.child !== child) return; // a child already given up on (hang) exits later
      this.settle();
      this.restarts++;
      p.reject(
        new PhotoDecoderError(
          'CRASHED',
          `the WLT decoder library crashed on this card (${signal ?? `exit ${code}`}); the card could not be read. ` +
            'Take it off and lay it again; if it happens again, the card or the vendor library is faulty',
        ),
      );
    });
    child.on('error', () => {});
    // An idle child never keeps the app from exiting; a decode in flight does (see decodeOne).
    child.unref();
    child.channel?.unref();
    return child;
  }

  private settle(): void {
    if (this.pending) {
      clearTimeout(this.pending.timer);
      this.pending.child.channel?.unref();
    }
    this.pending = null;
  }

  async decode(photo: Uint8Array): Promise<Buffer> {
    if (this.state.kind !== 'ready') throw new PhotoDecoderError('LIBRARY_NOT_LOADED', this.state.reason);
    if (photo.length < WLT_BYTES) throw new PhotoDecoderError('DECODE_FAILED', `a WLT photo is ${WLT_BYTES} bytes; got ${photo.length}`);
    const wlt = Buffer.from(photo.subarray(0, WLT_BYTES));
    // One photo at a time: the vendor libraries are not known to be re-entrant.
    const run = this.queue.then(() => this.decodeOne(wlt));
    this.queue = run.catch(() => {});
    return run;
  }

  private decodeOne(wlt: Buffer): Promise<Buffer> {
    this.child ??= this.spawnChild();
    const child = this.child;
    return new Promise<Buffer>((resolve, reject) => {
      const id = this.nextId++;
      const timer = setTimeout(() => {
        if (this.pending?.id !== id) return;
        this.settle();
        this.restarts++;
        if (this.child === child) this.child = null;
        child.kill('SIGKILL');
        reject(
          new PhotoDecoderError(
            'TIMED_OUT',
            `the WLT decoder library did not answer within ${this.deadlineMs / 1000} s and was stopped; the card could not be read. Take it off and lay it again`,
          ),
        );
      }, this.deadlineMs);
      this.pending = { id, child, resolve, reject, timer };
      child.channel?.ref();
      child.send({ id, wlt: wlt.toString('base64') });
    });
  }

  /** Stops the child (app shutdown). */
  close(): void {
    this.child?.kill();
    this.child = null;
  }
}

// The vendor WLT decoder loaded through koffi IN THIS PROCESS: what the product runs is
// IsolatedWltDecoder (isolated-decoder.ts), which calls the same entry points in a child process, so
// that a crash or a hang in vendor code cannot take the app down. This adapter stays for its tests and
// for one-off tools. Entry points, declared once:
//   libwlt2bmp.so (Linux):  int unpack(uint8_t *wlt, uint8_t *out, int bmpSave)  → 1 on success;
//                           out holds a 102×126 24-bit BMP (38,862 bytes) or raw bottom-up BGR (38,556).
//   WltRS.dll (Windows):    int GetBmp(const char *wltFile, int intf)            → 1 on success;
//                           writes <wltFile without extension>.bmp.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import koffi, { type LibraryHandle } from 'koffi';
import { PhotoDecoderError, type PhotoDecoder, type PhotoDecoderState } from './decoder.js';

export const WLT_BYTES = 1024;
export const PHOTO_W = 102;
export const PHOTO_H = 126;
const STRIDE = Math.ceil((PHOTO_W * 3) / 4) * 4;
const BMP_BYTES = 54 + STRIDE * PHOTO_H;

/** A 24-bit BMP header for raw bottom-up BGR rows. */
export function bmpFromRawBgr(raw: Uint8Array): Buffer {
  const out = Buffer.alloc(BMP_BYTES);
  out.write('BM', 0, 'ascii');
  out.writeUInt32LE(BMP_BYTES, 2);
  out.writeUInt32LE(54, 10);
  out.writeUInt32LE(40, 14);
  out.writeInt32LE(PHOTO_W, 18);
  out.writeInt32LE(PHOTO_H, 22);
  out.writeUInt16LE(1, 26);
  out.writeUInt16LE(24, 28);
  for (let y = 0; y < PHOTO_H; y++) Buffer.from(raw.subarray(y * PHOTO_W * 3, (y + 1) * PHOTO_W * 3)).copy(out, 54 + y * STRIDE);
  return out;
}

export class VendorWltDecoder implements PhotoDecoder {
  readonly state: PhotoDecoderState;
  private readonly decodeFn: ((wlt: Uint8Array) => Buffer) | null = null;

  constructor(libraryPath: string) {
    let lib: LibraryHandle;
    try {
      lib = koffi.load(libraryPath);
    } catch (e) {
      this.state = {
        kind: 'none',
        reason: `the WLT decoder library could not be loaded from ${libraryPath}: ${(e as Error).message.split('\n')[0]}`,
      };
      return;
    }
    const unpack = tryFunc(lib, 'int unpack(uint8_t *wlt, _Out_ uint8_t *out, int bmpSave)');
    const getBmp = unpack ? null : tryFunc(lib, 'int GetBmp(const char *wltFile, int intf)');
    if (unpack) {
      this.decodeFn = (wlt) => {
        const out = Buffer.alloc(BMP_BYTES);
        if (unpack(wlt, out, 1) !== 1) throw new PhotoDecoderError('DECODE_FAILED', 'the vendor decoder could not decode this chip photo');
        return out[0] === 0x42 && out[1] === 0x4d ? out : bmpFromRawBgr(out);
      };
    } else if (getBmp) {
      this.decodeFn = (wlt) => {
        const dir = mkdtempSync(path.join(os.tmpdir(), 'sophon-wlt-'));
        try {
          const file = path.join(dir, 'zp.wlt');
          writeFileSync(file, wlt);
          if (getBmp(file, 2) !== 1) throw new PhotoDecoderError('DECODE_FAILED', 'the vendor decoder could not decode this chip photo');
          return readFileSync(path.join(dir, 'zp.bmp'));
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      };
    }
    this.state = this.decodeFn
      ? { kind: 'ready', name: path.basename(libraryPath) }
      : { kind: 'none', reason: `${path.basename(libraryPath)} has neither unpack() nor GetBmp(): not a known WLT decoder` };
  }

  async decode(photo: Uint8Array): Promise<Buffer> {
    if (!this.decodeFn) throw new PhotoDecoderError('LIBRARY_NOT_LOADED', this.state.kind === 'none' ? this.state.reason : 'no decoder');
    if (photo.length < WLT_BYTES) throw new PhotoDecoderError('DECODE_FAILED', `a WLT photo is ${WLT_BYTES} bytes; got ${photo.length}`);
    return this.decodeFn(photo.subarray(0, WLT_BYTES));
  }
}

function tryFunc(lib: LibraryHandle, signature: string): ((...args: unknown[]) => number) | null {
  try {
    return lib.func(signature) as (...args: unknown[]) => number;
  } catch {
    return null;
  }
}

// The simulator's WLT mode. Real cards carry their photo as a 1,024-byte WLT blob that only the
// reader vendor's library turns into the 102×126 BMP; no vendor binary is shipped or committed, so
// the simulator makes a stand-in pair:
//   - the blob: 'SWLT', a 2-byte length, a baseline JPEG of the chip photo small enough to fit,
//     zero padding to 1,024 bytes ('SWLC' marks a blob the library crashes on, 'SWLH' one it hangs on);
//   - the library: C with the vendor's entry point `int unpack(uint8_t *wlt, uint8_t *bmp, int bmpSave)`,
//     compiled at test time with the system's C compiler and the product's own baseline JPEG decoder
//     (native/image-kernels/src), writing the 24-bit bottom-up BMP a real library writes.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../cli/project-root.js';

export const WLT_BLOB_BYTES = 1024;
const HEADER = 6;
export type WltMark = 'normal' | 'crash' | 'hang';
const MAGIC: Record<WltMark, string> = { normal: 'SWLT', crash: 'SWLC', hang: 'SWLH' };

/** A 1,024-byte stand-in WLT blob carrying `jpeg` (a 102×126 baseline JPEG of at most 1,018 bytes). */
export function wltBlobOf(jpeg: Uint8Array, mark: WltMark = 'normal'): Buffer {
  if (jpeg.length > WLT_BLOB_BYTES - HEADER) throw new Error(`the chip photo is ${jpeg.length} bytes; a WLT blob holds ${WLT_BLOB_BYTES - HEADER}`);
  const out = Buffer.alloc(WLT_BLOB_BYTES);
  out.write(MAGIC[mark], 0, 'ascii');
  out.writeUInt16BE(jpeg.length, 4);
  Buffer.from(jpeg).copy(out, HEADER);
  return out;
}

const SOURCE = String.raw`
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "jpeg-baseline.h"

static uint8_t *take(void *ctx, size_t n) { return *(uint8_t **)ctx = malloc(n); }
static void le32(uint8_t *p, uint32_t v) { p[0] = v; p[1] = v >> 8; p[2] = v >> 16; p[3] = v >> 24; }

/* The vendor's entry point: 1 on success, bmp holds a 102x126 24-bit BMP (38,862 bytes). */
int unpack(uint8_t *wlt, uint8_t *bmp, int bmpSave) {
  (void)bmpSave;
  if (memcmp(wlt, "SWLC", 4) == 0) { raise(SIGSEGV); return 0; }
  if (memcmp(wlt, "SWLH", 4) == 0) { for (;;) pause(); }
  if (memcmp(wlt, "SWLT", 4) != 0) return -1;
  size_t len = (size_t)wlt[4] << 8 | wlt[5];
  if (len > 1024 - 6) return -1;
  uint8_t *rgb = NULL;
  int w = 0, h = 0;
  const char *why = jpeg_baseline_decode(wlt + 6, len, 1e6, take, &rgb, &w, &h);
  if (why || w != 102 || h != 126) { free(rgb); return -2; }
  const int stride = 308, size = 54 + stride * 126;
  memset(bmp, 0, size);
  bmp[0] = 'B'; bmp[1] = 'M'; le32(bmp + 2, size); le32(bmp + 10, 54); le32(bmp + 14, 40);
  le32(bmp + 18, 102); le32(bmp + 22, 126); bmp[26] = 1; bmp[28] = 24; le32(bmp + 34, stride * 126);
  for (int y = 0; y < 126; y++)
    for (int x = 0; x < 102; x++) {
      const uint8_t *s = rgb + ((size_t)(125 - y) * 102 + x) * 3;
      uint8_t *d = bmp + 54 + (size_t)y * stride + x * 3;
      d[0] = s[2]; d[1] = s[1]; d[2] = s[0];
    }
  free(rgb);
  return 1;
}
`;

/** Compiles the stand-in library into `dir` (once) and returns its path; needs gcc or cc. */
export function buildStandInWltLibrary(dir: string): string {
  const lib = path.join(dir, 'libwlt2bmp.so');
  if (existsSync(lib)) return lib;
  mkdirSync(dir, { recursive: true });
  const src = path.join(dir, 'wlt-standin.c');
  writeFileSync(src, SOURCE);
  const kernels = path.join(PROJECT_ROOT, 'native/image-kernels/src');
  execFileSync('cc', ['-O2', '-shared', '-fPIC', '-I', kernels, '-o', lib, src, path.join(kernels, 'jpeg-baseline.c'), path.join(kernels, 'cpu-features.c')], { stdio: 'pipe' });
  return lib;
}

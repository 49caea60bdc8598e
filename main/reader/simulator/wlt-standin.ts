// The simulator's WLT mode. Real cards carry their photo as a 1,024-byte WLT blob that only the
// reader vendor's library turns into the 102×126 BMP; no vendor binary is shipped or committed, so
// the simulator makes a stand-in pair:
//   - the blob: 'SWLT', a 2-byte length, a baseline JPEG of the chip photo small enough to fit,
//     zero padding to 1,024 bytes ('SWLC' marks a blob the library crashes on, 'SWLH' one it hangs on);
//   - the library: C with the vendor's entry point `int unpack(uint8_t *wlt, uint8_t *bmp, int bmpSave)`,
//     compiled at test time with the system's C compiler against libjpeg-turbo (Debian
//     libjpeg62-turbo-dev), writing the 24-bit bottom-up BMP a real library writes.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const WLT_BLOB_BYTES = 1024;
const HEADER = 6;
export type WltMark = 'normal' | 'crash' | 'hang';
const MAGIC: Record<WltMark, string> = { normal: 'SWLT', crash: 'SWLC', hang: 'SWLH' };

/** A 1,024-byte stand-in WLT blob carrying `jpeg` (a 102×126 baseline JPEG of at most 1,018 bytes). */
export function wltBlobOf(jpeg: Uint8Array, mark: WltMark = 'normal'): Buffer {
  if (jpeg.length > WLT_BLOB_BYTES - HEADER)
    throw new Error(`the chip photo is ${jpeg.length} bytes; a WLT blob holds ${WLT_BLOB_BYTES - HEADER}`);
  const out = Buffer.alloc(WLT_BLOB_BYTES);
  out.write(MAGIC[mark], 0, 'ascii');
  out.writeUInt16BE(jpeg.length, 4);
  Buffer.from(jpeg).copy(out, HEADER);
  return out;
}

/** The same blob marked for the fault tests: the stand-in library crashes or hangs on it. */
export function markedWlt(blob: Uint8Array, mark: WltMark): Buffer {
  const out = Buffer.from(blob);
  out.write(MAGIC[mark], 0, 'ascii');
  return out;
}

const SOURCE = String.raw`
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <jpeglib.h>

struct failure { struct jpeg_error_mgr mgr; jmp_buf jump; };
static void on_error(j_common_ptr c) { longjmp(((struct failure *)c->err)->jump, 1); }
static void le32(uint8_t *p, uint32_t v) { p[0] = v; p[1] = v >> 8; p[2] = v >> 16; p[3] = v >> 24; }

/* The vendor's entry point: 1 on success, bmp holds a 102x126 24-bit BMP (38,862 bytes). */
int unpack(uint8_t *wlt, uint8_t *bmp, int bmpSave) {
  (void)bmpSave;
  if (memcmp(wlt, "SWLC", 4) == 0) { raise(SIGSEGV); return 0; }
  if (memcmp(wlt, "SWLH", 4) == 0) { for (;;) pause(); }
  if (memcmp(wlt, "SWLT", 4) != 0) return -1;
  unsigned long len = (unsigned long)wlt[4] << 8 | wlt[5];
  if (len > 1024 - 6) return -1;
  struct jpeg_decompress_struct d;
  struct failure f;
  d.err = jpeg_std_error(&f.mgr);
  f.mgr.error_exit = on_error;
  if (setjmp(f.jump)) { jpeg_destroy_decompress(&d); return -2; }
  jpeg_create_decompress(&d);
  jpeg_mem_src(&d, wlt + 6, len);
  jpeg_read_header(&d, TRUE);
  d.out_color_space = JCS_RGB;
  jpeg_start_decompress(&d);
  if (d.output_width != 102 || d.output_height != 126 || d.output_components != 3) { jpeg_destroy_decompress(&d); return -2; }
  const int stride = 308, size = 54 + stride * 126;
  memset(bmp, 0, size);
  bmp[0] = 'B'; bmp[1] = 'M'; le32(bmp + 2, size); le32(bmp + 10, 54); le32(bmp + 14, 40);
  le32(bmp + 18, 102); le32(bmp + 22, 126); bmp[26] = 1; bmp[28] = 24; le32(bmp + 34, stride * 126);
  uint8_t row[102 * 3];
  JSAMPROW rows[1] = { row };
  while (d.output_scanline < 126) {
    int y = d.output_scanline;
    jpeg_read_scanlines(&d, rows, 1);
    uint8_t *out = bmp + 54 + (size_t)(125 - y) * stride; /* bottom-up rows */
    for (int x = 0; x < 102; x++) { out[3 * x] = row[3 * x + 2]; out[3 * x + 1] = row[3 * x + 1]; out[3 * x + 2] = row[3 * x]; }
  }
  jpeg_finish_decompress(&d);
  jpeg_destroy_decompress(&d);
  return 1;
}
`;

/** Compiles the stand-in library into `dir` (once) and returns its path; needs a C compiler and libjpeg's headers. */
export function buildStandInWltLibrary(dir: string): string {
  const lib = path.join(dir, 'libwlt2bmp.so');
  if (existsSync(lib)) return lib;
  mkdirSync(dir, { recursive: true });
  const src = path.join(dir, 'wlt-standin.c');
  writeFileSync(src, SOURCE);
  execFileSync('cc', ['-O2', '-shared', '-fPIC', '-o', lib, src, '-ljpeg'], { stdio: 'pipe' });
  return lib;
}

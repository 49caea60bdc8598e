// The WLT decoder plug-in: pass-through, "no decoder" state, and the koffi adapter loading a real
// shared library with the vendor entry point (a stand-in built here from C source; no vendor binary).
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ChainDecoder, PassThroughDecoder, PhotoDecoderError } from '../../main/reader/photo/decoder.js';
import { VendorWltDecoder, WLT_BYTES } from '../../main/reader/photo/vendor-library.js';
import { IsolatedWltDecoder } from '../../main/reader/photo/isolated-decoder.js';
import { decodeImage } from '../../main/engine/image/decode.js';
import { faceBytes } from '../helpers/faces.js';

const hasCc = spawnSync('cc', ['--version']).status === 0;

describe('chip photo decoders', () => {
  it('passes finished images through and says clearly when WLT cannot be decoded', async () => {
    const d = new PassThroughDecoder();
    const jpeg = faceBytes('dev/p01/img10.jpg');
    assert.deepEqual(await d.decode(jpeg), jpeg);
    assert.equal(d.state.kind, 'none');
    await assert.rejects(
      d.decode(Buffer.alloc(WLT_BYTES, 7)),
      (e) => e instanceof PhotoDecoderError && e.code === 'NO_DECODER' && /WLT decoder/.test(e.message),
    );
  });

  it('reports a library that cannot be loaded, without throwing', async () => {
    const d = new VendorWltDecoder('/nonexistent/libwlt2bmp.so');
    assert.equal(d.state.kind, 'none');
    assert.match((d.state as { reason: string }).reason, /could not be loaded/);
    await assert.rejects(d.decode(Buffer.alloc(WLT_BYTES)), (e) => e instanceof PhotoDecoderError && e.code === 'LIBRARY_NOT_LOADED');
  });

  it(
    'calls unpack() of a shared library through koffi and returns a BMP the engine reads',
    { skip: hasCc ? false : 'no C compiler to build the stand-in library' },
    async () => {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'sophon-wlt-'));
      const src = path.join(dir, 'standin.c');
      // Stand-in with the vendor's signature: writes raw bottom-up BGR filled from the input's first byte.
      writeFileSync(
        src,
        'int unpack(unsigned char *src, unsigned char *dst, int bmpSave) {\n' +
          '  if (src[0] == 0xEE) return -1;\n' +
          '  for (int i = 0; i < 102 * 126 * 3; i++) dst[i] = (unsigned char)(src[0] + i % 3);\n' +
          '  return 1;\n' +
          '}\n',
      );
      const lib = path.join(dir, 'libwlt2bmp.so');
      execFileSync('cc', ['-shared', '-fPIC', '-o', lib, src]);
      const d = new ChainDecoder(new VendorWltDecoder(lib));
      assert.deepEqual(d.state, { kind: 'ready', name: 'libwlt2bmp.so' });
      const wlt = Buffer.alloc(WLT_BYTES, 0);
      wlt[0] = 100;
      const bmp = await d.decode(wlt);
      const img = await decodeImage(bmp, 'card');
      assert.deepEqual([img.width, img.height, img.format], [102, 126, 'bmp']);
      assert.deepEqual([...img.data.subarray(0, 3)], [102, 101, 100], 'BGR → RGB');
      const bad = Buffer.alloc(WLT_BYTES, 0xee);
      await assert.rejects(d.decode(bad), (e) => e instanceof PhotoDecoderError && e.code === 'DECODE_FAILED');
      const jpeg = faceBytes('dev/p01/img10.jpg');
      assert.deepEqual(await d.decode(jpeg), jpeg, 'finished images still pass through');
    },
  );

  it(
    'the isolated decoder (the vendor library in a child process) reports a library that cannot be loaded or is not a WLT decoder, without loading it here',
    { skip: hasCc ? false : 'no C compiler to build the not-a-decoder library' },
    async () => {
      const missing = new IsolatedWltDecoder('/nonexistent/libwlt2bmp.so');
      assert.equal(missing.state.kind, 'none');
      assert.match((missing.state as { reason: string }).reason, /could not be loaded/);
      await assert.rejects(
        missing.decode(Buffer.alloc(WLT_BYTES)),
        (e) => e instanceof PhotoDecoderError && e.code === 'LIBRARY_NOT_LOADED',
      );
      const dir = mkdtempSync(path.join(os.tmpdir(), 'sophon-wlt-'));
      writeFileSync(path.join(dir, 'other.c'), 'int add(int a, int b) { return a + b; }\n');
      execFileSync('cc', ['-shared', '-fPIC', '-o', path.join(dir, 'libother.so'), path.join(dir, 'other.c')]);
      const other = new IsolatedWltDecoder(path.join(dir, 'libother.so'));
      assert.deepEqual(other.state, { kind: 'none', reason: 'libother.so has neither unpack() nor GetBmp(): not a known WLT decoder' });
      await assert.rejects(
        new IsolatedWltDecoder(path.join(dir, 'libother.so')).decode(Buffer.alloc(100)),
        (e) => e instanceof PhotoDecoderError && e.code === 'LIBRARY_NOT_LOADED',
      );
    },
  );
});

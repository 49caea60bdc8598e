// Golden frames (checksums computed by hand) and the framer's resynchronisation.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { COMMANDS, parseReply } from '../../main/reader/protocol/commands.js';
import { encodeCommand, encodeReply } from '../../main/reader/protocol/frame.js';
import { FrameParser } from '../../main/reader/protocol/framer.js';

const hex = (b: Buffer) => b.toString('hex').toUpperCase().match(/../g)!.join(' ');

describe('frames', () => {
  it('encodes every command exactly as readers expect', () => {
    // XOR of LEN (00 03) and CMD PARA, by hand: e.g. 00^03^20^01 = 22.
    const golden: Record<keyof typeof COMMANDS, string> = {
      reset: 'AA AA AA 96 69 00 03 10 FF EC',
      samStatus: 'AA AA AA 96 69 00 03 11 FF ED',
      samId: 'AA AA AA 96 69 00 03 12 FF EE',
      findCard: 'AA AA AA 96 69 00 03 20 01 22',
      selectCard: 'AA AA AA 96 69 00 03 20 02 21',
      readBasic: 'AA AA AA 96 69 00 03 30 01 32',
      readWithFingerprint: 'AA AA AA 96 69 00 03 30 10 23',
    };
    for (const [name, [cmd, para]] of Object.entries(COMMANDS))
      assert.equal(hex(encodeCommand(cmd, para)), golden[name as keyof typeof COMMANDS], name);
  });

  it('encodes and reads replies: card found, success with data, no card, errors', () => {
    // 00^08^00^00^9F^00^00^00^00 = 97
    assert.equal(hex(encodeReply([0, 0, 0x9f], Buffer.alloc(4))), 'AA AA AA 96 69 00 08 00 00 9F 00 00 00 00 97');
    // 00^0C^00^00^90^(01 00 04 00)… select reply with 8 bytes of data
    const sel = encodeReply([0, 0, 0x90], Buffer.alloc(8));
    assert.equal(hex(sel), 'AA AA AA 96 69 00 0C 00 00 90 00 00 00 00 00 00 00 00 9C');
    assert.equal(hex(encodeReply([0, 0, 0x80])), 'AA AA AA 96 69 00 04 00 00 80 84');
    assert.equal(parseReply(Buffer.from([0, 0, 0x80])).status, 'NO_CARD');
    assert.equal(parseReply(Buffer.from([0, 0, 0x41])).status, 'READ_FAILED');
    assert.equal(parseReply(Buffer.from([0, 0, 0x9f, 1, 2])).data.length, 2);
    const unknown = parseReply(Buffer.from([1, 2, 3]));
    assert.equal(unknown.status, 'UNKNOWN_STATUS');
    assert.match(unknown.message, /01 02 03/);
  });
});

function parse(chunks: Buffer[], opts = {}): Promise<{ frames: Buffer[]; problems: string[] }> {
  return new Promise((resolve) => {
    const p = new FrameParser({ minLen: 4, ...opts });
    const frames: Buffer[] = [];
    const problems: string[] = [];
    p.on('data', (f: Buffer) => frames.push(f));
    p.on('problem', (x: { kind: string }) => problems.push(x.kind));
    p.on('end', () => resolve({ frames, problems }));
    for (const c of chunks) p.write(c);
    p.end();
  });
}

describe('framer', () => {
  const a = encodeReply([0, 0, 0x90], Buffer.from('hello'));
  const b = encodeReply([0, 0, 0x9f], Buffer.alloc(4));

  it('reassembles frames split at every byte', async () => {
    const bytes = Buffer.concat([a, b]);
    const r = await parse([...bytes].map((x) => Buffer.from([x])));
    assert.deepEqual(
      r.frames.map((f) => f.toString('hex')),
      [a.subarray(7, -1).toString('hex'), b.subarray(7, -1).toString('hex')],
    );
    assert.deepEqual(r.problems, []);
  });

  it('resynchronises after garbage, a bad checksum and an impossible length', async () => {
    const bad = Buffer.from(a);
    bad[bad.length - 1] = bad[bad.length - 1]! ^ 0xff;
    const impossible = Buffer.from([0xaa, 0xaa, 0xaa, 0x96, 0x69, 0xff, 0xff]);
    const r = await parse([Buffer.from([1, 2, 0xaa, 3]), bad, impossible, a, Buffer.from([0xaa, 0xaa]), b]);
    assert.equal(r.frames.length, 2);
    assert.ok(r.problems.includes('garbage'));
    assert.ok(r.problems.includes('bad-checksum'));
    assert.ok(r.problems.includes('bad-length'));
  });

  it('drops a partial frame that does not complete in time', async () => {
    const p = new FrameParser({ minLen: 4, timeoutMs: 50 });
    const problems: string[] = [];
    const frames: Buffer[] = [];
    p.on('problem', (x: { kind: string }) => problems.push(x.kind));
    p.on('data', (f: Buffer) => frames.push(f));
    p.write(a.subarray(0, 8));
    await new Promise((r) => setTimeout(r, 120));
    p.write(b);
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(problems, ['timeout']);
    assert.equal(frames.length, 1);
    p.destroy();
  });

  it('recovers exactly the frames sent, in order, from any noise that holds no preamble byte (property)', async () => {
    const noiseByte = fc.integer({ min: 0, max: 255 }).filter((x) => x !== 0xaa);
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(noiseByte, { maxLength: 40 }), { maxLength: 6 }),
        fc.array(fc.uint8Array({ maxLength: 30 }), { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 1, max: 9 }),
        async (noise, payloads, chunk) => {
          const frames = payloads.map((d) => encodeReply([0, 0, 0x90], d));
          const bytes = Buffer.concat(frames.flatMap((f, i) => [Buffer.from(noise[i] ?? []), f]));
          const chunks: Buffer[] = [];
          for (let i = 0; i < bytes.length; i += chunk) chunks.push(bytes.subarray(i, i + chunk));
          const r = await parse(chunks);
          assert.deepEqual(
            r.frames.map((f) => f.toString('hex')),
            frames.map((f) => f.subarray(7, -1).toString('hex')),
          );
        },
      ),
      { numRuns: 300 },
    );
  });
});

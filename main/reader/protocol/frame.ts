// Frames of the second-generation ID-card reader protocol (SAM module):
//   AA AA AA 96 69 | LEN (2, big endian: bytes after it, checksum included) | body | XOR checksum
// Commands: body = CMD PARA DATA…; replies: body = SW1 SW2 SW3 DATA….
// The checksum is the XOR of the bytes from LEN to the last body byte.

export const PREAMBLE = Buffer.from([0xaa, 0xaa, 0xaa, 0x96, 0x69]);
/** Largest LEN accepted (a read-with-fingerprint reply is 0x0911 + status; anything far above is noise). */
export const MAX_LEN = 0x1000;

export function xorChecksum(bytes: Uint8Array, from = 0, to = bytes.length): number {
  let x = 0;
  for (let i = from; i < to; i++) x ^= bytes[i]!;
  return x;
}

function frame(body: Uint8Array): Buffer {
  const len = body.length + 1;
  const out = Buffer.alloc(PREAMBLE.length + 2 + body.length + 1);
  PREAMBLE.copy(out, 0);
  out.writeUInt16BE(len, PREAMBLE.length);
  out.set(body, PREAMBLE.length + 2);
  out[out.length - 1] = xorChecksum(out, PREAMBLE.length, out.length - 1);
  return out;
}

export function encodeCommand(cmd: number, para: number, data: Uint8Array = new Uint8Array(0)): Buffer {
  return frame(Buffer.concat([Buffer.from([cmd, para]), data]));
}

export function encodeReply(sw: readonly [number, number, number], data: Uint8Array = new Uint8Array(0)): Buffer {
  return frame(Buffer.concat([Buffer.from(sw), data]));
}

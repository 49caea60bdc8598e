// The protocol-buffers wire format, at the level of fields: enough to read an ONNX model's graph,
// replace some of its messages and write it back with every other byte copied as it was.
// https://protobuf.dev/programming-guides/encoding/

export const WIRE = { varint: 0, fixed64: 1, bytes: 2, fixed32: 5 } as const;

/** One field of a message: its number, wire type and where its bytes sit in the buffer. */
export interface WireField {
  field: number;
  wire: number;
  /** The whole entry (tag included): what is copied when the field is kept. */
  start: number;
  end: number;
  /** Varint fields: the value (numbers past 2^53 lose precision; only sizes and enums are read). */
  value: number;
  /** Length-delimited fields: the payload. */
  payload: Uint8Array;
}

export class WireFormatError extends Error {}

function readVarint(buf: Uint8Array, pos: number): [value: number, next: number] {
  let value = 0;
  let scale = 1;
  for (let i = 0; i < 10; i++) {
    if (pos >= buf.length) throw new WireFormatError('varint runs past the end of the message');
    const b = buf[pos++]!;
    value += (b & 0x7f) * scale;
    if (b < 0x80) return [value, pos];
    scale *= 128;
  }
  throw new WireFormatError('varint longer than 10 bytes');
}

/** The fields of one message, in order. Throws WireFormatError on anything malformed. */
export function readFields(buf: Uint8Array): WireField[] {
  const out: WireField[] = [];
  let pos = 0;
  while (pos < buf.length) {
    const start = pos;
    const [tag, afterTag] = readVarint(buf, pos);
    const field = Math.floor(tag / 8), wire = tag % 8;
    if (field === 0) throw new WireFormatError('field number 0');
    pos = afterTag;
    let value = 0;
    let payload: Uint8Array = EMPTY;
    if (wire === WIRE.varint) [value, pos] = readVarint(buf, pos);
    else if (wire === WIRE.fixed64) pos += 8;
    else if (wire === WIRE.fixed32) pos += 4;
    else if (wire === WIRE.bytes) {
      const [len, at] = readVarint(buf, pos);
      if (at + len > buf.length) throw new WireFormatError('length-delimited field runs past the end of the message');
      payload = buf.subarray(at, at + len);
      pos = at + len;
    } else throw new WireFormatError(`unsupported wire type ${wire}`);
    if (pos > buf.length) throw new WireFormatError('field runs past the end of the message');
    out.push({ field, wire, start, end: pos, value, payload });
  }
  return out;
}

const EMPTY: Uint8Array = new Uint8Array(0);

/** A packed repeated varint field's values. */
export function readPackedVarints(payload: Uint8Array): number[] {
  const out: number[] = [];
  for (let pos = 0; pos < payload.length; ) {
    const [v, next] = readVarint(payload, pos);
    out.push(v);
    pos = next;
  }
  return out;
}
const utf8 = new TextDecoder('utf-8', { fatal: true });
const utf8Encoder = new TextEncoder();

/** A string field's text; text that is not UTF-8 is a malformed message. */
export function fieldString(f: WireField): string {
  try {
    return utf8.decode(f.payload);
  } catch {
    throw new WireFormatError(`field ${f.field} is not UTF-8 text`);
  }
}

function varint(n: number): number[] {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`cannot encode ${n} as a varint`);
  const out: number[] = [];
  while (n >= 0x80) {
    out.push((n % 128) | 0x80);
    n = Math.floor(n / 128);
  }
  out.push(n);
  return out;
}

/** Builds a message field by field. */
export class MessageWriter {
  private readonly parts: Uint8Array[] = [];
  private size = 0;

  raw(bytes: Uint8Array): this {
    this.parts.push(bytes);
    this.size += bytes.length;
    return this;
  }

  uint(field: number, value: number): this {
    return this.raw(Uint8Array.from([...varint(field * 8 + WIRE.varint), ...varint(value)]));
  }

  bytes(field: number, payload: Uint8Array): this {
    this.raw(Uint8Array.from([...varint(field * 8 + WIRE.bytes), ...varint(payload.length)]));
    return this.raw(payload);
  }

  string(field: number, s: string): this {
    return this.bytes(field, utf8Encoder.encode(s));
  }

  float(field: number, value: number): this {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setFloat32(0, value, true);
    return this.raw(Uint8Array.from(varint(field * 8 + WIRE.fixed32))).raw(b);
  }

  finish(): Uint8Array {
    const out = new Uint8Array(this.size);
    let at = 0;
    for (const p of this.parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  }
}

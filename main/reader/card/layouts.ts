// The three text layouts a chip can hold (256 bytes, UCS-2 little endian), chosen by the type
// marker at byte 248: ' ' resident identity card, 'I' foreigner's permanent residence card,
// 'J' Hong Kong / Macao / Taiwan residence permit. One table per layout: field, bytes.

export type CardType = 'resident' | 'foreigner' | 'hmt';

export const TEXT_BYTES = 256;
export const TYPE_MARKER_OFFSET = 248;

type Layout = readonly (readonly [field: string, bytes: number])[];

export const LAYOUTS: Record<CardType, Layout> = {
  resident: [
    ['name', 30],
    ['sex', 2],
    ['nation', 4],
    ['birth', 16],
    ['address', 70],
    ['idNumber', 36],
    ['issuer', 30],
    ['validFrom', 16],
    ['validTo', 16],
    ['reserved', 36],
  ],
  foreigner: [
    ['nameEn', 120],
    ['sex', 2],
    ['idNumber', 30],
    ['nationality', 6],
    ['name', 30],
    ['validFrom', 16],
    ['validTo', 16],
    ['birth', 16],
    ['version', 4],
    ['issuer', 8],
    ['typeMarker', 2],
    ['reserved', 6],
  ],
  hmt: [
    ['name', 30],
    ['sex', 2],
    ['reserved1', 4],
    ['birth', 16],
    ['address', 70],
    ['idNumber', 36],
    ['issuer', 30],
    ['validFrom', 16],
    ['validTo', 16],
    ['passNumber', 18],
    ['issueCount', 4],
    ['reserved2', 6],
    ['typeMarker', 2],
    ['reserved3', 6],
  ],
};

for (const [type, layout] of Object.entries(LAYOUTS)) {
  const total = layout.reduce((s, [, n]) => s + n, 0);
  if (total !== TEXT_BYTES) throw new Error(`layout ${type} covers ${total} bytes, not ${TEXT_BYTES}`);
}

export function cardTypeOf(text: Uint8Array): CardType {
  const marker = String.fromCharCode(text[TYPE_MARKER_OFFSET]! | (text[TYPE_MARKER_OFFSET + 1]! << 8));
  return marker === 'I' ? 'foreigner' : marker === 'J' ? 'hmt' : 'resident';
}

/** Fields are padded with spaces or NULs (U+0000) to their fixed length. */
// eslint-disable-next-line no-control-regex
const TRAILING_PADDING = /[\s\u0000]+$/u;

/** Splits the text block into trimmed strings by the layout of its type. */
export function splitFields(text: Uint8Array): { type: CardType; fields: Record<string, string> } {
  if (text.length < TEXT_BYTES) throw new Error(`the text block is ${text.length} bytes; ${TEXT_BYTES} expected`);
  const type = cardTypeOf(text);
  const fields: Record<string, string> = {};
  let at = 0;
  for (const [name, n] of LAYOUTS[type]) {
    fields[name] = Buffer.from(text.subarray(at, at + n))
      .toString('utf16le')
      .replace(TRAILING_PADDING, '')
      .replace(/^\s+/u, '');
    at += n;
  }
  return { type, fields };
}

/** The inverse, for the simulator and tests: fields → 256-byte text block (space padded). */
export function joinFields(type: CardType, fields: Record<string, string>): Buffer {
  const out = Buffer.alloc(TEXT_BYTES);
  let at = 0;
  for (const [name, n] of LAYOUTS[type]) {
    const value = name === 'typeMarker' ? (type === 'foreigner' ? 'I' : 'J') : (fields[name] ?? '');
    const enc = Buffer.from(value.padEnd(n / 2, ' '), 'utf16le');
    if (enc.length > n) throw new Error(`${name} is longer than its ${n} bytes`);
    enc.copy(out, at);
    at += n;
  }
  return out;
}

// find → select → read: one card read, as a typed CardRead or a ReaderError with a code.
import { parseCard, type CardRead } from './card/card-read.js';
import { TEXT_BYTES } from './card/layouts.js';
import { ReaderError, type ReaderClient } from './reader-client.js';

export type ReadOutcome = { kind: 'card'; card: CardRead } | { kind: 'no-card' };

export async function readCardOnce(client: ReaderClient): Promise<ReadOutcome> {
  const found = await client.send('findCard');
  if (found.status === 'NO_CARD') return { kind: 'no-card' };
  if (found.status !== 'CARD_FOUND') throw new ReaderError(found.status, found.message);
  const selected = await client.send('selectCard');
  if (selected.status === 'NO_CARD' || selected.status === 'SELECT_FAILED') return { kind: 'no-card' };
  if (selected.status !== 'OK') throw new ReaderError(selected.status, selected.message);
  const read = await client.send('readBasic', 3000);
  if (read.status !== 'OK') throw new ReaderError(read.status, read.message);
  const d = read.data;
  if (d.length < 4) throw new ReaderError('BAD_REPLY', 'the reader sent a card reply without lengths');
  const textLen = d.readUInt16BE(0), photoLen = d.readUInt16BE(2);
  if (textLen < TEXT_BYTES || d.length < 4 + textLen + photoLen) throw new ReaderError('BAD_REPLY', `the card reply is ${d.length} bytes; its lengths say ${4 + textLen + photoLen}`);
  return { kind: 'card', card: parseCard(d.subarray(4, 4 + textLen), d.subarray(4 + textLen, 4 + textLen + photoLen)) };
}

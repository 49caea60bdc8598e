// find → select → read: one card read, as a typed CardRead or a ReaderError with a code.
import { parseCard, type CardRead } from './card/card-read.js';
import { TEXT_BYTES } from './card/layouts.js';
import type { Reply } from './protocol/commands.js';
import { ReaderError, type ReaderClient } from './reader-client.js';

/** A card read (text and photo, fingerprints too) is answered within this. */
export const READ_TIMEOUT_MS = 3000;

export type ReadOutcome = { kind: 'card'; card: CardRead } | { kind: 'no-card' };

/**
 * A reply that does not fit its command (a status it cannot give, data where there is none) is a
 * late answer to an earlier command: the line is resynchronised and nothing is read from it.
 */
function misfitReply(client: ReaderClient, readTimeout: number, r: Reply): never {
  client.lost(readTimeout); // the late answer may be a card read: wait as long as one can take
  throw new ReaderError('BAD_REPLY', `the reader's answer did not fit the command (${r.status}); the line was resynchronised`);
}

/** `fingerprint: true` reads with command 30 10, whose reply adds the fingerprint block. */
export async function readCardOnce(
  client: ReaderClient,
  opts: { fingerprint?: boolean; readTimeoutMs?: number } = {},
): Promise<ReadOutcome> {
  const readTimeout = opts.readTimeoutMs ?? READ_TIMEOUT_MS;
  const found = await client.send('findCard');
  if (found.data.length > 4) misfitReply(client, readTimeout, found); // a find answer carries at most 4 bytes
  if (found.status === 'NO_CARD') return { kind: 'no-card' };
  if (found.status === 'OK') misfitReply(client, readTimeout, found);
  if (found.status !== 'CARD_FOUND') throw new ReaderError(found.status, found.message);
  const selected = await client.send('selectCard');
  if (selected.data.length > 8 || selected.status === 'CARD_FOUND') misfitReply(client, readTimeout, selected); // a select answer carries at most 8
  if (selected.status === 'NO_CARD' || selected.status === 'SELECT_FAILED') return { kind: 'no-card' };
  if (selected.status !== 'OK') throw new ReaderError(selected.status, selected.message);
  const read = await client.send(opts.fingerprint ? 'readWithFingerprint' : 'readBasic', readTimeout);
  if (read.status === 'CARD_FOUND' || (read.status === 'OK' && read.data.length < 4 + TEXT_BYTES)) misfitReply(client, readTimeout, read);
  if (read.status !== 'OK') throw new ReaderError(read.status, read.message);
  const d = read.data;
  const head = opts.fingerprint ? 6 : 4;
  if (d.length < head) throw new ReaderError('BAD_REPLY', 'the reader sent a card reply without lengths');
  const textLen = d.readUInt16BE(0),
    photoLen = d.readUInt16BE(2),
    fpLen = opts.fingerprint ? d.readUInt16BE(4) : 0;
  const need = head + textLen + photoLen + fpLen;
  if (textLen < TEXT_BYTES || d.length < need)
    throw new ReaderError('BAD_REPLY', `the card reply is ${d.length} bytes; its lengths say ${need}`);
  const card = parseCard(d.subarray(head, head + textLen), d.subarray(head + textLen, head + textLen + photoLen));
  card.fingerprint = opts.fingerprint && fpLen ? Buffer.from(d.subarray(head + textLen + photoLen, need)) : null;
  return { kind: 'card', card };
}

// The reader's commands and status words: one table each.

export const COMMANDS = {
  reset: [0x10, 0xff],
  samStatus: [0x11, 0xff],
  samId: [0x12, 0xff],
  findCard: [0x20, 0x01],
  selectCard: [0x20, 0x02],
  readBasic: [0x30, 0x01],
  readWithFingerprint: [0x30, 0x10],
} as const satisfies Record<string, readonly [number, number]>;
export type CommandName = keyof typeof COMMANDS;

/** SW3 values (SW1 = SW2 = 0) and what they mean to a clerk. */
export const STATUS = {
  0x90: { code: 'OK', message: 'done' },
  0x9f: { code: 'CARD_FOUND', message: 'a card is on the reader' },
  0x91: { code: 'NO_CONTENT', message: 'the card holds no such content' },
  0x10: { code: 'CHECKSUM_ERROR', message: 'the reader received a damaged command; it will be retried' },
  0x11: { code: 'LENGTH_ERROR', message: 'the reader received a command of the wrong length' },
  0x21: { code: 'COMMAND_ERROR', message: 'the reader does not know this command' },
  0x23: { code: 'UNAUTHORISED', message: 'the reader refused the operation' },
  0x24: { code: 'UNKNOWN_ERROR', message: 'the reader reported an unknown error' },
  0x31: { code: 'CARD_AUTH_FAILED', message: 'the reader could not authenticate the card; is it a genuine ID card?' },
  0x32: { code: 'SAM_AUTH_FAILED', message: 'the card could not authenticate the reader' },
  0x33: { code: 'INFO_AUTH_FAILED', message: 'the card data failed verification; lay the card again' },
  0x40: { code: 'UNKNOWN_CARD', message: 'this card type is not supported' },
  0x41: { code: 'READ_FAILED', message: 'reading the card failed; keep the card still on the reader' },
  0x47: { code: 'RANDOM_FAILED', message: 'the reader failed a security step; lay the card again' },
  0x60: { code: 'SAM_SELF_TEST_FAILED', message: "the reader's security module failed its self-test; call support" },
  0x66: { code: 'SAM_UNAUTHORISED', message: "the reader's security module is not authorised; call support" },
  0x80: { code: 'NO_CARD', message: 'no card on the reader' },
  0x81: { code: 'SELECT_FAILED', message: 'the card could not be selected; lay it flat on the reader' },
} as const;

export type StatusCode = (typeof STATUS)[keyof typeof STATUS]['code'] | 'UNKNOWN_STATUS';

export interface Reply {
  sw: [number, number, number];
  status: StatusCode;
  message: string;
  data: Buffer;
}

export function parseReply(body: Buffer): Reply {
  const sw: [number, number, number] = [body[0] ?? 0, body[1] ?? 0, body[2] ?? 0];
  const known = sw[0] === 0 && sw[1] === 0 ? STATUS[sw[2] as keyof typeof STATUS] : undefined;
  return {
    sw,
    status: known?.code ?? 'UNKNOWN_STATUS',
    message: known?.message ?? `the reader answered with status ${sw.map((b) => b.toString(16).padStart(2, '0')).join(' ')}`,
    data: body.subarray(3),
  };
}

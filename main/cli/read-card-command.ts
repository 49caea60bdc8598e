// `sophonmatch read-card --port PATH [--baud N] [--timeout-ms N] [--json]`: waits for one card and
// prints it (fields, card type, check-digit verdict, photo as base64 with its format) or an error.
import { parseArgs } from 'node:util';
import { toIdentityInfo } from '../reader/card/card-read.js';
import { candidatePorts, closeSerialPort, type ReaderPort, openSerialPort } from '../reader/ports.js';
import { readCardOnce } from '../reader/read-card.js';
import { ReaderClient, ReaderError } from '../reader/reader-client.js';

export async function readCardCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { port: { type: 'string' }, baud: { type: 'string', default: '115200' }, 'timeout-ms': { type: 'string', default: '30000' }, json: { type: 'boolean', default: false } } });
  const fail = (code: string, message: string) => {
    console.log(values.json ? JSON.stringify({ error: { code, message } }) : `${code}: ${message}`);
    return 1;
  };
  const path = values.port ?? (await candidatePorts())[0];
  if (!path) return fail('NO_READER', 'no serial port found; pass --port');
  let serial: ReaderPort;
  try {
    serial = await openSerialPort(path, Number(values.baud));
  } catch (e) {
    return fail('PORT_UNAVAILABLE', `cannot open ${path}: ${(e as Error).message}`);
  }
  const client = new ReaderClient(serial, 1000);
  const deadline = Date.now() + Number(values['timeout-ms']);
  try {
    const sam = await client.send('samStatus', 1000).catch(() => null);
    if (!sam || sam.status !== 'OK') return fail('NOT_A_READER', `${path} does not answer as an ID-card reader`);
    while (Date.now() < deadline) {
      try {
        const r = await readCardOnce(client);
        if (r.kind === 'card') {
          const c = r.card;
          const out = { port: path, ...c, photo: { format: c.photo.format, bytes: c.photo.bytes.length, base64: c.photo.bytes.toString('base64') }, identity_info: toIdentityInfo(c) };
          console.log(values.json ? JSON.stringify(out) : `${c.type} card: ${c.name} ${c.idNumber} (check digit ${c.idNumberValid === false ? 'WRONG' : 'ok'}), photo ${c.photo.format} ${c.photo.bytes.length} bytes`);
          return 0;
        }
      } catch (e) {
        if (e instanceof ReaderError && e.code === 'CLOSED') return fail('READER_DISCONNECTED', 'the reader was disconnected');
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    return fail('NO_CARD', `no card was laid on the reader within ${values['timeout-ms']} ms`);
  } finally {
    client.close();
    await closeSerialPort(serial);
  }
}

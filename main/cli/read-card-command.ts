// `sophonmatch read-card --port PATH [--baud N] [--timeout-ms N] [--wlt-library PATH] [--json]`:
// waits for one card and prints it (fields, card type, check-digit verdict, photo as base64 with its
// format) or an error. With the vendor's WLT library (--wlt-library or SOPHONMATCH_WLT_LIBRARY, run
// in its own process as at the counter) a WLT photo is also decoded: `decoded_photo` is the BMP the
// engine reads, or why it could not be decoded.
import { toIdentityInfo } from '../reader/card/card-read.js';
import { candidatePorts, closeSerialPort, type ReaderPort, openSerialPort } from '../reader/ports.js';
import { readCardOnce } from '../reader/read-card.js';
import { ReaderClient, ReaderError } from '../reader/reader-client.js';
import { EXIT, parseCommand } from './cli-args.js';
import { ChainDecoder, PassThroughDecoder, type PhotoDecoder } from '../reader/photo/decoder.js';
import { IsolatedWltDecoder } from '../reader/photo/isolated-decoder.js';
import { mimeOf } from '../counter/counter-service.js';

export const READ_CARD_USAGE = `usage: sophonmatch read-card [--port PATH] [--baud N] [--timeout-ms N] [--wlt-library PATH] [--json]
  Waits for one ID card on the reader and prints it (fields, card type, check digit, photo).
  --port: the reader's serial port (default: the first candidate); --baud 115200; --timeout-ms 30000.
  --wlt-library: the reader vendor's WLT decoder (also SOPHONMATCH_WLT_LIBRARY), run in its own process;
  the photo is then also printed decoded (the BMP the engine reads), or why it could not be.
  Exit: 0 a card was read, 1 no reader, no card in time or a read error, 2 usage.`;

export async function readCardCommand(argv: string[]): Promise<number> {
  const args = parseCommand(argv, READ_CARD_USAGE, {
    port: { type: 'string' },
    baud: { type: 'string', default: '115200' },
    'timeout-ms': { type: 'string', default: '30000' },
    json: { type: 'boolean', default: false },
    'wlt-library': { type: 'string' },
  });
  if (!args) return EXIT.OK;
  const values = args.values as { port?: string; baud: string; 'timeout-ms': string; json: boolean; 'wlt-library'?: string };
  const library = values['wlt-library'] ?? process.env.SOPHONMATCH_WLT_LIBRARY;
  const decoder: PhotoDecoder = library ? new ChainDecoder(new IsolatedWltDecoder(library)) : new PassThroughDecoder();
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
          const decoded = await decoder.decode(c.photo.bytes).then(
            (b) => ({ format: mimeOf(b)?.slice('image/'.length) ?? 'unknown', bytes: b.length, base64: b.toString('base64') }),
            (e: Error) => ({ problem: e.message }),
          );
          const out = {
            port: path,
            ...c,
            photo: { format: c.photo.format, bytes: c.photo.bytes.length, base64: c.photo.bytes.toString('base64') },
            decoded_photo: decoded,
            identity_info: toIdentityInfo(c),
          };
          const shown = 'problem' in decoded ? `not decoded: ${decoded.problem}` : `decoded to ${decoded.format} ${decoded.bytes} bytes`;
          console.log(
            values.json
              ? JSON.stringify(out)
              : `${c.type} card: ${c.name} ${c.idNumber} (check digit ${c.idNumberValid === false ? 'WRONG' : 'ok'}), photo ${c.photo.format} ${c.photo.bytes.length} bytes, ${shown}`,
          );
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
    if (decoder instanceof ChainDecoder) decoder.close();
  }
}

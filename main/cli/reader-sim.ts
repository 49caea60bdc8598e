// `npm run reader:sim [-- --faces DIR] [--wlt DIR]`: a simulated ID-card reader on a pty pair (socat).
// Prints the port to give the product, then reads commands on stdin: `place N`, `remove`, `fault KIND`,
// `crash N` / `hang N` (WLT mode: a card whose photo the stand-in library crashes or hangs on), `list`,
// `quit`. Without a terminal it places each card in turn every few seconds. With --wlt the cards carry
// 1,024-byte WLT photos like real cards, and the stand-in vendor library that decodes them is built
// into DIR and printed (give it to `serve --wlt-library` or `read-card --wlt-library`).
import path from 'node:path';
import readline from 'node:readline';
import { parseArgs } from 'node:util';
import { closeSerialPort, openSerialPort } from '../reader/ports.js';
import { FaceEngine } from '../engine/face-engine.js';
import { openPtyPair } from '../reader/simulator/pty-pair.js';
import { simCards } from '../reader/simulator/sim-cards.js';
import { ReaderSimulator, type Fault, type SimCard } from '../reader/simulator/simulator.js';
import { buildStandInWltLibrary, markedWlt, wltBlobOf } from '../reader/simulator/wlt-standin.js';
import { cardPhotoOf } from '../engine/card-photo.js';
import { readFileSync } from 'node:fs';

const { values } = parseArgs({
  options: {
    faces: { type: 'string', default: path.resolve(import.meta.dirname, '../../../shared/faces/dev') },
    quality: { type: 'string', default: '40' },
    baud: { type: 'string' },
    /** Take commands from stdin even when it is not a terminal (benchmarks, scripts). */
    control: { type: 'boolean', default: false },
    /** WLT mode: cards carry 1,024-byte WLT photos; the stand-in decoder library is built into this folder. */
    wlt: { type: 'string' },
  },
});
const engine = await FaceEngine.load({ intraOpThreads: 1 });
const cards = await simCards(engine, values.faces!, Number(values.quality));
const wltLibrary = values.wlt ? buildStandInWltLibrary(path.resolve(values.wlt)) : null;
/** Each card's photo as a WLT blob: the chip photo at the highest JPEG quality that fits in one. */
const wltPhotos: Buffer[] = [];
if (wltLibrary)
  for (const c of cards) {
    let blob: Buffer | null = null;
    for (let q = 15; q >= 5 && !blob; q--) {
      const jpeg = await cardPhotoOf(engine, readFileSync(c.photoFile), c.photoFile, q);
      if (jpeg && jpeg.length <= 1018) blob = wltBlobOf(jpeg);
    }
    if (!blob) throw new Error(`no chip photo of ${c.photoFile} fits a WLT blob`);
    wltPhotos.push(blob);
    c.photo = blob;
  }
await engine.close();
const marked = (n: number, mark: 'crash' | 'hang'): SimCard => ({ ...cards[n]!, photo: markedWlt(wltPhotos[n]!, mark) });
const pty = await openPtyPair();
const port = await openSerialPort(pty.device);
const sim = new ReaderSimulator(port, values.baud ? Number(values.baud) : null);
console.log(
  JSON.stringify({
    port: pty.host,
    ...(wltLibrary ? { wlt_library: wltLibrary } : {}),
    cards: cards.map((c, i) => ({ n: i, identity: c.identity, type: c.type, bytes: c.text.length + c.photo.length })),
  }),
);

const stop = async () => {
  sim.close();
  await closeSerialPort(port);
  await pty.close();
  process.exit(0);
};
process.once('SIGINT', () => void stop());
process.once('SIGTERM', () => void stop());

if (process.stdin.isTTY || values.control) {
  const rl = readline.createInterface({ input: process.stdin });
  rl.on('line', (line) => {
    const [cmd, arg] = line.trim().split(/\s+/);
    if (cmd === 'place') sim.place(cards[Number(arg) || 0]!);
    else if (cmd === 'remove') sim.remove();
    else if (cmd === 'fault') sim.inject(arg as Fault);
    else if ((cmd === 'crash' || cmd === 'hang') && wltLibrary) sim.place(marked(Number(arg) || 0, cmd));
    else if (cmd === 'list') cards.forEach((c, i) => console.log(i, c.identity, c.type, c.photoFile));
    else if (cmd === 'quit') void stop();
    else if (cmd === 'ping') console.log('pong');
    else
      console.log(
        `commands: place N | remove | fault garbage|bad-checksum|split|slow|silent|remove-mid-read${wltLibrary ? ' | crash N | hang N' : ''} | list | quit`,
      );
  });
  // The controller went away (its end of stdin closed): close the pty pair rather than linger.
  rl.on('close', () => void stop());
} else {
  let i = 0;
  setInterval(() => {
    if (i % 2 === 0) sim.place(cards[(i / 2) % cards.length]!);
    else sim.remove();
    i++;
  }, 3000);
}

// `npm run reader:sim [-- --faces DIR]`: a simulated ID-card reader on a pty pair (socat). Prints the
// port to give the product, then reads commands on stdin: `place N`, `remove`, `fault KIND`, `list`,
// `quit`. Without a terminal it places each card in turn every few seconds.
import path from 'node:path';
import readline from 'node:readline';
import { parseArgs } from 'node:util';
import { closeSerialPort, openSerialPort } from '../reader/ports.js';
import { FaceEngine } from '../engine/face-engine.js';
import { openPtyPair } from '../reader/simulator/pty-pair.js';
import { simCards } from '../reader/simulator/sim-cards.js';
import { ReaderSimulator, type Fault } from '../reader/simulator/simulator.js';

const { values } = parseArgs({
  options: {
    faces: { type: 'string', default: path.resolve(import.meta.dirname, '../../../shared/faces/dev') },
    quality: { type: 'string', default: '40' },
    baud: { type: 'string' },
    /** Take commands from stdin even when it is not a terminal (benchmarks, scripts). */
    control: { type: 'boolean', default: false },
  },
});
const engine = await FaceEngine.load({ intraOpThreads: 1 });
const cards = await simCards(engine, values.faces!, Number(values.quality));
await engine.close();
const pty = await openPtyPair();
const port = await openSerialPort(pty.device);
const sim = new ReaderSimulator(port, values.baud ? Number(values.baud) : null);
console.log(JSON.stringify({ port: pty.host, cards: cards.map((c, i) => ({ n: i, identity: c.identity, type: c.type, bytes: c.text.length + c.photo.length })) }));

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
    else if (cmd === 'list') cards.forEach((c, i) => console.log(i, c.identity, c.type, c.photoFile));
    else if (cmd === 'quit') void stop();
    else if (cmd === 'ping') console.log('pong');
    else console.log('commands: place N | remove | fault garbage|bad-checksum|split|slow|silent|remove-mid-read | list | quit');
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

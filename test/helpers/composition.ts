// The app's composition as the tests start it (a silent log, version 'test', chip photos passed
// through, one engine worker unless told otherwise), a wait for a condition, and the reader
// simulator on a new pty.
import pino from 'pino';
import { AppComposition, type AppPlatform } from '../../main/app/composition.js';
import { PassThroughDecoder } from '../../main/reader/photo/decoder.js';
import { closeSerialPort, openSerialPort, type ReaderPort } from '../../main/reader/ports.js';
import { openPtyPair, type PtyPair } from '../../main/reader/simulator/pty-pair.js';
import { ReaderSimulator } from '../../main/reader/simulator/simulator.js';

export const testComposition = (dataDir: string, platform: Partial<AppPlatform> = {}) =>
  new AppComposition({
    dataDir,
    log: pino({ level: 'silent' }),
    version: 'test',
    decoder: new PassThroughDecoder(),
    engine: { poolSize: 1 },
    ...platform,
  });

/** Waits (every 20 ms) until `what` holds; throws after `ms`. */
export const until = async (what: () => boolean, ms = 15_000) => {
  const end = Date.now() + ms;
  while (!what()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
};

/** The reader simulator on a new pty in `dir` (the product opens `dir`/reader); `unplug` closes all of it. */
export async function plugIn(dir: string): Promise<{ pty: PtyPair; sim: ReaderSimulator; port: ReaderPort; unplug(): Promise<void> }> {
  const pty = await openPtyPair(dir);
  const port = await openSerialPort(pty.device);
  const sim = new ReaderSimulator(port);
  return {
    pty,
    sim,
    port,
    unplug: async () => {
      sim.close();
      await closeSerialPort(port);
      await pty.close();
    },
  };
}

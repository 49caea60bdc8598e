// Candidate reader ports. SerialPort.list() needs udevadm on Linux and throws where it is absent,
// so the /dev scan is the fallback; listing never throws.
import { readdirSync } from 'node:fs';
import { SerialPort } from 'serialport';
import { DEFAULT_BAUD } from '../contracts/reader-line.js';

/** An open reader port: serialport's own stream (8N1), a ByteLine for the client and the simulator. */
export type ReaderPort = SerialPort;

const DEV_PATTERNS = [/^ttyACM\d+$/, /^ttyUSB\d+$/, /^ttyS\d+$/, /^cu\.usb/, /^tty\.usb/];

export async function candidatePorts(): Promise<string[]> {
  const found = new Set<string>();
  try {
    for (const p of await SerialPort.list()) found.add(p.path);
  } catch {
    // no udevadm (bare Linux), or no permission: fall back to scanning /dev
  }
  if (process.platform !== 'win32') {
    try {
      for (const f of readdirSync('/dev')) if (DEV_PATTERNS.some((re) => re.test(f))) found.add(`/dev/${f}`);
    } catch {
      // no /dev: nothing to add
    }
  }
  // USB CDC readers first: they are what counters plug in.
  return [...found].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

const rank = (p: string) => (/ACM|usb/i.test(p) ? 0 : /USB/.test(p) ? 1 : /COM/i.test(p) ? 2 : 3);

/** Opens a serial port, resolving once it is open. */
export function openSerialPort(path: string, baudRate = DEFAULT_BAUD): Promise<ReaderPort> {
  return new Promise((resolve, reject) => {
    const p = new SerialPort({ path, baudRate }, (err) => (err ? reject(err) : resolve(p)));
  });
}

/** Closes a serial port if it is open, resolving when it is closed ('close' is emitted once). */
export function closeSerialPort(p: ReaderPort): Promise<void> {
  return new Promise((resolve) => (p.isOpen ? p.close(() => resolve()) : resolve()));
}

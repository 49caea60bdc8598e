// Serial I/O without a thread-pool round trip. serialport's Unix bindings read and write the port's
// non-blocking descriptor with fs.read/fs.write, which run on libuv's thread pool: each idle poll of
// the reader (one command, one short answer) then wakes threads several times — the write, the read,
// and the read that finds nothing more — and on these machines every wake-up is the cost. The
// descriptor is non-blocking, so the same syscalls made on the event loop when serialport's own
// poller reports the port ready never block. This binding does only that and keeps everything else
// of serialport's binding (open, termios, locking, poller, drain, close, hot-plug); Windows keeps
// the stock binding.
import { readSync, writeSync } from 'node:fs';
import {
  autoDetect,
  BindingsError,
  DarwinBinding,
  LinuxBinding,
  type BindingInterface,
  type DarwinPortBinding,
  type LinuxPortBinding,
  type OpenOptions,
} from '@serialport/bindings-cpp';

type UnixPort = LinuxPortBinding | DarwinPortBinding;

const TRY_LATER = new Set(['EAGAIN', 'EWOULDBLOCK', 'EINTR']);
const errCode = (err: unknown) => (err as NodeJS.ErrnoException).code ?? '';

function openFd(port: UnixPort): number {
  if (!port.isOpen || port.fd === null) throw new BindingsError('Port is not open', { canceled: true });
  return port.fd;
}

/** Waits for serialport's poller to report the port readable or writable (close cancels the wait). */
function ready(port: UnixPort, event: 'readable' | 'writable'): Promise<void> {
  return new Promise((resolve, reject) => {
    port.poller.once(event, (err?: Error | null) => (err ? reject(err) : resolve()));
  });
}

/**
 * At least one byte, as the binding interface requires. After a read that emptied the buffer
 * (`line.drained`) the next one waits for readiness instead of trying (and failing with EAGAIN)
 * first: on an idle line that saves a syscall and an exception per answer.
 */
async function readNow(port: UnixPort, line: { drained: boolean }, buffer: Buffer, offset: number, length: number) {
  let polled = false;
  if (line.drained) {
    await ready(port, 'readable');
    polled = true;
  }
  for (;;) {
    const fd = openFd(port);
    try {
      const bytesRead = readSync(fd, buffer, offset, length, null);
      if (bytesRead > 0) {
        line.drained = bytesRead < length;
        return { bytesRead, buffer };
      }
      // Readable yet nothing to read: the line hung up (a USB reader unplugged). Any error that is
      // not `canceled` makes serialport close the port as disconnected.
      if (polled) throw Object.assign(new Error('the serial line hung up'), { disconnect: true });
    } catch (err) {
      if (!TRY_LATER.has(errCode(err))) throw err;
    }
    await ready(port, 'readable');
    polled = true;
  }
}

async function writeNow(port: UnixPort, buffer: Buffer): Promise<void> {
  let offset = 0;
  while (offset < buffer.length) {
    const fd = openFd(port);
    try {
      offset += writeSync(fd, buffer, offset, buffer.length - offset);
      continue;
    } catch (err) {
      if (!TRY_LATER.has(errCode(err))) throw err;
    }
    await ready(port, 'writable');
  }
}

function direct<P extends UnixPort>(port: P): P {
  // drain() waits for the write in flight (a private field of the stock binding), as it does there.
  const inFlight = port as unknown as { writeOperation: Promise<void> | null };
  const line = { drained: false };
  port.read = (buffer, offset, length) => readNow(port, line, buffer, offset, length);
  port.write = (buffer) => {
    const op = writeNow(port, buffer).finally(() => {
      if (inFlight.writeOperation === op) inFlight.writeOperation = null;
    });
    inFlight.writeOperation = op;
    return op;
  };
  return port;
}

function unixDirect<P extends UnixPort, O extends OpenOptions>(base: BindingInterface<P, O>): BindingInterface<P, O> {
  return { list: () => base.list(), open: async (options: O) => direct(await base.open.call(base, options)) };
}

/** The binding the reader's ports open with. */
export const serialBinding = (): BindingInterface =>
  process.platform === 'linux' ? unixDirect(LinuxBinding) : process.platform === 'darwin' ? unixDirect(DarwinBinding) : autoDetect();

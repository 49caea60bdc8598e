// Child process for the writer-lock tests: opens the data folder's store, says so, and waits to be
// killed (or prints why it was refused and exits 1).
import { openStore } from '../../main/store/open-store.js';

try {
  const store = openStore(process.argv[2]!);
  process.stdout.write(`ready ${process.pid}\n`);
  setInterval(() => store.isOpen(), 1000);
} catch (e) {
  process.stdout.write(`refused: ${(e as Error).message}\n`);
  process.exit(1);
}

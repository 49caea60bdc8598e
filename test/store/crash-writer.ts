// Child process for the crash test: writes events one by one and prints each id after its commit.
import { openStore } from '../../main/store/open-store.js';

const dir = process.argv[2]!;
const n = Number(process.argv[3] ?? 1000);
const store = openStore(dir);
for (let i = 0; i < n; i++) {
  const id = store.saveCompareEvent({
    compareTime: Date.now() / 1000,
    source: 'api',
    identity: { user_idcard: `1101051949123100${String(i % 100).padStart(2, '0')}`, user_name: `测试${i}` },
    cardPhoto: Buffer.alloc(2000, i & 255),
    livePhoto: Buffer.alloc(5000, (i * 7) & 255),
    score: 0.3,
    threshold: 0.225,
    decision: true,
    timings: { total_ms: 30 },
    modelId: 'test',
  });
  process.stdout.write(id + '\n');
}
store.close();

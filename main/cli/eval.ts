// `npm run eval -- --faces DIR --protocol raw|card-qNN [--json]`
import { parseArgs } from 'node:util';
import { runEval } from '../eval/run-eval.js';

if (process.argv.includes('--help') || process.argv.includes('-h')) {
  console.log('usage: npm run eval -- --faces DIR --protocol raw|card-qNN [--json]');
  process.exit(0);
}
const { values } = parseArgs({
  options: {
    faces: { type: 'string' },
    protocol: { type: 'string', default: 'raw' },
    json: { type: 'boolean', default: false },
  },
});
if (!values.faces) {
  console.error('usage: npm run eval -- --faces DIR --protocol raw|card-qNN [--json]');
  process.exit(2);
}
try {
  const report = await runEval(values.faces, values.protocol!);
  console.log(values.json ? JSON.stringify(report) : JSON.stringify(report, null, 2));
} catch (err) {
  console.error(`eval: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}

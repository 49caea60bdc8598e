// `npm run calibrate -- --faces DIR [--out FILE]`: writes models/calibration.json.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_MODELS_DIR } from '../engine/models/manifest.js';
import { calibrate } from '../eval/calibrate.js';

if (process.argv.includes('--help') || process.argv.includes('-h')) {
  console.log('usage: npm run calibrate -- --faces DIR [--out FILE]');
  process.exit(0);
}
const { values } = parseArgs({ options: { faces: { type: 'string' }, out: { type: 'string' } } });
if (!values.faces) {
  console.error('usage: npm run calibrate -- --faces DIR [--out FILE]');
  process.exit(2);
}
try {
  const cal = await calibrate(values.faces);
  const out = values.out ?? path.join(DEFAULT_MODELS_DIR, 'calibration.json');
  writeFileSync(out, JSON.stringify(cal, null, 1) + '\n');
  console.log(JSON.stringify({ out, model: cal.model, pairs: cal.pairs, cosine_at_far: cal.cosine_at_far, method: cal.method }));
} catch (err) {
  console.error(`calibrate: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}

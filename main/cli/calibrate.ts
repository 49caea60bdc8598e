// `npm run calibrate -- --faces DIR [--faces DIR …] [--subgroup FILE] [--out FILE]`: writes models/calibration.json.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_MODELS_DIR } from '../engine/models/manifest.js';
import { calibrate } from '../eval/calibrate.js';
import { scriptArgs } from './cli-args.js';

const USAGE = `usage: npm run calibrate -- --faces DIR [--faces DIR …] [--subgroup FILE] [--out FILE]
  --faces DIR      a calibration face set (one folder per person); several are pooled
  --subgroup FILE  people (folder names, one a line) whose pairs must hold the claimed rates on their own
  --out FILE       where to write (default models/calibration.json)
The shipped calibration: --faces ../shared/faces/lfw --faces ../shared/faces/frl-london --subgroup ../shared/faces/lfw-east-asian.txt
Exit codes: 0 written, 1 failed, 2 usage error.`;

const values = scriptArgs('calibrate', USAGE, {
  faces: { type: 'string', multiple: true },
  subgroup: { type: 'string' },
  out: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
});
if (!values.faces?.length) {
  console.error(USAGE);
  process.exit(2);
}
try {
  const cal = await calibrate(values.faces, { subgroup: values.subgroup, progress: (l) => process.stderr.write(l + '\n') });
  const out = values.out ?? path.join(DEFAULT_MODELS_DIR, 'calibration.json');
  writeFileSync(out, JSON.stringify(cal, null, 1) + '\n');
  console.log(
    JSON.stringify({
      out,
      model: cal.model,
      faces: cal.faces,
      knots: Object.fromEntries(Object.entries(cal.configs).map(([k, v]) => [k, v!.score_at_far])),
    }),
  );
} catch (err) {
  console.error(`calibrate: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}

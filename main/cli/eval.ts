// `npm run eval -- --faces DIR --protocol raw|card-qNN [--json] [--subgroup FILE] [--plot FILE.svg] [--config NAME]`
import { MODEL_CONFIGS, type ModelConfig } from '../engine/calibration.js';
import { runEval } from '../eval/run-eval.js';
import { scriptArgs } from './cli-args.js';

const USAGE = `usage: npm run eval -- --faces DIR [--protocol raw|card-qNN] [--json] [--subgroup FILE] [--plot FILE.svg]
                      [--config ${MODEL_CONFIGS.join('|')}] [--replicates N]
  --faces DIR        a face set: one folder per person, photos inside
  --protocol P       raw (live vs live) or card-qNN (chip-like card photo at JPEG quality NN vs live); default raw
  --subgroup FILE    also report the people listed in FILE (one folder name a line) on their own, under "subgroup"
  --plot FILE.svg    write the DET curve (all, and the subgroup) as SVG
  --config NAME      the model configuration to score with (default: SOPHONMATCH_MODEL_SET or fused)
  --replicates N     identity-bootstrap replicates for the 95 % intervals (default 1000)
  --json             one line of JSON instead of indented JSON
Progress goes to stderr. Exit codes: 0 report written, 1 evaluation failed, 2 usage error.`;

const values = scriptArgs('eval', USAGE, {
  faces: { type: 'string' },
  protocol: { type: 'string', default: 'raw' },
  json: { type: 'boolean', default: false },
  subgroup: { type: 'string' },
  plot: { type: 'string' },
  config: { type: 'string' },
  replicates: { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
});
if (
  !values.faces ||
  (values.config && !(MODEL_CONFIGS as readonly string[]).includes(values.config)) ||
  (values.replicates && !/^\d+$/.test(values.replicates))
) {
  console.error(USAGE);
  process.exit(2);
}
try {
  const report = await runEval(values.faces, values.protocol!, {
    config: values.config as ModelConfig | undefined,
    subgroup: values.subgroup,
    plot: values.plot,
    replicates: values.replicates ? Number(values.replicates) : undefined,
    progress: (line) => process.stderr.write(line + '\n'),
  });
  console.log(values.json ? JSON.stringify(report) : JSON.stringify(report, null, 2));
} catch (err) {
  console.error(`eval: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}

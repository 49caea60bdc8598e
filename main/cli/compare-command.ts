// `sophonmatch compare --card card.jpg --face face.jpg [--face more.jpg] [--threshold high] [--fiqa middle]`
// prints the same JSON as POST /SophonMatch/api/compare.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { errorBody, SophonError } from '../common/errors.js';
import { thresholdSchema } from '../contracts/compare-api.js';
import { EngineClient } from '../engine/engine-client.js';
import { compareAnswer } from '../server/sophonmatch/answer.js';

export async function compareCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      card: { type: 'string' },
      face: { type: 'string', multiple: true },
      threshold: { type: 'string', default: 'middle' },
      fiqa: { type: 'string', default: 'no' },
      debug: { type: 'boolean', default: false },
    },
  });
  if (!values.card || !values.face?.length) {
    console.error('usage: sophonmatch compare --card CARD_IMAGE --face FACE_IMAGE [--face ...] [--threshold high|middle|low|0..1] [--fiqa no|low|middle|high] [--debug]');
    return 2;
  }
  const threshold = thresholdSchema.safeParse(values.threshold);
  if (!threshold.success) {
    console.log(JSON.stringify(errorBody('BAD_FIELD', 'threshold must be high, middle, low, or a number in [0, 1]')));
    return 1;
  }
  const fiqa = values.fiqa as 'no' | 'low' | 'middle' | 'high';
  if (!['no', 'low', 'middle', 'high'].includes(fiqa)) {
    console.log(JSON.stringify(errorBody('BAD_FIELD', 'fiqa must be no, low, middle or high')));
    return 1;
  }
  const client = new EngineClient({ poolSize: 2 });
  try {
    const read = (f: string) => {
      try {
        return readFileSync(f);
      } catch {
        throw new SophonError('BAD_FIELD', `cannot read ${f}`);
      }
    };
    const card = read(values.card);
    const frames = values.face.map(read);
    await client.ready;
    const t0 = performance.now();
    const outcome = await client.compare({ card, frames, threshold: threshold.data, fiqa, cardField: `--card ${values.card}`, faceField: `--face ${values.face.join(',')}` });
    const answer = compareAnswer(outcome, {}, values.debug ? { debug: { queueMs: 0, storeMs: 0, totalMs: performance.now() - t0 } } : {});
    console.log(JSON.stringify(answer));
    return 0;
  } catch (err) {
    if (err instanceof SophonError) {
      console.log(JSON.stringify(err.toJSON()));
      return 1;
    }
    console.log(JSON.stringify(errorBody('ENGINE_FAILED', err instanceof Error ? err.message : String(err))));
    return 1;
  } finally {
    await client.close();
  }
}

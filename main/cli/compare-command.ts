// `sophonmatch compare --card card.jpg --face face.jpg [--face more.jpg] [--threshold high] [--fiqa middle]`
// prints the same JSON as POST /SophonMatch/api/compare.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { errorBody, SophonError } from '../common/errors.js';
import { thresholdSchema } from '../contracts/compare-api.js';
import { EngineClient } from '../engine/engine-client.js';
import { compareAnswer } from '../server/sophonmatch/answer.js';
import { EXIT, parseCommand } from './cli-args.js';

export const COMPARE_USAGE = `usage: sophonmatch compare --card CARD_IMAGE --face FACE_IMAGE [--face FACE_IMAGE ...]
                         [--threshold high|middle|low|0..1] [--fiqa no|low|middle|high] [--debug]
  Compares the card photo with the live photo(s) and prints the same JSON as
  POST /SophonMatch/api/compare. Several --face: every frame is quality-measured and the best is
  compared (multi-frame). Exit: 0 answered (see retcode), 1 refused or failed (error JSON), 2 usage.`;

/** A file named in an error message: the engine's field names are short (64 characters). */
const short = (file: string) => path.basename(file).slice(0, 48);

export async function compareCommand(argv: string[]): Promise<number> {
  const args = parseCommand(argv, COMPARE_USAGE, {
    card: { type: 'string' },
    face: { type: 'string', multiple: true },
    threshold: { type: 'string', default: 'middle' },
    fiqa: { type: 'string', default: 'no' },
    debug: { type: 'boolean', default: false },
  });
  if (!args) return EXIT.OK;
  const values = args.values as { card?: string; face?: string[]; threshold: string; fiqa: string; debug: boolean };
  if (!values.card || !values.face?.length) {
    console.error(COMPARE_USAGE);
    return EXIT.USAGE;
  }
  const threshold = thresholdSchema.safeParse(values.threshold);
  if (!threshold.success) {
    console.log(JSON.stringify(errorBody('BAD_FIELD', 'threshold must be high, middle, low, or a number in [0, 1]')));
    return EXIT.FAILED;
  }
  const fiqa = values.fiqa as 'no' | 'low' | 'middle' | 'high';
  if (!['no', 'low', 'middle', 'high'].includes(fiqa)) {
    console.log(JSON.stringify(errorBody('BAD_FIELD', 'fiqa must be no, low, middle or high')));
    return EXIT.FAILED;
  }
  let card: Buffer, frames: Buffer[];
  try {
    card = readFileSync(values.card);
    frames = values.face.map((f) => readFileSync(f));
  } catch (e) {
    console.log(JSON.stringify(errorBody('BAD_FIELD', `cannot read ${(e as NodeJS.ErrnoException).path ?? 'a file'}`)));
    return EXIT.FAILED;
  }
  const client = new EngineClient({ poolSize: 2 });
  try {
    await client.ready;
    const t0 = performance.now();
    const outcome = await client.compare({
      card,
      frames,
      threshold: threshold.data,
      fiqa,
      cardField: `--card ${short(values.card)}`,
      faceField: frames.length === 1 ? `--face ${short(values.face[0]!)}` : '--face',
    });
    const answer = compareAnswer(outcome, {}, values.debug ? { debug: { queueMs: 0, storeMs: 0, totalMs: performance.now() - t0 } } : {});
    console.log(JSON.stringify(answer));
    return EXIT.OK;
  } catch (err) {
    if (err instanceof SophonError) {
      console.log(JSON.stringify(err.toJSON()));
      return EXIT.FAILED;
    }
    console.log(JSON.stringify(errorBody('ENGINE_FAILED', err instanceof Error ? err.message : String(err))));
    return EXIT.FAILED;
  } finally {
    await client.close();
  }
}

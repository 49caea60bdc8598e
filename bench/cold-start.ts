// Child process of the bench: the peak memory of a working engine (first result, then a burst on all workers).
import { readFileSync } from 'node:fs';
import { EngineClient } from '../main/engine/engine-client.js';

const [card, face] = process.argv.slice(2);
const client = new EngineClient();
await client.ready;
const input = { card: readFileSync(card!), frames: [readFileSync(face!)] };
const r = await client.compare(input);
process.stdout.write(JSON.stringify({ score: r.score }) + '\n');
// Then a short burst on all workers, so that the peak RSS is the working process's, not just its start.
await Promise.all(
  Array.from({ length: client.stats().size * 2 }, async () => {
    for (let i = 0; i < 25; i++) await client.compare(input);
  }),
);
process.stdout.write(JSON.stringify({ peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024) }) + '\n');
await client.close();

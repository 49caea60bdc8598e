// Closed-loop load with real photos: `clients` loops, each posting a compare and waiting for the
// answer, for `seconds`. Every answer is kept (time, status, latency) for the figures.
import { cardOf, frameOf } from '../../helpers/photos.js';
import { postJson } from './http.js';

export interface Sample {
  at: number; // ms since the start
  status: number;
  ms: number;
}

/** Real compare bodies: genuine and impostor pairs from ../shared/faces/dev, some saving events. */
export async function realBodies(): Promise<string[]> {
  const pairs: [string, string][] = [
    ['dev/p01/img1.jpg', 'dev/p01/img2.jpg'],
    ['dev/p05/img16.jpg', 'dev/p05/img17.jpg'],
    ['dev/p13/img38.jpg', 'dev/p13/img39.jpg'],
    ['dev/p02/img12.jpg', 'dev/p05/img17.jpg'],
  ];
  const bodies: string[] = [];
  for (const [i, [c, f]] of pairs.entries()) {
    const card = (await cardOf(c)).toString('base64');
    const face = (await frameOf(f)).toString('base64');
    for (const save of [false, true]) {
      bodies.push(
        JSON.stringify({
          card_image_base64: card,
          face_image_base64: face,
          need_save: save,
          identity_info: {
            user_idcard: `11010519491231${String(1000 + i)}`.slice(0, 17) + 'X',
            user_name: `测试${i}`,
            user_address: '北京市东城区测试路1号',
          },
        }),
      );
    }
  }
  return bodies;
}

export async function closedLoop(
  url: string,
  bodies: string[],
  clients: number,
  seconds: number,
  onTick?: (elapsedMs: number) => void,
): Promise<Sample[]> {
  const samples: Sample[] = [];
  const t0 = performance.now();
  const end = t0 + seconds * 1000;
  let tick = 0;
  await Promise.all(
    Array.from({ length: clients }, async (_, c) => {
      let i = c;
      while (performance.now() < end) {
        const a = await postJson(url, bodies[i++ % bodies.length]!);
        const at = performance.now() - t0;
        samples.push({ at, status: a.status, ms: a.ms });
        if (a.status === 429) await new Promise((r) => setTimeout(r, 50)); // an impatient client: retries well before Retry-After
        if (onTick && Math.floor(at / 1000) > tick) {
          tick = Math.floor(at / 1000);
          onTick(at);
        }
      }
    }),
  );
  return samples;
}

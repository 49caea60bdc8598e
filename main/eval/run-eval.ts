// The evaluation report of the engine on a face set under one protocol.
import { FaceEngine } from '../engine/face-engine.js';
import { listFaceSet } from './dataset.js';
import { auc, descending, tarAtFar, thresholdAtFar } from './metrics.js';
import { embedSet, parseProtocol, scorePairs } from './pairs.js';

export const REPORT_FARS = ['1e-2', '1e-3'] as const;

export interface EvalReport {
  protocol: string;
  images: number;
  identities: number;
  no_face_live: number;
  no_face_card: number;
  genuine: number;
  impostor: number;
  auc: number;
  tar_at_far: Record<(typeof REPORT_FARS)[number], number>;
  thresholds: Record<(typeof REPORT_FARS)[number], number>;
  model: string;
}

const r4 = (x: number) => Math.round(x * 10000) / 10000;

export async function runEval(dir: string, protocolName: string): Promise<EvalReport> {
  const protocol = parseProtocol(protocolName);
  const images = listFaceSet(dir);
  const engine = await FaceEngine.load({ intraOpThreads: 2 });
  try {
    const qualities = protocol.kind === 'card' ? [protocol.quality] : [];
    const e = await embedSet(engine, images, qualities);
    const { genuine, impostor } = scorePairs(images, protocol.kind === 'card' ? e.card.get(protocol.quality)! : null, e.live);
    const imp = descending(impostor);
    return {
      protocol: protocolName,
      images: images.length,
      identities: new Set(images.map((i) => i.identity)).size,
      no_face_live: e.noFaceLive,
      no_face_card: e.noFaceCard,
      genuine: genuine.length,
      impostor: impostor.length,
      auc: r4(auc(genuine, impostor)),
      tar_at_far: Object.fromEntries(REPORT_FARS.map((f) => [f, r4(tarAtFar(genuine, imp, Number(f)))])) as EvalReport['tar_at_far'],
      thresholds: Object.fromEntries(REPORT_FARS.map((f) => [f, r4(thresholdAtFar(imp, Number(f)))])) as EvalReport['thresholds'],
      model: engine.modelId,
    };
  } finally {
    await engine.close();
  }
}

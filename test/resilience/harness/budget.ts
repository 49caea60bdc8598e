// How long the slow parts run. `npm run test:resilience` runs the full figures; CI passes
// --bounded (RESILIENCE_BOUNDED=1) to shorten the soak and the crash rounds, same bounds.
import os from 'node:os';
import path from 'node:path';

const bounded = process.env.RESILIENCE_BOUNDED === '1';
const num = (name: string, full: number, short: number) => Number(process.env[name] ?? (bounded ? short : full));

export const budget = {
  bounded,
  soakSeconds: num('RESILIENCE_SOAK_S', 600, 150),
  crashRounds: num('RESILIENCE_CRASH_ROUNDS', 20, 6),
  crashCompares: 1000,
  fuzzRequests: num('RESILIENCE_FUZZ', 10_000, 10_000),
  overloadSeconds: num('RESILIENCE_OVERLOAD_S', 30, 15),
  cardsInARow: num('RESILIENCE_CARDS', 1000, 1000),
};

export const resilienceOut = (): string => process.env.RESILIENCE_OUT ?? path.join(os.tmpdir(), 'sophon-resilience');

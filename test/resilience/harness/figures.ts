// A figure of the resilience suite: a measured value, the bound it must keep, and whether it did.
// Each is appended to the run's figures file (RESILIENCE_OUT/figures.jsonl); the runner turns them
// into docs/RELIABILITY.md. Tests assert `ok`, so a figure outside its bound fails the run.
import { appendFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { resilienceOut } from './budget.js';

export interface Figure {
  area: string;
  name: string;
  value: number;
  unit: string;
  /** The bound, e.g. "≤ 10", "= 0", "≥ 10000". */
  bound: string;
  ok: boolean;
}

type Cmp = '<=' | '>=' | '==' | '<';
const symbol: Record<Cmp, string> = { '<=': '≤', '>=': '≥', '==': '=', '<': '<' };

export function figure(area: string, name: string, value: number, unit: string, cmp: Cmp, limit: number): Figure {
  const ok = cmp === '<=' ? value <= limit : cmp === '>=' ? value >= limit : cmp === '<' ? value < limit : value === limit;
  const f: Figure = { area, name, value: Math.round(value * 100) / 100, unit, bound: `${symbol[cmp]} ${limit}`, ok };
  const out = resilienceOut();
  mkdirSync(out, { recursive: true });
  appendFileSync(path.join(out, 'figures.jsonl'), JSON.stringify(f) + '\n');
  console.log(`  [figure] ${area} · ${name}: ${f.value} ${unit} (bound ${f.bound}) ${ok ? 'ok' : 'OUT OF BOUND'}`);
  return f;
}

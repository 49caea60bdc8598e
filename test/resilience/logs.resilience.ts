// Last: every log the servers wrote during the run is searched for the personal data that went
// through them (ID numbers, names, addresses, identity payloads, image bytes). None may appear.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { resilienceOut } from './harness/budget.js';
import { figure } from './harness/figures.js';

const PATTERNS: [string, RegExp][] = [
  ['ID number', /\b\d{17}[\dXx]\b/],
  ['ID number, URL-encoded or partial', /id_number=|user_idcard/],
  ['name or address (Chinese text)', /[\u4e00-\u9fff]/],
  ['name filter', /name_prefix=/],
  ['identity payload', /user_name|user_address|identity_info/],
  ['image bytes (base64)', /[A-Za-z0-9+/]{160,}={0,2}/],
  ['JPEG bytes', /\/9j\/4/],
  ['markup from identity fields', /onerror=|<script>/],
];

describe('personal data in logs', () => {
  it('no log line of the whole run carries personal data', () => {
    const dir = path.join(resilienceOut(), 'logs');
    const files = existsSync(dir) ? readdirSync(dir) : [];
    let lines = 0;
    const hits: string[] = [];
    for (const f of files) {
      for (const line of readFileSync(path.join(dir, f), 'utf8').split('\n')) {
        if (!line) continue;
        lines++;
        for (const [what, re] of PATTERNS) if (re.test(line)) hits.push(`${f}: ${what}: ${line.slice(0, 240)}`);
      }
    }
    console.log(`  ${lines} log lines in ${files.length} files searched`);
    figure(
      'security',
      `log lines carrying personal data (of ${lines} lines from ${files.length} server logs)`,
      hits.length,
      'lines',
      '==',
      0,
    );
    assert.ok(lines > 0, 'the run wrote logs');
    assert.deepEqual(hits.slice(0, 5), []);
  });
});

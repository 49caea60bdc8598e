// The locale layer's resources (all the modules index.ts merges): both languages have exactly the same keys with non-empty strings,
// the same interpolation variables, every stable reason code of main/common/errors.ts has its
// sentence, and the zh-CN strings are Chinese (no sentence left in English).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { REASONS } from '../../main/common/errors.js';
import i18n from '../../renderer/src/i18n/index.js';

function flatten(o: unknown, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(o as Record<string, unknown>)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(key, v);
    else for (const [kk, vv] of flatten(v, key)) out.set(kk, vv);
  }
  return out;
}
// The resources as the screens get them: every locale module merged (index.ts), not one file.
const zh = flatten(i18n.getResourceBundle('zh-CN', 'translation'));
const eng = flatten(i18n.getResourceBundle('en', 'translation'));
const vars = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();

describe('locale resources', () => {
  it('zh-CN and en have the same keys, none empty, with the same interpolation variables', () => {
    assert.deepEqual(
      [...zh.keys()].filter((k) => !eng.has(k)),
      [],
      'keys missing in en',
    );
    assert.deepEqual(
      [...eng.keys()].filter((k) => !zh.has(k)),
      [],
      'keys missing in zh-CN',
    );
    for (const [k, v] of zh) {
      assert.ok(v.trim() && eng.get(k)!.trim(), `${k} is empty`);
      assert.deepEqual(vars(v), vars(eng.get(k)!), `${k}: the two languages interpolate different variables`);
    }
  });

  it('every reason code of the one error table (compare API, sessions, users, review, IPC) has its sentence in both languages', () => {
    for (const reason of Object.keys(REASONS)) {
      assert.ok(zh.has(`errors.${reason}`), `zh-CN lacks errors.${reason}`);
      assert.ok(eng.has(`errors.${reason}`), `en lacks errors.${reason}`);
    }
    for (const reason of [
      'LOGIN_REQUIRED',
      'ROLE_REQUIRED',
      'PASSWORD_CHANGE_REQUIRED',
      'BAD_CREDENTIALS',
      'LOCKED_OUT',
      'WRONG_PASSWORD',
      'NO_SUCH_EVENT',
      'USER_EXISTS',
      'UNKNOWN_CHANNEL',
      'FORBIDDEN_ORIGIN',
    ])
      assert.ok(Object.hasOwn(REASONS, reason), `${reason} is in the table`);
  });

  it('every code the product sends to a screen (found in its sources) has its sentence in both languages', () => {
    // Review API and IPC refusals, account errors, reader status words and problems.
    const found = new Set<string>();
    const main = path.resolve(import.meta.dirname, '../../main');
    for (const f of readdirSync(main, { recursive: true }) as string[]) {
      if (!f.endsWith('.ts')) continue;
      const src = readFileSync(path.join(main, f), 'utf8');
      for (const m of src.matchAll(
        /fail\((?:reply, )?\d+, '([A-Z][A-Z_]+)'|(?:AuthError|SophonError|ReaderError)\('([A-Z][A-Z_]+)'|reason: '([A-Z][A-Z_]+)'|code: '([A-Z][A-Z_]+)'/g,
      ))
        found.add((m[1] ?? m[2] ?? m[3] ?? m[4])!);
    }
    assert.ok(found.size > 30, `the scan finds the codes (${found.size})`);
    const NOT_PROBLEMS = new Set(['OK', 'CARD_FOUND']); // reader status words that are not failures
    const both = (key: string) => zh.has(key) && eng.has(key);
    const missing = [...found]
      .filter((c) => !NOT_PROBLEMS.has(c))
      .filter((c) => !(both(`errors.${c}`) || both(`readerProblems.${c}`) || both(`flow.photoProblem.${c}`)));
    assert.deepEqual(missing, [], 'codes without a sentence (add them to errors, readerProblems or flow.photoProblem in both languages)');
  });

  it('every audit action the product records has its name in both languages', () => {
    const found = new Set<string>();
    const main = path.resolve(import.meta.dirname, '../../main');
    for (const f of readdirSync(main, { recursive: true }) as string[]) {
      if (!f.endsWith('.ts')) continue;
      for (const m of readFileSync(path.join(main, f), 'utf8').matchAll(/audit\([^;]*?'([a-z]+\.[a-z.-]+|login|logout|purge)'/g))
        found.add(m[1]!);
    }
    assert.ok(found.size > 15, `the scan finds the actions (${found.size})`);
    assert.deepEqual(
      [...found].filter((a) => !zh.has(`auditActions.${a}`) || !eng.has(`auditActions.${a}`)),
      [],
    );
  });

  it('zh-CN strings are Chinese: no English word outside product names, codes and units', () => {
    const allowed = new Set([
      'SophonMatch',
      'CSV',
      'API',
      'PDF',
      'USB',
      'JPEG',
      'PNG',
      'BMP',
      'WebP',
      'JSON',
      'base64',
      'COM3',
      'auto',
      'none',
      'CPU',
      'A4',
      'UTC',
      'ID',
      'IANA',
      'Asia',
      'Shanghai',
      'dev',
      'ttyUSB',
      'COM',
      'base',
      'WLT',
      'sophonmatch',
      'setup',
      'admin',
    ]);
    const bad: string[] = [];
    for (const [k, v] of zh) {
      const words = v.replace(/\{\{\w+\}\}/g, '').match(/[A-Za-z]{2,}/g) ?? [];
      const english = words.filter((w) => !allowed.has(w));
      if (english.length) bad.push(`${k}: ${english.join(' ')}`);
    }
    assert.deepEqual(bad, []);
  });
});

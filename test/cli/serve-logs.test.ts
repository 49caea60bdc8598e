// `sophonmatch serve` as the service runs it: its log is in the data folder (a rotating file, named
// by the diagnostics), frame checks only at debug level, and a SIGTERM stop flushes the file.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { closePhotos, frameOf } from '../helpers/photos.js';
import { ADMIN, seededDataDir } from '../helpers/seed.js';
import { startServerProcess } from '../helpers/server-process.js';

after(() => closePhotos());

const logLines = (dir: string) =>
  readdirSync(path.join(dir, 'logs'))
    .filter((f) => f.endsWith('.log'))
    .flatMap((f) =>
      readFileSync(path.join(dir, 'logs', f), 'utf8')
        .split('\n')
        .filter(Boolean),
    )
    .map((l) => JSON.parse(l) as { level: number; msg: string; route?: string });

async function session(url: string): Promise<string> {
  const r = await fetch(`${url}/api/v1/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(ADMIN),
  });
  return ((await r.json()) as { token: string }).token;
}

describe('serve logs', () => {
  it('into <data>/logs; frame checks at debug only; named in the diagnostics', async () => {
    const frame = (await frameOf('dev/p13/img39.jpg')).toString('base64');
    const run = async (level: string) => {
      const dir = seededDataDir('sophon-serve-logs');
      const s = await startServerProcess({
        dataDir: dir,
        name: `serve-logs-${level}`,
        args: ['--pool-size', '1', '--ui', 'off', '--log-level', level],
      });
      const token = await session(s.url);
      const h = { 'content-type': 'application/json', 'x-session-token': token };
      for (let i = 0; i < 3; i++)
        assert.equal(
          (await fetch(`${s.url}/api/v1/counter/frame-check`, { method: 'POST', headers: h, body: JSON.stringify({ frame }) })).status,
          200,
        );
      const diag = (await (await fetch(`${s.url}/api/v1/diagnostics`, { headers: h })).json()) as { log: string | null };
      await s.stop();
      return { dir, diag, lines: logLines(dir) };
    };
    const info = await run('info');
    assert.equal(info.diag.log, path.join(info.dir, 'logs'));
    assert.ok(
      info.lines.some((l) => l.msg === 'SophonMatch API listening'),
      'the start is in the file',
    );
    assert.ok(
      info.lines.some((l) => l.msg === 'stopped'),
      'the clean stop is in the file (flushed)',
    );
    assert.ok(
      info.lines.some((l) => l.route === '/api/v1/login'),
      'requests are logged',
    );
    assert.equal(info.lines.filter((l) => l.route === '/api/v1/counter/frame-check').length, 0, 'no frame-check lines at info');
    const debug = await run('debug');
    assert.equal(debug.lines.filter((l) => l.route === '/api/v1/counter/frame-check' && l.level === 20).length, 3, 'frame checks at debug');
  });
});

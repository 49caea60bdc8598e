// The headless log goes to a rotating file in the data folder (pino-roll through pino's transport),
// at the configured level, in a folder only the service account reads; a restart appends.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { openServiceLog } from '../../main/cli/log-file.js';
import { tempDir } from '../helpers/tmp.js';

const lines = (dir: string) =>
  readdirSync(path.join(dir, 'logs'))
    .filter((f) => f.endsWith('.log'))
    .sort()
    .flatMap((f) =>
      readFileSync(path.join(dir, 'logs', f), 'utf8')
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as { level: number; msg: string }),
    );

describe('service log file', () => {
  it('writes JSON lines at the level asked into <data>/logs, 0700; a second start appends', async () => {
    const dir = tempDir('sophon-log');
    const a = openServiceLog(dir, 'info', { stdout: false });
    a.log.info({ port: 5555 }, 'SophonMatch API listening');
    a.log.debug('frame check');
    await a.flush();
    assert.equal(statSync(path.join(dir, 'logs')).mode & 0o777, 0o700);
    assert.deepEqual(
      readdirSync(path.join(dir, 'logs')).filter((f) => f.endsWith('.log')),
      ['sophonmatch.1.log'],
    );
    const b = openServiceLog(dir, 'debug', { stdout: false });
    b.log.debug('frame check');
    b.log.warn('reader problem');
    await b.flush();
    assert.deepEqual(
      lines(dir).map((l) => l.msg),
      ['SophonMatch API listening', 'frame check', 'reader problem'],
      'info only at info; debug at debug; appended',
    );
  });
});

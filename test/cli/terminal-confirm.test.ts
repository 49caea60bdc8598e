// Destructive store commands on a real terminal (a pty): the passphrase is asked without echo, and
// restore / purge ask before replacing or deleting anything — "n" (or Enter) changes nothing, exit 4;
// "y" goes ahead.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, it } from 'node:test';
import { openStore } from '../../main/store/open-store.js';
import { compareEvent } from '../helpers/compare-event.js';
import { hasScript, onTerminal } from '../helpers/terminal.js';
import { tempDir } from '../helpers/tmp.js';

const PASS = 'terminal backup passphrase';
const event = compareEvent();
function folder(n: number): string {
  const dir = tempDir('sophon-tty');
  const s = openStore(dir);
  for (let i = 0; i < n; i++) s.saveCompareEvent(event);
  s.close();
  return dir;
}
const events = (dir: string) =>
  Number(
    /^(\d+) events/.exec(
      spawnSync(process.execPath, ['--import', 'tsx', 'main/cli/sophonmatch.ts', 'store', 'stats', '--data-dir', dir], { encoding: 'utf8' })
        .stdout,
    )?.[1],
  );

describe('store commands on a terminal', { skip: hasScript ? false : 'util-linux script not installed' }, () => {
  it('backup asks for the passphrase twice without echo; restore asks before replacing', async () => {
    const a = folder(2);
    const file = path.join(tempDir('sophon-tty-backups'), 'a.smbackup');
    const b = await onTerminal(['store', 'backup', file, '--data-dir', a], [PASS, PASS]);
    assert.equal(b.code, 0, b.out);
    assert.match(b.out, /backup passphrase: [\s\S]*backup passphrase \(again\): /);
    assert.ok(!b.out.includes(PASS), 'not echoed');

    const c = folder(3);
    const no = await onTerminal(['store', 'restore', file, '--data-dir', c, '--force'], [PASS, 'n']);
    assert.equal(no.code, 4, no.out);
    assert.match(no.out, /Restore 2 events .* replacing 3 events and 0 users .*\[y\/N\] /);
    assert.match(no.out, /not confirmed; nothing was changed/);
    assert.ok(!no.out.includes(PASS));
    assert.equal(events(c), 3);
    const yes = await onTerminal(['store', 'restore', file, '--data-dir', c, '--force'], [PASS, 'y']);
    assert.equal(yes.code, 0, yes.out);
    assert.match(yes.out, /restored 2 events .*replaced 3 events/);
    assert.equal(events(c), 2);
  });

  it('purge asks before deleting; Enter alone is no', async () => {
    const a = folder(2);
    const no = await onTerminal(['store', 'purge', '--photo-days', '0', '--data-dir', a], ['']);
    assert.equal(no.code, 4, no.out);
    assert.match(no.out, /Delete the photos of 2 events .* This cannot be undone\. \[y\/N\] /);
    const yes = await onTerminal(['store', 'purge', '--photo-days', '0', '--data-dir', a], ['y']);
    assert.equal(yes.code, 0, yes.out);
    assert.match(yes.out, /purged photos of 2 events/);
  });
});

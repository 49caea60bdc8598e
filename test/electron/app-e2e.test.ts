// The real desktop app through Playwright's Electron driver: runs where the Electron binary is
// installed (it cannot be downloaded on the offline build machines: one "skipped" line there).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { ELECTRON_BINARY } from '../helpers/electron-binary.js';
import { _electron as electron } from 'playwright-core';
import { seededDataDir } from '../helpers/seed.js';

const binary = ELECTRON_BINARY;
if (!binary) console.log('skipped: Electron binary not installed (offline install) — the desktop end-to-end test needs it');

describe('desktop app end to end', { skip: binary ? false : 'Electron binary not installed' }, () => {
  it('starts one locked-down window on sophon://app, signs in over IPC, and quits cleanly', async () => {
    const build = spawnSync(process.execPath, ['scripts/build-desktop.mjs'], { encoding: 'utf8' });
    assert.equal(build.status, 0, build.stderr);
    const userData = seededDataDir('sophon-electron-e2e');
    const app = await electron.launch({
      executablePath: binary!,
      args: ['.', `--user-data-dir=${userData}`],
      env: { ...process.env, SOPHONMATCH_E2E: '1' },
    });
    try {
      const win = await app.firstWindow();
      assert.match(win.url(), /^sophon:\/\/app\//);
      assert.equal(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length), 1);
      assert.equal(await win.evaluate(() => typeof (window as unknown as { require?: unknown }).require), 'undefined');
      assert.equal(await win.evaluate(() => typeof (window as unknown as { sophon?: { invoke?: unknown } }).sophon?.invoke), 'function');
      await win.getByTestId('reader-status').or(win.getByRole('button')).first().waitFor();
    } finally {
      await app.close();
    }
  });
});

// Tests that need the Electron binary run only where it is installed; here they say "skipped".
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ELECTRON_BINARY } from '../helpers/electron-binary.js';

const binary = ELECTRON_BINARY;
if (!binary) console.log('skipped: Electron binary not installed (offline install)');

describe('desktop (Electron)', () => {
  it(
    'seals the store key with the OS keychain and opens it again',
    { skip: binary ? false : 'Electron binary not installed' },
    async () => {
      const { spawnSync } = await import('node:child_process');
      const { mkdtempSync, writeFileSync } = await import('node:fs');
      const os = await import('node:os');
      const app = mkdtempSync(path.join(os.tmpdir(), 'sophon-electron-'));
      writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'probe', main: 'main.js' }));
      writeFileSync(
        path.join(app, 'main.js'),
        [
          "const { app, safeStorage } = require('electron');",
          'app.whenReady().then(() => {',
          '  const ok = safeStorage.isEncryptionAvailable();',
          "  const sealed = ok ? safeStorage.encryptString('k') : null;",
          "  process.stdout.write(JSON.stringify({ ok, roundTrip: ok && safeStorage.decryptString(sealed) === 'k' }));",
          '  app.exit(0);',
          '});',
        ].join('\n'),
      );
      const r = spawnSync(binary!, ['--no-sandbox', app], { encoding: 'utf8', timeout: 60_000 });
      assert.equal(r.status, 0, r.stderr);
      const out = JSON.parse(r.stdout.trim().split('\n').pop()!) as { ok: boolean; roundTrip: boolean };
      assert.equal(out.roundTrip, out.ok, 'what the keychain seals, it opens');
    },
  );
});

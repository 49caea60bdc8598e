// The desktop app's security settings, checked without Electron: the window options (Electron's
// security checklist), the fuses and packaging in electron-builder.yml (validated against
// electron-builder's own schema), the IPC allow-list, and @doyensec/electronegativity's findings.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { Ajv } from 'ajv';
import yaml from 'js-yaml';
import { createIpcHandlers } from '../../main/app/ipc-handlers.js';
import { SCREENS_CSP } from '../../main/common/csp.js';
import type { CounterService } from '../../main/counter/counter-service.js';
import { OPERATION_NAMES } from '../../main/contracts/operations.js';
import { isChannelName } from '../../main/electron/ipc-channels.js';
import { ALLOWED_PERMISSIONS, APP_CSP, windowOptions } from '../../main/electron/window-options.js';
import { SettingsFile } from '../../main/settings/settings-file.js';
import { openStore } from '../../main/store/open-store.js';
import { tempDir } from '../helpers/tmp.js';

const builder = yaml.load(readFileSync('electron-builder.yml', 'utf8')) as Record<string, any>;

describe('desktop security', () => {
  it('window options follow the Electron security checklist; devtools only in development', () => {
    const o = windowOptions('/app/preload.cjs', true, false).webPreferences!;
    assert.equal(o.contextIsolation, true);
    assert.equal(o.sandbox, true);
    assert.equal(o.nodeIntegration, false);
    assert.equal(o.nodeIntegrationInWorker, false);
    assert.equal(o.nodeIntegrationInSubFrames, false);
    assert.equal(o.webSecurity, true);
    assert.equal(o.allowRunningInsecureContent, false);
    assert.equal(o.experimentalFeatures, false);
    assert.equal(o.webviewTag, false);
    assert.equal(o.devTools, false, 'no devtools in a packaged build');
    assert.equal(windowOptions('/p', false, false).webPreferences!.devTools, true);
    assert.equal(o.disableBlinkFeatures, 'Auxclick');
    assert.deepEqual(ALLOWED_PERMISSIONS, ['media'], 'the camera and nothing else');
    assert.equal(APP_CSP, SCREENS_CSP);
    assert.match(APP_CSP, /script-src 'self';/);
    assert.doesNotMatch(APP_CSP, /unsafe-eval|script-src[^;]*unsafe-inline|https?:/);
  });

  it('the main process sources keep the rest of the checklist: no remote, navigation and new windows blocked, custom protocol, permission handler', () => {
    const src = (f: string) => readFileSync(path.join('main/electron', f), 'utf8');
    const code = (f: string) => src(f).replace(/^\s*(\/\/|\/\*\*?|\*).*$/gm, ''); // comments may name what is forbidden
    const all = ['app.ts', 'window.ts', 'preload.ts', 'ipc.ts', 'protocol.ts', 'window-options.ts'].map(code).join('\n');
    assert.doesNotMatch(
      all,
      /enableRemoteModule|@electron\/remote|nodeIntegration:\s*true|contextIsolation:\s*false|webSecurity:\s*false|sandbox:\s*false|file:\/\//,
    );
    assert.match(src('window.ts'), /setWindowOpenHandler\(\(\) => \(\{ action: 'deny' \}\)\)/);
    assert.match(src('window.ts'), /'will-navigate'[\s\S]*preventDefault/);
    assert.match(src('window.ts'), /setPermissionRequestHandler[\s\S]*setPermissionCheckHandler/);
    assert.match(src('preload.ts'), /exposeInMainWorld\('sophon', \{/);
    assert.doesNotMatch(src('preload.ts'), /exposeInMainWorld\([^)]*ipcRenderer\s*\)/, 'ipcRenderer is never exposed');
    assert.match(src('protocol.ts'), /content-security-policy/);
    assert.match(src('ipc.ts'), /senderFrame/);
  });

  it('electron-builder.yml validates against electron-builder’s schema; fuses, ASAR, installers and auto-update as required', () => {
    const schema = JSON.parse(readFileSync('node_modules/app-builder-lib/scheme.json', 'utf8'));
    const ajv = new Ajv({ allErrors: true, strict: false });
    const valid = ajv.validate(schema, builder);
    assert.ok(valid, ajv.errorsText(ajv.errors));
    assert.deepEqual(builder.electronFuses, {
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      loadBrowserProcessSpecificV8Snapshot: false,
      grantFileProtocolExtraPrivileges: false,
    });
    assert.equal(builder.asar, true);
    for (const pkg of ['better-sqlite3', 'onnxruntime-node', 'sharp'])
      assert.ok(
        builder.asarUnpack.some((g: string) => g.includes(pkg)),
        `${pkg} unpacked from the ASAR`,
      );
    assert.deepEqual(
      builder.win.target.map((t: { target: string }) => t.target),
      ['nsis', 'msi'],
    );
    assert.equal(builder.msi.perMachine, true);
    assert.equal(builder.nsis.perMachine, true);
    assert.equal(builder.mac.hardenedRuntime, true);
    assert.equal(builder.mac.notarize, true);
    assert.deepEqual(builder.linux.target, ['AppImage', 'deb']);
    assert.equal(builder.publish, null, 'auto-update off by default');
    assert.ok(builder.extraResources.some((r: { from: string }) => r.from === 'models'));
  });

  it('the IPC handlers’ channels are the operations of the table, each a name the preload forwards', () => {
    const dir = tempDir('sophon-ipc');
    const store = openStore(dir);
    try {
      const h = createIpcHandlers({
        store,
        counter: null as unknown as CounterService,
        settings: new SettingsFile(dir),
        applySettings: async () => {},
      });
      assert.deepEqual([...h.channels].sort(), [...OPERATION_NAMES].sort());
      for (const n of OPERATION_NAMES) assert.ok(isChannelName(n), n);
      assert.ok(!isChannelName('counter-state:push') && !isChannelName('x'.repeat(65)));
    } finally {
      store.close();
    }
  });

  it('electronegativity finds nothing beyond the reviewed false positives', () => {
    // SARIF, not CSV: the tool's CSV writer starts its header write and its rows' append at once, so
    // the header can overwrite the first row or the truncation wipe the rows (seen once in CI).
    const out = path.join(tempDir('sophon-eg'), 'eg.sarif');
    const r = spawnSync(
      process.execPath,
      ['node_modules/@doyensec/electronegativity/dist/index.js', '-i', 'main/electron', '-o', out, '-e', '45.4.1', '-r', '-v', 'false'],
      { encoding: 'utf8', timeout: 120_000 },
    );
    assert.equal(r.status, 0, r.stderr);
    const sarif = JSON.parse(readFileSync(out, 'utf8')) as {
      runs: { results: { ruleId: string; level: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[];
    };
    const findings = sarif.runs[0]!.results.map((f) => `${f.ruleId} ${f.level} ${f.locations[0]!.physicalLocation.artifactLocation.uri}`);
    assert.ok(findings.length > 0, 'the tool reports its findings (the reviewed ones at least)');
    // Each of these is asserted above instead: the tool cannot follow options built by a function
    // (window-options.ts) or a CSP sent by the protocol handler.
    const reviewed = new Set([
      'CSP_GLOBAL_CHECK warning file:///',
      'AUXCLICK_JS_CHECK warning window.ts',
      'CONTEXT_ISOLATION_JS_CHECK warning window.ts',
      'SANDBOX_JS_CHECK warning window.ts',
    ]);
    assert.deepEqual(
      findings.filter((f) => !reviewed.has(f)),
      [],
    );
  });
});

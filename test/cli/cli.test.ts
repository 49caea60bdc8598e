// The command line as an installer meets it: --help for every command (exit 0, on stdout), --version,
// the documented exit codes (2 for wrong options, no stack trace), `serve` refusing a busy port
// before it loads anything, multi-frame `compare --face A --face B` on real photos, the service unit.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, linkSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import net from 'node:net';
import path from 'node:path';
import { describe, it } from 'node:test';
import { face } from '../helpers/faces.js';
import { tempDir } from '../helpers/tmp.js';

const CLI = path.resolve('main/cli/sophonmatch.ts');
const run = (args: string[], opts: { input?: string; timeout?: number } = {}) =>
  spawnSync(process.execPath, ['--import', 'tsx', CLI, ...args], {
    encoding: 'utf8',
    input: opts.input ?? '',
    timeout: opts.timeout ?? 120_000,
  });
const npmScript = (file: string, args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', file, ...args], { encoding: 'utf8', timeout: 60_000 });
const noStack = (s: string) => assert.doesNotMatch(s, /\n\s+at .*\(.*:\d+:\d+\)/, 'no stack trace');
const version = (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version;

describe('sophonmatch command line', () => {
  it('--help for the command and every command and subcommand: exit 0, usage on stdout', () => {
    const top = run(['--help']);
    assert.equal(top.status, 0, top.stderr);
    for (const c of [
      'compare',
      'serve',
      'store',
      'read-card',
      'setup-admin',
      'users',
      'service',
      'npm run eval',
      'npm run calibrate',
      'bench:api',
      'Exit codes',
    ])
      assert.ok(top.stdout.includes(c), c);
    for (const args of [
      ['compare', '--help'],
      ['serve', '--help'],
      ['store', '--help'],
      ['store', 'backup', '--help'],
      ['store', 'restore', '-h'],
      ['read-card', '--help'],
      ['setup-admin', '--help'],
      ['users', '--help'],
      ['service', '--help'],
      ['service', 'install', '--help'],
    ]) {
      const r = run(args);
      assert.equal(r.status, 0, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stdout, new RegExp(`^usage: sophonmatch ${args[0]}`), args.join(' '));
      assert.match(r.stdout, /Exit/, `${args.join(' ')} documents its exit codes`);
    }
    for (const f of [
      'main/cli/eval.ts',
      'main/cli/calibrate.ts',
      'bench/compare.bench.ts',
      'bench/api.bench.ts',
      'bench/reader.bench.ts',
      'bench/ui.bench.ts',
    ]) {
      const r = npmScript(f, ['--help']);
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, /^usage: npm run/);
      noStack(r.stderr);
    }
  });

  it('--version; wrong options exit 2 with the usage and no stack trace; no command exits 2', () => {
    const v = run(['--version']);
    assert.equal(v.status, 0);
    assert.equal(v.stdout.trim(), `sophonmatch ${version}`);
    for (const args of [
      ['compare', '--nonsense'],
      ['store', 'frobnicate'],
      ['serve', '--port'],
      ['nonsense'],
      [],
      ['service', 'install', '--platform', 'beos'],
      ['setup-admin'],
    ]) {
      const r = run(args);
      assert.equal(r.status, 2, `${args.join(' ')}: ${r.stdout}${r.stderr}`);
      assert.match(r.stderr, /usage: sophonmatch/, args.join(' '));
      noStack(r.stderr);
    }
    const benchBad = npmScript('bench/compare.bench.ts', ['--bogus']);
    assert.equal(benchBad.status, 2);
    assert.match(benchBad.stderr, /Unknown option '--bogus'\nusage: npm run bench/);
    noStack(benchBad.stderr);
    const bad = run(['serve', '--port', '99999', '--data-dir', tempDir('sophon-cli')]);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /port: .*65535/, 'refused, not clamped');
  });

  it('serve on a busy port says so before loading the models (and opens nothing)', async () => {
    const busy = net.createServer();
    await new Promise<void>((r) => busy.listen(0, '127.0.0.1', r));
    const port = (busy.address() as net.AddressInfo).port;
    const dataDir = path.join(tempDir('sophon-cli'), 'data');
    try {
      const r = spawnSync(process.execPath, ['--import', 'tsx', CLI, 'serve', '--port', String(port), '--data-dir', dataDir], {
        encoding: 'utf8',
        timeout: 60_000,
      });
      assert.equal(r.status, 1, r.stderr);
      assert.match(r.stderr, new RegExp(`port ${port} on 127.0.0.1 is already in use`));
      assert.doesNotMatch(r.stdout + r.stderr, /models loaded|image kernels|EADDRINUSE/);
      assert.ok(!existsSync(dataDir), 'the data folder was not even opened');
    } finally {
      busy.close();
    }
  });

  it('serve on a read-only data folder says so in one line (the log file too), no stack trace', (t) => {
    const dir = tempDir('sophon-ro');
    if (spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=8m,mode=0700', 'tmpfs', dir]).status !== 0)
      return t.skip('mount is not available here');
    try {
      for (const logsExist of [false, true]) {
        if (logsExist) {
          spawnSync('mount', ['-o', 'remount,rw', dir]);
          spawnSync('mkdir', ['-p', path.join(dir, 'logs')]);
          writeFileSync(path.join(dir, 'logs', 'sophonmatch.1.log'), '');
        }
        spawnSync('mount', ['-o', 'remount,ro', dir]);
        const r = spawnSync(
          process.execPath,
          ['--import', 'tsx', CLI, 'serve', '--port', '0', '--data-dir', dir, '--reader-port', 'none', '--ui', 'off'],
          { encoding: 'utf8', timeout: 60_000 },
        );
        assert.equal(r.status, 1, r.stderr);
        assert.match(r.stderr, /read-only file system/);
        noStack(r.stderr);
      }
    } finally {
      spawnSync('umount', ['-l', dir]);
    }
  });

  it('multi-frame compare --face A --face B on real photos answers (the best frame is compared)', () => {
    const r = run([
      'compare',
      '--card',
      face('dev/p01/img10.jpg'),
      '--face',
      face('dev/p05/img17.jpg'),
      '--face',
      face('dev/p01/img11.jpg'),
      '--threshold',
      'low',
    ]);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    const answer = JSON.parse(r.stdout);
    assert.equal(answer.error, undefined, r.stdout);
    assert.match(String(answer.retcode), /^[01]$/);
    const missing = run(['compare', '--card', face('dev/p01/img10.jpg'), '--face', '/no/such/file.jpg']);
    assert.equal(missing.status, 1);
    assert.match(JSON.parse(missing.stdout).error.message, /cannot read \/no\/such\/file.jpg/);
  });

  it('service: the systemd unit it writes passes systemd-analyze verify; Windows files are printed', (t) => {
    const unitDir = tempDir('sophon-unit');
    // The unit's node must be a system path (this test's node may be scripts/use-node.sh's, in ~/.cache):
    // a link (or copy) of it outside every home folder stands for /usr/local/bin/node.
    const node = path.join(tempDir('sophon-node'), 'node');
    try {
      linkSync(process.execPath, node);
    } catch {
      copyFileSync(process.execPath, node);
      chmodSync(node, 0o755);
    }
    const install = ['service', 'install', '--unit-dir', unitDir, '--no-enable', '--node'];
    const inHome = run([...install, path.join(os.homedir(), '.cache/sophonmatch/node-v22.23.5/bin/node')]);
    assert.equal(inHome.status, 1, inHome.stderr);
    assert.match(inHome.stderr, /home folder: the service account cannot read it.*--node \/usr\/local\/bin\/node/);
    assert.ok(!existsSync(path.join(unitDir, 'sophonmatch.service')), 'nothing written');
    const r = run([...install, node, '--data-dir', '/var/lib/sophonmatch', '--user', 'root', '--', '--port', '5555']);
    assert.equal(r.status, 0, r.stderr);
    const unit = readFileSync(path.join(unitDir, 'sophonmatch.service'), 'utf8');
    for (const line of [
      'Restart=on-failure',
      'WantedBy=multi-user.target',
      'KillSignal=SIGTERM',
      'UMask=0077',
      'ReadWritePaths=/var/lib/sophonmatch',
    ])
      assert.ok(unit.includes(line), line);
    assert.ok(unit.includes(`\nExecStart=${node} `), unit);
    assert.match(unit, /^ExecStart=\S*node\S* \S*scripts\/sophonmatch\.mjs serve --data-dir \/var\/lib\/sophonmatch --port 5555$/m);
    const win = run(['service', 'print', '--platform', 'win32', '--data-dir', 'C:\\ProgramData\\SophonMatch']);
    assert.equal(win.status, 0, win.stderr);
    assert.match(win.stdout, /<onfailure action="restart" delay="2 sec"\/>/);
    assert.match(win.stdout, /sc\.exe failure sophonmatch reset= 3600 actions= restart\/2000/);
    // Windows install and uninstall run sc.exe (not here): --dry-run lists what they would write and run, in order.
    const winDir = 'C:\\SophonMatch\\releases\\0.1.0\\service';
    const winInstall = run([
      'service',
      'install',
      '--platform',
      'win32',
      '--dry-run',
      '--service-dir',
      winDir,
      '--winsw',
      'C:\\Downloads\\WinSW-x64.exe',
      '--data-dir',
      'C:\\ProgramData\\SophonMatch',
    ]);
    assert.equal(winInstall.status, 0, winInstall.stderr);
    const would = winInstall.stdout.split('\n').filter((l) => /^would (run|copy|write)/.test(l));
    assert.deepEqual(would, [
      `would write ${winDir}\\sophonmatch.xml:`,
      `would copy C:\\Downloads\\WinSW-x64.exe to ${winDir}\\sophonmatch.exe`,
      `would run: sc.exe create sophonmatch binPath= ${winDir}\\sophonmatch.exe start= delayed-auto DisplayName= SophonMatch`,
      'would run: sc.exe description sophonmatch "SophonMatch face verification (headless server)"',
      'would run: sc.exe failure sophonmatch reset= 3600 actions= restart/2000/restart/10000/restart/60000',
      'would run: sc.exe start sophonmatch',
    ]);
    assert.match(winInstall.stdout, /<arguments>\S+sophonmatch\.mjs serve --data-dir C:\\ProgramData\\SophonMatch<\/arguments>/);
    const winUninstall = run(['service', 'uninstall', '--platform', 'win32', '--dry-run', '--service-dir', winDir]);
    assert.equal(winUninstall.status, 0, winUninstall.stderr);
    assert.deepEqual(
      winUninstall.stdout.split('\n').filter((l) => l.startsWith('would run')),
      ['would run: sc.exe stop sophonmatch', 'would run: sc.exe delete sophonmatch'],
    );
    const notHere = run(['service', 'install', '--platform', 'win32', '--service-dir', winDir]);
    assert.equal(notHere.status, 1);
    assert.match(notHere.stderr, /runs sc\.exe: on Windows only/);
    if (spawnSync('systemd-analyze', ['--version']).status !== 0) return t.skip('systemd-analyze not installed');
    // Verified as installed: the unit's executable paths must exist (they do: the linked node and this checkout's entry).
    const copy = path.join(unitDir, 'verify', 'sophonmatch.service');
    spawnSync('mkdir', ['-p', path.dirname(copy)]);
    writeFileSync(copy, unit.replace('ReadWritePaths=/var/lib/sophonmatch', `ReadWritePaths=${unitDir}`));
    const v = spawnSync('systemd-analyze', ['verify', '--man=no', copy], { encoding: 'utf8' });
    assert.equal(v.status, 0, v.stderr);
    assert.doesNotMatch(v.stderr, /sophonmatch\.service.*(Unknown|Invalid|Failed|not)/i, v.stderr);
  });
});

// `sophonmatch service install|uninstall|print`: the headless product as a system service that
// starts at boot and restarts on failure. Linux: a systemd unit (install writes it, reloads systemd
// and enables it); Windows: WinSW (renamed sophonmatch.exe) and its XML in a service folder,
// registered, given its recovery options and started with sc.exe (docs/OPERATIONS.md).
// `--dry-run` prints what would be written and run.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadServerConfig } from '../server/config.js';
import { EXIT, parseCommand, UsageError } from './cli-args.js';
import { PROJECT_ROOT } from './project-root.js';
import {
  commandLine,
  MIN_NODE_MAJOR,
  SERVICE_NAME,
  scCommands,
  serviceNodeProblem,
  systemdUnit,
  winswXml,
  type ServiceSpec,
} from './service-unit.js';

export const SERVICE_USAGE = `usage: sophonmatch service install|uninstall|print [options]
  install     Linux: write ${SERVICE_NAME}.service, systemctl daemon-reload, enable --now (as root)
              Windows: ${SERVICE_NAME}.exe (WinSW) and ${SERVICE_NAME}.xml into --service-dir, then
              sc.exe create, description, failure (restart after 2 s, 10 s, 60 s), start (as Administrator)
  uninstall   Linux: systemctl disable --now, remove the unit; Windows: sc.exe stop, delete
  print       print the systemd unit (--platform linux) or the Windows service files and commands (--platform win32)
  --data-dir DIR      the service's data folder (default /var/lib/sophonmatch on Linux)
  --user NAME         the account it runs as (sophonmatch; create it first: useradd --system)
  --unit-dir DIR      where the unit goes (/etc/systemd/system)
  --node PATH         the node the service runs (default: the one running this), Node 22 or newer;
                      a stable system path such as /usr/local/bin/node, not a home or cache folder
  --service-dir DIR   Windows: the folder of ${SERVICE_NAME}.exe and ${SERVICE_NAME}.xml (<release>\\service)
  --winsw FILE        Windows: the WinSW executable to copy there as ${SERVICE_NAME}.exe (WinSW-x64.exe)
  --platform P        linux|win32 (this machine's)          --no-enable   write only
  --dry-run           print what would be written and run, change nothing
  -- ARGS             further \`serve\` options for the service (e.g. -- --port 5555)
  Exit: 0 done, 1 failed (not root/Administrator, systemctl or sc.exe failed), 2 usage.`;

export async function serviceCommand(argv: string[]): Promise<number> {
  const dash = argv.indexOf('--');
  const serveArgs = dash >= 0 ? argv.slice(dash + 1) : [];
  const args = parseCommand(
    dash >= 0 ? argv.slice(0, dash) : argv,
    SERVICE_USAGE,
    {
      'data-dir': { type: 'string' },
      user: { type: 'string', default: 'sophonmatch' },
      'unit-dir': { type: 'string', default: '/etc/systemd/system' },
      node: { type: 'string' },
      'service-dir': { type: 'string' },
      winsw: { type: 'string' },
      platform: { type: 'string', default: process.platform },
      'no-enable': { type: 'boolean', default: false },
      'dry-run': { type: 'boolean', default: false },
    },
    true,
  );
  if (!args) return EXIT.OK;
  const v = args.values as {
    'data-dir'?: string;
    user: string;
    'unit-dir': string;
    node?: string;
    'service-dir'?: string;
    winsw?: string;
    platform: string;
    'no-enable': boolean;
    'dry-run': boolean;
  };
  const [action, ...extra] = args.positionals;
  if (!action || !['install', 'uninstall', 'print'].includes(action) || extra.length) throw new UsageError(SERVICE_USAGE);
  if (!['linux', 'win32'].includes(v.platform)) throw new UsageError(`--platform: linux or win32\n${SERVICE_USAGE}`);
  const win = v.platform === 'win32';
  const dataDir = v['data-dir']
    ? (win ? path.win32 : path).resolve(v['data-dir'])
    : win
      ? loadServerConfig({}).dataDir
      : '/var/lib/sophonmatch';
  const node = v.node ?? process.execPath;
  const spec: ServiceSpec = {
    node,
    entry: path.join(PROJECT_ROOT, 'scripts', 'sophonmatch.mjs'),
    dataDir,
    user: v.user,
    serveArgs,
    workingDir: PROJECT_ROOT,
  };

  if (win) return windowsService(action as 'install' | 'uninstall' | 'print', spec, v);

  if (action !== 'print' && !v['dry-run'] && process.platform === 'win32') {
    console.error(`sophonmatch service ${action} --platform linux runs systemctl: on Linux only (here: print or --dry-run)`);
    return EXIT.FAILED;
  }
  const unitFile = path.join(v['unit-dir'], `${SERVICE_NAME}.service`);
  const unit = systemdUnit(spec);
  // The unit runs this node at every boot: a node in a home or cache folder (scripts/use-node.sh's)
  // or older than 22 would fail there, long after this command said "enabled".
  const nodeProblem = action === 'uninstall' ? null : linuxNodeProblem(node);
  if (action === 'print') {
    if (nodeProblem) console.error(`warning: ${nodeProblem}`);
    console.log(unit);
    return EXIT.OK;
  }
  if (nodeProblem) {
    console.error(`sophonmatch service ${action}: ${nodeProblem}`);
    return EXIT.FAILED;
  }
  const systemctl = (...a: string[]) => {
    if (v['dry-run'] || v['no-enable']) return console.log(`would run: systemctl ${a.join(' ')}`);
    const r = spawnSync('systemctl', a, { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`systemctl ${a.join(' ')} failed: ${(r.stderr || r.error?.message || '').trim()}`);
  };
  try {
    if (action === 'install') {
      if (v['dry-run']) {
        console.log(`would write ${unitFile}:\n${unit}`);
      } else {
        mkdirSync(v['unit-dir'], { recursive: true });
        writeFileSync(unitFile, unit, { mode: 0o644 });
        console.log(`wrote ${unitFile}`);
      }
      systemctl('daemon-reload');
      systemctl('enable', '--now', `${SERVICE_NAME}.service`);
      if (!v['dry-run'] && !v['no-enable'])
        console.log(`${SERVICE_NAME} enabled and started; status: systemctl status ${SERVICE_NAME}; log: ${path.join(dataDir, 'logs')}`);
    } else {
      systemctl('disable', '--now', `${SERVICE_NAME}.service`);
      if (v['dry-run']) console.log(`would remove ${unitFile}`);
      else if (existsSync(unitFile)) rmSync(unitFile);
      systemctl('daemon-reload');
      console.log(`${SERVICE_NAME} service removed (the data folder ${dataDir} is kept)`);
    }
    return EXIT.OK;
  } catch (e) {
    console.error(`sophonmatch service ${action}: ${(e as Error).message}`);
    return EXIT.FAILED;
  }
}

function linuxNodeProblem(node: string): string | null {
  let real = node;
  try {
    real = realpathSync(node);
  } catch {
    // does not exist: reported as "does not run" below
  }
  const r = path.isAbsolute(node) ? spawnSync(node, ['-p', 'process.versions.node'], { encoding: 'utf8', timeout: 30_000 }) : null;
  const version = r && r.status === 0 ? r.stdout.trim() : null;
  return serviceNodeProblem([node, real], version, [
    os.homedir(),
    process.env.HOME ?? '',
    process.env.SUDO_USER ? `/home/${process.env.SUDO_USER}` : '',
  ]);
}

/** Windows: WinSW and its XML in the service folder, registered and started with sc.exe. */
function windowsService(
  action: 'install' | 'uninstall' | 'print',
  spec: ServiceSpec,
  v: { 'service-dir'?: string; winsw?: string; 'dry-run': boolean; 'no-enable': boolean },
): number {
  // The Service Control Manager needs an absolute binPath.
  const serviceDir = path.win32.resolve(v['service-dir'] ?? path.win32.join(PROJECT_ROOT, 'service'));
  const exe = path.win32.join(serviceDir, `${SERVICE_NAME}.exe`);
  const xmlFile = path.win32.join(serviceDir, `${SERVICE_NAME}.xml`);
  const xml = winswXml(spec);
  const commands = scCommands(action === 'uninstall' ? 'uninstall' : 'install', serviceDir);
  if (action === 'print') {
    console.log(
      `# ${xmlFile} (beside WinSW renamed ${exe}; \`service install --platform win32\` puts both there)\n${xml}\n# then, as Administrator:\n${commands.map(commandLine).join('\n')}`,
    );
    return EXIT.OK;
  }
  const dry = v['dry-run'] || v['no-enable'];
  if (!v['dry-run'] && process.platform !== 'win32') {
    console.error(`sophonmatch service ${action} --platform win32 runs sc.exe: on Windows only (here: print or --dry-run)`);
    return EXIT.FAILED;
  }
  const sc = (argv: string[], mayFail = false) => {
    if (dry) return console.log(`would run: ${commandLine(argv)}`);
    const [cmd, ...rest] = argv as [string, ...string[]];
    const r = spawnSync(cmd, rest, { encoding: 'utf8', windowsHide: true });
    const said = `${r.stdout ?? ''}${r.stderr ?? ''}`.trim().split(/\r?\n/).filter(Boolean).slice(-2).join(' ');
    if (r.status !== 0 && !mayFail) throw new Error(`${commandLine(argv)} failed: ${said || r.error?.message || `exit ${r.status}`}`);
  };
  try {
    if (action === 'install' && process.platform === 'win32') {
      const r = spawnSync(spec.node, ['-p', 'process.versions.node'], { encoding: 'utf8', timeout: 30_000 });
      const major = r.status === 0 ? Number(r.stdout.trim().split('.')[0]) : NaN;
      if (!(major >= MIN_NODE_MAJOR))
        throw new Error(
          `${spec.node} is not Node ${MIN_NODE_MAJOR} or newer (${r.status === 0 ? `v${r.stdout.trim()}` : 'it does not run'}); install Node ${MIN_NODE_MAJOR} LTS and run this with it, or pass --node`,
        );
    }
    if (action === 'install') {
      if (!v.winsw && !existsSync(exe) && !v['dry-run'])
        throw new Error(`WinSW is needed as ${exe}: pass --winsw <path of WinSW-x64.exe> (https://github.com/winsw/winsw/releases)`);
      if (v['dry-run']) {
        console.log(`would write ${xmlFile}:\n${xml}`);
        if (v.winsw) console.log(`would copy ${v.winsw} to ${exe}`);
      } else {
        mkdirSync(serviceDir, { recursive: true });
        writeFileSync(xmlFile, xml);
        if (v.winsw) copyFileSync(v.winsw, exe);
        console.log(`wrote ${xmlFile}${v.winsw ? ` and ${exe}` : ''}`);
      }
      for (const argv of commands) sc(argv);
      if (!dry)
        console.log(
          `${SERVICE_NAME} created and started; status: sc.exe query ${SERVICE_NAME}; log: ${path.win32.join(spec.dataDir, 'logs')}`,
        );
    } else {
      const [stop, ...rest] = commands;
      if (stop) sc(stop, true); // not running: nothing to stop
      for (const argv of rest) sc(argv);
      console.log(`${SERVICE_NAME} service removed (the data folder ${spec.dataDir} and ${serviceDir} are kept)`);
    }
    return EXIT.OK;
  } catch (e) {
    console.error(`sophonmatch service ${action}: ${(e as Error).message}`);
    return EXIT.FAILED;
  }
}

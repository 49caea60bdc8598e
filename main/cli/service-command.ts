// `sophonmatch service install|uninstall|print`: the headless product as a system service that
// starts at boot and restarts on failure. Linux: a systemd unit (install writes it, reloads systemd
// and enables it); Windows: the WinSW definition and the sc.exe recovery options, printed for the
// installer (docs/OPERATIONS.md). `--dry-run` prints what would be written and run.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadServerConfig } from '../server/config.js';
import { EXIT, parseCommand, UsageError } from './cli-args.js';
import { PROJECT_ROOT } from './project-root.js';
import { SERVICE_NAME, scFailureCommand, serviceNodeProblem, systemdUnit, winswXml, type ServiceSpec } from './service-unit.js';

export const SERVICE_USAGE = `usage: sophonmatch service install|uninstall|print [options]
  install     Linux: write ${SERVICE_NAME}.service, systemctl daemon-reload, enable --now (as root)
  uninstall   Linux: systemctl disable --now, remove the unit
  print       print the systemd unit (--platform linux) or the Windows service files (--platform win32)
  --data-dir DIR      the service's data folder (default /var/lib/sophonmatch on Linux)
  --user NAME         the account it runs as (sophonmatch; create it first: useradd --system)
  --unit-dir DIR      where the unit goes (/etc/systemd/system)
  --node PATH         the node the service runs (default: the one running this), Node 22 or newer;
                      a stable system path such as /usr/local/bin/node, not a home or cache folder
  --platform P        linux|win32 (this machine's)          --no-enable   write only
  --dry-run           print what would be written and run, change nothing
  -- ARGS             further \`serve\` options for the service (e.g. -- --port 5555)
  Exit: 0 done, 1 failed (not root, systemctl failed), 2 usage.`;

export async function serviceCommand(argv: string[]): Promise<number> {
  const dash = argv.indexOf('--');
  const serveArgs = dash >= 0 ? argv.slice(dash + 1) : [];
  const args = parseCommand(
    dash >= 0 ? argv.slice(0, dash) : argv,
    SERVICE_USAGE,
    { 'data-dir': { type: 'string' }, user: { type: 'string', default: 'sophonmatch' }, 'unit-dir': { type: 'string', default: '/etc/systemd/system' }, node: { type: 'string' }, platform: { type: 'string', default: process.platform }, 'no-enable': { type: 'boolean', default: false }, 'dry-run': { type: 'boolean', default: false } },
    true,
  );
  if (!args) return EXIT.OK;
  const v = args.values as { 'data-dir'?: string; user: string; 'unit-dir': string; node?: string; platform: string; 'no-enable': boolean; 'dry-run': boolean };
  const [action, ...extra] = args.positionals;
  if (!action || !['install', 'uninstall', 'print'].includes(action) || extra.length) throw new UsageError(SERVICE_USAGE);
  if (!['linux', 'win32'].includes(v.platform)) throw new UsageError(`--platform: linux or win32\n${SERVICE_USAGE}`);
  const win = v.platform === 'win32';
  const dataDir = v['data-dir'] ? path.resolve(v['data-dir']) : win ? loadServerConfig({}).dataDir : '/var/lib/sophonmatch';
  const node = v.node ?? process.execPath;
  const spec: ServiceSpec = { node, entry: path.join(PROJECT_ROOT, 'scripts', 'sophonmatch.mjs'), dataDir, user: v.user, serveArgs, workingDir: PROJECT_ROOT };

  if (win) {
    if (action !== 'print') {
      console.error(`sophonmatch service ${action}: on Windows, install with WinSW as docs/OPERATIONS.md says (sophonmatch service print --platform win32 gives its files)`);
      return EXIT.FAILED;
    }
    console.log(`# ${SERVICE_NAME}.xml (next to WinSW renamed ${SERVICE_NAME}.exe; then: ${SERVICE_NAME}.exe install)\n${winswXml(spec)}\n# then, as Administrator:\n${scFailureCommand}\nsc.exe start ${SERVICE_NAME}`);
    return EXIT.OK;
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
      if (!v['dry-run'] && !v['no-enable']) console.log(`${SERVICE_NAME} enabled and started; status: systemctl status ${SERVICE_NAME}; log: ${path.join(dataDir, 'logs')}`);
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
  return serviceNodeProblem([node, real], version, [os.homedir(), process.env.HOME ?? '', process.env.SUDO_USER ? `/home/${process.env.SUDO_USER}` : '']);
}

// The headless product as a system service: the systemd unit (Linux) and the Windows service
// definition (WinSW XML, with sc.exe recovery options), made from one description so both start at
// boot, restart on failure, stop with a clean shutdown and log into the data folder.
import path from 'node:path';

export interface ServiceSpec {
  /** The node executable and the `sophonmatch` entry (scripts/sophonmatch.mjs of this install). */
  node: string;
  entry: string;
  dataDir: string;
  /** The account the service runs as (systemd); created by the installer. */
  user: string;
  /** Extra `serve` options (host, port, token file…), passed as they are. */
  serveArgs: string[];
  workingDir: string;
}

export const SERVICE_NAME = 'sophonmatch';
const DESCRIPTION = 'SophonMatch face verification (headless server)';

/** The oldest Node major the product runs on (package.json engines; what Electron 45 embeds). */
export const MIN_NODE_MAJOR = 22;

/**
 * Why `node` is no executable for a Linux service unit, or null if it is: it must be an absolute
 * path outside every home and per-user cache folder (the service account cannot read those, the unit
 * has ProtectHome=read-only, and a cache is cleared or replaced behind the service's back; this is
 * where scripts/use-node.sh puts its Node), and run as Node 22 or newer (`version`: what it printed
 * for process.versions.node, null when it did not run). `paths`: the path as given and its real path.
 */
export function serviceNodeProblem(paths: string[], version: string | null, homes: string[]): string | null {
  const node = paths[0] ?? '';
  const fix = `install Node ${MIN_NODE_MAJOR} LTS for the whole system (docs/OPERATIONS.md, section 1: /usr/local/bin/node) and pass --node /usr/local/bin/node`;
  if (!node.startsWith('/')) return `--node ${node}: an absolute path is needed`;
  const roots = [...new Set(['/root', '/home', ...homes.filter((h) => h && h !== '/')].map((h) => h.replace(/\/+$/, '')))];
  for (const p of paths) {
    const inHome = roots.find((h) => p === h || p.startsWith(`${h}/`));
    const inCache = /\/\.(cache|nvm|volta|fnm|local|asdf)\//.test(p);
    if (inHome || inCache)
      return `the service would run ${node}${p !== node ? ` (${p})` : ''}, in a ${inHome ? 'home' : 'per-user cache'} folder: the service account cannot read it and it may be removed or replaced; ${fix}`;
  }
  if (version === null) return `${node} does not run (not a node executable?); ${fix}`;
  const major = Number(version.split('.')[0]);
  if (!(major >= MIN_NODE_MAJOR)) return `${node} is Node v${version}; the service needs Node ${MIN_NODE_MAJOR} or newer: ${fix}`;
  return null;
}

const quote = (a: string) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `"${a.replace(/(["\\$`])/g, '\\$1')}"`);

export function systemdUnit(s: ServiceSpec): string {
  const exec = [s.node, s.entry, 'serve', '--data-dir', s.dataDir, ...s.serveArgs].map(quote).join(' ');
  return `# SophonMatch headless server (written by \`sophonmatch service install\`; see docs/OPERATIONS.md)
[Unit]
Description=SophonMatch face verification (headless server)
Documentation=file://${s.workingDir}/docs/OPERATIONS.md
After=network-online.target
Wants=network-online.target
# Give up after 10 failures in 5 minutes (a broken install should not spin).
StartLimitIntervalSec=300
StartLimitBurst=10

[Service]
Type=simple
User=${s.user}
Group=${s.user}
WorkingDirectory=${s.workingDir}
Environment=NODE_ENV=production
ExecStart=${exec}
# SIGTERM: requests in flight finish and their events commit, then it exits 0.
KillSignal=SIGTERM
TimeoutStopSec=30
Restart=on-failure
RestartSec=2
UMask=0077
NoNewPrivileges=yes
PrivateTmp=yes
ProtectSystem=full
ProtectHome=read-only
ReadWritePaths=${s.dataDir}
# Serial ID-card readers (/dev/ttyUSB*, /dev/ttyACM*)
SupplementaryGroups=dialout

[Install]
WantedBy=multi-user.target
`;
}

const xml = (v: string) => v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** WinSW's service definition (the wrapper makes node.exe a Windows service). */
export function winswXml(s: ServiceSpec): string {
  // Windows' own command-line quoting (embedded quotes escaped, trailing backslashes doubled), as for sc.exe.
  const args = commandLine([s.entry, 'serve', '--data-dir', s.dataDir, ...s.serveArgs]);
  return `<!-- SophonMatch headless server as a Windows service (WinSW). See docs/OPERATIONS.md. -->
<service>
  <id>${SERVICE_NAME}</id>
  <name>SophonMatch</name>
  <description>${DESCRIPTION}</description>
  <executable>${xml(s.node)}</executable>
  <arguments>${xml(args)}</arguments>
  <workingdirectory>${xml(s.workingDir)}</workingdirectory>
  <startmode>Automatic</startmode>
  <delayedAutoStart>true</delayedAutoStart>
  <stoptimeout>30 sec</stoptimeout>
  <onfailure action="restart" delay="2 sec"/>
  <onfailure action="restart" delay="10 sec"/>
  <onfailure action="restart" delay="60 sec"/>
  <resetfailure>1 hour</resetfailure>
  <log mode="none"/>
</service>
`;
}

/**
 * The sc.exe command lines `service install` / `uninstall` run on Windows, in order, each as its
 * argument vector (and printed by `service print` and `--dry-run` as they are run). The service's
 * executable is WinSW renamed ${SERVICE_NAME}.exe in `serviceDir`, its ${SERVICE_NAME}.xml beside it
 * (node.exe itself cannot answer the Service Control Manager). Install: create it (delayed automatic
 * start), describe it, the recovery options (restart after 2 s, 10 s, 60 s; the failure count resets
 * after an hour without one), start it. Uninstall: stop it (may fail: not running), delete it.
 */
export function scCommands(action: 'install' | 'uninstall', serviceDir: string): string[][] {
  if (action === 'uninstall')
    return [
      ['sc.exe', 'stop', SERVICE_NAME],
      ['sc.exe', 'delete', SERVICE_NAME],
    ];
  const exe = path.win32.join(serviceDir, `${SERVICE_NAME}.exe`);
  // A path with spaces is quoted inside binPath's value (else the SCM tries C:\Program.exe first).
  const binPath = /\s/.test(exe) ? `"${exe}"` : exe;
  return [
    ['sc.exe', 'create', SERVICE_NAME, 'binPath=', binPath, 'start=', 'delayed-auto', 'DisplayName=', 'SophonMatch'],
    ['sc.exe', 'description', SERVICE_NAME, DESCRIPTION],
    ['sc.exe', 'failure', SERVICE_NAME, 'reset=', '3600', 'actions=', 'restart/2000/restart/10000/restart/60000'],
    ['sc.exe', 'start', SERVICE_NAME],
  ];
}

/** An argument vector as one cmd.exe line (the quoting Node's spawn uses on Windows for these). */
export function commandLine(argv: string[]): string {
  return argv.map((a) => (a === '' || /[\s"]/.test(a) ? `"${a.replace(/(\\*)"/g, '$1$1\\"').replace(/(\\+)$/, '$1$1')}"` : a)).join(' ');
}

/** The recovery options the Service Control Manager applies as well (restart after 2 s, 10 s, 60 s). */
export const scFailureCommand = commandLine(scCommands('install', 'C:\\SophonMatch\\service')[2] ?? []);

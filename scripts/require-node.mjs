// The Node the product runs on: 22 LTS or newer (what Electron 45 embeds; better-sqlite3 13 needs it
// and crashes on older ones). npm only warns about package.json `engines`, so the entries
// (npm install's set-up step, npm start / the CLI, the test runner) stop here with one line instead.
export const MIN_NODE_MAJOR = 22;

export function requireNode(what) {
  const major = Number(process.versions.node.split('.')[0]);
  if (major >= MIN_NODE_MAJOR) return;
  console.error(
    `${what}: SophonMatch needs Node ${MIN_NODE_MAJOR} LTS or newer; this is Node ${process.version} (${process.execPath}). Run \`source scripts/use-node.sh\` in this shell (it installs Node 22 into ~/.cache/sophonmatch when needed), then the command again; on a server see docs/OPERATIONS.md`,
  );
  process.exit(1);
}

// What `sophonmatch service` builds without running it: which node a Linux unit may run (a stable
// system path, Node 22 or newer; never scripts/use-node.sh's node in a home cache), and the sc.exe
// command lines Windows install/uninstall run (they cannot run here: built and printed, not run).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { commandLine, scCommands, scFailureCommand, serviceNodeProblem, winswXml } from '../../main/cli/service-unit.js';

describe('service unit: the node it runs', () => {
  const homes = ['/home/ops'];
  it('a system node of 22 or newer is taken', () => {
    for (const node of ['/usr/local/bin/node', '/usr/bin/node', '/opt/node-v22.23.5/bin/node'])
      assert.equal(serviceNodeProblem([node, node], '22.23.5', homes), null, node);
    assert.equal(serviceNodeProblem(['/usr/bin/node', '/usr/bin/node'], '24.1.0', homes), null);
  });
  it('a node in a home or per-user cache folder (use-node.sh, nvm…) is refused, also behind a link', () => {
    for (const node of [
      '/root/.cache/sophonmatch/node-v22.23.5/bin/node',
      '/home/ops/.nvm/versions/node/v22.23.5/bin/node',
      '/srv/x/.cache/node/bin/node',
      '/home/ops',
    ]) {
      assert.match(serviceNodeProblem([node, node], '22.23.5', homes) ?? '', /(home|cache) folder.*--node \/usr\/local\/bin\/node/, node);
    }
    assert.match(
      serviceNodeProblem(['/usr/local/bin/node', '/home/ops/.cache/sophonmatch/node-v22.23.5/bin/node'], '22.23.5', homes) ?? '',
      /\/usr\/local\/bin\/node \(\/home\/ops\/\.cache.*home folder/,
    );
    assert.equal(
      serviceNodeProblem(['/usr/local/bin/node', '/usr/local/bin/node'], '22.23.5', ['/']),
      null,
      'a home of / is no home folder',
    );
  });
  it('an older node, one that does not run, or a relative path is refused', () => {
    assert.match(
      serviceNodeProblem(['/usr/bin/node', '/usr/bin/node'], '20.20.2', homes) ?? '',
      /Node v20\.20\.2; the service needs Node 22 or newer/,
    );
    assert.match(serviceNodeProblem(['/usr/bin/node', '/usr/bin/node'], '18.19.0', homes) ?? '', /needs Node 22/);
    assert.match(serviceNodeProblem(['/nope/node', '/nope/node'], null, homes) ?? '', /does not run/);
    assert.match(serviceNodeProblem(['node', 'node'], '22.23.5', homes) ?? '', /absolute path/);
  });
});

describe('service on Windows: the sc.exe commands', () => {
  it('install: create (WinSW in the service folder, delayed automatic start), description, failure, start', () => {
    const lines = scCommands('install', 'C:\\SophonMatch\\releases\\0.1.0\\service').map(commandLine);
    assert.deepEqual(lines, [
      'sc.exe create sophonmatch binPath= C:\\SophonMatch\\releases\\0.1.0\\service\\sophonmatch.exe start= delayed-auto DisplayName= SophonMatch',
      'sc.exe description sophonmatch "SophonMatch face verification (headless server)"',
      'sc.exe failure sophonmatch reset= 3600 actions= restart/2000/restart/10000/restart/60000',
      'sc.exe start sophonmatch',
    ]);
    assert.equal(scFailureCommand, lines[2]);
  });
  it('a service folder with spaces is quoted inside binPath (no C:\\Program.exe)', () => {
    const [create] = scCommands('install', 'C:\\Program Files\\SophonMatch\\service');
    assert.deepEqual(create?.slice(3, 5), ['binPath=', '"C:\\Program Files\\SophonMatch\\service\\sophonmatch.exe"']);
    assert.equal(
      commandLine(create ?? []),
      'sc.exe create sophonmatch binPath= "\\"C:\\Program Files\\SophonMatch\\service\\sophonmatch.exe\\"" start= delayed-auto DisplayName= SophonMatch',
    );
  });
  it('uninstall: stop, then delete', () => {
    assert.deepEqual(scCommands('uninstall', 'C:\\x').map(commandLine), ['sc.exe stop sophonmatch', 'sc.exe delete sophonmatch']);
  });
  it('command lines quote as Windows programs parse them', () => {
    assert.equal(commandLine(['a', 'b c', '', 'd"e', 'f\\ g\\']), 'a "b c" "" "d\\"e" "f\\ g\\\\"');
  });
  it("WinSW's arguments quote the same way (a trailing backslash or a quote in a serve argument stays one argument)", () => {
    const spec = {
      node: 'C:\\Program Files\\nodejs\\node.exe',
      entry: 'C:\\SophonMatch\\scripts\\sophonmatch.mjs',
      dataDir: 'C:\\ProgramData\\SophonMatch',
      user: 'sophonmatch',
      serveArgs: ['--models-dir', 'C:\\My Models\\', '--note', 'a"b'],
      workingDir: 'C:\\SophonMatch',
    };
    const args = /<arguments>(.*)<\/arguments>/.exec(winswXml(spec))![1]!.replace(/&quot;/g, '"');
    assert.equal(
      args,
      'C:\\SophonMatch\\scripts\\sophonmatch.mjs serve --data-dir C:\\ProgramData\\SophonMatch --models-dir "C:\\My Models\\\\" --note "a\\"b"',
    );
  });
});

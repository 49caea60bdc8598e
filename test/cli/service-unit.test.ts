// What `sophonmatch service` builds without running it: which node a Linux unit may run (a stable
// system path, Node 22 or newer; never scripts/use-node.sh's node in a home cache).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { serviceNodeProblem } from '../../main/cli/service-unit.js';

describe('service unit: the node it runs', () => {
  const homes = ['/home/ops'];
  it('a system node of 22 or newer is taken', () => {
    for (const node of ['/usr/local/bin/node', '/usr/bin/node', '/opt/node-v22.23.5/bin/node']) assert.equal(serviceNodeProblem([node, node], '22.23.5', homes), null, node);
    assert.equal(serviceNodeProblem(['/usr/bin/node', '/usr/bin/node'], '24.1.0', homes), null);
  });
  it('a node in a home or per-user cache folder (use-node.sh, nvm…) is refused, also behind a link', () => {
    for (const node of ['/root/.cache/sophonmatch/node-v22.23.5/bin/node', '/home/ops/.nvm/versions/node/v22.23.5/bin/node', '/srv/x/.cache/node/bin/node', '/home/ops']) {
      assert.match(serviceNodeProblem([node, node], '22.23.5', homes) ?? '', /(home|cache) folder.*--node \/usr\/local\/bin\/node/, node);
    }
    assert.match(serviceNodeProblem(['/usr/local/bin/node', '/home/ops/.cache/sophonmatch/node-v22.23.5/bin/node'], '22.23.5', homes) ?? '', /\/usr\/local\/bin\/node \(\/home\/ops\/\.cache.*home folder/);
    assert.equal(serviceNodeProblem(['/usr/local/bin/node', '/usr/local/bin/node'], '22.23.5', ['/']), null, 'a home of / is no home folder');
  });
  it('an older node, one that does not run, or a relative path is refused', () => {
    assert.match(serviceNodeProblem(['/usr/bin/node', '/usr/bin/node'], '20.20.2', homes) ?? '', /Node v20\.20\.2; the service needs Node 22 or newer/);
    assert.match(serviceNodeProblem(['/usr/bin/node', '/usr/bin/node'], '18.19.0', homes) ?? '', /needs Node 22/);
    assert.match(serviceNodeProblem(['/nope/node', '/nope/node'], null, homes) ?? '', /does not run/);
    assert.match(serviceNodeProblem(['node', 'node'], '22.23.5', homes) ?? '', /absolute path/);
  });
});

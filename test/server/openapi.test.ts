// The server's routes from their schemas: the OpenAPI document (@fastify/swagger) has every
// operation of the table and the compare API with their answer schemas; a request refused by its
// schema is BAD_FIELD in the common envelope; an answer carries only the fields its schema lists.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { OPERATIONS, type Operation } from '../../main/contracts/operations.js';
import { setupAdmin } from '../../main/store/users.js';
import { startAdminServer, type AdminServer } from '../helpers/review-server.js';

let s: AdminServer;
let token = '';
const call = async (method: string, p: string, body?: unknown) => {
  const r = await fetch(s.url + p, {
    method,
    headers: { 'x-session-token': token, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: r.status, json: (await r.json()) as any };
};

before(async () => {
  s = await startAdminServer(mkdtempSync(path.join(os.tmpdir(), 'sophon-openapi-')));
  setupAdmin(s.store.db, 'root', 'correct horse battery');
  token = (await call('POST', '/api/v1/login', { username: 'root', password: 'correct horse battery' })).json.token;
});
after(() => s.close());

describe('routes from their schemas', () => {
  it('the OpenAPI document has the compare API and every operation, each with its answer schema', async () => {
    const doc = (await call('GET', '/SophonMatch/api/openapi.json')).json;
    assert.equal(doc.openapi, '3.0.3');
    const compare = doc.paths['/SophonMatch/api/compare'].post;
    assert.deepEqual(Object.keys(compare.responses['200'].content['application/json'].schema.properties), [
      'retcode',
      'score',
      'identity_id',
      'name',
      'threshold',
      'event_id',
      'review',
      'debug_info',
    ]);
    assert.ok(compare.responses.default, 'the error envelope');
    // This server has no counter and no diagnostics source: those routes are not registered here.
    for (const [name, o] of (Object.entries(OPERATIONS) as [string, Operation][]).filter(
      ([n, o]) => !o.path.startsWith('/api/v1/counter/') && n !== 'diagnostics',
    )) {
      const p = doc.paths[o.path.replace(/:(\w+)/g, '{$1}')]?.[o.method.toLowerCase()];
      assert.ok(p, `${name}: ${o.method} ${o.path} is in the document`);
      assert.equal(p.operationId, name);
      assert.ok(p.responses[o.created ? '201' : '200'], `${name} has its answer schema`);
    }
    assert.ok(doc.components.securitySchemes.session && doc.components.securitySchemes.bearer);
    assert.ok(
      !doc.paths['/'] && !doc.paths['/SophonMatch/api/openapi.json'],
      "the screens' files and the document itself are not operations",
    );
  });

  it('a request refused by its schema is BAD_FIELD naming the field, after the session check', async () => {
    const r = await call('GET', '/api/v1/events?limit=9999');
    assert.equal(r.status, 400);
    assert.deepEqual(Object.keys(r.json.error), ['code', 'message', 'status', 'reason']);
    assert.equal(r.json.error.reason, 'BAD_FIELD');
    assert.match(r.json.error.message, /^limit: /);
    const saved = token;
    token = '';
    assert.equal((await call('GET', '/api/v1/events?limit=9999')).json.error.reason, 'LOGIN_REQUIRED');
    token = saved;
    assert.equal((await call('GET', '/api/v1/events/not-an-id')).json.error.reason, 'BAD_FIELD');
    assert.equal((await call('GET', '/api/v1/events/01ARZ3NDEKTSV4RRFFQ69G5FAV')).json.error.reason, 'NO_SUCH_EVENT');
  });

  it('an answer carries only the fields of its schema', async () => {
    const users = (await call('GET', '/api/v1/users')).json.users as Record<string, unknown>[];
    assert.deepEqual(Object.keys(users[0]!).sort(), Object.keys(OPERATIONS.users.answer.shape.users.element.shape).sort());
    const account = (await call('GET', '/api/v1/account')).json;
    assert.deepEqual(account, { username: 'root', role: 'admin', must_change_password: false });
  });
});

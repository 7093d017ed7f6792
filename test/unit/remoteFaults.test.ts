// Remotes that cannot be reached: each fault is one clear sentence, credentials in a URL are
// never repeated, and the local registry still lists. Only 127.0.0.1 and local folders are used.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as net from 'node:net';
import * as path from 'node:path';
import { cli } from './helpers/cli';
import { makeRepo, type TestRepo } from './helpers/gitRepo';
import { makeBare, processesReaching, serveHttp, type BareRemote, type HttpRemote } from './helpers/remotes';
import { compareTags, versionRemoteState } from '../../src/core/remoteState';
import { buildRegistry } from '../../src/core/registry';
import type { TagRef } from '../../src/core/types';
import { redact } from '../../src/git/remote';

process.env.GIT_CONFIG_NOSYSTEM = '1';

const BOUNDED = { timeout: 60_000 };

/** A port on 127.0.0.1 that nothing listens on (it was just free). */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('remotes that cannot be reached', () => {
  let repo: TestRepo;
  let bare: BareRemote;
  let server: HttpRemote;
  before(async () => {
    repo = makeRepo();
    repo.commit('one', { 'models/churn/model.yaml': 'name: churn\n' });
    repo.tag('churn@v1.0.0');
    repo.git('remote', 'add', 'origin', '/nowhere');
    bare = makeBare();
    server = await serveHttp(path.dirname(bare.dir));
  });
  after(async () => {
    await server.close();
    repo.remove();
    bare.remove();
  });

  async function listWith(url: string, ...extra: string[]) {
    repo.git('remote', 'set-url', 'origin', url);
    const r = await cli(repo.dir, 'list', '--remote', '--json', ...extra);
    return { code: r.code, err: r.err, listed: JSON.parse(r.out) };
  }

  it('a folder that is no repository is unreachable, named, and the local tags still list', BOUNDED, async () => {
    const gone = path.join(path.dirname(bare.dir), 'gone.git');
    const { code, listed, err } = await listWith(gone);
    assert.equal(code, 1);
    assert.equal(listed.remote.error.kind, 'unreachable');
    assert.equal(listed.remote.error.message, `cannot reach the remote origin: '${gone}' does not appear to be a git repository`);
    assert.equal(listed.models[0].versions[0].version, 'v1.0.0');
    assert.equal(err, `model-versions: cannot reach the remote origin: '${gone}' does not appear to be a git repository; listed the local tags only\n`);
  });

  it('a closed port is unreachable, and a password in the URL is never repeated', BOUNDED, async () => {
    const port = await closedPort();
    const { listed } = await listWith(`http://ada:s3cret-token@127.0.0.1:${port}/registry.git`);
    assert.equal(listed.remote.error.kind, 'unreachable');
    assert.match(listed.remote.error.message, new RegExp(`^cannot reach the remote origin: unable to access 'http://(\\*\\*\\*@)?127\\.0\\.0\\.1:${port}/registry\\.git/': Failed to connect`));
    assert.doesNotMatch(JSON.stringify(listed), /s3cret/);
    // git leaves the credentials out of its own messages; what a server or helper says is redacted too.
    assert.equal(redact("remote: see https://ada:s3cret@example.com/x and ssh://git@host/y"), 'remote: see https://***@example.com/x and ssh://***@host/y');
  });

  it('a repository the server does not have is unreachable, with the URL it tried', BOUNDED, async () => {
    const { listed } = await listWith(server.url('missing.git'));
    assert.equal(listed.remote.error.kind, 'unreachable');
    assert.match(listed.remote.error.message, /^cannot reach the remote origin: repository 'http:\/\/127\.0\.0\.1:\d+\/missing\.git\/' not found$/);
  });

  it('ssh to a closed port is unreachable; ssh never asks', BOUNDED, async () => {
    const port = await closedPort();
    const { listed } = await listWith(`ssh://git@127.0.0.1:${port}/registry.git`);
    assert.equal(listed.remote.error.kind, 'unreachable');
    assert.match(listed.remote.error.message, /Connection refused|Could not read from remote repository/);
  });

  it('an ssh server that greets and then says nothing is stopped at the timeout, ssh included', BOUNDED, async () => {
    const sockets: net.Socket[] = [];
    const silent = net.createServer((s) => {
      sockets.push(s);
      s.write('SSH-2.0-OpenSSH_9.2\r\n');
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as net.AddressInfo;
    try {
      const { listed } = await listWith(`ssh://git@127.0.0.1:${port}/registry.git`, '--timeout', '1');
      assert.equal(listed.remote.error.kind, 'timeout');
      // ssh's command line names the host and port apart: look for the port alone.
      const left = () => processesReaching(port).length + sshTo(port);
      while (left()) await new Promise((r) => setTimeout(r, 50));
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });
});

/** ssh processes whose arguments carry this port (`-p PORT`). */
function sshTo(port: number): number {
  if (process.platform !== 'linux') return 0;
  const { readdirSync, readFileSync } = require('node:fs') as typeof import('node:fs');
  let n = 0;
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      if (args[0]?.endsWith('ssh') && args.includes(String(port))) n++;
    } catch {
      // gone meanwhile
    }
  }
  return n;
}

describe('the comparison of local and remote tags', () => {
  const tag = (name: string, target: string, date: number, tagObject: string | null = `t-${name}`): TagRef => ({ name, annotated: tagObject !== null, tagObject, targetType: 'commit', target, date, tagger: 'x', subject: '' });
  const C1 = '1'.repeat(40);
  const C2 = '2'.repeat(40);

  it("a remote-only stage tag with a higher counter holds the stage over the local one, as it will after a fetch", () => {
    const local = [tag('churn@v1.0.0', C1, 100), tag('churn@v1.1.0', C2, 200), tag('churn#prod#3', C1, 300)];
    const cmp = compareTags('origin', local, [
      { name: 'churn@v1.0.0', object: 't-churn@v1.0.0', peeled: C1 },
      { name: 'churn@v1.1.0', object: 't-churn@v1.1.0', peeled: C2 },
      { name: 'churn#prod#3', object: 't-churn#prod#3', peeled: C1 },
      { name: 'churn#prod#5', object: 'remote-tag', peeled: C2 },
    ]);
    const churn = buildRegistry([...local, ...cmp.remoteOnlyRefs]).models[0]!;
    assert.deepEqual(churn.stages, { prod: 'v1.1.0' });
    assert.equal(versionRemoteState(churn.versions.find((v) => v.version === 'v1.1.0')!, cmp), 'remote-only');
    assert.equal(versionRemoteState(churn.versions.find((v) => v.version === 'v1.0.0')!, cmp), 'pushed');
  });

  it('a remote-only stage tag with a lower counter does not take the stage from a newer local one', () => {
    const local = [tag('churn@v1.0.0', C1, 100), tag('churn@v1.1.0', C2, 200), tag('churn#prod#6', C1, 300)];
    const cmp = compareTags('origin', local, [{ name: 'churn#prod#4', object: 'remote-tag', peeled: C2 }]);
    assert.deepEqual(buildRegistry([...local, ...cmp.remoteOnlyRefs]).models[0]!.stages, { prod: 'v1.0.0' });
  });

  it('a local tag the remote had at the last fetch and has no more is local-only and deleted there; one never pushed is not', () => {
    const local = [tag('churn@v1.0.0', C1, 100), tag('churn@v1.1.0', C2, 200)];
    const cmp = compareTags('origin', local, [], new Map([['churn@v1.0.0', 't-churn@v1.0.0']]));
    assert.deepEqual([...cmp.tags.values()].map((t) => [t.name, t.state, t.deletedOnRemote ?? false]), [
      ['churn@v1.0.0', 'local-only', true],
      ['churn@v1.1.0', 'local-only', false],
    ]);
  });

  it('tags outside the registry grammar are not compared', () => {
    const cmp = compareTags('origin', [tag('release-2024', C1, 1)], [{ name: 'nightly', object: C2 }]);
    assert.equal(cmp.tags.size, 0);
  });
});

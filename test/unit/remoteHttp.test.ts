// A smart-HTTP remote on 127.0.0.1 (git http-backend behind node's http module): the team flow
// over HTTP, a remote that asks for credentials (a clear message, never a prompt), and one that
// never answers (stopped at the timeout, nothing left running). Only 127.0.0.1 is ever reached.
import { describe, it, before, after, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { cli } from './helpers/cli';
import { makeRepo, type TestRepo } from './helpers/gitRepo';
import { makeBare, makeClone, processesReaching, serveHttp, type BareRemote, type HttpMode, type HttpRemote } from './helpers/remotes';
import { GitRepository } from '../../src/git/repository';
import { GitRemote } from '../../src/git/remote';
import { RemoteError } from '../../src/core/remotePort';

process.env.GIT_AUTHOR_NAME = 'Grace Hopper';
process.env.GIT_AUTHOR_EMAIL = 'grace@example.com';
process.env.GIT_COMMITTER_NAME = 'Grace Hopper';
process.env.GIT_COMMITTER_EMAIL = 'grace@example.com';
// No credential helper of this machine's may answer the 401 for the test.
const scratch = mkdtempSync(path.join(tmpdir(), 'mv-http-'));
writeFileSync(path.join(scratch, 'gitconfig'), '');
process.env.GIT_CONFIG_GLOBAL = path.join(scratch, 'gitconfig');
process.env.GIT_CONFIG_NOSYSTEM = '1';
// An askpass program that would leave a mark if git ever ran one to ask for a password.
const asked = path.join(scratch, 'asked');
const askpass = path.join(scratch, 'askpass.sh');
writeFileSync(askpass, `#!/bin/sh\ntouch '${asked}'\necho secret\n`);
chmodSync(askpass, 0o755);
process.env.GIT_ASKPASS = askpass;
process.env.SSH_ASKPASS = askpass;

const BOUNDED = { timeout: 60_000 };

/** Alice pushes through the file system; Bob's origin is the HTTP URL of the same bare repository. */
function team(url: (name: string) => string, bare: BareRemote) {
  const alice = makeRepo('mv-alice-');
  const c1 = alice.commit('v1', { 'models/churn/model.yaml': 'name: churn\n' }, '2024-01-01T00:00:00Z');
  alice.tag('churn@v1.0.0', { date: '2024-01-01T00:01:00Z' });
  alice.tag('churn#prod#1', { date: '2024-01-02T00:00:00Z' });
  alice.git('remote', 'add', 'origin', bare.dir);
  alice.git('push', '-q', '-u', 'origin', 'main', '--tags');
  // Cloned through the file system (a synchronous git here would block the server in this
  // process), then pointed at the server.
  const bob = makeClone(bare.dir);
  bob.git('remote', 'set-url', 'origin', url(path.basename(bare.dir)));
  return { alice, bob, c1 };
}

/**
 * Alice, Bob and their bare repository behind a server answering as `mode`, made before the
 * describe's tests (`each`: before each test) and removed after them.
 */
function httpTeam(mode: HttpMode, when: 'all' | 'each' = 'all'): { bare: BareRemote; server: HttpRemote; alice: TestRepo; bob: TestRepo } {
  const t = {} as { bare: BareRemote; server: HttpRemote; alice: TestRepo; bob: TestRepo };
  (when === 'each' ? beforeEach : before)(async () => {
    t.bare = makeBare();
    t.server = await serveHttp(path.dirname(t.bare.dir), mode);
    Object.assign(t, team(t.server.url, t.bare));
  });
  (when === 'each' ? afterEach : after)(async () => {
    await t.server.close();
    t.bare.remove();
    t.alice.remove();
    t.bob.remove();
  });
  return t;
}

/** Waits until no process reaches the port: every git and helper of a stopped command is gone. */
async function noneLeft(port: number): Promise<void> {
  while (processesReaching(port).length) await new Promise((r) => setTimeout(r, 50));
}

after(() => rmSync(scratch, { recursive: true, force: true }));

describe('a smart-HTTP remote served by git http-backend', () => {
  const t = httpTeam('serve', 'each');

  it('list --remote, fetch and push work over HTTP', BOUNDED, async () => {
    t.alice.tag('churn#staging#2');
    t.alice.git('push', '-q', 'origin', 'refs/tags/churn#staging#2');
    const listed = await cli(t.bob.dir, 'list', '--remote', '--json');
    assert.equal(listed.code, 0, listed.err);
    assert.equal(JSON.parse(listed.out).models[0].versions[0].remoteTags['churn#staging#2'], 'remote-only');
    assert.equal((await cli(t.bob.dir, 'fetch')).out, 'Fetched 1 tag from origin: churn#staging#2\n');
    t.bob.commit('bob', { 'models/churn/params.yaml': 'lr: 1\n' });
    t.bob.tag('churn@v1.1.0');
    const pushed = await cli(t.bob.dir, 'push', 'churn@v1.1.0');
    assert.equal(pushed.code, 0, pushed.err);
    assert.equal(pushed.out, 'Pushed churn@v1.1.0 to origin\n');
    assert.equal(t.bare.tags().has('churn@v1.1.0'), true);
    assert.ok(t.server.requests > 0);
  });
});

describe('an HTTP remote that asks for credentials', () => {
  const t = httpTeam('ask-credentials');

  it('list --remote says credentials are asked and never prompts; the local tags are still listed', BOUNDED, async () => {
    const r = await cli(t.bob.dir, 'list', '--remote', '--json');
    assert.equal(r.code, 1);
    const listed = JSON.parse(r.out);
    assert.equal(listed.remote.error.kind, 'auth');
    assert.match(listed.remote.error.message, /^the remote origin asks for credentials, and model-versions never prompts for them: could not read Username for 'http:\/\/127\.0\.0\.1:\d+': terminal prompts disabled; set up a credential helper or an SSH key/);
    assert.deepEqual(listed.models[0].stages, { prod: 'v1.0.0' });
    assert.equal(existsSync(asked), false, 'no askpass program was run');
    assert.ok(t.server.requests > 0, 'the server was asked');
  });

  it('push says the tags are here and how to push them later', BOUNDED, async () => {
    t.bob.tag('churn#staging#2');
    const r = await cli(t.bob.dir, 'push', 'churn@v1.0.0');
    assert.equal(r.code, 1);
    assert.match(r.err, /^model-versions: the remote origin asks for credentials/m);
    assert.match(r.err, /^Nothing was pushed: the tags of churn v1\.0\.0 are here; push them later with: model-versions push churn@v1\.0\.0$/m);
    assert.equal(existsSync(asked), false);
  });
});

describe('an HTTP remote that never answers', () => {
  const t = httpTeam('never-answer');

  it('list --remote stops at its timeout, says so, lists the local tags, and leaves no git running', BOUNDED, async () => {
    const r = await cli(t.bob.dir, 'list', '--remote', '--timeout', '1', '--json');
    assert.equal(r.code, 1);
    const listed = JSON.parse(r.out);
    assert.equal(listed.remote.error.kind, 'timeout');
    assert.equal(listed.remote.error.message, 'the remote origin gave no answer within 1 s; it was stopped (try again later)');
    assert.equal(listed.models[0].versions[0].version, 'v1.0.0');
    await noneLeft(t.server.port);
  });

  it('fetch and push stop at the timeout too', BOUNDED, async () => {
    const fetched = await cli(t.bob.dir, 'fetch', '--timeout', '0.5');
    assert.equal(fetched.code, 1);
    assert.match(fetched.err, /gave no answer within 0\.5 s/);
    t.bob.tag('churn#staging#2');
    const pushed = await cli(t.bob.dir, 'promote', 'churn@v1.0.0', 'dev', '--push', '--timeout', '0.5');
    assert.equal(pushed.code, 1);
    assert.match(pushed.err, /churn#dev#3 was not pushed to origin \(the remote origin gave no answer within 0\.5 s.*\)\. The tag exists here/);
    await noneLeft(t.server.port);
  });

  it('a cancelled ls-remote stops at once, with every process it started', BOUNDED, async () => {
    const repo = await GitRepository.open(t.bob.dir, { gitPath: 'git' });
    try {
      const abort = new AbortController();
      t.server.onRequest = () => abort.abort();
      const err = await new GitRemote(repo).remoteTags('origin', abort.signal).catch((e: unknown) => e);
      assert.ok(err instanceof RemoteError);
      assert.equal(err.kind, 'cancelled');
      await noneLeft(t.server.port);
    } finally {
      t.server.onRequest = undefined;
      repo.dispose();
    }
  });
});

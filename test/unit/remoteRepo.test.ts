// `--repo URL`: another repository's registry read from its URL, through a bare blobless copy in
// a cache folder, refreshed on each use, file contents fetched only when a version is shown.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { cli } from './helpers/cli';
import { makeRepo, type TestRepo } from './helpers/gitRepo';
import { makeBare, serveHttp, type BareRemote, type HttpRemote } from './helpers/remotes';
import { cloneFolder, isRepositoryUrl } from '../../src/git/registryClone';

process.env.GIT_CONFIG_NOSYSTEM = '1';
const BOUNDED = { timeout: 60_000 };

/** Blobs stored in the copy itself (a partial clone lists only what it has; it fetches nothing for this). */
function localBlobs(dir: string): number {
  const out = execFileSync('git', ['cat-file', '--batch-all-objects', '--batch-check=%(objecttype)'], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  return out.split('\n').filter((l) => l === 'blob').length;
}

describe('--repo URL: the registry of another repository', () => {
  let bare: BareRemote;
  let alice: TestRepo;
  let cache: string;
  let url: string;
  before(() => {
    bare = makeBare();
    // Serving a blobless clone is the server's choice; hosting services allow it.
    bare.git('config', 'uploadpack.allowFilter', 'true');
    alice = makeRepo('mv-alice-');
    alice.commit('v1', { 'models/churn/model.yaml': 'name: churn\nparams: params.yaml\n', 'models/churn/params.yaml': 'lr: 0.1\n' }, '2024-01-01T00:00:00Z');
    alice.tag('churn@v1.0.0', { date: '2024-01-01T00:01:00Z' });
    alice.commit('v2', { 'models/churn/params.yaml': 'lr: 0.2\n' }, '2024-02-01T00:00:00Z');
    alice.tag('churn@v1.1.0', { date: '2024-02-01T00:01:00Z' });
    alice.git('remote', 'add', 'origin', bare.dir);
    alice.git('push', '-q', 'origin', 'main', '--tags');
    cache = mkdtempSync(path.join(tmpdir(), 'mv-cache-'));
    url = `file://${bare.dir}`;
  });
  after(() => {
    bare.remove();
    alice.remove();
    rmSync(cache, { recursive: true, force: true });
  });

  it('list clones it bare and blobless into the cache and lists its models', BOUNDED, async () => {
    const r = await cli(tmpdir(), 'list', '--repo', url, '--cache-dir', cache, '--json');
    assert.equal(r.code, 0, r.err);
    const listed = JSON.parse(r.out);
    const copy = cloneFolder(cache, url);
    assert.equal(listed.repository, copy);
    assert.deepEqual(listed.models.map((m: { name: string; latest: string }) => [m.name, m.latest]), [['churn', 'v1.1.0']]);
    assert.equal(execFileSync('git', ['rev-parse', '--is-bare-repository'], { cwd: copy, encoding: 'utf8' }).trim(), 'true');
    assert.equal(execFileSync('git', ['config', 'remote.origin.partialclonefilter'], { cwd: copy, encoding: 'utf8' }).trim(), 'blob:none');
    assert.equal(localBlobs(copy), 0, 'no file contents are fetched to list');
  });

  it('show fetches the contents it reads on demand', BOUNDED, async () => {
    const r = await cli(tmpdir(), 'show', 'churn@v1.0.0', '--repo', url, '--cache-dir', cache, '--json');
    assert.equal(r.code, 0, r.err);
    assert.deepEqual(JSON.parse(r.out).hyperparameters, { lr: 0.1 });
    assert.ok(localBlobs(cloneFolder(cache, url)) > 0);
  });

  it('each use refreshes the copy: a promotion pushed since is listed', BOUNDED, async () => {
    alice.tag('churn#prod#2', { rev: 'HEAD', date: '2024-03-01T00:00:00Z' });
    alice.git('push', '-q', 'origin', 'refs/tags/churn#prod#2');
    const r = await cli(tmpdir(), 'list', '--repo', url, '--cache-dir', cache, '--json');
    assert.deepEqual(JSON.parse(r.out).models[0].stages, { prod: 'v1.1.0' });
    const fetched = await cli(tmpdir(), 'fetch', '--repo', url, '--cache-dir', cache);
    assert.equal(fetched.code, 0, fetched.err);
    assert.equal(fetched.out, `Fetched ${url} into ${cloneFolder(cache, url)} (3 tags)\n`);
  });

  it('with the remote gone, the copy is listed as last fetched, with a warning; fetch fails', BOUNDED, async () => {
    const away = `${bare.dir}.away`;
    renameSync(bare.dir, away);
    try {
      const r = await cli(tmpdir(), 'list', '--repo', url, '--cache-dir', cache);
      assert.equal(r.code, 0, r.err);
      assert.match(r.err, /^warning: could not refresh the copy of file:\/\/.*registry\.git \(cannot reach the remote .*\); showing it as fetched at \d{4}-\d\d-\d\dT/m);
      assert.match(r.out, /^churn {2}latest v1\.1\.0/m);
      const fetched = await cli(tmpdir(), 'fetch', '--repo', url, '--cache-dir', cache);
      assert.equal(fetched.code, 1);
      assert.match(fetched.err, /^model-versions: cannot reach the remote file:\/\//m);
    } finally {
      renameSync(away, bare.dir);
    }
  });

  it('commands that change a repository refuse a URL', async () => {
    for (const args of [['tag', 'churn', 'patch'], ['promote', 'churn@v1.0.0', 'prod'], ['push', 'churn'], ['checkout', 'churn@v1.0.0']]) {
      const r = await cli(tmpdir(), ...args, '--repo', url, '--cache-dir', cache);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.err, /--repo URL reads a copy of that repository/);
    }
  });

  it('a URL that cannot be cloned leaves nothing in the cache', BOUNDED, async () => {
    const empty = mkdtempSync(path.join(tmpdir(), 'mv-cache-'));
    try {
      const r = await cli(tmpdir(), 'list', '--repo', `file://${bare.dir}-missing`, '--cache-dir', empty);
      assert.equal(r.code, 1);
      assert.match(r.err, /^model-versions: cannot reach the remote file:\/\//);
      assert.deepEqual(readdirSync(path.join(empty, 'repos')), []);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('what is a URL and what is a folder', () => {
    for (const u of ['https://github.com/org/repo.git', 'ssh://git@host/x', 'git@github.com:org/repo.git', 'file:///srv/x.git']) assert.equal(isRepositoryUrl(u), true, u);
    for (const f of ['.', '../repo', '/srv/x.git', 'C:\\work\\repo', 'host:path', 'ext::sh -c touch% /tmp/x']) assert.equal(isRepositoryUrl(f), false, f);
    assert.doesNotMatch(cloneFolder('/c', 'https://ada:s3cret@example.com/org/repo.git'), /s3cret/);
  });
});

describe('--repo URL over smart HTTP', () => {
  let bare: BareRemote;
  let alice: TestRepo;
  let server: HttpRemote;
  let cache: string;
  before(async () => {
    bare = makeBare();
    bare.git('config', 'uploadpack.allowFilter', 'true');
    alice = makeRepo('mv-alice-');
    alice.commit('v1', { 'models/fraud/model.yaml': 'name: fraud\nparams: params.yaml\n', 'models/fraud/params.yaml': 'depth: 3\n' });
    alice.tag('fraud@v0.1.0');
    alice.git('remote', 'add', 'origin', bare.dir);
    alice.git('push', '-q', 'origin', 'main', '--tags');
    server = await serveHttp(path.dirname(bare.dir));
    cache = mkdtempSync(path.join(tmpdir(), 'mv-cache-'));
  });
  after(async () => {
    await server.close();
    bare.remove();
    alice.remove();
    rmSync(cache, { recursive: true, force: true });
  });

  it('lists and shows a version of a repository served on 127.0.0.1', BOUNDED, async () => {
    const url = server.url(path.basename(bare.dir));
    const listed = await cli(tmpdir(), 'list', '--repo', url, '--cache-dir', cache);
    assert.equal(listed.code, 0, listed.err);
    assert.match(listed.out, /^fraud {2}latest v0\.1\.0/m);
    const shown = await cli(tmpdir(), 'show', 'fraud@v0.1.0', '--repo', url, '--cache-dir', cache, '--json');
    assert.equal(shown.code, 0, shown.err);
    assert.deepEqual(JSON.parse(shown.out).hyperparameters, { depth: 3 });
    assert.equal(existsSync(cloneFolder(cache, url)), true);
  });
});

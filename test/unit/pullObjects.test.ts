// checkout --pull: the objects a version needs that the local DVC cache lacks come from the
// project's default remote when it is a folder or plain HTTP (served here on 127.0.0.1), as
// `dvc pull` would bring them, and then go into the working tree. Checked by bytes: the cache
// gains exactly the version's objects (read-only, as DVC keeps them), the working tree is the
// version's, and an object whose bytes are not what its name says is never kept.
import { describe, it, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { serve } from './helpers/staticServer';
import { makeRepo, type TestRepo } from './helpers/gitRepo';
import { cli } from './helpers/cli';
import { dirListing, md5, objectPath } from './helpers/dvcCache';
import { dvcInitFiles, expectOutputs, lockFor, putOutputs, workingTree, type StageOutputs } from './helpers/dvcProject';

const v1: StageOutputs = { model: 'weights for 0.81\n', eval: { 'metrics.json': '{"acc": 0.81}\n', 'plots/roc.json': '{"tpr": 0.81}\n' } };
const v2: StageOutputs = { model: 'weights for 0.86\n', eval: { 'metrics.json': '{"acc": 0.86}\n', 'plots/roc.json': '{"tpr": 0.86}\n' } };

/** Every file below a folder, by path, with its mode: what a pull may add to a cache. */
function filesBelow(dir: string): Map<string, { text: string; mode: number }> {
  const out = new Map<string, { text: string; mode: number }>();
  if (!existsSync(dir)) return out;
  for (const rel of readdirSync(dir, { recursive: true }) as string[]) {
    const p = path.join(dir, rel);
    if (statSync(p).isFile()) out.set(rel.split(path.sep).join('/'), { text: readFileSync(p, 'utf8'), mode: statSync(p).mode & 0o777 });
  }
  return out;
}

/**
 * A DVC project whose default remote is `remoteUrl` (a folder or an HTTP URL): clf@v1.0.0 and
 * clf@v1.1.0 (HEAD). The remote holds both versions; the local cache only v1.1.0, whose outputs
 * are in the working tree.
 */
function makeProject(remoteDir: string, remoteUrl: string): TestRepo {
  const repo = makeRepo('mv-pull-');
  repo.commit('dvc init', dvcInitFiles(`[core]\n    remote = storage\n['remote "storage"']\n    url = ${remoteUrl}\n`));
  repo.commit('train v1', { 'dvc.lock': lockFor(v1, 'dvc3') });
  repo.tag('clf@v1.0.0');
  repo.commit('train v2', { 'dvc.lock': lockFor(v2, 'dvc3') });
  repo.tag('clf@v1.1.0');
  for (const v of [v1, v2]) putOutputs(remoteDir, v, 'dvc3');
  putOutputs(cacheOf(repo), v2, 'dvc3');
  repo.write({ 'model.pkl': v2.model, 'eval/metrics.json': v2.eval['metrics.json']!, 'eval/plots/roc.json': v2.eval['plots/roc.json']! });
  return repo;
}

const cacheOf = (repo: TestRepo) => path.join(repo.dir, '.dvc', 'cache');


/** The objects of v1 the local cache lacked: its model, its two files and its folder listing. */
function v1Objects(): string[] {
  const folder = dirListing(v1.eval);
  return [md5(v1.model), ...Object.values(folder.files), folder.hash].map((h) => `files/md5/${h.slice(0, 2)}/${h.slice(2)}`).sort();
}

describe('checkout --pull brings what the DVC cache lacks from a folder or HTTP remote', () => {
  let repo: TestRepo | undefined;
  let remoteDir: string | undefined;
  afterEach(() => {
    repo?.remove();
    if (remoteDir) rmSync(remoteDir, { recursive: true, force: true });
    repo = remoteDir = undefined;
  });

  it('without --pull the checkout names the remote and how to pull; with it the cache gains the objects and the tree is the version', async () => {
    remoteDir = mkdtempSync(path.join(tmpdir(), 'mv-dvc-remote-'));
    repo = makeProject(remoteDir, remoteDir);
    const cacheBefore = filesBelow(cacheOf(repo));
    const first = await cli(repo.dir, 'checkout', 'clf@v1.0.0');
    assert.equal(first.code, 0, first.err);
    assert.match(first.out, /Not in the local DVC cache \(3 files, left as they are; DVC remote 'storage' can be pulled from here, or dvc pull fetches them\): model\.pkl/);
    assert.match(first.out, /Pull them here: model-versions checkout clf@v1\.0\.0 --files-only --pull/);
    // Nothing was pulled: the cache is as it was, the outputs are still v1.1.0's.
    assert.deepEqual(filesBelow(cacheOf(repo)), cacheBefore);
    assert.equal(readFileSync(path.join(repo.dir, 'model.pkl'), 'utf8'), v2.model);

    const pulled = await cli(repo.dir, 'checkout', 'clf@v1.0.0', '--files-only', '--pull');
    assert.equal(pulled.code, 0, pulled.err);
    assert.match(pulled.out, /Pulled 3 files of clf@v1\.0\.0 \(\d+ B\) from DVC remote 'storage' into the cache\./);
    assert.doesNotMatch(pulled.out, /Not in the local DVC cache/);
    expectOutputs(repo.dir, v1);
    // The cache gained exactly v1's objects, byte for byte as the remote has them, read-only.
    const after = filesBelow(cacheOf(repo));
    const added = [...after.keys()].filter((k) => !cacheBefore.has(k)).sort();
    assert.deepEqual(added, v1Objects());
    for (const k of added) {
      assert.equal(after.get(k)!.text, readFileSync(path.join(remoteDir, k), 'utf8'), k);
      assert.equal(after.get(k)!.mode, 0o444, k);
    }
    for (const [k, v] of cacheBefore) assert.deepEqual(after.get(k), v, k);
  });

  it('over HTTP: one checkout --pull moves HEAD and places every output, copying the weights once', async () => {
    remoteDir = mkdtempSync(path.join(tmpdir(), 'mv-dvc-remote-'));
    const server = await serve(remoteDir);
    try {
      repo = makeProject(path.join(remoteDir, 'dvcstore'), server.url);
      const r = await cli(repo.dir, 'checkout', 'clf@v1.0.0', '--pull');
      assert.equal(r.code, 0, r.err);
      assert.equal(repo.git('rev-parse', 'HEAD').trim(), repo.git('rev-parse', 'clf@v1.0.0^{commit}').trim());
      assert.match(r.out, /Pulled 3 files of clf@v1\.0\.0 .* from DVC remote 'storage' into the cache\./);
      expectOutputs(repo.dir, v1);
      const gets = server.requests.filter((q) => q.startsWith('GET '));
      const objects = v1Objects().map((o) => `GET /dvcstore/${o}`);
      // Only v1's objects are asked for. The weights are copied once; the metrics file and the
      // folder listing are also read for the version's record before the pull stores them.
      assert.ok(!gets.some((g) => !objects.includes(g)), gets.join(', '));
      const modelGet = `GET /dvcstore/files/md5/${md5(v1.model).slice(0, 2)}/${md5(v1.model).slice(2)}`;
      assert.equal(gets.filter((g) => g === modelGet).length, 1, gets.join(', '));
      for (const o of objects) assert.ok(gets.filter((g) => g === o).length <= 2, `${o} in ${gets.join(', ')}`);
    } finally {
      await server.close();
    }
  });

  it('an object whose bytes are not what its name says is not kept, and its file stays as it was', async () => {
    remoteDir = mkdtempSync(path.join(tmpdir(), 'mv-dvc-remote-'));
    repo = makeProject(remoteDir, remoteDir);
    const bad = objectPath(remoteDir, md5(v1.model), 'dvc3');
    chmodSync(bad, 0o644);
    writeFileSync(bad, 'not the weights\n');
    const r = await cli(repo.dir, 'checkout', 'clf@v1.0.0', '--files-only', '--pull');
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /Pulled 2 files of clf@v1\.0\.0/);
    assert.match(r.out, /Could not pull 1 file from 'storage': model\.pkl \(what the remote holds under its name is not that content; it was not kept\)/);
    assert.ok(!existsSync(objectPath(cacheOf(repo), md5(v1.model), 'dvc3')), 'the wrong bytes are not in the cache');
    // No half-written copy is left beside where it would have gone.
    const dir = path.dirname(objectPath(cacheOf(repo), md5(v1.model), 'dvc3'));
    assert.deepEqual(existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.tmp')) : [], []);
    assert.equal(readFileSync(path.join(repo.dir, 'model.pkl'), 'utf8'), v2.model);
    assert.equal(readFileSync(path.join(repo.dir, 'eval', 'metrics.json'), 'utf8'), v1.eval['metrics.json']);
  });

  it('an object the remote does not have is named as not on the remote, and the rest still come', async () => {
    remoteDir = mkdtempSync(path.join(tmpdir(), 'mv-dvc-remote-'));
    repo = makeProject(remoteDir, remoteDir);
    rmSync(objectPath(remoteDir, md5(v1.model), 'dvc3'), { force: true });
    const r = await cli(repo.dir, 'checkout', 'clf@v1.0.0', '--files-only', '--pull');
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /Could not pull 1 file from 'storage': model\.pkl \(not on the remote\)/);
    assert.doesNotMatch(r.out, new RegExp(remoteDir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')), 'no path of the remote in the message');
    assert.equal(readFileSync(path.join(repo.dir, 'eval', 'metrics.json'), 'utf8'), v1.eval['metrics.json']);
    assert.equal(readFileSync(path.join(repo.dir, 'model.pkl'), 'utf8'), v2.model);
  });

  it('a checkout that git refuses (uncommitted changes) pulls nothing and changes no file', async () => {
    remoteDir = mkdtempSync(path.join(tmpdir(), 'mv-dvc-remote-'));
    repo = makeProject(remoteDir, remoteDir);
    repo.write({ 'train.py': 'print(2)\n' });
    const cacheBefore = filesBelow(cacheOf(repo));
    const before = workingTree(repo.dir);
    const r = await cli(repo.dir, 'checkout', 'clf@v1.0.0', '--pull');
    assert.equal(r.code, 1);
    assert.deepEqual(filesBelow(cacheOf(repo)), cacheBefore);
    assert.deepEqual(workingTree(repo.dir), before);
  });
});

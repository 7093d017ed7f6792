// Check Out Version and Restore Model Files Only bring the model's DVC outputs (files and `.dir`
// folders) from the local cache and its LFS files from .git/lfs/objects, as `dvc checkout` would
// for those paths. Safety by bytes: every file of the working tree before and after; a file that
// exists only on disk is never overwritten and the whole operation refuses before HEAD moves.
import { describe, it, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { makeRepo, type TestRepo } from './helpers/gitRepo';
import { cli } from './helpers/cli';
import { md5, md5Dvc2, objectPath, type Layout } from './helpers/dvcCache';
import { dvcInitFiles, expectOutputs, lockFor, putOutputs, workingTree, type StageOutputs } from './helpers/dvcProject';
import { ContentHasher, isTextBlock } from '../../src/core/contentHash';
import { FileHasher } from '../../src/git/fileHasher';
import { hashFileInPlace } from '../../src/git/hashFile';

function version(acc: number, eol = '\n'): StageOutputs {
  return { model: `weights for ${acc}\n`, eval: { 'metrics.json': `{"acc": ${acc}}${eol}`, [`plots/roc-${acc}.json`]: `{"tpr": ${acc}}${eol}` } };
}

const cacheOf = (repo: TestRepo) => path.join(repo.dir, '.dvc', 'cache');

/** The working tree as `dvc checkout` leaves it for a version. */
function writeOutputs(repo: TestRepo, v: StageOutputs): void {
  rmSync(path.join(repo.dir, 'eval'), { recursive: true, force: true });
  repo.write({ 'model.pkl': v.model, ...Object.fromEntries(Object.entries(v.eval).map(([k, c]) => [`eval/${k}`, c])) });
}

/** A DVC project with clf@v1.0.0 and clf@v1.1.0 (HEAD), both in the cache, the tree at v1.1.0. */
function makeProject(layout1: Layout = 'dvc3', layout2: Layout = 'dvc3', v1 = version(0.81), v2 = version(0.86)): { repo: TestRepo; v1: StageOutputs; v2: StageOutputs } {
  const repo = makeRepo('mv-checkout-dvc-');
  repo.commit('dvc init', dvcInitFiles());
  repo.commit('train v1', { 'dvc.lock': lockFor(v1, layout1) });
  repo.tag('clf@v1.0.0');
  repo.commit('train v2', { 'dvc.lock': lockFor(v2, layout2) });
  repo.tag('clf@v1.1.0');
  putOutputs(cacheOf(repo), v1, layout1);
  putOutputs(cacheOf(repo), v2, layout2);
  writeOutputs(repo, v2);
  return { repo, v1, v2 };
}


describe('checkout brings the version\'s DVC outputs from the cache', () => {
  let made: ReturnType<typeof makeProject>;
  afterEach(() => made.repo.remove());

  for (const layout of ['dvc3', 'dvc2'] as const) {
    it(`checkout of an older version puts its model and its .dir folder into the working tree (${layout})`, async () => {
      made = makeProject(layout, layout);
      const { repo, v1 } = made;
      const before = workingTree(repo.dir);
      const r = await cli(repo.dir, 'checkout', 'clf@v1.0.0');
      assert.equal(r.code, 0, r.err);
      assert.equal(repo.git('rev-parse', 'HEAD').trim(), repo.git('rev-parse', 'clf@v1.0.0^{commit}').trim());
      expectOutputs(repo.dir, v1);
      assert.match(r.out, /Placed 3 files of clf@v1\.0\.0 from the DVC cache/);
      assert.match(r.out, /removed 1 the version does not have/);
      // Every other file is as it was, byte for byte (dvc.lock is git's: it is v1's now).
      const after = workingTree(repo.dir);
      for (const [p, b] of before) if (p !== 'model.pkl' && !p.startsWith('eval/') && p !== 'dvc.lock') assert.equal(after.get(p), b, p);
      // The copies are the user's files, not links into the cache, and writable.
      const st = statSync(path.join(repo.dir, 'model.pkl'));
      assert.equal(st.nlink, 1);
      assert.ok(st.mode & 0o200);
      // And the cache is untouched: its objects still hold their own bytes.
      assert.equal(readFileSync(objectPath(cacheOf(repo), layout === 'dvc3' ? md5(made.v2.model) : md5Dvc2(made.v2.model), layout), 'utf8'), made.v2.model);
    });
  }

  it('a DVC 2 text file with CRLF in the working tree counts as cached (its md5 is of the LF text)', async () => {
    made = makeProject('dvc3', 'dvc2', version(0.81), version(0.86, '\r\n'));
    const { repo, v1, v2 } = made;
    // The md5 DVC 2 recorded is not the md5 of the bytes: only dos2unix makes them match.
    assert.notEqual(md5(v2.eval['metrics.json']!), md5Dvc2(v2.eval['metrics.json']!));
    const r = await cli(repo.dir, 'checkout', 'clf@v1.0.0');
    assert.equal(r.code, 0, r.err);
    expectOutputs(repo.dir, v1);
  });

  it('a file that exists only on disk stops the checkout before HEAD moves, and names it and dvc commit', async () => {
    made = makeProject();
    const { repo } = made;
    writeFileSync(path.join(repo.dir, 'model.pkl'), 'retrained by hand, never committed\n');
    writeFileSync(path.join(repo.dir, 'eval', 'notes.txt'), 'only here\n');
    const head = repo.head();
    const before = workingTree(repo.dir);
    const r = await cli(repo.dir, 'checkout', 'clf@v1.0.0');
    assert.equal(r.code, 1);
    assert.match(r.err, /would overwrite 2 files that exist only on disk; nothing was changed/);
    assert.match(r.err, /dvc commit/);
    assert.match(r.err, /^ {2}model\.pkl: its content is in no DVC cache$/m);
    assert.match(r.err, /^ {2}eval\/notes\.txt: /m);
    assert.equal(repo.head(), head);
    assert.deepEqual(workingTree(repo.dir), before);
  });

  it('the same refusal holds with --stash: nothing is stashed either', async () => {
    made = makeProject();
    const { repo } = made;
    writeFileSync(path.join(repo.dir, 'model.pkl'), 'only here\n');
    writeFileSync(path.join(repo.dir, 'train.py'), 'print(2)\n');
    const before = workingTree(repo.dir);
    const r = await cli(repo.dir, 'checkout', 'clf@v1.0.0', '--stash');
    assert.equal(r.code, 1);
    assert.equal(repo.git('stash', 'list').trim(), '');
    assert.deepEqual(workingTree(repo.dir), before);
  });

  it('a missing object does not stop the Git part: the message names the file and dvc pull', async () => {
    made = makeProject();
    const { repo, v1, v2 } = made;
    const obj = objectPath(cacheOf(repo), md5(v1.model), 'dvc3');
    chmodSync(obj, 0o644);
    rmSync(obj);
    const r = await cli(repo.dir, 'checkout', 'clf@v1.0.0');
    assert.equal(r.code, 0, r.err);
    assert.equal(repo.git('rev-parse', 'HEAD').trim(), repo.git('rev-parse', 'clf@v1.0.0^{commit}').trim());
    assert.match(r.out, /Not in the local DVC cache \(1 file, left as they are; dvc pull fetches them\): model\.pkl/);
    // The missing one stays as it was; the folder that is cached came.
    assert.equal(readFileSync(path.join(repo.dir, 'model.pkl'), 'utf8'), v2.model);
    assert.equal(readFileSync(path.join(repo.dir, 'eval', 'metrics.json'), 'utf8'), v1.eval['metrics.json']);
  });

  it('absent outputs are placed; a checkout where nothing differs changes no file', async () => {
    made = makeProject();
    const { repo, v1 } = made;
    rmSync(path.join(repo.dir, 'model.pkl'));
    rmSync(path.join(repo.dir, 'eval'), { recursive: true });
    assert.equal((await cli(repo.dir, 'checkout', 'clf@v1.0.0')).code, 0);
    expectOutputs(repo.dir, v1);
    const mtime = statSync(path.join(repo.dir, 'model.pkl')).mtimeMs;
    const again = await cli(repo.dir, 'checkout', 'clf@v1.0.0');
    assert.equal(again.code, 0, again.err);
    assert.doesNotMatch(again.out, /Placed/);
    assert.equal(statSync(path.join(repo.dir, 'model.pkl')).mtimeMs, mtime);
  });

  it('checkout --files-only restores the outputs too, HEAD unmoved', async () => {
    made = makeProject();
    const { repo, v1 } = made;
    const head = repo.head();
    const r = await cli(repo.dir, 'checkout', 'clf@v1.0.0', '--files-only');
    assert.equal(r.code, 0, r.err);
    assert.equal(repo.head(), head);
    expectOutputs(repo.dir, v1);
  });

  it('checkout --files-only refuses a file only on disk and changes nothing', async () => {
    made = makeProject();
    const { repo } = made;
    writeFileSync(path.join(repo.dir, 'eval', 'metrics.json'), '{"acc": 0.99}\n');
    const before = workingTree(repo.dir);
    const r = await cli(repo.dir, 'checkout', 'clf@v1.0.0', '--files-only');
    assert.equal(r.code, 1);
    assert.match(r.err, /eval\/metrics\.json: its content is in no DVC cache/);
    assert.deepEqual(workingTree(repo.dir), before);
  });
});

describe('checkout brings LFS files whose objects are in .git/lfs/objects', () => {
  let repo: TestRepo;
  beforeEach(() => (repo = makeRepo('mv-checkout-lfs-')));
  afterEach(() => repo.remove());

  const pointer = (oid: string, size: number) => `version https://git-lfs.github.com/spec/v1\noid sha256:${oid}\nsize ${size}\n`;

  it('a pointer is replaced by its object; a pointer whose object is not here stays, with git lfs pull', async () => {
    const w1 = Buffer.from('\u0000weights one');
    const w2 = Buffer.from('\u0000weights two!');
    const h1 = { oid: createHash('sha256').update(w1).digest('hex'), size: w1.length };
    const h2 = { oid: createHash('sha256').update(w2).digest('hex'), size: w2.length };
    repo.commit('v1', { 'model.yaml': 'name: lfsm\nweights:\n  - w.bin\n', '.gitattributes': '*.bin filter=lfs diff=lfs merge=lfs -text\n', 'w.bin': pointer(h1.oid, h1.size) });
    repo.tag('lfsm@v1.0.0');
    repo.commit('v2', { 'w.bin': pointer(h2.oid, h2.size) });
    repo.tag('lfsm@v2.0.0');
    const dir = path.join(repo.dir, '.git', 'lfs', 'objects', h1.oid.slice(0, 2), h1.oid.slice(2, 4));
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, h1.oid), w1);
    const here = await cli(repo.dir, 'checkout', 'lfsm@v2.0.0', '--files-only');
    assert.equal(here.code, 0, here.err);
    assert.equal(readFileSync(path.join(repo.dir, 'w.bin'), 'utf8'), pointer(h2.oid, h2.size));
    const r = await cli(repo.dir, 'checkout', 'lfsm@v1.0.0');
    assert.equal(r.code, 0, r.err);
    assert.deepEqual(readFileSync(path.join(repo.dir, 'w.bin')), w1);
    // The smudged file in the working tree is compared by its sha256 with the pointers' oids.
    const json = JSON.parse((await cli(repo.dir, 'show', 'lfsm@workdir', '--json')).out);
    assert.equal(json.weights['w.bin'].hash, h1.oid);
    assert.equal(json.weights['w.bin'].algorithm, 'sha256');
    // A smudged file is no uncommitted work: checking out again, and back, needs no stash.
    const dir2 = path.join(repo.dir, '.git', 'lfs', 'objects', h2.oid.slice(0, 2), h2.oid.slice(2, 4));
    mkdirSync(dir2, { recursive: true });
    writeFileSync(path.join(dir2, h2.oid), w2);
    const again = await cli(repo.dir, 'checkout', 'lfsm@v2.0.0');
    assert.equal(again.code, 0, again.err);
    assert.deepEqual(readFileSync(path.join(repo.dir, 'w.bin')), w2);
    assert.equal(repo.git('stash', 'list'), '');
    const files = await cli(repo.dir, 'checkout', 'lfsm@v1.0.0', '--files-only');
    assert.equal(files.code, 0, files.err);
    assert.deepEqual(readFileSync(path.join(repo.dir, 'w.bin')), w1);
    const back = here;
    assert.match(back.out, /Git LFS objects not here \(1, left as pointers; git lfs pull fetches them\): w\.bin/);
  });
});

describe('hashing as DVC does', () => {
  it('istextblock: a NUL or mostly non-text bytes is binary, text otherwise', () => {
    assert.equal(isTextBlock(Buffer.from('')), true);
    assert.equal(isTextBlock(Buffer.from('a,b\r\n1,2\r\n')), true);
    assert.equal(isTextBlock(Buffer.from([0x61, 0x00, 0x62])), false);
    assert.equal(isTextBlock(Buffer.from([0x80, 0x81, 0x82, 0x61])), false);
  });

  it('the DVC 2 md5 turns CRLF into LF across chunk boundaries; binary files keep their bytes', () => {
    const text = 'x,y\r\n'.repeat(300);
    for (const cut of [1, 3, 4, 511, 512, 513, 700]) {
      const h = new ContentHasher();
      const b = Buffer.from(text);
      h.update(b.subarray(0, cut));
      h.update(b.subarray(cut));
      const d = h.digest();
      assert.equal(d.md5Dvc2, md5Dvc2(text), `cut at ${cut}`);
      assert.equal(d.md5, md5(text));
    }
    const bin = Buffer.concat([Buffer.from([0]), Buffer.from('\r\n'.repeat(10))]);
    const h = new ContentHasher();
    h.update(bin);
    assert.equal(h.digest().md5Dvc2, md5(bin));
  });

  it('a worker thread hashes a file as in place, and a cancel stops it', async () => {
    const repo = makeRepo('mv-hash-');
    try {
      const file = path.join(repo.dir, 'big.csv');
      writeFileSync(file, Buffer.alloc(8 * 1024 * 1024, 'a,b\r\n'));
      const hasher = new FileHasher(path.join(__dirname, '..', '..', 'src', 'git'));
      try {
        let bytes = 0;
        const inWorker = await hasher.hash(file, { sha256: true, onBytes: (n) => (bytes += n) });
        assert.equal(hasher.workerHashes, 1);
        assert.equal(bytes, 8 * 1024 * 1024);
        assert.deepEqual(inWorker, await hashFileInPlace(file, true));
        const ac = new AbortController();
        ac.abort();
        await assert.rejects(hasher.hash(file, { signal: ac.signal }), { name: 'AbortError' });
      } finally {
        hasher.dispose();
      }
      assert.ok(existsSync(file));
    } finally {
      repo.remove();
    }
  });
});

// The extension host starts at most one git process per turn of its event loop: starting one
// blocks the thread while the OS makes it, and three at once were the longest block of a refresh.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { runGit, type GitConfig } from '../../src/git/exec';
import { readTags } from '../../src/git/refs';
import { CatFile } from '../../src/git/catFile';
import { makeRepo, type TestRepo } from './helpers/gitRepo';
import { spawnsDuring } from './helpers/spawns';

describe('git processes started one per turn (spawnPerTurn)', () => {
  let repo: TestRepo;
  before(() => {
    repo = makeRepo();
    const c = repo.commit('one', { 'a.txt': '1' });
    for (let i = 0; i < 5; i++) repo.tag(`churn@v1.0.${i}`, { rev: c, message: `v1.0.${i}` });
  });
  after(() => repo.remove());

  const asks = ['rev-parse HEAD', 'symbolic-ref --short HEAD', 'ls-files', 'rev-parse --git-dir', 'tag -l'].map((a) => a.split(' '));

  it('starts each of five commands asked in one turn in a turn of its own, and answers each', async () => {
    const config: GitConfig = { gitPath: 'git', spawnPerTurn: true };
    const { turns, result } = await spawnsDuring(() => Promise.all(asks.map((args) => runGit(args, { cwd: repo.dir }, config))));
    assert.equal(turns.length, 5);
    assert.equal(new Set(turns).size, 5, `two processes started in one turn: ${turns.join(', ')}`);
    assert.deepEqual([...turns].sort((a, b) => a - b), turns, 'started in the order asked');
    assert.equal(result[1]!.stdout.trim(), repo.git('symbolic-ref', '--short', 'HEAD').trim());
    assert.equal(result[2]!.stdout.trim(), 'a.txt');
    assert.equal(result[4]!.stdout.split('\n').filter(Boolean).length, 5);
  });

  it('without it (the CLI) starts them all at once', async () => {
    const { turns } = await spawnsDuring(() => Promise.all(asks.map((args) => runGit(args, { cwd: repo.dir }, { gitPath: 'git' }))));
    assert.equal(turns.length, 5);
    assert.equal(new Set(turns).size, 1);
  });

  it('a command cancelled while it waits for its turn is never started', async () => {
    const config: GitConfig = { gitPath: 'git', spawnPerTurn: true };
    const stop = new AbortController();
    const { turns, result } = await spawnsDuring(async () => {
      const first = runGit(['rev-parse', 'HEAD'], { cwd: repo.dir }, config);
      const waiting = runGit(['ls-files'], { cwd: repo.dir, signal: stop.signal }, config).then(
        () => 'ran',
        (e: Error) => e.name,
      );
      stop.abort();
      await first;
      return waiting;
    });
    assert.equal(result, 'AbortError');
    assert.equal(turns.length, 1);
  });

  it("cat-file's two long-lived processes start in turns of their own, once each, and answer in order", async () => {
    const cat = new CatFile(repo.dir, { gitPath: 'git', spawnPerTurn: true });
    try {
      const { turns, result } = await spawnsDuring(() =>
        Promise.all([runGit(['rev-parse', 'HEAD'], { cwd: repo.dir }, { gitPath: 'git', spawnPerTurn: true }), cat.info('HEAD:a.txt'), cat.read('HEAD:a.txt'), cat.info('HEAD'), cat.read('HEAD:a.txt')]),
      );
      assert.equal(turns.length, 3, 'rev-parse and the two cat-file processes');
      assert.equal(new Set(turns).size, 3, `two processes started in one turn: ${turns.join(', ')}`);
      const [head, info, blob, commit, again] = result;
      assert.deepEqual(info, { kind: 'found', oid: repo.git('rev-parse', 'HEAD:a.txt').trim(), type: 'blob', size: 1 });
      assert.deepEqual(commit, { kind: 'found', oid: head.stdout.trim(), type: 'commit', size: (commit as { size: number }).size });
      for (const r of [blob, again]) assert.equal(r.kind === 'found' ? r.content.toString() : r.kind, '1');
    } finally {
      cat.dispose();
    }
  });

  it('a full tag read paced gives the tags an unpaced one gives', async () => {
    const paced = await readTags(repo.dir, { gitPath: 'git', spawnPerTurn: true });
    const plain = await readTags(repo.dir, { gitPath: 'git' });
    assert.deepEqual(paced, plain);
    assert.equal(paced.length, 5);
  });
});

// GitRepository: reading a model's own tags, revisions that must never become options, and the
// one-model path of ModelStore agreeing with the full listing.
import { describe, it, before, after, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { GitRepository } from '../../src/git/repository';
import { RevisionError } from '../../src/git/revision';
import { ModelStore } from '../../src/core/modelStore';
import { makeRepo, type TestRepo } from './helpers/gitRepo';
import { spawnsDuring } from './helpers/spawns';

const open = (dir: string) => GitRepository.open(dir, { gitPath: 'git' });

describe('GitRepository', () => {
  let repo: TestRepo;
  let git: GitRepository;

  before(async () => {
    repo = makeRepo();
    repo.commit('one', { 'a.txt': 'a\n' });
    for (const t of ['churn@v1.0.0', 'churn#prod#1', 'churn#team/prod#2', 'churn#a/b/c#3', 'churnx@v1.0.0', 'nlp=churn@v1.0.0', 'team/churn@v1.0.0', 'other@v1.0.0']) {
      repo.tag(t);
    }
    repo.lightweightTag('churn#dev#9');
    git = await open(repo.dir);
  });
  after(() => {
    git.dispose();
    repo.remove();
  });

  it("readTagsWithPrefixes returns exactly the tags that start with a prefix, slashes included", async () => {
    const names = (await git.readTagsWithPrefixes(['churn@', 'churn#'])).map((t) => t.name).sort();
    assert.deepEqual(names, ['churn#a/b/c#3', 'churn#dev#9', 'churn#prod#1', 'churn#team/prod#2', 'churn@v1.0.0']);
    const all = await git.readTags();
    const expected = all.filter((t) => t.name.startsWith('churn@') || t.name.startsWith('churn#'));
    assert.deepEqual(
      (await git.readTagsWithPrefixes(['churn@', 'churn#'])).sort((a, b) => (a.name < b.name ? -1 : 1)),
      expected.sort((a, b) => (a.name < b.name ? -1 : 1)),
      'the same records as the full read',
    );
  });

  it('readTagsWithPrefixes treats glob characters in a prefix literally', async () => {
    assert.deepEqual(await git.readTagsWithPrefixes(['*']), []);
    assert.deepEqual(await git.readTagsWithPrefixes(['churn[@]']), []);
    assert.deepEqual((await git.readTagsWithPrefixes(['nlp=churn@'])).map((t) => t.name), ['nlp=churn@v1.0.0']);
  });

  it('resolveCommit refuses revisions that git could read as options, before running git', async () => {
    for (const rev of ['-n', '--all', '--output=x', '', 'a\nb']) {
      await assert.rejects(git.resolveCommit(rev), RevisionError, JSON.stringify(rev));
    }
    assert.equal(await git.resolveCommit('HEAD'), repo.head());
    assert.equal(await git.resolveCommit('no-such-ref'), undefined);
  });

  it('isShallow is false for a full clone', async () => {
    assert.equal(await git.isShallow(), false);
  });
});

describe('GitRepository.head', () => {
  let repo: TestRepo;
  beforeEach(() => {
    repo = makeRepo();
  });
  afterEach(() => repo.remove());

  /** head() and how many git processes it started. */
  async function headOf(dir: string) {
    const git = await open(dir);
    try {
      const { result, turns } = await spawnsDuring(() => git.head());
      return { head: result, spawned: turns.length };
    } finally {
      git.dispose();
    }
  }

  it('names the commit and the branch, with one git process', async () => {
    const c = repo.commit('one', { 'a.txt': '1' });
    assert.deepEqual(await headOf(repo.dir), { head: { commit: c, branch: 'main' }, spawned: 1 });
    // A branch whose name looks like a ref's: named as symbolic-ref --short names it.
    repo.git('switch', '-q', '-c', 'heads/x');
    assert.deepEqual((await headOf(repo.dir)).head, { commit: c, branch: 'heads/x' });
    repo.git('switch', '-q', '-c', 'team/feature');
    assert.deepEqual((await headOf(repo.dir)).head, { commit: c, branch: 'team/feature' });
  });

  it('is detached (no branch) on a checked-out tag, with one git process', async () => {
    const c1 = repo.commit('one', { 'a.txt': '1' });
    repo.tag('churn@v1.0.0');
    repo.commit('two', { 'a.txt': '2' });
    repo.git('checkout', '-q', 'churn@v1.0.0');
    assert.deepEqual(await headOf(repo.dir), { head: { commit: c1, branch: null }, spawned: 1 });
  });

  it('on an unborn branch has no commit and names the branch to be', async () => {
    assert.deepEqual((await headOf(repo.dir)).head, { commit: null, branch: 'main' });
  });
});

describe('ModelStore reading one model', () => {
  let repo: TestRepo;
  before(() => {
    repo = makeRepo();
    // Two manifests declare `churn`: the first in path order wins, with a warning in the listing.
    repo.commit('two declarations', {
      'a/model.yaml': 'name: churn\nhyperparameters:\n  from: a\n',
      'churn/model.yaml': 'hyperparameters:\n  from: churn-folder\n',
      'x/model.yaml': 'name: "fr\\x61ud"\nhyperparameters:\n  from: escaped-name\n',
    });
    repo.tag('churn@v1.0.0');
    repo.tag('fraud@v1.0.0');
  });
  after(() => repo.remove());

  it('finds the same declaration as the full listing, without building it', async () => {
    for (const name of ['churn', 'fraud']) {
      const alone = await open(repo.dir);
      const listed = await open(repo.dir);
      try {
        const one = await new ModelStore(alone).model(name);
        const full = new ModelStore(listed);
        await full.list();
        const fromList = await full.model(name);
        assert.deepEqual(one.definition, fromList.definition, name);
        assert.deepEqual(one.versions, fromList.versions, name);
      } finally {
        alone.dispose();
        listed.dispose();
      }
    }
  });

  it('a record read through the one-model path uses that declaration', async () => {
    const git = await open(repo.dir);
    try {
      const store = new ModelStore(git);
      const record = await store.record(await store.resolve('churn@v1.0.0'));
      assert.deepEqual(record.hyperparameters, { from: 'a' });
    } finally {
      git.dispose();
    }
  });
});

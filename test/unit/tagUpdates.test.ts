// A listing updated after a few tags changed (what the extension does when the watcher names the
// loose refs that changed) must be what a full read gives, and must not read every tag again.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { GitRepository } from '../../src/git/repository';
import { ModelStore, type Listing } from '../../src/core/modelStore';
import { compareRefNames } from '../../src/core/tagUpdates';
import type { TagConventions } from '../../src/core/tagGrammar';
import { makeRepo, type TestRepo } from './helpers/gitRepo';

const config = { gitPath: 'git' };

/** A store over its own GitRepository that counts how often every tag is read. */
async function countingStore(dir: string, conventions?: TagConventions): Promise<{ store: ModelStore; fullReads: () => number; dispose(): void }> {
  const git = await GitRepository.open(dir, config);
  let reads = 0;
  const readTagTable = git.readTagTable.bind(git);
  git.readTagTable = (signal, onRow) => {
    reads++;
    return readTagTable(signal, onRow);
  };
  return { store: new ModelStore(git, { conventions, versionsOnRead: true /* the editor's store: its full read is readTagTable */ }), fullReads: () => reads, dispose: () => git.dispose() };
}

/** What a fresh store reads from scratch. */
async function fullListing(dir: string, conventions?: TagConventions): Promise<Listing> {
  const git = await GitRepository.open(dir, config);
  try {
    return await new ModelStore(git, { conventions }).list();
  } finally {
    git.dispose();
  }
}

describe('updating a listing after tags changed', () => {
  let repo: TestRepo;
  let c1: string;
  let c2: string;
  let c3: string;
  let t = 1_700_000_000;
  const tag = (name: string, rev: string, message?: string) => repo.tag(name, { rev, date: t++, message });

  before(() => {
    repo = makeRepo();
    c1 = repo.commit('one', { 'churn/model.yaml': 'name: churn\n', 'fraud/model.yaml': 'name: fraud\n' });
    c2 = repo.commit('two', { 'churn/params.yaml': 'lr: 0.1\n' });
    c3 = repo.commit('three', { 'churn/params.yaml': 'lr: 0.2\n' });
    tag('churn@v1.0.0', c1);
    tag('churn@v1.1.0', c2);
    tag('churn#prod#1', c2);
    tag('fraud@v0.1.0', c1);
    tag('zeta@v1.0.0', c1);
    // A warning of a model (a deregistration of a version never registered) and of a tag (a tag
    // on a tree): the update has to keep them where a full read puts them.
    tag('ghost@v9.0.0!', c1);
    repo.git('tag', '-a', '-m', 'not a commit', 'alpha@v1.0.0', `${c1}^{tree}`);
    repo.lightweightTag('churn#dev#7', c1);
    repo.git('pack-refs', '--all');
  });
  after(() => repo.remove());

  const steps: Array<[string, () => string[]]> = [
    ['a new version of a model', () => (tag('churn@v1.2.0', c3), ['churn@v1.2.0'])],
    ['a stage moving to it', () => (tag('churn#prod#2', c3), ['churn#prod#2'])],
    ['a tag of a model never seen', () => (tag('brand-new@v0.0.1', c2, 'Registering brand-new'), ['brand-new@v0.0.1'])],
    ['a lightweight tag in GTO form', () => (repo.lightweightTag('fraud#dev#3', c1), ['fraud#dev#3'])],
    ['a tag moved to another commit', () => (repo.git('tag', '-f', '-a', '-m', 'moved', 'fraud@v0.1.0', c2), ['fraud@v0.1.0'])],
    ['another tag on a tree, sorting before the first', () => (repo.git('tag', '-a', '-m', 'tree', 'aardvark@v1.0.0', `${c2}^{tree}`), ['aardvark@v1.0.0'])],
    ['a tag that is not a version', () => (repo.git('tag', 'release-2024'), ['release-2024'])],
    ['the only tag of a model deleted', () => (repo.git('tag', '-d', 'zeta@v1.0.0'), ['zeta@v1.0.0'])],
    ['a deregistration', () => (tag('churn@v1.0.0!', c1), ['churn@v1.0.0!'])],
    ['several at once, one of them deleted', () => (tag('fraud@v0.2.0', c3), repo.git('tag', '-d', 'churn#prod#2'), ['fraud@v0.2.0', 'churn#prod#2'])],
    ['a name that was never a tag', () => ['no-such-tag@v1.0.0']],
  ];

  it('each step gives what a full read gives, reading only the changed refs', async () => {
    const s = await countingStore(repo.dir);
    try {
      await s.store.list();
      assert.equal(s.fullReads(), 1);
      for (const [what, step] of steps) {
        const names = step();
        const changed = await s.store.updateTags(names);
        assert.ok(changed, `${what}: updated in place`);
        assert.deepEqual(await s.store.list(), await fullListing(repo.dir), what);
        assert.equal(s.fullReads(), 1, `${what}: no full read`);
      }
    } finally {
      s.dispose();
    }
  });

  it('names the models whose entries changed', async () => {
    const s = await countingStore(repo.dir);
    try {
      await s.store.list();
      tag('fraud@v0.3.0', c3);
      assert.deepEqual(await s.store.updateTags(['fraud@v0.3.0', 'release-2025']), ['fraud']);
      const fraud = (await s.store.list()).models.find((m) => m.name === 'fraud')!;
      assert.equal(fraud.latest, 'v0.3.0');
      // What a version resolves to follows too: its tag object is the new one.
      const resolved = await s.store.resolve('fraud@v0.3.0');
      assert.equal(resolved.tag?.name, 'fraud@v0.3.0');
      assert.equal(resolved.commit, c3);
    } finally {
      s.dispose();
    }
  });

  it('without a listing there is nothing to update: the next list reads everything', async () => {
    const s = await countingStore(repo.dir);
    try {
      assert.equal(await s.store.updateTags(['churn@v1.0.0']), undefined);
      await s.store.list();
      assert.equal(s.fullReads(), 1);
    } finally {
      s.dispose();
    }
  });

  it('a refresh while an update reads leaves the refresh in charge', async () => {
    const s = await countingStore(repo.dir);
    try {
      await s.store.list();
      tag('fraud@v0.4.0', c3);
      const update = s.store.updateTags(['fraud@v0.4.0']);
      s.store.invalidate();
      assert.equal(await update, undefined);
      assert.deepEqual(await s.store.list(), await fullListing(repo.dir));
    } finally {
      s.dispose();
    }
  });
});

describe('updating a listing of other tag conventions', () => {
  let repo: TestRepo;
  const conventions: TagConventions = { gto: true, plainModel: 'vision', prefix: 'models' };
  before(() => {
    repo = makeRepo();
    const c = repo.commit('one', { 'a.txt': '1' });
    repo.tag('v1.0.0', { rev: c, date: 1_700_000_000 });
    repo.tag('vision@v0.5.0', { rev: c, date: 1_700_000_001 });
    repo.tag('models/ranker/v2.0.0', { rev: c, date: 1_700_000_002 });
  });
  after(() => repo.remove());

  it('plain versions, prefixed versions and a GTO model whose name starts with v', async () => {
    const s = await countingStore(repo.dir, conventions);
    try {
      await s.store.list();
      const c = repo.commit('two', { 'a.txt': '2' });
      for (const name of ['v1.1.0', 'vision@v0.6.0', 'models/ranker/v2.1.0', 'models/other/v1.0.0']) {
        repo.tag(name, { rev: c, date: 1_700_000_100 });
        assert.ok(await s.store.updateTags([name]), name);
        assert.deepEqual(await s.store.list(), await fullListing(repo.dir, conventions), name);
      }
      assert.equal(s.fullReads(), 1);
    } finally {
      s.dispose();
    }
  });
});

describe("git's order of ref names", () => {
  it('is the order of UTF-8 bytes, astral characters after the rest of the BMP', () => {
    const names = ['b', 'a', 'a@v1', 'a#x', 'a-b', '\u{1F600}', '\uFF21', 'é', 'Z'];
    const bytes = [...names].sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y)));
    assert.deepEqual([...names].sort(compareRefNames), bytes);
  });
});

// HEAD moving (a checkout, a commit) or a manifest changing changes what the working tree
// declares, never the tags: the store reads the files again and keeps its 100,000 tags.
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { GitRepository } from '../../src/git/repository';
import { ModelStore } from '../../src/core/modelStore';
import { makeRepo, type TestRepo } from './helpers/gitRepo';

describe('refreshing the working tree only', () => {
  const repos: TestRepo[] = [];
  after(() => repos.forEach((r) => r.remove()));

  async function setup() {
    const repo = makeRepo();
    repos.push(repo);
    const c1 = repo.commit('one', { 'churn/model.yaml': 'name: churn\ndescription: first\n' });
    repo.tag('churn@v1.0.0', { rev: c1, date: 1_700_000_000 });
    repo.git('branch', 'old');
    repo.commit('two', { 'churn/model.yaml': 'name: churn\ndescription: second\n', 'fraud/model.yaml': 'name: fraud\n' });
    const git = await GitRepository.open(repo.dir, { gitPath: 'git' });
    let reads = 0;
    const readTagTable = git.readTagTable.bind(git);
    git.readTagTable = (signal, onRow) => {
      reads++;
      return readTagTable(signal, onRow);
    };
    return { repo, git, store: new ModelStore(git, { versionsOnRead: true /* the editor's store: its full read is readTagTable */ }), fullReads: () => reads };
  }

  it('after a checkout the listing has the declarations of the new HEAD and its tags, without reading every tag again', async () => {
    const { repo, git, store, fullReads } = await setup();
    try {
      assert.deepEqual((await store.list()).models.map((m) => m.name), ['churn', 'fraud']);
      repo.git('checkout', '-q', 'old');
      store.refreshWorkingTree();
      const listing = await store.list();
      assert.deepEqual(listing.models.map((m) => m.name), ['churn']);
      assert.deepEqual(listing.models[0]!.versions.map((v) => v.version), ['v1.0.0']);
      assert.equal(fullReads(), 1);
      // A record of the working tree reads the files checked out now.
      const record = await store.record(await store.resolve('churn@workdir'));
      assert.equal(record.description, 'first');
    } finally {
      git.dispose();
    }
  });

  it('a tag made after the refresh is still applied by name', async () => {
    const { repo, git, store, fullReads } = await setup();
    try {
      await store.list();
      store.refreshWorkingTree();
      await store.list();
      repo.tag('churn@v1.1.0', { rev: 'HEAD', date: 1_700_000_100 });
      assert.deepEqual(await store.updateTags(['churn@v1.1.0']), ['churn']);
      assert.deepEqual((await store.list()).models.find((m) => m.name === 'churn')!.versions.map((v) => v.version), ['v1.1.0', 'v1.0.0']);
      assert.equal(fullReads(), 1);
    } finally {
      git.dispose();
    }
  });
});

// A tag made while the store is still reading every tag: git may list it or not, depending on
// when it reached refs/tags. Whoever asked for the listing during that read (the tree, drawing its
// rows) must get the new tag, not a listing that only a later update mends — the tree drew its
// rows from the first and lost the new one.
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { GitRepository } from '../../src/git/repository';
import { ModelStore } from '../../src/core/modelStore';
import { makeRepo, type TestRepo } from './helpers/gitRepo';

const config = { gitPath: 'git' };

/** A promise with its resolve function, to hold a read at one point. */
function gate(): { promise: Promise<void>; open(): void } {
  let open!: () => void;
  const promise = new Promise<void>((r) => (open = r));
  return { promise, open };
}

describe('a tag made during a full read', () => {
  const repos: TestRepo[] = [];
  after(() => repos.forEach((r) => r.remove()));

  /** A store whose full tag read has run git, then waits for `release` before it is built. */
  async function heldStore(): Promise<{ repo: TestRepo; store: ModelStore; gitDone: Promise<void>; release(): void; fullReads(): number; dispose(): void }> {
    const repo = makeRepo();
    repos.push(repo);
    const c1 = repo.commit('one', { 'churn/model.yaml': 'name: churn\n' });
    repo.tag('churn@v1.0.0', { rev: c1, date: 1_700_000_000 });
    const git = await GitRepository.open(repo.dir, config);
    const done = gate();
    const hold = gate();
    let reads = 0;
    const readTagTable = git.readTagTable.bind(git);
    git.readTagTable = async (signal, onRow) => {
      reads++;
      const tags = await readTagTable(signal, onRow);
      done.open();
      await hold.promise;
      return tags;
    };
    return { repo, store: new ModelStore(git, { versionsOnRead: true /* the editor's store: its full read is readTagTable */ }), gitDone: done.promise, release: hold.open, fullReads: () => reads, dispose: () => git.dispose() };
  }

  it('the listing asked for before the tag was made already has it, and no second full read is made', async () => {
    const { repo, store, gitDone, release, fullReads, dispose } = await heldStore();
    try {
      const first = store.list();
      await gitDone; // git has listed the tags: the new one is not among them
      repo.tag('churn@v1.1.0', { rev: 'HEAD', date: 1_700_000_100 });
      const update = store.updateTags(['churn@v1.1.0']);
      release();
      const listing = await first;
      const churn = listing.models.find((m) => m.name === 'churn');
      assert.deepEqual(churn?.versions.map((v) => v.version), ['v1.1.0', 'v1.0.0']);
      assert.equal(churn?.latest, 'v1.1.0');
      assert.ok(listing.tags.some((t) => t.name === 'churn@v1.1.0'));
      // The update still names the model, so a row drawn before the read redraws.
      assert.deepEqual(await update, ['churn']);
      assert.deepEqual((await store.list()).models.find((m) => m.name === 'churn')?.versions.map((v) => v.version), ['v1.1.0', 'v1.0.0']);
      assert.equal(fullReads(), 1);
    } finally {
      dispose();
    }
  });

  it('a tag deleted during the read is gone from the listing handed out', async () => {
    const { repo, store, gitDone, release, dispose } = await heldStore();
    try {
      const first = store.list();
      await gitDone;
      repo.git('tag', '-d', 'churn@v1.0.0');
      void store.updateTags(['churn@v1.0.0']);
      release();
      const listing = await first;
      assert.equal(listing.models.find((m) => m.name === 'churn')?.versions.length ?? 0, 0);
      assert.ok(!listing.tags.some((t) => t.name === 'churn@v1.0.0'));
    } finally {
      dispose();
    }
  });
});

// One constructor per kind of version, one label rule: a version resolved from what a user typed
// and one built from a listing row (as the tree does) are the same object, and a commit reads as
// its short id wherever it is named.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { GitRepository } from '../../src/git/repository';
import { ModelStore } from '../../src/core/modelStore';
import { commitVersion, mlflowVersion, taggedVersion, workingTreeVersion, type ModelVersion } from '../../src/core/types';
import { makeRepo, type TestRepo } from './helpers/gitRepo';

describe('version constructors', () => {
  let repo: TestRepo;
  let git: GitRepository;
  let store: ModelStore;
  let c1: string;
  let c2: string;

  before(async () => {
    repo = makeRepo();
    c1 = repo.commit('one', { 'churn/model.yaml': 'name: churn\n' });
    c2 = repo.commit('two', { 'churn/params.yaml': 'lr: 0.2\n' });
    repo.tag('churn@v1.0.0', { rev: c1, date: 1_700_000_000 });
    repo.tag('churn#prod#1', { rev: c1, date: 1_700_000_001 });
    git = await GitRepository.open(repo.dir, { gitPath: 'git' });
    store = new ModelStore(git);
  });
  after(() => {
    git.dispose();
    repo.remove();
  });

  it('a version resolved by name is the one the tree builds from its listing row', async () => {
    const listing = await store.list();
    const row = listing.models.find((m) => m.name === 'churn')!.versions.find((v) => v.version === 'v1.0.0')!;
    const tag = listing.tags.find((t) => t.name === 'churn@v1.0.0');
    assert.deepEqual(await store.resolve('churn@v1.0.0'), taggedVersion('churn', row, tag));
    assert.equal(taggedVersion('churn', row, tag).label, 'churn@v1.0.0');
  });

  it('a version asked for by stage is labelled by the stage and names the tag that assigned it', async () => {
    const prod = await store.resolve('churn#prod');
    assert.equal(prod.label, 'churn#prod');
    assert.equal(prod.version, 'v1.0.0');
    assert.deepEqual(prod.stage, { name: 'prod', tag: 'churn#prod#1' });
  });

  it('a commit typed in full is named by its short id, like the tree names it', async () => {
    const v = await store.resolve(`churn@${c2}`);
    assert.equal(v.label, `churn@${c2.slice(0, 7)}`);
    assert.equal(v.commit, c2);
    assert.equal(v.version, c2);
    assert.equal(v.registryVersion, undefined);
    assert.deepEqual(v, commitVersion('churn', c2, c2));
    // A branch name stays as typed; the version registered on that commit comes with it.
    const main = await store.resolve(`churn@${c1}`);
    assert.equal(main.registryVersion?.version, 'v1.0.0');
  });

  it('the working tree and an MLflow version', async () => {
    assert.deepEqual(await store.resolve('churn@workdir'), workingTreeVersion('churn'));
    assert.deepEqual(workingTreeVersion('churn'), { model: 'churn', version: 'workdir', label: 'churn@workdir', commit: null });
    const v: ModelVersion = { version: '3', commit: '', date: null, registered: true, active: true, stages: [], stageTags: [], mlflow: { store: 'mlruns', version: 3, aliases: [] } };
    assert.deepEqual(mlflowVersion('sk-churn', v), { model: 'sk-churn', version: '3', label: 'sk-churn@3', commit: null, registryVersion: v });
  });
});

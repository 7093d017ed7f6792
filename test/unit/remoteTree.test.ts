// What the tree marks against a remote, from a real comparison between two clones of one bare
// repository: a colleague's promotion flagged on the version before a fetch, a version only the
// remote has listed with its stage, a tag made here and not pushed, a re-tagged tag.
import { describe, it, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { readRemoteStatus } from '../../src/core/actions/remoteStatus';
import { buildRegistry } from '../../src/core/registry';
import { remoteOnlyModels, remoteOnlyVersions, remoteTree, versionStanding, type RemoteTree } from '../../src/core/remoteTree';
import { GitRemote } from '../../src/git/remote';
import { GitRepository } from '../../src/git/repository';
import { makeRepo, type TestRepo } from './helpers/gitRepo';
import { makeBare, makeClone, type BareRemote } from './helpers/remotes';

async function compare(repo: TestRepo): Promise<{ tree: RemoteTree; local: ReturnType<typeof buildRegistry> }> {
  const git = await GitRepository.open(repo.dir, { gitPath: 'git' });
  const status = await readRemoteStatus(new GitRemote(git));
  return { tree: remoteTree(status.comparison, status.localTags), local: buildRegistry(status.localTags) };
}

describe('the tree\'s remote marks', () => {
  let bare: BareRemote;
  let alice: TestRepo;
  let bob: TestRepo;

  beforeEach(() => {
    bare = makeBare();
    alice = makeRepo('mv-alice-');
    alice.commit('v1', { 'models/churn/model.yaml': 'name: churn\n' }, '2024-01-01T00:00:00Z');
    alice.tag('churn@v1.0.0', { date: '2024-01-01T00:01:00Z' });
    alice.tag('churn#prod#1', { date: '2024-01-02T00:00:00Z' });
    alice.commit('v2', { 'models/churn/params.yaml': 'lr: 0.2\n' }, '2024-02-01T00:00:00Z');
    alice.tag('churn@v1.1.0', { date: '2024-02-01T00:01:00Z' });
    alice.git('remote', 'add', 'origin', bare.dir);
    alice.git('push', '-q', '-u', 'origin', 'main', '--tags');
    bob = makeClone(bare.dir);
  });

  afterEach(() => {
    for (const r of [alice, bob]) r.remove();
    bare.remove();
  });

  it("a colleague's pushed promotion marks the version as 'prod on the remote, not fetched', before any fetch", async () => {
    bob.tag('churn#prod#2', { rev: 'churn@v1.1.0^{commit}', date: '2024-03-01T00:00:00Z' });
    bob.git('push', '-q', 'origin', 'churn#prod#2');
    const { tree, local } = await compare(alice);
    const v110 = local.models[0]!.versions.find((v) => v.version === 'v1.1.0')!;
    assert.deepEqual(v110.stages, [], 'not fetched: the local registry has no prod on v1.1.0');
    const s = versionStanding(tree, 'churn', v110);
    assert.equal(s?.state, 'remote-only');
    assert.deepEqual(s?.tags, [{ tag: 'churn#prod#2', state: 'remote-only', stage: 'prod' }]);
    // After a fetch, prod is v1.1.0's: the merged registry says so already.
    assert.equal(tree.merged.get('churn')?.stages.prod, 'v1.1.0');
    assert.equal(versionStanding(tree, 'churn', local.models[0]!.versions.find((v) => v.version === 'v1.0.0')!)?.state, 'pushed');
  });

  it('a version and a model only the remote has are listed, with their stages', async () => {
    bob.commit('v3', { 'models/churn/params.yaml': 'lr: 0.3\n', 'models/fraud/model.yaml': 'name: fraud\n' }, '2024-04-01T00:00:00Z');
    bob.tag('churn@v1.2.0', { date: '2024-04-01T00:01:00Z' });
    bob.tag('churn#staging#3', { date: '2024-04-02T00:00:00Z' });
    bob.tag('fraud@v0.1.0', { date: '2024-04-03T00:00:00Z' });
    bob.git('push', '-q', 'origin', 'main', '--tags');
    const { tree, local } = await compare(alice);
    const only = remoteOnlyVersions(tree, 'churn', local.models[0]!.versions);
    assert.deepEqual(only.map((v) => [v.version, v.stages]), [['v1.2.0', ['staging']]]);
    assert.deepEqual(remoteOnlyModels(tree, local.models).map((m) => m.name), ['fraud']);
  });

  it("a tag made here and not pushed marks its version 'local-only'; a re-tagged one 'differs'", async () => {
    alice.tag('churn#staging#2', { rev: 'churn@v1.1.0^{commit}', date: '2024-03-01T00:00:00Z' });
    // Bob re-tags churn@v1.0.0 (same name, another tag object) and forces it onto the remote.
    bob.git('tag', '-d', 'churn@v1.0.0');
    bob.tag('churn@v1.0.0', { rev: 'HEAD~1', date: '2024-05-01T00:00:00Z', message: 'again' });
    bob.git('push', '-q', '--force', 'origin', 'refs/tags/churn@v1.0.0');
    const { tree, local } = await compare(alice);
    const [v110, v100] = ['v1.1.0', 'v1.0.0'].map((x) => local.models[0]!.versions.find((v) => v.version === x)!);
    assert.deepEqual(versionStanding(tree, 'churn', v110!), { state: 'local-only', tags: [{ tag: 'churn#staging#2', state: 'local-only', stage: 'staging' }] });
    assert.equal(versionStanding(tree, 'churn', v100!)?.state, 'differs');
    assert.deepEqual(remoteOnlyVersions(tree, 'churn', local.models[0]!.versions), []);
  });
});

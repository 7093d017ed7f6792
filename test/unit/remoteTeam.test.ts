// Working as a team through a remote: two clones of one bare repository, one promoting and
// pushing, the other seeing it with `list --remote` before a fetch and as a stage after one.
import { describe, it, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { cli } from './helpers/cli';
import { makeRepo, type TestRepo } from './helpers/gitRepo';
import { makeBare, makeClone, type BareRemote } from './helpers/remotes';

process.env.GIT_AUTHOR_NAME = 'Grace Hopper';
process.env.GIT_AUTHOR_EMAIL = 'grace@example.com';
process.env.GIT_COMMITTER_NAME = 'Grace Hopper';
process.env.GIT_COMMITTER_EMAIL = 'grace@example.com';

interface Version {
  version: string;
  commit: string;
  stages: string[];
  remote: string | null;
  remoteTags: Record<string, string>;
}
interface Listed {
  remote: { name: string; tags: Record<string, number>; differs: Array<{ tag: string; local: string; remote: string }>; deletedOnRemote: string[] } & { error?: { kind: string; message: string } };
  models: Array<{ name: string; stages: Record<string, string>; versions: Version[] }>;
}

async function listRemote(dir: string, ...extra: string[]): Promise<{ code: number; listed: Listed; err: string }> {
  const r = await cli(dir, 'list', '--remote', ...extra, '--json');
  return { code: r.code, listed: JSON.parse(r.out) as Listed, err: r.err };
}

function churn(l: Listed) {
  return l.models.find((m) => m.name === 'churn')!;
}

function version(l: Listed, v: string): Version {
  return churn(l).versions.find((x) => x.version === v)!;
}

/** Alice's repository with churn v1.0.0 (prod) and v1.1.0 (staging), pushed to the bare remote; Bob's clone of it. */
function team() {
  const bare = makeBare();
  const alice = makeRepo('mv-alice-');
  const c1 = alice.commit('v1', { 'models/churn/model.yaml': 'name: churn\n', 'models/churn/params.yaml': 'lr: 0.1\n' }, '2024-01-01T00:00:00Z');
  alice.tag('churn@v1.0.0', { date: '2024-01-01T00:01:00Z', message: 'Registering artifact churn version v1.0.0' });
  alice.tag('churn#prod#1', { date: '2024-01-02T00:00:00Z' });
  const c2 = alice.commit('v2', { 'models/churn/params.yaml': 'lr: 0.2\n' }, '2024-02-01T00:00:00Z');
  alice.tag('churn@v1.1.0', { date: '2024-02-01T00:01:00Z' });
  alice.tag('churn#staging#4', { date: '2024-02-02T00:00:00Z' });
  alice.git('remote', 'add', 'origin', bare.dir);
  alice.git('push', '-q', '-u', 'origin', 'main', '--tags');
  const bob = makeClone(bare.dir);
  return { bare, alice, bob, c1, c2 };
}

describe('list --remote, fetch and push between two clones', () => {
  let bare: BareRemote;
  let alice: TestRepo;
  let bob: TestRepo;
  let c1: string;
  let c2: string;
  beforeEach(() => ({ bare, alice, bob, c1, c2 } = team()));
  afterEach(() => {
    bare.remove();
    alice.remove();
    bob.remove();
  });

  it("a colleague's pushed promotion churn#prod#5 is remote-only before a fetch, and the prod stage after it", async () => {
    alice.tag('churn#prod#5', { rev: c2, date: '2024-03-01T00:00:00Z' });
    const pushed = await cli(alice.dir, 'push', 'churn@v1.1.0');
    assert.equal(pushed.code, 0, pushed.err);
    assert.equal(pushed.out, 'Pushed churn#prod#5 to origin\nAlready on origin: churn@v1.1.0, churn#staging#4\n');

    // Bob has not fetched: his own listing still has v1.0.0 in prod.
    assert.deepEqual(JSON.parse((await cli(bob.dir, 'list', '--json')).out).models[0].stages, { prod: 'v1.0.0', staging: 'v1.1.0' });
    const before = await listRemote(bob.dir);
    assert.equal(before.code, 0, before.err);
    assert.equal(before.listed.remote.name, 'origin');
    assert.deepEqual(before.listed.remote.tags, { pushed: 4, localOnly: 0, remoteOnly: 1, differs: 0 });
    assert.equal(version(before.listed, 'v1.1.0').remote, 'remote-only');
    assert.equal(version(before.listed, 'v1.1.0').remoteTags['churn#prod#5'], 'remote-only');
    assert.equal(version(before.listed, 'v1.0.0').remote, 'pushed');
    // What the registry will be once fetched: the colleague's promotion holds prod.
    assert.equal(churn(before.listed).stages.prod, 'v1.1.0');
    const text = await cli(bob.dir, 'list', '--remote');
    assert.match(text.out, /^origin: registry tags 1 only on origin \(fetch with: model-versions fetch\)$/m);
    assert.match(text.out, /^ {2}v1\.1\.0 .*only on the remote$/m);

    const fetched = await cli(bob.dir, 'fetch');
    assert.equal(fetched.code, 0, fetched.err);
    assert.equal(fetched.out, 'Fetched 1 tag from origin: churn#prod#5\n');
    assert.equal(fetched.err, '');
    assert.deepEqual(JSON.parse((await cli(bob.dir, 'list', '--json')).out).models[0].stages, { prod: 'v1.1.0', staging: 'v1.1.0' });
    const after = await listRemote(bob.dir);
    assert.deepEqual(after.listed.remote.tags, { pushed: 5, localOnly: 0, remoteOnly: 0, differs: 0 });
    assert.equal(version(after.listed, 'v1.1.0').remote, 'pushed');
  });

  it('a version registered and pushed by a colleague is listed as remote-only, with its commit and stages', async () => {
    const c3 = alice.commit('v3', { 'models/churn/params.yaml': 'lr: 0.3\n' }, '2024-04-01T00:00:00Z');
    alice.tag('churn@v1.2.0', { date: '2024-04-01T00:01:00Z' });
    alice.tag('churn#staging#6', { date: '2024-04-02T00:00:00Z' });
    alice.git('push', '-q', 'origin', 'main', 'refs/tags/churn@v1.2.0', 'refs/tags/churn#staging#6');
    const { listed } = await listRemote(bob.dir);
    const v = version(listed, 'v1.2.0');
    assert.deepEqual({ commit: v.commit, stages: v.stages, remote: v.remote }, { commit: c3, stages: ['staging'], remote: 'remote-only' });
    assert.deepEqual(v.remoteTags, { 'churn@v1.2.0': 'remote-only', 'churn#staging#6': 'remote-only' });
    // Bob does not have the commit: the plain listing does not know the version.
    assert.equal(JSON.parse((await cli(bob.dir, 'list', '--json')).out).models[0].versions.some((x: Version) => x.version === 'v1.2.0'), false);
    assert.equal((await cli(bob.dir, 'fetch')).out, 'Fetched 2 tags from origin: churn#staging#6, churn@v1.2.0\n');
    assert.equal(bob.git('rev-parse', 'churn@v1.2.0^{commit}').trim(), c3);
  });

  it('a version tagged here and not pushed is local-only; push sends its tags and says which', async () => {
    const c3 = bob.commit('bob v3', { 'models/churn/params.yaml': 'lr: 0.4\n' });
    bob.tag('churn@v2.0.0');
    bob.tag('churn#prod#7');
    assert.equal(version((await listRemote(bob.dir)).listed, 'v2.0.0').remote, 'local-only');
    const pushed = await cli(bob.dir, 'push', 'churn@v2.0.0');
    assert.equal(pushed.code, 0, pushed.err);
    assert.equal(pushed.out, 'Pushed churn@v2.0.0, churn#prod#7 to origin\n');
    assert.equal(bare.tags().has('churn@v2.0.0'), true);
    assert.equal(bare.git('rev-parse', 'churn#prod#7^{commit}').trim(), c3);
    assert.equal(version((await listRemote(bob.dir)).listed, 'v2.0.0').remote, 'pushed');
    const again = await cli(bob.dir, 'push', 'churn@v2.0.0');
    assert.equal(again.out, 'Nothing to push: churn v2.0.0 is on origin already (churn@v2.0.0, churn#prod#7)\n');
  });

  it('push of a whole model sends every unpushed tag of it and none of another model', async () => {
    bob.tag('churn#dev#8', { rev: c1 });
    bob.tag('fraud@v0.1.0');
    const pushed = await cli(bob.dir, 'push', 'churn');
    assert.equal(pushed.code, 0, pushed.err);
    assert.match(pushed.out, /^Pushed churn#dev#8 to origin$/m);
    assert.equal(bare.tags().has('fraud@v0.1.0'), false);
  });

  it('a tag re-tagged on the remote differs: fetch keeps ours, names both objects, and keeps theirs aside', async () => {
    alice.git('tag', '-d', 'churn@v1.0.0');
    alice.tag('churn@v1.0.0', { rev: c2, date: '2024-05-01T00:00:00Z', message: 're-tagged' });
    alice.git('push', '-q', '--force', 'origin', 'refs/tags/churn@v1.0.0');
    const ours = bob.git('rev-parse', 'refs/tags/churn@v1.0.0').trim();
    const theirs = bare.tags().get('churn@v1.0.0')!;
    assert.notEqual(ours, theirs);

    const { listed } = await listRemote(bob.dir);
    assert.equal(version(listed, 'v1.0.0').remote, 'differs');
    assert.deepEqual(listed.remote.differs.map((d) => [d.tag, d.local, d.remote]), [['churn@v1.0.0', ours, theirs]]);

    const fetched = await cli(bob.dir, 'fetch');
    assert.equal(fetched.code, 0, fetched.err);
    assert.equal(bob.git('rev-parse', 'refs/tags/churn@v1.0.0').trim(), ours, 'the local tag is never replaced');
    assert.match(fetched.err, new RegExp(`^warning: churn@v1\\.0\\.0 differs on origin: here ${ours.slice(0, 7)} \\(on ${c1.slice(0, 7)}\\), there ${theirs.slice(0, 7)} \\(on ${c2.slice(0, 7)}\\); yours is kept`, 'm'));
    assert.match(fetched.err, /theirs: refs\/model-versions\/remotes\/origin\/tags\/churn@v1\.0\.0/);
    assert.equal(bob.git('rev-parse', 'refs/model-versions/remotes/origin/tags/churn@v1.0.0').trim(), theirs);
    // Pushing ours would replace theirs: refused before git is asked, and said.
    const pushed = await cli(bob.dir, 'push', 'churn@v1.0.0');
    assert.equal(pushed.code, 1);
    assert.match(pushed.err, /churn@v1\.0\.0 was not pushed: origin has another tag of that name/);
    assert.equal(bare.tags().get('churn@v1.0.0'), theirs);
  });

  it('a tag deleted on the remote after a fetch is kept here and said to be deleted there', async () => {
    assert.equal((await cli(bob.dir, 'fetch')).code, 0);
    alice.git('push', '-q', 'origin', ':refs/tags/churn#staging#4');
    const { listed } = await listRemote(bob.dir);
    assert.equal(version(listed, 'v1.1.0').remoteTags['churn#staging#4'], 'local-only');
    assert.deepEqual(listed.remote.deletedOnRemote, ['churn#staging#4']);
    const fetched = await cli(bob.dir, 'fetch');
    assert.equal(fetched.code, 0, fetched.err);
    assert.match(fetched.err, /^warning: churn#staging#4 was deleted on origin since the last fetch; it is kept here \(delete it with: git tag -d churn#staging#4, or push it again with: git push origin refs\/tags\/churn#staging#4\)$/m);
    assert.equal(bob.git('tag', '-l', 'churn#staging#4').trim(), 'churn#staging#4');
  });

  it("a push the remote's pre-receive hook rejects says so, with the hook's words, and that the tag exists here", async () => {
    bare.preReceive('while read old new ref; do case "$ref" in *"#prod#"*) echo "prod tags are protected: ask the release team" >&2; exit 1;; esac; done');
    const promoted = await cli(bob.dir, 'promote', 'churn@v1.1.0', 'prod', '--push');
    assert.equal(promoted.code, 1);
    assert.match(promoted.out, /^Created tag churn#prod#5: churn v1\.1\.0 is now in prod$/m);
    assert.match(promoted.err, /^warning: churn#prod#5 was not pushed to origin \(the remote refused it: pre-receive hook declined\)\. The tag exists here; push later with: model-versions push churn#prod$/m);
    assert.match(promoted.err, /^ {2}remote: prod tags are protected: ask the release team$/m);
    assert.equal(bob.git('tag', '-l', 'churn#prod#5').trim(), 'churn#prod#5');
    assert.equal(bare.tags().has('churn#prod#5'), false);
    const again = await cli(bob.dir, 'push', 'churn@v1.1.0');
    assert.equal(again.code, 1);
    assert.match(again.err, /push later with: model-versions push churn@v1\.1\.0/);
  });

  it("tag --push goes to the branch's upstream remote and says where it went", async () => {
    const other = makeBare();
    try {
      bob.git('remote', 'add', 'team', other.dir);
      bob.git('push', '-q', 'team', 'main');
      bob.git('branch', '-q', '--set-upstream-to=team/main', 'main');
      bob.commit('bob v3', { 'models/churn/params.yaml': 'lr: 0.5\n' });
      const r = await cli(bob.dir, 'tag', 'churn', 'minor', '--push');
      assert.equal(r.code, 0, r.err);
      assert.match(r.out, /^Pushed churn@v1\.2\.0 to team$/m);
      assert.equal(other.tags().has('churn@v1.2.0'), true);
      assert.equal(bare.tags().has('churn@v1.2.0'), false);
      assert.equal((await listRemote(bob.dir)).listed.remote.name, 'team');
      assert.equal((await listRemote(bob.dir, 'origin')).listed.remote.name, 'origin');
    } finally {
      other.remove();
    }
  });

  it('a remote name that is not configured is refused before git runs', async () => {
    for (const name of ['nope', '--upload-pack=touch /tmp/mv-pwned', '/tmp']) {
      const r = await cli(bob.dir, 'fetch', `--remote=${name}`);
      assert.equal(r.code, 1);
      assert.match(r.err, /there is no remote named '.*' \(remotes: origin\)/);
    }
  });
});

describe('a repository with no remote', () => {
  let repo: TestRepo;
  beforeEach(() => {
    repo = makeRepo();
    repo.commit('one', { 'models/churn/model.yaml': 'name: churn\n' });
    repo.tag('churn@v1.0.0');
  });
  afterEach(() => repo.remove());

  it('push is not offered: it says there is no remote and how to add one', async () => {
    const r = await cli(repo.dir, 'push', 'churn');
    assert.equal(r.code, 1);
    assert.equal(r.err, 'model-versions: this repository has no remote: the current branch has no upstream and there is no origin (add one with: git remote add origin URL)\n');
  });

  it('list --remote still lists the local tags, and says why there is no comparison', async () => {
    const r = await cli(repo.dir, 'list', '--remote', '--json');
    assert.equal(r.code, 1);
    const listed = JSON.parse(r.out);
    assert.equal(listed.remote.error.kind, 'no-remote');
    assert.equal(listed.models[0].versions[0].version, 'v1.0.0');
    assert.match(r.err, /no remote.*; listed the local tags only/);
  });

  it('promote --push creates the tag, then says it was not pushed and how to push it later', async () => {
    const r = await cli(repo.dir, 'promote', 'churn@v1.0.0', 'prod', '--push');
    assert.equal(r.code, 1);
    assert.match(r.out, /^Created tag churn#prod#1/m);
    assert.match(r.err, /not pushed: this repository has no remote.*\nThe tag churn#prod#1 exists here; push later with: model-versions push churn#prod\n/);
    assert.equal(repo.git('tag', '-l', 'churn#prod#1').trim(), 'churn#prod#1');
  });
});

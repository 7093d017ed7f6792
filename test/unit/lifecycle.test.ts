// The registry's write surface beyond tag and promote, through the CLI on real repositories:
// unassign, deregister and deprecate write GTO's tags byte for byte; every refusal leaves the
// tags exactly as they were; --delete lists and removes; --push reaches a real (bare) remote.
import { describe, it, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { cli } from './helpers/cli';
import { makeRepo, type TestRepo } from './helpers/gitRepo';

process.env.GIT_AUTHOR_NAME = 'Grace Hopper';
process.env.GIT_AUTHOR_EMAIL = 'grace@example.com';
process.env.GIT_COMMITTER_NAME = 'Grace Hopper';
process.env.GIT_COMMITTER_EMAIL = 'grace@example.com';

/** Every tag with its object and target: what a refusal must leave byte for byte. */
function allTags(repo: TestRepo): string {
  return repo.git('for-each-ref', '--format=%(refname) %(objectname) %(*objectname) %(contents)', 'refs/tags');
}

function tagInfo(repo: TestRepo, name: string) {
  return {
    type: repo.git('cat-file', '-t', `refs/tags/${name}`).trim(),
    commit: repo.git('rev-parse', `refs/tags/${name}^{commit}`).trim(),
    message: repo.git('tag', '-l', '--format=%(contents)', '--end-of-options', name).trim(),
  };
}

/** churn v1.0.0 (c1), v1.1.0 (c2, prod), a lightweight churn#dev#7 (its counter counts), HEAD c3. */
function churnRepo() {
  const repo = makeRepo();
  const c1 = repo.commit('v1', { 'models/churn/model.yaml': 'name: churn\n', 'a.txt': '1\n' }, '2024-01-01T00:00:00Z');
  repo.tag('churn@v1.0.0', { date: '2024-01-01T00:01:00Z', message: 'Registering artifact churn version v1.0.0' });
  repo.tag('churn#prod#1', { date: '2024-01-02T00:00:00Z', message: 'Assigning stage prod to artifact churn version v1.0.0' });
  const c2 = repo.commit('v2', { 'a.txt': '2\n' }, '2024-02-01T00:00:00Z');
  repo.tag('churn@v1.1.0', { date: '2024-02-01T00:01:00Z', message: 'Registering artifact churn version v1.1.0' });
  repo.tag('churn#prod#3', { date: '2024-02-02T00:00:00Z', message: 'Assigning stage prod to artifact churn version v1.1.0' });
  repo.lightweightTag('churn#dev#7', c1);
  const c3 = repo.commit('after', { 'a.txt': '3\n' }, '2024-03-01T00:00:00Z');
  return { repo, c1, c2, c3 };
}

describe('model-versions unassign', () => {
  let repo: TestRepo;
  let c1: string;
  let c2: string;
  beforeEach(() => ({ repo, c1, c2 } = churnRepo()));
  afterEach(() => repo.remove());

  it("writes <model>#<stage>!#N on the version's commit, N one above every counter (lightweight tags too), with GTO's message", async () => {
    const r = await cli(repo.dir, 'unassign', 'churn@v1.1.0', 'prod');
    assert.equal(r.code, 0, r.err);
    assert.equal(r.out, `Created tag churn#prod!#8 on ${c2.slice(0, 7)}: unassigns prod from churn v1.1.0\n`);
    assert.deepEqual(tagInfo(repo, 'churn#prod!#8'), { type: 'tag', commit: c2, message: "Unassigning stage 'prod' to artifact 'churn' version 'v1.1.0'" });
    // The previous holder still assigned is in prod again, as in gto show.
    const listed = JSON.parse((await cli(repo.dir, 'list', '--json')).out).models[0];
    assert.equal(listed.stages.prod, 'v1.0.0');
  });

  it('-m gives the tag its message', async () => {
    assert.equal((await cli(repo.dir, 'unassign', 'churn@v1.1.0', 'prod', '-m', 'rollback: bad AUC')).code, 0);
    assert.equal(tagInfo(repo, 'churn#prod!#8').message, 'rollback: bad AUC');
  });

  it('refuses a stage the version never had, and one unassigned already, creating nothing', async () => {
    const before = allTags(repo);
    const never = await cli(repo.dir, 'unassign', 'churn@v1.1.0', 'staging');
    assert.equal(never.code, 1);
    assert.match(never.err, /Stage 'staging' is not assigned to a version 'v1\.1\.0'/);
    assert.equal(allTags(repo), before);
    assert.equal((await cli(repo.dir, 'unassign', 'churn@v1.1.0', 'prod')).code, 0);
    const after = allTags(repo);
    const again = await cli(repo.dir, 'unassign', 'churn@v1.1.0', 'prod');
    assert.equal(again.code, 1);
    assert.match(again.err, /was unassigned from churn v1\.1\.0 already \(by churn#prod!#8\)/);
    assert.equal(allTags(repo), after);
    // GTO's --force writes the tag nevertheless.
    assert.equal((await cli(repo.dir, 'unassign', 'churn@v1.1.0', 'prod', '--force')).code, 0);
    assert.equal(tagInfo(repo, 'churn#prod!#9').commit, c2);
  });

  it('refuses a version that does not exist and a model with no tags, creating nothing', async () => {
    const before = allTags(repo);
    const noVersion = await cli(repo.dir, 'unassign', 'churn@v9.9.9', 'prod');
    assert.equal(noVersion.code, 1);
    assert.match(noVersion.err, /churn has no version v9\.9\.9/);
    const noModel = await cli(repo.dir, 'unassign', 'fraud@v1.0.0', 'prod');
    assert.equal(noModel.code, 1);
    assert.match(noModel.err, /cannot find model 'fraud'/);
    const badVersion = await cli(repo.dir, 'unassign', 'churn@latest', 'prod');
    assert.equal(badVersion.code, 2);
    assert.match(badVersion.err, /Version 'latest' is not valid/);
    assert.equal(allTags(repo), before);
    void c1;
  });

  it('--delete lists the stage tags of that version, then removes only them', async () => {
    const r = await cli(repo.dir, 'unassign', 'churn@v1.1.0', 'prod', '--delete');
    assert.equal(r.code, 0, r.err);
    const object = repo.git('rev-parse', 'refs/tags/churn@v1.1.0').trim();
    assert.match(r.out, /^Deleting 1 tag, the prod tags of churn v1\.1\.0:\n {2}churn#prod#3 {2}[0-9a-f]{40}\nDeleted 1 tag; /);
    assert.deepEqual(repo.git('tag', '-l').split('\n').filter(Boolean), ['churn#dev#7', 'churn#prod#1', 'churn@v1.0.0', 'churn@v1.1.0']);
    assert.equal(repo.git('rev-parse', 'refs/tags/churn@v1.1.0').trim(), object);
  });
});

describe('model-versions deregister', () => {
  let repo: TestRepo;
  let c2: string;
  beforeEach(() => ({ repo, c2 } = churnRepo()));
  afterEach(() => repo.remove());

  it("writes <model>@<version>! on the version's commit with GTO's message; the version and its stage are gone", async () => {
    const r = await cli(repo.dir, 'deregister', 'churn@v1.1.0');
    assert.equal(r.code, 0, r.err);
    assert.deepEqual(tagInfo(repo, 'churn@v1.1.0!'), { type: 'tag', commit: c2, message: 'Deregistering artifact churn version v1.1.0' });
    const listed = JSON.parse((await cli(repo.dir, 'list', '--json')).out).models[0];
    assert.equal(listed.latest, 'v1.0.0');
    assert.equal(listed.stages.prod, 'v1.0.0');
  });

  it('refuses to deregister twice, creating nothing', async () => {
    assert.equal((await cli(repo.dir, 'deregister', 'churn@v1.1.0')).code, 0);
    const before = allTags(repo);
    const r = await cli(repo.dir, 'deregister', 'churn@v1.1.0');
    assert.equal(r.code, 1);
    assert.match(r.err, /was deregistered already: churn v1\.1\.0/);
    assert.equal(allTags(repo), before);
  });

  it('refuses a commit with only a stage (not a registered version), creating nothing', async () => {
    const c3 = repo.head();
    repo.tag(`churn#staging#9`, { date: '2024-03-02T00:00:00Z', message: 'stage on a bare commit' });
    const before = allTags(repo);
    const r = await cli(repo.dir, 'deregister', `churn@v2.0.0`);
    assert.equal(r.code, 1);
    assert.match(r.err, /churn has no version v2\.0\.0/);
    assert.equal(allTags(repo), before);
    void c3;
  });

  it('registered again after a deregistration, a second deregistration takes the counted name (the simple one is taken)', async () => {
    assert.equal((await cli(repo.dir, 'deregister', 'churn@v1.1.0')).code, 0);
    // A second later than the deregistration: in the same second GTO would still call it deregistered.
    repo.tag('churn@v1.1.0#8', { rev: c2, date: Math.floor(Date.now() / 1000) + 5, message: 'Registering artifact churn version v1.1.0' });
    const r = await cli(repo.dir, 'deregister', 'churn@v1.1.0');
    assert.equal(r.code, 0, r.err);
    assert.equal(tagInfo(repo, 'churn@v1.1.0!#9').commit, c2);
  });

  it('GTO\'s spelling: deprecate <model> <version> deregisters, deprecate <model> <version> <stage> unassigns', async () => {
    assert.equal((await cli(repo.dir, 'deprecate', 'churn', 'v1.1.0', 'prod')).code, 0);
    assert.equal(tagInfo(repo, 'churn#prod!#8').message, "Unassigning stage 'prod' to artifact 'churn' version 'v1.1.0'");
    assert.equal((await cli(repo.dir, 'deprecate', 'churn', 'v1.1.0')).code, 0);
    assert.equal(tagInfo(repo, 'churn@v1.1.0!').message, 'Deregistering artifact churn version v1.1.0');
  });

  it('--delete lists all of the version\'s tags (its stage tags too), oldest first, then removes them', async () => {
    const r = await cli(repo.dir, 'deregister', 'churn@v1.1.0', '--delete');
    assert.equal(r.code, 0, r.err);
    const listed = r.out.split('\n').filter((l) => l.startsWith('  ')).map((l) => l.trim().split(/\s+/)[0]);
    assert.deepEqual(listed, ['churn@v1.1.0', 'churn#prod#3']);
    assert.deepEqual(repo.git('tag', '-l').split('\n').filter(Boolean), ['churn#dev#7', 'churn#prod#1', 'churn@v1.0.0']);
  });
});

describe('model-versions deprecate', () => {
  let repo: TestRepo;
  let c1: string;
  beforeEach(() => ({ repo, c1 } = churnRepo()));
  afterEach(() => repo.remove());

  it('writes <model>@deprecated on the commit of the newest event (not HEAD) with GTO\'s message', async () => {
    // The newest event is a prod assignment on v1.0.0's commit.
    repo.tag('churn#prod#8', { rev: c1, date: '2024-02-10T00:00:00Z', message: 'back to v1.0.0' });
    const r = await cli(repo.dir, 'deprecate', 'churn');
    assert.equal(r.code, 0, r.err);
    assert.deepEqual(tagInfo(repo, 'churn@deprecated'), { type: 'tag', commit: c1, message: "Deprecating artifact 'churn'" });
    assert.match((await cli(repo.dir, 'list')).out, /^Only deprecated models here/);
  });

  it('refuses to deprecate twice without --force; with --force writes <model>@deprecated#N', async () => {
    assert.equal((await cli(repo.dir, 'deprecate', 'churn')).code, 0);
    const before = allTags(repo);
    const r = await cli(repo.dir, 'deprecate', 'churn');
    assert.equal(r.code, 1);
    assert.match(r.err, /Artifact was deprecated already: churn/);
    assert.equal(allTags(repo), before);
    assert.equal((await cli(repo.dir, 'deprecate', 'churn', '--force')).code, 0);
    assert.equal(tagInfo(repo, 'churn@deprecated#8').message, "Deprecating artifact 'churn'");
  });

  it('refuses a model with no tags, creating nothing', async () => {
    const before = allTags(repo);
    const r = await cli(repo.dir, 'deprecate', 'fraud');
    assert.equal(r.code, 1);
    assert.match(r.err, /cannot find model 'fraud'/);
    assert.equal(allTags(repo), before);
  });

  it('--delete lists every tag of the model, then removes them; lightweight tags are not GTO events and stay', async () => {
    const r = await cli(repo.dir, 'deprecate', 'churn', '--delete');
    assert.equal(r.code, 0, r.err);
    const listed = r.out.split('\n').filter((l) => l.startsWith('  ')).map((l) => l.trim().split(/\s+/)[0]);
    assert.deepEqual(listed, ['churn@v1.0.0', 'churn#prod#1', 'churn@v1.1.0', 'churn#prod#3']);
    assert.deepEqual(repo.git('tag', '-l').split('\n').filter(Boolean), ['churn#dev#7']);
  });

  it('--delete refuses -m', async () => {
    const before = allTags(repo);
    const r = await cli(repo.dir, 'deprecate', 'churn', '--delete', '-m', 'why');
    assert.equal(r.code, 2);
    assert.equal(allTags(repo), before);
  });
});

describe('--push', () => {
  let repo: TestRepo;
  let remote: string;
  let c2: string;
  beforeEach(() => {
    ({ repo, c2 } = churnRepo());
    remote = mkdtempSync(path.join(tmpdir(), 'mv-remote-'));
    execFileSync('git', ['init', '-q', '--bare', remote]);
    repo.git('remote', 'add', 'origin', remote);
    repo.git('push', '-q', 'origin', 'main', '--tags');
  });
  afterEach(() => {
    repo.remove();
    rmSync(remote, { recursive: true, force: true });
  });
  const remoteTags = () => execFileSync('git', ['for-each-ref', '--format=%(refname:strip=2) %(*objectname)', 'refs/tags'], { cwd: remote, encoding: 'utf8' });

  it('unassign --push creates the tag on the remote', async () => {
    const r = await cli(repo.dir, 'unassign', 'churn@v1.1.0', 'prod', '--push');
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /Pushed churn#prod!#8 to origin\n$/);
    assert.match(remoteTags(), new RegExp(`^churn#prod!#8 ${c2}$`, 'm'));
  });

  it('deregister --delete --push removes the version\'s tags here and on the remote', async () => {
    const r = await cli(repo.dir, 'deregister', 'churn@v1.1.0', '--delete', '--push');
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /Deleted 2 tags on origin\n$/);
    const left = remoteTags().split('\n').filter(Boolean).map((l) => l.split(' ')[0]);
    assert.deepEqual(left, ['churn#dev#7', 'churn#prod#1', 'churn@v1.0.0']);
  });

  it('a push that fails says the tag was created here and exits 1', async () => {
    repo.git('remote', 'set-url', 'origin', path.join(remote, 'missing'));
    const r = await cli(repo.dir, 'deprecate', 'churn', '--push');
    assert.equal(r.code, 1);
    assert.match(r.err, /churn@deprecated was not pushed to origin .*The tag exists here; push later with: model-versions push churn/);
    assert.equal(tagInfo(repo, 'churn@deprecated').type, 'tag');
  });
});

describe('the registry\'s rules: .gto', () => {
  let repo: TestRepo;
  beforeEach(() => {
    ({ repo } = churnRepo());
    repo.commit('gto config', { '.gto': 'stages: [dev, staging, prod]\n' });
  });
  afterEach(() => repo.remove());

  it('promote to a stage outside .gto is refused naming the allowed ones, creating nothing', async () => {
    const before = allTags(repo);
    const r = await cli(repo.dir, 'promote', 'churn@v1.0.0', 'qa');
    assert.equal(r.code, 1);
    assert.match(r.err, /stage 'qa' is not allowed by \.gto; allowed stages are: dev, staging, prod/);
    assert.equal(allTags(repo), before);
    assert.equal((await cli(repo.dir, 'promote', 'churn@v1.0.0', 'staging')).code, 0);
  });

  it('unassign of a stage outside .gto is refused too (GTO checks every stage argument)', async () => {
    repo.commit('narrower', { '.gto': 'stages: [dev, staging]\n' });
    const before = allTags(repo);
    const r = await cli(repo.dir, 'unassign', 'churn@v1.1.0', 'prod');
    assert.equal(r.code, 1);
    assert.match(r.err, /allowed stages are: dev, staging/);
    assert.equal(allTags(repo), before);
  });

  it('--enforce-order refuses a stage whose earlier stages the version never had, then allows it', async () => {
    const before = allTags(repo);
    const r = await cli(repo.dir, 'promote', 'churn@v1.1.0', 'staging', '--enforce-order');
    assert.equal(r.code, 1);
    assert.match(r.err, /churn v1\.1\.0 was never in dev, the stage before staging in \.gto/);
    assert.equal(allTags(repo), before);
    assert.equal((await cli(repo.dir, 'promote', 'churn@v1.1.0', 'dev', '--enforce-order')).code, 0);
    assert.equal((await cli(repo.dir, 'promote', 'churn@v1.1.0', 'staging', '--enforce-order')).code, 0);
  });

  it('list shows stages in .gto\'s order', async () => {
    assert.equal((await cli(repo.dir, 'promote', 'churn@v1.0.0', 'staging')).code, 0);
    assert.equal((await cli(repo.dir, 'promote', 'churn@v1.0.0', 'dev')).code, 0);
    assert.deepEqual(Object.keys(JSON.parse((await cli(repo.dir, 'list', '--json')).out).models[0].stages), ['dev', 'staging', 'prod']);
    assert.match((await cli(repo.dir, 'list')).out, /latest v1\.1\.0 {2}dev: v1\.0\.0, staging: v1\.0\.0, prod: v1\.1\.0/);
  });
});

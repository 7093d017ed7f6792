// Register and promote as the core's use cases, once, on real repositories: the plan decides
// (GTO's names and refusals, `.gto`'s stages, the promotion order) and runTagPlan writes through
// git, then pushes to the branch's own remote. The CLI and the editor only ask and show.
import { describe, it, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { planRegister } from '../../src/core/actions/register';
import { planPromote, promotionChoices } from '../../src/core/actions/promote';
import { runTagPlan } from '../../src/core/actions/tagPlan';
import { buildRegistry } from '../../src/core/registry';
import { buildGtoState } from '../../src/core/gtoState';
import { PlanError } from '../../src/core/versionPlans';
import { RemoteError } from '../../src/core/remotePort';
import { GitRepository } from '../../src/git/repository';
import { GitRemote } from '../../src/git/remote';
import { gitRepoWriter } from '../../src/git/tagWriter';
import { cli } from './helpers/cli';
import { makeRepo, type TestRepo } from './helpers/gitRepo';
import { makeBare, type BareRemote } from './helpers/remotes';

/** churn v1.0.0 (c1, prod), v1.1.0 (c2); HEAD c3 is not registered. */
function churnRepo() {
  const repo = makeRepo();
  const c1 = repo.commit('v1', { 'models/churn/model.yaml': 'name: churn\n' }, '2024-01-01T00:00:00Z');
  repo.tag('churn@v1.0.0', { date: '2024-01-01T00:01:00Z', message: 'Registering artifact churn version v1.0.0' });
  repo.tag('churn#prod#1', { date: '2024-01-02T00:00:00Z', message: 'Assigning stage prod to artifact churn version v1.0.0' });
  const c2 = repo.commit('v2', { 'a.txt': '2\n' }, '2024-02-01T00:00:00Z');
  repo.tag('churn@v1.1.0', { date: '2024-02-01T00:01:00Z', message: 'Registering artifact churn version v1.1.0' });
  const c3 = repo.commit('after', { 'a.txt': '3\n' }, '2024-03-01T00:00:00Z');
  return { repo, c1, c2, c3 };
}

async function open(repo: TestRepo) {
  const git = await GitRepository.open(repo.dir, { gitPath: 'git' });
  const tags = await git.readTags();
  const model = buildRegistry(tags).models.find((m) => m.name === 'churn')!;
  return { git, model, state: buildGtoState(tags) };
}

describe('register (core)', () => {
  let repo: TestRepo;
  let c3: string;
  beforeEach(() => ({ repo, c3 } = churnRepo()));
  afterEach(() => repo.remove());

  it('a minor bump on HEAD plans churn@v1.2.0 with GTO\'s message, and runTagPlan writes it annotated on HEAD', async () => {
    const { git, model } = await open(repo);
    try {
      const plan = planRegister(model, { model: 'churn', spec: 'minor', headCommit: c3 });
      assert.deepEqual([plan.tag, plan.version, plan.commit, plan.message], ['churn@v1.2.0', 'v1.2.0', c3, 'Registering artifact churn version v1.2.0']);
      let written = 0;
      const r = await runTagPlan(plan, gitRepoWriter(git), { onWritten: () => written++ });
      assert.equal(written, 1);
      assert.equal(r.push, undefined);
      assert.equal(repo.git('cat-file', '-t', 'refs/tags/churn@v1.2.0').trim(), 'tag');
      assert.equal(repo.git('rev-parse', 'churn@v1.2.0^{commit}').trim(), c3);
    } finally {
      git.dispose();
    }
  });

  it('refuses a version that exists, and a repository with no commits, creating nothing', async () => {
    const { git, model } = await open(repo);
    git.dispose();
    assert.throws(() => planRegister(model, { model: 'churn', spec: 'v1.1.0', headCommit: c3 }), (e: Error) => e instanceof PlanError && /churn v1\.1\.0 already exists/.test(e.message));
    assert.throws(() => planRegister(undefined, { model: 'churn', spec: 'patch', headCommit: null }), /no commits yet/);
  });
});

describe('promote (core)', () => {
  let repo: TestRepo;
  let c2: string;
  beforeEach(() => ({ repo, c2 } = churnRepo()));
  afterEach(() => repo.remove());

  const v110 = (model: Awaited<ReturnType<typeof open>>['model']) => model.versions.find((v) => v.version === 'v1.1.0')!;

  it('plans churn#prod#2 on the version\'s commit, one above the model\'s highest counter', async () => {
    const { git, model } = await open(repo);
    git.dispose();
    const plan = planPromote(model, { version: v110(model), stage: 'prod' });
    assert.deepEqual([plan.tag, plan.commit, plan.message, plan.skipped], ['churn#prod#2', c2, 'Assigning stage prod to artifact churn version v1.1.0', []]);
  });

  it('a stage outside .gto\'s stages is refused, naming the allowed ones', async () => {
    const { git, model } = await open(repo);
    git.dispose();
    assert.throws(() => planPromote(model, { version: v110(model), stage: 'qa', config: { stages: ['dev', 'staging', 'prod'] } }), /stage 'qa' is not allowed by \.gto; allowed stages are: dev, staging, prod/);
  });

  it('names the stages before the target in .gto\'s order that the version never held', async () => {
    const { git, model, state } = await open(repo);
    git.dispose();
    const plan = planPromote(model, { version: v110(model), stage: 'prod', config: { stages: ['dev', 'staging', 'prod'] }, state });
    assert.deepEqual(plan.skipped, ['dev', 'staging']);
  });

  it('offers only .gto\'s stages, never the one the version holds; without .gto the configured ones and those in use', async () => {
    const { git, model } = await open(repo);
    git.dispose();
    const v100 = model.versions.find((v) => v.version === 'v1.0.0')!;
    assert.deepEqual(promotionChoices(model, v100.version, ['dev', 'qa'], { stages: ['dev', 'staging', 'prod'] }), ['dev', 'staging']);
    assert.deepEqual(promotionChoices(model, 'v1.1.0', ['dev', 'qa'], {}), ['dev', 'qa', 'prod']);
  });
});

describe('runTagPlan pushes where the branch belongs', () => {
  let repo: TestRepo;
  let c2: string;
  let team: BareRemote;
  let origin: BareRemote;
  beforeEach(() => {
    ({ repo, c2 } = churnRepo());
    team = makeBare();
    origin = makeBare();
    repo.git('remote', 'add', 'origin', origin.dir);
    repo.git('remote', 'add', 'team', team.dir);
    repo.git('push', '-q', 'team', 'main');
    repo.git('branch', '-q', '--set-upstream-to=team/main', 'main');
  });
  afterEach(() => {
    repo.remove();
    team.remove();
    origin.remove();
  });

  it('a promotion with push goes to the upstream remote (team), not origin, and says it was pushed there', async () => {
    const { git, model } = await open(repo);
    try {
      const plan = planPromote(model, { version: model.versions.find((v) => v.version === 'v1.1.0')!, stage: 'prod' });
      const r = await runTagPlan(plan, gitRepoWriter(git), { push: { port: new GitRemote(git) } });
      assert.equal(r.push?.remote, 'team');
      assert.deepEqual(r.push?.pushed, ['churn#prod#2']);
      assert.ok(team.tags().has('churn#prod#2'));
      assert.equal(origin.tags().size, 0);
    } finally {
      git.dispose();
    }
  });

  it('a push that cannot reach the remote keeps the tag here and reports the fault', async () => {
    repo.git('remote', 'set-url', 'team', `${team.dir}-missing`);
    const { git, model } = await open(repo);
    try {
      const plan = planPromote(model, { version: model.versions.find((v) => v.version === 'v1.1.0')!, stage: 'prod' });
      const r = await runTagPlan(plan, gitRepoWriter(git), { push: { port: new GitRemote(git) } });
      assert.deepEqual(r.push?.pushed ?? [], []);
      assert.equal(r.push?.failed[0]?.tag ?? (r.pushFault && plan.tag), 'churn#prod#2');
      assert.equal(repo.git('rev-parse', 'churn#prod#2^{commit}').trim(), c2);
    } finally {
      git.dispose();
    }
  });

  it('with no remote at all the tag is written and the fault says there is none', async () => {
    repo.git('remote', 'remove', 'team');
    repo.git('remote', 'remove', 'origin');
    const { git, model } = await open(repo);
    try {
      const plan = planPromote(model, { version: model.versions.find((v) => v.version === 'v1.1.0')!, stage: 'prod' });
      const r = await runTagPlan(plan, gitRepoWriter(git), { push: { port: new GitRemote(git) } });
      assert.ok(r.pushFault instanceof RemoteError && r.pushFault.kind === 'no-remote');
      assert.equal(repo.git('rev-parse', 'churn#prod#2^{commit}').trim(), c2);
    } finally {
      git.dispose();
    }
  });

  // The CLI front ends are thin: they reach the same remote through the same use case.
  it('CLI: tag --push, promote --push and unassign --push all go to the upstream remote', async () => {
    const t = await cli(repo.dir, 'tag', 'churn', 'minor', '--push');
    assert.equal(t.code, 0, t.err);
    assert.match(t.out, /^Created tag churn@v1\.2\.0 on [0-9a-f]{7}\nPushed churn@v1\.2\.0 to team\n$/);
    const p = await cli(repo.dir, 'promote', 'churn@v1.1.0', 'prod', '--push');
    assert.equal(p.code, 0, p.err);
    assert.match(p.out, /Pushed churn#prod#2 to team\n$/);
    const u = await cli(repo.dir, 'unassign', 'churn@v1.1.0', 'prod', '--push');
    assert.equal(u.code, 0, u.err);
    assert.match(u.out, /Pushed churn#prod!#3 to team\n$/);
    assert.deepEqual([...team.tags().keys()].sort(), ['churn#prod!#3', 'churn#prod#2', 'churn@v1.2.0']);
    assert.equal(origin.tags().size, 0);
  });
});

// Runs that no version claims (#16 item 6), in real repositories with an mlruns/ folder laid out as
// MLflow writes it: the public-project case (seven runs in mlruns/0, no registry, no tags), which
// runs a version claims and which it does not, `model-versions runs`, and registering a run.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { cli } from './helpers/cli';
import { makeRepo, type TestRepo } from './helpers/gitRepo';
import { mlmodelText, writeMlflowFileStore, type RunSpec } from '../fixtures/mlflowStores';
import { GitRepository } from '../../src/git/repository';
import { ModelStore } from '../../src/core/modelStore';
import { gitRepoWriter } from '../../src/git/tagWriter';
import { unclaimedRuns } from '../../src/core/unclaimedRuns';
import { planRunRegistration, registerRun, registrationRefusal } from '../../src/core/actions/registerRun';
import { PlanError } from '../../src/core/versionPlans';

const opened: GitRepository[] = [];
async function open(dir: string): Promise<{ git: GitRepository; store: ModelStore }> {
  const git = await GitRepository.open(dir, { gitPath: 'git' });
  opened.push(git);
  return { git, store: new ModelStore(git) };
}
after(() => {
  for (const g of opened) g.dispose();
});

const T0 = Date.UTC(2026, 0, 5, 9);
const hex = (n: number) => n.toString(16).padStart(2, '0').repeat(16);

/** A run of sklearn's ElasticNet wine example, as `mlflow run` logs it. */
function wineRun(i: number, alpha: number, l1: number, commit?: string): RunSpec {
  const rmse = Number((0.7 + alpha * 0.05 + l1 * 0.02).toFixed(4));
  return {
    id: hex(i + 1),
    name: `run-${i + 1}`,
    status: 'FINISHED',
    startTime: T0 + i * 60_000,
    endTime: T0 + i * 60_000 + 5_000,
    params: { alpha: String(alpha), l1_ratio: String(l1) },
    metrics: { rmse: [{ timestamp: T0, value: rmse, step: 0 }], r2: [{ timestamp: T0, value: Number((0.3 - alpha * 0.1).toFixed(4)), step: 0 }], mae: [{ timestamp: T0, value: Number((rmse * 0.8).toFixed(4)), step: 0 }] },
    tags: { 'mlflow.user': 'ada', ...(commit ? { 'mlflow.source.git.commit': commit } : {}) },
  };
}

function addLoggedModels(dir: string, runs: RunSpec[]): void {
  for (const r of runs) {
    const folder = path.join(dir, 'mlruns', '0', r.id, 'artifacts', 'model');
    mkdirSync(folder, { recursive: true });
    writeFileSync(path.join(folder, 'MLmodel'), mlmodelText(r.id));
  }
}

describe('runs no version claims: a project with seven MLflow runs and nothing else', () => {
  let repo: TestRepo;
  let commit: string;
  const settings = [[0.5, 0.1], [0.1, 0.1], [1, 0.5], [0.2, 0.2], [0.5, 0.9], [0.05, 0.05], [0.8, 0.3]];

  before(() => {
    repo = makeRepo('mv-unclaimed-');
    commit = repo.commit('wine quality example', { 'train.py': 'print("train")\n', '.gitignore': 'mlruns/\n' });
    // The first six ran in this checkout and recorded its commit; the last ran outside Git.
    const runs = settings.map(([a, l], i) => wineRun(i, a!, l!, i < 6 ? commit : undefined));
    writeMlflowFileStore(path.join(repo.dir, 'mlruns'), { experiments: [{ id: '0', name: 'Default', creationTime: T0, runs }] });
    addLoggedModels(repo.dir, runs);
  });

  after(() => repo.remove());

  it('model-versions runs lists all seven under their experiment with params, metrics and commit', async () => {
    const r = await cli(repo.dir, 'runs', '--json');
    assert.equal(r.code, 0, r.err);
    const out = JSON.parse(r.out);
    assert.equal(out.total, 7);
    assert.equal(out.unclaimed, 7);
    assert.deepEqual(out.experiments.map((e: { source: string; experiment: string }) => `${e.source}:${e.experiment}`), ['mlflow:Default']);
    const runs = out.experiments[0].runs;
    assert.deepEqual(runs.map((x: { name: string }) => x.name), ['run-7', 'run-6', 'run-5', 'run-4', 'run-3', 'run-2', 'run-1'], 'newest first');
    assert.deepEqual(runs[6].params, { alpha: '0.5', l1_ratio: '0.1' });
    assert.deepEqual(Object.keys(runs[6].metrics).sort(), ['mae', 'r2', 'rmse']);
    assert.equal(runs[6].commit, commit);
    assert.equal(runs[0].commit, null);
    const text = await cli(repo.dir, 'runs');
    assert.match(text.out, /^Runs no version claims: 7 of 7$/m);
    assert.match(text.out, /^MLflow · Default \(7 runs\)$/m);
    assert.match(text.out, /^ {2}run-7 .*no commit recorded$/m);
    assert.match(text.out, /^ {6}params: alpha=0\.5, l1_ratio=0\.1$/m);
  });

  it('a run that recorded no commit cannot be registered, and says why', () => {
    const run = { source: 'mlflow' as const, id: hex(7), name: 'run-7' };
    assert.match(registrationRefusal(run)!, /run-7 recorded no Git commit \(no mlflow\.source\.git\.commit tag\)/);
    assert.throws(() => planRunRegistration({ run, model: 'wine', spec: 'patch', commit: undefined }), (e: Error) => e instanceof PlanError && /recorded no Git commit/.test(e.message));
    assert.match(registrationRefusal({ source: 'wandb', id: 'x1' })!, /no git\.commit in its wandb-metadata\.json/);
  });

  it('Register as Model Version tags the run\'s commit; the run is then that version\'s and no longer unclaimed', async () => {
    const { git, store } = await open(repo.dir);
    const stores = await store.runs();
    const run = stores.runs.find((r) => r.name === 'run-2')!;
    const plan = planRunRegistration({ run, model: 'wine', existing: undefined, spec: 'patch', commit: await git.resolveCommit(run.gitCommit!) });
    assert.equal(plan.tag, 'wine@v0.0.1');
    assert.equal(plan.commit, commit);
    assert.match(plan.message, /^Registering artifact wine version v0\.0\.1\n\nFrom MLflow run 0{0}[0-9a-f]{32} \(experiment Default\)$/);
    await registerRun(plan, gitRepoWriter(git));
    assert.equal(repo.git('cat-file', '-t', 'wine@v0.0.1').trim(), 'tag');
    assert.equal(repo.git('rev-list', '-n', '1', 'wine@v0.0.1').trim(), commit);
    store.invalidate();
    const listing = await store.list();
    assert.deepEqual(listing.models.map((m) => m.name), ['wine']);
    const after = unclaimedRuns(listing.models, await store.runs());
    // The six runs at the tagged commit are the version's now; the one outside Git is left.
    assert.deepEqual(after.groups.flatMap((g) => g.runs.map((r) => r.name)), ['run-7']);
    // And the same commit cannot be registered twice.
    const model = (await store.list()).models[0]!;
    assert.throws(() => planRunRegistration({ run, model: 'wine', existing: model, spec: 'patch', commit }), /already registered as wine v0\.0\.1/);
  });
});

describe('which runs a version claims', () => {
  let repo: TestRepo;
  let tagged: string;
  let untagged: string;

  before(() => {
    repo = makeRepo('mv-claims-');
    repo.commit('gitignore', { '.gitignore': 'mlruns/\nwandb/\n', 'models/fraud/model.yaml': 'name: fraud\n' });
    tagged = repo.commit('churn v1', { 'models/churn/model.yaml': 'name: churn\nhyperparameters:\n  lr: 0.1\n' });
    repo.tag('churn@v1.0.0');
    untagged = repo.commit('an experiment', { 'models/churn/model.yaml': 'name: churn\nhyperparameters:\n  lr: 0.2\n' });
    const run = (n: number, name: string, commit: string | undefined): RunSpec => ({
      id: hex(0x40 + n),
      name,
      status: 'FINISHED',
      startTime: T0 + n * 1000,
      params: { lr: '0.1' },
      metrics: { auc: [{ timestamp: T0, value: 0.8, step: 0 }] },
      tags: commit ? { 'mlflow.source.git.commit': commit } : {},
    });
    writeMlflowFileStore(path.join(repo.dir, 'mlruns'), {
      experiments: [
        { id: '0', name: 'Default', creationTime: T0, runs: [run(1, 'at-v1', tagged), run(2, 'at-v1-short', tagged.slice(0, 10)), run(3, 'not-a-version', untagged), run(4, 'registered-source', untagged)] },
        // An experiment named after fraud: its runs are fraud's, even at churn's commit.
        { id: '1', name: 'fraud', creationTime: T0, runs: [run(5, 'fraud-at-churn-commit', tagged)] },
      ],
      models: [{ name: 'churn-mlflow', creationTime: T0, versions: [{ version: 1, runId: hex(0x44), source: `runs:/${hex(0x44)}/model`, status: 'READY' }] }],
    });
    const wandb = path.join(repo.dir, 'wandb', 'run-20260105_090000-abc123', 'files');
    mkdirSync(wandb, { recursive: true });
    writeFileSync(path.join(wandb, 'config.yaml'), 'wandb_version: 1\nlr:\n  desc: null\n  value: 0.3\n');
    writeFileSync(path.join(wandb, 'wandb-summary.json'), JSON.stringify({ auc: 0.7 }));
    writeFileSync(path.join(wandb, 'wandb-metadata.json'), JSON.stringify({ startedAt: new Date(T0).toISOString(), git: { commit: untagged } }));
  });

  after(() => repo.remove());

  it('claims runs at a version\'s commit (an abbreviated id too) and registry source runs; lists the rest per experiment', async () => {
    const { store } = await open(repo.dir);
    const listing = await store.list();
    const u = unclaimedRuns([...listing.models, ...listing.datasets], await store.runs());
    assert.equal(u.total, 6);
    // not-a-version and the W&B run ran at the commit of churn-mlflow's version 1 (its source
    // run's): an MLflow registry version claims its source run only, not its commit's other runs.
    assert.deepEqual(
      u.groups.map((g) => [`${g.source}:${g.experiment}`, g.runs.map((r) => r.name ?? r.id)]),
      [
        ['mlflow:Default', ['not-a-version']],
        ['mlflow:fraud', ['fraud-at-churn-commit']],
        ['wandb:wandb', ['abc123']],
      ],
    );
  });

  it('the runs a version claims are the ones its record shows', async () => {
    const { store } = await open(repo.dir);
    const v1 = await store.record(await store.resolve('churn@v1.0.0'));
    assert.deepEqual(v1.runs.map((r) => r.name).sort(), ['at-v1', 'at-v1-short']);
  });
});

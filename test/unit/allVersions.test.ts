// Every version of a model at once: the model behind Compare All Versions and `diff <model>@all`,
// read from real repositories (real tags, real commits), and the message check of its webview.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cli } from './helpers/cli';
import { makeRepo, type TestRepo } from './helpers/gitRepo';
import { GitRepository } from '../../src/git/repository';
import { ModelStore } from '../../src/core/modelStore';
import { bestItem, buildRunsView, loadAllVersions, sortedItems, type AllVersionsData } from '../../src/core/allVersions';
import { parseFromWebview } from '../../src/core/allVersionsProtocol';
import { renderPage } from '../../src/cli/allVersionsCommand';

const opened: GitRepository[] = [];
async function openStore(dir: string): Promise<ModelStore> {
  const git = await GitRepository.open(dir, { gitPath: 'git' });
  opened.push(git);
  return new ModelStore(git);
}
after(() => {
  for (const g of opened) g.dispose();
});

function manifest(h: { lr: number; depth: number; optimizer: string; seed: number }, m: { auc: number; loss: number }): string {
  return `name: churn\nhyperparameters:\n  lr: ${h.lr}\n  depth: ${h.depth}\n  optimizer: ${h.optimizer}\n  seed: ${h.seed}\nmetrics:\n  auc: ${m.auc}\n  loss: ${m.loss}\n`;
}

const HOSTILE = '<img src=x onerror="globalThis.__pwned=1">|`*_[x](javascript:1)';

describe('every version of a model at once', () => {
  let repo: TestRepo;
  let data: AllVersionsData;

  before(async () => {
    repo = makeRepo('mv-allv-');
    repo.commit('v1', { 'models/churn/model.yaml': manifest({ lr: 0.1, depth: 4, optimizer: 'adam', seed: 7 }, { auc: 0.8, loss: 0.5 }) }, '2026-01-01T10:00:00Z');
    repo.tag('churn@v1.0.0', { date: '2026-01-01T11:00:00Z' });
    repo.tag('churn#dev#1', { date: '2026-01-01T11:30:00Z' });
    repo.commit('v2', { 'models/churn/model.yaml': manifest({ lr: 0.05, depth: 6, optimizer: 'sgd', seed: 7 }, { auc: 0.86, loss: 0.41 }) }, '2026-01-02T10:00:00Z');
    repo.tag('churn@v1.1.0', { date: '2026-01-02T11:00:00Z' });
    repo.tag('churn#prod#2', { date: '2026-01-02T11:30:00Z' });
    repo.commit('v3', { 'models/churn/model.yaml': manifest({ lr: 0.03, depth: 8, optimizer: 'adam', seed: 7 }, { auc: 0.84, loss: 0.38 }) }, '2026-01-03T10:00:00Z');
    repo.tag('churn@v1.2.0', { date: '2026-01-03T11:00:00Z' });
    // Deregistered: not a version any more, so not a row.
    repo.commit('v4', { 'models/churn/model.yaml': manifest({ lr: 0.5, depth: 2, optimizer: 'adam', seed: 7 }, { auc: 0.5, loss: 0.9 }) }, '2026-01-04T10:00:00Z');
    repo.tag('churn@v1.3.0', { date: '2026-01-04T11:00:00Z' });
    repo.tag('churn@v1.3.0!', { date: '2026-01-04T12:00:00Z' });
    data = await loadAllVersions(await openStore(repo.dir), 'churn');
  });

  after(() => repo.remove());

  it('has one row per registered version, oldest first, each with its stages, and leaves a deregistered one out', () => {
    assert.deepEqual(data.items.map((i) => i.label), ['v1.0.0', 'v1.1.0', 'v1.2.0']);
    assert.deepEqual(data.items.map((i) => i.stages), [['dev'], ['prod'], []]);
    assert.deepEqual(data.items.map((i) => i.operand), ['churn@v1.0.0', 'churn@v1.1.0', 'churn@v1.2.0']);
    assert.ok(data.items.every((i) => i.commit && /^[0-9a-f]{40}$/.test(i.commit)));
  });

  it('puts the columns that change first, params before metrics, and the unchanged seed last', () => {
    assert.deepEqual(data.columns.map((c) => `${c.kind}:${c.key}:${c.changed}`), ['param:lr:true', 'param:depth:true', 'param:optimizer:true', 'metric:auc:true', 'metric:loss:true', 'param:seed:false']);
    const auc = data.columns.find((c) => c.key === 'auc')!;
    assert.equal(auc.numeric, true);
    assert.equal(auc.direction, 'higher');
    assert.deepEqual(auc.domain, [0.8, 0.86]);
    const optimizer = data.columns.find((c) => c.key === 'optimizer')!;
    assert.equal(optimizer.numeric, false);
    assert.deepEqual(optimizer.categories, ['adam', 'sgd']);
  });

  it('holds every value in its column: numbers as numbers, text as text', () => {
    const col = (k: string) => data.columns.findIndex((c) => c.key === k);
    assert.deepEqual(data.values.map((r) => r[col('lr')]), [0.1, 0.05, 0.03]);
    assert.deepEqual(data.values.map((r) => r[col('optimizer')]), ['adam', 'sgd', 'adam']);
    assert.deepEqual(data.values.map((r) => r[col('loss')]), [0.5, 0.41, 0.38]);
  });

  it('sorts by a column either way and names the best version of a metric by its direction', () => {
    const auc = data.columns.findIndex((c) => c.key === 'auc');
    const loss = data.columns.findIndex((c) => c.key === 'loss');
    assert.deepEqual(sortedItems(data, auc, false).map((i) => data.items[i]!.label), ['v1.0.0', 'v1.2.0', 'v1.1.0']);
    assert.deepEqual(sortedItems(data, auc, true).map((i) => data.items[i]!.label), ['v1.1.0', 'v1.2.0', 'v1.0.0']);
    assert.equal(data.items[bestItem(data, auc)!]!.label, 'v1.1.0');
    assert.equal(data.items[bestItem(data, loss)!]!.label, 'v1.2.0', 'lower loss is better');
  });

  it('diff churn@all --json gives versions, columns and values; text hides unchanged columns until --all', async () => {
    const json = await cli(repo.dir, 'diff', 'churn@all', '--json');
    assert.equal(json.code, 0, json.err);
    const out = JSON.parse(json.out);
    assert.equal(out.model, 'churn');
    assert.deepEqual(out.versions.map((v: { version: string }) => v.version), ['v1.0.0', 'v1.1.0', 'v1.2.0']);
    assert.deepEqual(out.columns[0], { section: 'hyperparameters', key: 'lr', kind: 'param', numeric: true, changed: true });
    assert.deepEqual(out.values[1].slice(0, 5), [0.05, 6, 'sgd', 0.86, 0.41]);
    const text = await cli(repo.dir, 'diff', 'churn@all');
    assert.equal(text.code, 0, text.err);
    assert.match(text.out, /1 unchanged hidden/);
    assert.doesNotMatch(text.out, /seed/);
    assert.match(text.out, /^v1\.1\.0\s+prod\s+0\.05\s+6\s+sgd\s+0\.86\s+0\.41$/m);
    assert.match((await cli(repo.dir, 'diff', 'churn@all', '--all')).out, /seed/);
  });

  it('diff with a single operand that is not <model>@all is a usage error', async () => {
    const r = await cli(repo.dir, 'diff', 'churn@v1.0.0');
    assert.equal(r.code, 2);
    assert.match(r.err, /two or more versions, or <model>@all/);
  });

  it('diff churn@all --markdown is one table, a row per version', async () => {
    const r = await cli(repo.dir, 'diff', 'churn@all', '--markdown');
    assert.equal(r.code, 0, r.err);
    const rows = r.out.split('\n').filter((l) => /^\| v\d/.test(l));
    assert.deepEqual(rows, ['| v1.0.0 | dev | 0.1 | 4 | adam | 0.8 | 0.5 |', '| v1.1.0 | prod | 0.05 | 6 | sgd | 0.86 | 0.41 |', '| v1.2.0 |  | 0.03 | 8 | adam | 0.84 | 0.38 |']);
  });
});

describe('runs compared like versions', () => {
  const run = (id: string, name: string, alpha: string, rmse: number) => ({ source: 'mlflow' as const, id, name, experiment: 'Default', status: 'FINISHED', location: `mlruns/0/${id}`, params: { alpha, l1_ratio: '0.1' }, metrics: { rmse } });

  it("reads MLflow's text params as numbers and finds the run with the lowest rmse", () => {
    const data = buildRunsView('MLflow · Default', [run('a'.repeat(32), 'r1', '0.5', 0.79), run('b'.repeat(32), 'r2', '0.1', 0.71), run('c'.repeat(32), 'r3', '1.0', 0.85)]);
    assert.equal(data.kind, 'runs');
    assert.deepEqual(data.items.map((i) => i.label), ['r1', 'r2', 'r3']);
    assert.deepEqual(data.items.map((i) => i.id), [`run:mlflow:${'a'.repeat(32)}`, `run:mlflow:${'b'.repeat(32)}`, `run:mlflow:${'c'.repeat(32)}`]);
    const alpha = data.columns.findIndex((c) => c.key === 'alpha');
    assert.equal(data.columns[alpha]!.numeric, true);
    assert.deepEqual(data.values.map((r) => r[alpha]), [0.5, 0.1, 1.0]);
    assert.equal(data.columns.find((c) => c.key === 'l1_ratio')!.changed, false);
    assert.equal(data.items[bestItem(data, data.columns.findIndex((c) => c.key === 'rmse'))!]!.label, 'r2');
  });

  it('the --html page keeps a hostile run name and key as text under a script-less CSP', () => {
    const hostile = { ...run('d'.repeat(32), HOSTILE, '0.5', 0.7), params: { [HOSTILE]: HOSTILE } };
    const page = renderPage(buildRunsView('x', [hostile]), true, undefined);
    assert.doesNotMatch(page, /<img/);
    assert.match(page, /&lt;img src=x onerror=&quot;globalThis.__pwned=1&quot;&gt;/);
    assert.match(page, /Content-Security-Policy" content="default-src 'none'; style-src 'nonce-[^']+'; img-src 'none'/);
    assert.doesNotMatch(page, /<script/);
  });
});

describe("the all-versions view's messages", () => {
  it('takes ready, compare with a list of ids and register with one id; drops anything else', () => {
    assert.deepEqual(parseFromWebview({ type: 'ready' }), { type: 'ready' });
    assert.deepEqual(parseFromWebview({ type: 'compare', ids: ['churn@v1.0.0', 'churn@v1.1.0'] }), { type: 'compare', ids: ['churn@v1.0.0', 'churn@v1.1.0'] });
    assert.deepEqual(parseFromWebview({ type: 'register', id: 'run:mlflow:abc' }), { type: 'register', id: 'run:mlflow:abc' });
    for (const bad of [null, 'ready', 42, {}, { type: 'compare' }, { type: 'compare', ids: 'churn@v1' }, { type: 'compare', ids: [] }, { type: 'compare', ids: [1, 2] }, { type: 'compare', ids: Array(65).fill('a@v1') }, { type: 'register' }, { type: 'register', id: { toString: () => 'x' } }, { type: 'openFile', path: '/etc/passwd' }, { type: '__proto__' }]) {
      assert.equal(parseFromWebview(bad), undefined, JSON.stringify(bad));
    }
  });
});

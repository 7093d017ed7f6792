// `show churn#prod` says which stage it resolved and which tag assigned it, in text and JSON.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cli } from './helpers/cli';
import { makeRepo, type TestRepo } from './helpers/gitRepo';

describe('show <model>#<stage>', () => {
  let repo: TestRepo;
  let c2: string;

  before(() => {
    repo = makeRepo();
    const c1 = repo.commit('v1', { 'churn.model.yaml': 'hyperparameters:\n  lr: 0.1\n' }, '2024-01-01T10:00:00Z');
    repo.tag('churn@v1.0.0', { date: '2024-01-01T10:00:00Z', message: 'Registering artifact churn version v1.0.0' });
    repo.tag('churn#prod#1', { rev: c1, date: '2024-01-02T10:00:00Z', message: 'Assigning stage prod to artifact churn version v1.0.0' });
    c2 = repo.commit('v2', { 'churn.model.yaml': 'hyperparameters:\n  lr: 0.05\n' }, '2024-02-01T10:00:00Z');
    repo.tag('churn@v1.1.0', { date: '2024-02-01T10:00:00Z', message: 'Registering artifact churn version v1.1.0' });
    repo.tag('churn#staging#2', { rev: c2, date: '2024-02-02T10:00:00Z', message: 'Assigning stage staging to artifact churn version v1.1.0' });
    repo.tag('churn#prod#3', { rev: c2, date: '2024-02-03T10:00:00Z', message: 'Assigning stage prod to artifact churn version v1.1.0' });
  });

  after(() => repo?.remove());

  it('the text names the stage asked for and the stage tag beside the version it resolved to', async () => {
    const r = await cli(repo.dir, 'show', 'churn#prod');
    assert.equal(r.code, 0, r.err);
    assert.equal(r.out.split('\n')[0], 'churn v1.1.0 — stage prod  (tag churn@v1.1.0, stage tag churn#prod#3)');
    const staging = await cli(repo.dir, 'show', 'churn#staging');
    assert.equal(staging.out.split('\n')[0], 'churn v1.1.0 — stage staging  (tag churn@v1.1.0, stage tag churn#staging#2)');
  });

  it('--json has stage and stageTag; a version asked for by number has stage null', async () => {
    const json = JSON.parse((await cli(repo.dir, 'show', 'churn#prod', '--json')).out);
    assert.deepEqual([json.version, json.commit, json.tag, json.stage, json.stageTag], ['v1.1.0', c2, 'churn@v1.1.0', 'prod', 'churn#prod#3']);
    const byVersion = JSON.parse((await cli(repo.dir, 'show', 'churn@v1.1.0', '--json')).out);
    assert.equal(byVersion.stage, null);
    assert.equal(Object.hasOwn(byVersion, 'stageTag'), false);
    assert.equal((await cli(repo.dir, 'show', 'churn@v1.1.0')).out.split('\n')[0], 'churn v1.1.0  (tag churn@v1.1.0)');
  });
});

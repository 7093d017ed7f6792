// Stale metrics: the working tree's params against what dvc.lock recorded when the pipeline ran,
// read from a real repository's working tree as the tree reads them.
import { describe, it, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { readStaleParams } from '../../src/core/staleMetrics';
import { GitRepository } from '../../src/git/repository';
import { makeRepo, type TestRepo } from './helpers/gitRepo';

const LOCK = `schema: '2.0'
stages:
  train:
    cmd: python train.py
    params:
      params.yaml:
        train.learning_rate: 0.05
        train.max_depth: 6
        seed: 42
`;

async function staleIn(repo: TestRepo) {
  const git = await GitRepository.open(repo.dir, { gitPath: 'git' });
  return readStaleParams(git.workdir(), ['dvc.lock']);
}

describe('stale metrics', () => {
  let repo: TestRepo;
  afterEach(() => repo?.remove());

  it('params as dvc.lock recorded them: nothing is stale', async () => {
    repo = makeRepo();
    repo.commit('run', { 'dvc.lock': LOCK, 'params.yaml': 'train:\n  learning_rate: 0.05\n  max_depth: 6\nseed: 42\n' });
    assert.deepEqual(await staleIn(repo), []);
  });

  it('a param edited after the run, and one removed, make the metrics stale', async () => {
    repo = makeRepo();
    repo.commit('run', { 'dvc.lock': LOCK, 'params.yaml': 'train:\n  learning_rate: 0.05\n  max_depth: 6\nseed: 42\n' });
    repo.write({ 'params.yaml': 'train:\n  learning_rate: 0.1\nseed: 42\n' });
    assert.deepEqual(await staleIn(repo), [
      { file: 'params.yaml', key: 'train.learning_rate', locked: 0.05, current: 0.1 },
      { file: 'params.yaml', key: 'train.max_depth', locked: 6, current: undefined },
    ]);
  });

  it('a params file that cannot be read says nothing', async () => {
    repo = makeRepo();
    repo.commit('run', { 'dvc.lock': LOCK, 'other.txt': 'x' });
    assert.deepEqual(await staleIn(repo), []);
  });
});

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { modelFiles } from '../../src/core/modelFiles';
import { emptyRecord, type HashEntry, type VersionRecord } from '../../src/core/types';

const entry = (path: string, source: HashEntry['source'], sourceFile = path): HashEntry => ({ path, hash: 'h', algorithm: 'unknown', source, sourceFile });

describe('modelFiles: what a files-only restore brings back', () => {
  it('for a manifest model, its folder covers every file inside it', () => {
    const r: VersionRecord = {
      ...emptyRecord('churn', 'v1', 'c'),
      sources: ['models/churn/model.yaml', 'models/churn/params.yaml', 'shared/base.yaml'],
      weights: { 'models/churn/model.pt': entry('models/churn/model.pt', 'lfs') },
    };
    assert.deepEqual(modelFiles(r, { kind: 'manifest', name: 'churn', file: 'models/churn/model.yaml' }), ['models/churn', 'shared/base.yaml']);
  });

  it('pointer files, .dvc files, plain git files, present configs and metrics are restored; DVC outputs are not', () => {
    const r: VersionRecord = {
      ...emptyRecord('churn', 'v1', 'c'),
      sources: ['dvc.yaml', 'params.yaml', 'dvc.lock'],
      configs: { 'cfg.yaml': { path: 'cfg.yaml', present: true }, 'gone.yaml': { path: 'gone.yaml', present: false } },
      metricsFiles: [{ path: 'eval/metrics.json', present: true }, { path: 'eval/plots.json', present: false }],
      data: {
        'data/train.csv': entry('data/train.csv', 'dvc-file', 'data/train.csv.dvc'),
        'data/feat': entry('data/feat', 'dvc.lock', 'dvc.lock'),
        's3://bucket/raw.csv': entry('s3://bucket/raw.csv', 'dvc.lock', 'dvc.lock'),
        'data/small.csv': entry('data/small.csv', 'git'),
      },
      weights: { 'model.pt': entry('model.pt', 'lfs') },
    };
    assert.deepEqual(modelFiles(r), ['cfg.yaml', 'data/small.csv', 'data/train.csv.dvc', 'dvc.lock', 'dvc.yaml', 'eval/metrics.json', 'model.pt', 'params.yaml']);
  });

  it('a root manifest restores the manifest file, not the whole repository', () => {
    const r = { ...emptyRecord('model', 'v1', 'c'), sources: ['model.yaml'] };
    assert.deepEqual(modelFiles(r, { kind: 'manifest', name: 'model', file: 'model.yaml' }), ['model.yaml']);
  });
});

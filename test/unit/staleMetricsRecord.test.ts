// The working tree's metrics are stale when its params differ from what dvc.lock recorded: the
// pipeline was not re-run. The record says which params; show and diff say "stale".
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { makeRepo } from './helpers/gitRepo';
import { cli } from './helpers/cli';
import { staleParamNames as staleParams } from '../../src/core/staleMetrics';

describe('stale metrics', () => {
  it('a locked param that differs, or is gone, is stale; equal values in any form are not', () => {
    const locked = { 'params.yaml': { 'train.lr': 0.1, 'train.depth': 5, train2: { a: 1, b: [1, 2] }, 'gone.key': 1 } };
    assert.deepEqual(staleParams(locked, { 'params.yaml': { train: { lr: 0.1, depth: 6 }, train2: { b: [1, 2], a: 1 } } }), ['params.yaml:gone.key', 'params.yaml:train.depth']);
    assert.deepEqual(staleParams(locked, {}), []);
    assert.deepEqual(staleParams({ 'p.yaml': { 'a.b': 1 } }, { 'p.yaml': { 'a.b': 1 } }), []);
  });

  it('show and diff of the working tree say its metrics are stale after a params edit, and which params', async () => {
    const repo = makeRepo('mv-stale-');
    try {
      repo.commit('v1', {
        'dvc.yaml': 'stages:\n  train:\n    cmd: python train.py\n    params: [train.lr]\n    outs: [model.pkl]\n    metrics:\n      - metrics.json:\n          cache: false\nartifacts:\n  clf:\n    path: model.pkl\n    type: model\n',
        'params.yaml': 'train:\n  lr: 0.1\n',
        'dvc.lock': "schema: '2.0'\nstages:\n  train:\n    cmd: python train.py\n    params:\n      params.yaml:\n        train.lr: 0.1\n    outs:\n    - path: model.pkl\n      hash: md5\n      md5: 0123456789abcdef0123456789abcdef\n      size: 3\n",
        'metrics.json': '{"acc": 0.9}\n',
      });
      repo.tag('clf@v1.0.0');
      const fresh = JSON.parse((await cli(repo.dir, 'show', 'clf@workdir', '--json')).out);
      assert.equal(fresh.stale, undefined);
      repo.write({ 'params.yaml': 'train:\n  lr: 0.3\n' });
      const json = JSON.parse((await cli(repo.dir, 'show', 'clf@workdir', '--json')).out);
      assert.deepEqual(json.stale, { params: ['params.yaml:train.lr'] });
      const text = await cli(repo.dir, 'show', 'clf@workdir');
      assert.match(text.out, /Metrics\n {2}stale: params changed since dvc\.lock \(params\.yaml:train\.lr\); dvc repro updates the metrics/);
      const diff = await cli(repo.dir, 'diff', 'clf@v1.0.0', 'clf@workdir');
      assert.match(diff.err, /note: clf@workdir[^:]*: metrics are stale: params changed since dvc\.lock \(params\.yaml:train\.lr\)/);
      // A tagged version is as it was committed: no such flag.
      assert.equal(JSON.parse((await cli(repo.dir, 'show', 'clf@v1.0.0', '--json')).out).stale, undefined);
    } finally {
      repo.remove();
    }
  });
});

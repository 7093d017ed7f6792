import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { diffRecords, type DiffRow } from '../../src/core/diff';
import { emptyRecord, type HashEntry, type VersionRecord } from '../../src/core/types';

function record(version: string, parts: Partial<VersionRecord> = {}): VersionRecord {
  return { ...emptyRecord('churn', version, `c0ffee${version}`), ...parts };
}

function lfs(path: string, oid: string): HashEntry {
  return { path, hash: oid, algorithm: 'sha256', size: 10, source: 'lfs', sourceFile: path };
}

const row = (rows: DiffRow[], section: string, key: string) => rows.find((r) => r.section === section && r.key === key);
const diff = (...records: VersionRecord[]) => diffRecords(records.map((r) => ({ label: r.version, record: r })));

const v1 = record('v1.0.0', {
  hyperparameters: { train: { lr: 0.1, epochs: 10, layers: [64, 32] }, seed: 1, dropped: true },
  configs: { 'configs/model.yaml': { path: 'configs/model.yaml', present: true, values: { depth: 6 } }, 'prep.py': { path: 'prep.py', present: true, oid: 'aaa' } },
  data: { 'data/train.csv': { path: 'data/train.csv', hash: '3863d0e317dee0a55c4e59d2ec0eef33', algorithm: 'md5', source: 'dvc-file', sourceFile: 'data/train.csv.dvc' } },
  weights: { 'model.pt': lfs('model.pt', 'a'.repeat(64)) },
  metrics: { acc: 0.8, loss: 0.5, zero: 0 },
});
const v2 = record('v2.0.0', {
  hyperparameters: { train: { lr: 0.01, epochs: 10, layers: [64, 32, 16] }, seed: 1, added: 'x' },
  configs: { 'configs/model.yaml': { path: 'configs/model.yaml', present: true, values: { depth: 8 } }, 'prep.py': { path: 'prep.py', present: true, oid: 'aaa' } },
  data: { 'data/train.csv': { path: 'data/train.csv', hash: '0cc175b9c0f1b6a831c399e269772661', algorithm: 'md5', source: 'dvc-file', sourceFile: 'data/train.csv.dvc' } },
  weights: { 'model.pt': lfs('model.pt', 'a'.repeat(64)) },
  metrics: { acc: 0.9, loss: 0.5, zero: 2 },
});

describe('diffRecords', () => {
  it('classifies every key as added, removed, changed or unchanged', () => {
    const d = diff(v1, v2);
    assert.equal(row(d.rows, 'hyperparameters', 'train.lr')?.status, 'changed');
    assert.deepEqual(row(d.rows, 'hyperparameters', 'train.lr')?.values, [0.1, 0.01]);
    assert.equal(row(d.rows, 'hyperparameters', 'train.epochs')?.status, 'unchanged');
    assert.equal(row(d.rows, 'hyperparameters', 'train.layers[2]')?.status, 'added');
    assert.deepEqual(row(d.rows, 'hyperparameters', 'train.layers[2]')?.values, [null, 16]);
    assert.equal(row(d.rows, 'hyperparameters', 'dropped')?.status, 'removed');
    assert.equal(row(d.rows, 'hyperparameters', 'added')?.status, 'added');
    assert.deepEqual(d.counts, {
      added: d.rows.filter((r) => r.status === 'added').length,
      removed: d.rows.filter((r) => r.status === 'removed').length,
      changed: d.rows.filter((r) => r.status === 'changed').length,
      unchanged: d.rows.filter((r) => r.status === 'unchanged').length,
    });
  });

  it('changed rows come first, then unchanged, each in section and key order', () => {
    const d = diff(v1, v2);
    const firstUnchanged = d.rows.findIndex((r) => r.status === 'unchanged');
    assert.ok(firstUnchanged > 0);
    assert.ok(d.rows.slice(firstUnchanged).every((r) => r.status === 'unchanged'));
    assert.deepEqual(
      d.rows.slice(0, firstUnchanged).map((r) => `${r.section}:${r.key}`),
      [
        'hyperparameters:train.lr',
        'hyperparameters:train.layers[2]',
        'hyperparameters:added',
        'hyperparameters:dropped',
        'config:configs/model.yaml:depth',
        'data:data/train.csv',
        'metrics:acc',
        'metrics:zero',
      ],
    );
    assert.deepEqual(diff(v1, v2), d, 'the same inputs give the same rows');
  });

  it('config files compare key by key, text-only configs by blob id', () => {
    const d = diff(v1, v2);
    const depth = row(d.rows, 'config', 'configs/model.yaml:depth');
    assert.deepEqual([depth?.status, depth?.file, depth?.values], ['changed', 'configs/model.yaml', [6, 8]]);
    assert.equal(row(d.rows, 'config', 'prep.py:(file)')?.status, 'unchanged');
    const v3 = record('v3', { configs: { 'prep.py': { path: 'prep.py', present: true, oid: 'bbb' } } });
    assert.equal(row(diff(v1, v3).rows, 'config', 'prep.py:(file)')?.status, 'changed');
    const gone = record('v4', { configs: { 'prep.py': { path: 'prep.py', present: false } } });
    assert.equal(row(diff(v1, gone).rows, 'config', 'prep.py:(file)')?.status, 'removed');
  });

  it('data and weights compare by hash and keep the entries for "where did this come from"', () => {
    const d = diff(v1, v2);
    const data = row(d.rows, 'data', 'data/train.csv')!;
    assert.equal(data.status, 'changed');
    assert.deepEqual(data.values, ['3863d0e317dee0a55c4e59d2ec0eef33', '0cc175b9c0f1b6a831c399e269772661']);
    assert.equal(data.entries?.[0]?.sourceFile, 'data/train.csv.dvc');
    assert.equal(row(d.rows, 'weights', 'model.pt')?.status, 'unchanged');
  });

  it('metric deltas are absolute and relative to the first operand; relative is null when the first is 0', () => {
    const d = diff(v1, v2);
    const acc = row(d.rows, 'metrics', 'acc')!;
    assert.equal(acc.deltas![0]!.absolute, 0);
    assert.ok(Math.abs(acc.deltas![1]!.absolute! - 0.1) < 1e-12);
    assert.ok(Math.abs(acc.deltas![1]!.relative! - 0.125) < 1e-12);
    const zero = row(d.rows, 'metrics', 'zero')!;
    assert.deepEqual(zero.deltas, [
      { absolute: 0, relative: null },
      { absolute: 2, relative: null },
    ]);
    const neg = diff(record('a', { metrics: { m: -2 } }), record('b', { metrics: { m: -1 } }));
    assert.deepEqual(row(neg.rows, 'metrics', 'm')!.deltas![1], { absolute: 1, relative: 0.5 });
    const missing = diff(record('a'), record('b', { metrics: { m: 1 } }));
    assert.deepEqual(row(missing.rows, 'metrics', 'm')!.deltas![1], { absolute: null, relative: null });
  });

  it('diff(a, a) has no changes, NaN metrics and dates included', () => {
    const odd = record('v', { hyperparameters: { nan: NaN, when: new Date(0), empty: {}, none: null }, metrics: { nan: NaN, inf: Infinity } });
    for (const r of [v1, v2, odd]) {
      const d = diff(r, r);
      assert.ok(d.rows.length > 0);
      assert.deepEqual(
        d.rows.filter((x) => x.status !== 'unchanged').map((x) => x.key),
        [],
      );
    }
  });

  it('swapping the operands swaps the values and turns added into removed', () => {
    const ab = diff(v1, v2);
    const ba = diff(v2, v1);
    for (const r of ab.rows) {
      const other = row(ba.rows, r.section, r.key)!;
      assert.deepEqual(other.values, [...r.values].reverse());
      const expected = r.status === 'added' ? 'removed' : r.status === 'removed' ? 'added' : r.status;
      assert.equal(other.status, expected, r.key);
    }
  });

  it('a key added in a later version is listed beside its neighbours there, not at the end', () => {
    const a = record('a', { hyperparameters: { train: { lr: 0.1, epochs: 3 }, eval: { batch: 8 } } });
    const b = record('b', { hyperparameters: { train: { lr: 0.1, momentum: 0.9, epochs: 3 }, eval: { batch: 8 }, seed: 1 } });
    const c = record('c', { hyperparameters: { pre: 1, train: { lr: 0.1, epochs: 3 } } });
    const d = diff(a, b, c);
    assert.deepEqual(
      d.rows.filter((r) => r.status !== 'unchanged').map((r) => `${r.key}:${r.status}`),
      ['pre:added', 'train.momentum:added', 'eval.batch:removed', 'seed:added'],
    );
  });

  it('three operands: a key missing only in the middle is changed; the first operand is the base', () => {
    const a = record('a', { hyperparameters: { lr: 1, only_first: 1, mid_gap: 1 }, metrics: { acc: 0.5 } });
    const b = record('b', { hyperparameters: { lr: 1, later: 2 }, metrics: { acc: 0.6 } });
    const c = record('c', { hyperparameters: { lr: 2, later: 2, mid_gap: 1 }, metrics: { acc: 0.4 } });
    const d = diff(a, b, c);
    assert.deepEqual(d.operands.map((o) => o.label), ['a', 'b', 'c']);
    assert.deepEqual(row(d.rows, 'hyperparameters', 'lr')?.values, [1, 1, 2]);
    assert.equal(row(d.rows, 'hyperparameters', 'lr')?.status, 'changed');
    assert.equal(row(d.rows, 'hyperparameters', 'only_first')?.status, 'removed');
    assert.equal(row(d.rows, 'hyperparameters', 'later')?.status, 'added');
    assert.equal(row(d.rows, 'hyperparameters', 'mid_gap')?.status, 'changed');
    const deltas = row(d.rows, 'metrics', 'acc')!.deltas!.map((x) => Math.round(x.absolute! * 100) / 100);
    assert.deepEqual(deltas, [0, 0.1, -0.1]);
  });

  it('values keep their kind: 1 and "1" differ, null differs from absent', () => {
    const d = diff(record('a', { hyperparameters: { x: 1, n: null } }), record('b', { hyperparameters: { x: '1' } }));
    assert.equal(row(d.rows, 'hyperparameters', 'x')?.status, 'changed');
    const n = row(d.rows, 'hyperparameters', 'n')!;
    assert.equal(n.status, 'removed');
    assert.deepEqual(n.values, ['null', null]);
  });

  it('a key named like an Object.prototype member is compared as data, not found on the prototype', () => {
    const a = record('a', { metrics: { constructor: 1 } as Record<string, number>, data: {} });
    const b = record('b');
    const d = diff(a, b);
    assert.deepEqual(row(d.rows, 'metrics', 'constructor')?.values, [1, null]);
    assert.equal(row(d.rows, 'metrics', 'constructor')?.status, 'removed');
    const e = record('e', { data: { toString: { path: 'toString', hash: 'h', algorithm: 'git-blob' as const, source: 'git' as const, sourceFile: 'toString' } } });
    assert.deepEqual(row(diff(record('f'), e).rows, 'data', 'toString')?.values, [null, 'h']);
  });

  it('an entry without a hash shows as "(no hash)" rather than as absent', () => {
    const a = record('a', { data: { 'x.csv': { path: 'x.csv', hash: null, algorithm: 'unknown', source: 'manifest', sourceFile: 'model.yaml' } } });
    assert.deepEqual(row(diff(a, record('b')).rows, 'data', 'x.csv')?.values, ['(no hash)', null]);
  });
});

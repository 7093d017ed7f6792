// The diff panel's table model: rows, order, filtering, the "only changed" count, metric deltas
// and their direction.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { diffRecords } from '../../src/core/diff';
import { buildPanelData, hiddenUnchanged, metricDirection, visibleRows, MAX_CURVE_POINTS } from '../../src/core/diffTable';
import { emptyRecord, type RunSummary, type VersionRecord } from '../../src/core/types';

function record(version: string, patch: Partial<VersionRecord>): VersionRecord {
  return { ...emptyRecord('churn', version, `${version}000`.padEnd(40, '0')), ...patch };
}

const a = record('v1.0.0', {
  hyperparameters: { train: { lr: 0.1, epochs: 10 }, seed: 1 },
  configs: { 'cfg.yaml': { path: 'cfg.yaml', present: true, values: { batch: 32, workers: 4 } } },
  data: { 'data/train.csv': { path: 'data/train.csv', hash: 'a'.repeat(32), algorithm: 'md5', source: 'dvc.lock', sourceFile: 'dvc.lock', stage: 'prepare' } },
  metrics: { auc: 0.8, loss: 0.5, throughput_rps: 100, custom: 1 },
});
const b = record('v1.1.0', {
  hyperparameters: { train: { lr: 0.05, epochs: 10 }, seed: 1, dropout: 0.2 },
  configs: { 'cfg.yaml': { path: 'cfg.yaml', present: true, values: { batch: 64, workers: 4 } } },
  data: { 'data/train.csv': { path: 'data/train.csv', hash: 'b'.repeat(32) + '.dir', algorithm: 'md5-dvc2', source: 'dvc.lock', sourceFile: 'dvc.lock', stage: 'prepare' } },
  metrics: { auc: 0.9, loss: 0.4, throughput_rps: 90, custom: 2 },
});

function data(records: VersionRecord[] = [a, b]) {
  const diff = diffRecords(records.map((r) => ({ label: `churn@${r.version}`, record: r })));
  return buildPanelData(diff, records);
}

describe('diff panel table model', () => {
  it('only changed rows are shown by default, in section order, and the hidden count says how many are not', () => {
    const d = data();
    const shown = visibleRows(d.rows, { onlyChanged: true, filter: '' });
    assert.deepEqual(
      shown.map((r) => `${r.section}:${r.key}`),
      ['hyperparameters:train.lr', 'hyperparameters:dropout', 'config:cfg.yaml:batch', 'data:data/train.csv', 'metrics:auc', 'metrics:loss', 'metrics:throughput_rps', 'metrics:custom'],
    );
    assert.equal(hiddenUnchanged(d.rows, ''), 3); // train.epochs, seed, cfg.yaml:workers
    const all = visibleRows(d.rows, { onlyChanged: false, filter: '' });
    assert.equal(all.length, shown.length + 3);
    // Within a section, changed rows come before unchanged ones.
    assert.deepEqual(all.filter((r) => r.section === 'hyperparameters').map((r) => r.status), ['changed', 'added', 'unchanged', 'unchanged']);
  });

  it('the filter matches keys and values, case-insensitively, and the hidden count follows it', () => {
    const d = data();
    assert.deepEqual(visibleRows(d.rows, { onlyChanged: false, filter: 'TRAIN.' }).map((r) => r.key), ['train.lr', 'train.epochs', 'data/train.csv']);
    assert.deepEqual(visibleRows(d.rows, { onlyChanged: true, filter: '0.05' }).map((r) => r.key), ['train.lr']);
    assert.equal(hiddenUnchanged(d.rows, 'train.'), 1);
  });

  it('metric deltas are against the first column, with better or worse by the metric’s direction', () => {
    const d = data();
    const row = (k: string) => d.rows.find((r) => r.section === 'metrics' && r.key === k)!;
    assert.deepEqual(row('auc').deltas, [null, { text: '+0.1 (+12.5%)', better: true }]);
    assert.deepEqual(row('loss').deltas, [null, { text: '−0.1 (−20.0%)', better: true }]);
    assert.deepEqual(row('throughput_rps').deltas, [null, { text: '−10 (−10.0%)', better: false }]);
    assert.equal(row('custom').deltas![1]!.better, null, 'no direction known: no colour');
  });

  it('hashes are shortened for display but kept whole, with where they came from', () => {
    const d = data();
    const r = d.rows.find((x) => x.section === 'data')!;
    assert.deepEqual(r.display, ['aaaaaaaaaaaa', 'bbbbbbbbbbbb.dir']);
    assert.equal(r.values[1], 'b'.repeat(32) + '.dir');
    assert.deepEqual(r.sources, ['md5 (DVC 3) from dvc.lock (stage prepare)', 'md5 (DVC 2, text normalised) from dvc.lock (stage prepare)']);
  });

  it('columns carry the version, and the title names the versions in order', () => {
    const d = data([a, b, record('v1.2.0', { metrics: { auc: 1 } })]);
    assert.equal(d.title, 'churn v1.0.0 ↔ v1.1.0 ↔ v1.2.0');
    assert.deepEqual(d.columns.map((c) => c.version), ['v1.0.0', 'v1.1.0', 'v1.2.0']);
    const auc = d.rows.find((r) => r.key === 'auc')!;
    assert.equal(auc.deltas!.length, 3);
    assert.equal(auc.deltas![2]!.text, '+0.2 (+25.0%)');
  });

  it('user patterns decide a metric’s direction before the built-in names', () => {
    assert.equal(metricDirection('eval.val_loss'), 'lower');
    assert.equal(metricDirection('eval/metrics.json:accuracy'), 'higher');
    assert.equal(metricDirection('coverage'), undefined);
    assert.equal(metricDirection('coverage', { higherIsBetter: ['cov*'] }), 'higher');
    assert.equal(metricDirection('score_time', { lowerIsBetter: ['*_time'] }), 'lower');
  });

  it('problems of each version reach the panel as warnings', () => {
    const broken = record('v2.0.0', { diagnostics: [{ severity: 'warning', message: 'params.yaml: bad indentation', file: 'params.yaml', line: 3 }] });
    const d = data([a, broken]);
    assert.deepEqual(d.warnings, ['churn@v2.0.0: params.yaml: bad indentation']);
  });
});

describe('training curves', () => {
  const run = (id: string, values: number[], status = 'FINISHED'): RunSummary => ({
    source: 'mlflow', id, status, location: `mlruns/1/${id}`, params: {}, metrics: { loss: values[values.length - 1]! },
    history: { loss: values.map((value, step) => ({ step, value })) },
  });
  const withRuns = (version: string, runs: RunSummary[]): VersionRecord => ({ ...emptyRecord('m', version, version.repeat(40).slice(0, 40)), runs });

  it("each compared run's history of a metric is a series per column, in step order", () => {
    const records = [withRuns('a', [run('r1', [0.9, 0.5, 0.3])]), withRuns('b', [run('r2', [0.8, 0.4])]), withRuns('c', [])];
    const data = buildPanelData(diffRecords(records.map((r) => ({ label: r.version, record: r }))), records);
    assert.deepEqual(data.curves, [{ key: 'mlflow:loss', series: [[[0, 0.9], [1, 0.5], [2, 0.3]], [[0, 0.8], [1, 0.4]], null] }]);
  });

  it('a long history is thinned to evenly spaced points, first and last kept; the run compared is one that did not fail', () => {
    const long = Array.from({ length: 10_001 }, (_, i) => 1 / (i + 1));
    const records = [withRuns('a', [run('crashed', [5, 6, 7], 'FAILED'), run('good', long)]), withRuns('b', [run('r2', [0.8, 0.4])])];
    const data = buildPanelData(diffRecords(records.map((r) => ({ label: r.version, record: r }))), records);
    const series = data.curves![0]!.series[0]!;
    assert.equal(series.length, MAX_CURVE_POINTS);
    assert.deepEqual(series[0], [0, 1]);
    assert.deepEqual(series[series.length - 1], [10_000, 1 / 10_001]);
    assert.ok(series.every((p, i) => i === 0 || p[0] > series[i - 1]![0]), 'steps increase');
  });

  it('versions without step histories have no curves', () => {
    const records = [withRuns('a', []), withRuns('b', [])];
    assert.equal(buildPanelData(diffRecords(records.map((r) => ({ label: r.version, record: r }))), records).curves, undefined);
  });
});


describe('diff panel: outputs, pipeline code and remote storage', () => {
  it('pipeline outputs show short hashes with where they came from, and a URI column is marked remote (nothing to open)', () => {
    const out = (hash: string) => ({ 'eval': { path: 'eval', hash, algorithm: 'md5' as const, isDir: true, source: 'dvc.lock' as const, sourceFile: 'dvc.lock', stage: 'evaluate' } });
    const weights = (remote?: string) => ({ 'model.pt': { path: remote ? 's3://bucket/model.pt' : 'model.pt', hash: remote ? null : 'c'.repeat(32), algorithm: 'md5' as const, source: 'manifest' as const, sourceFile: 'dvc.yaml', ...(remote ? { remote } : {}) } });
    const x = record('v1.0.0', { outputs: out('d'.repeat(32) + '.dir'), weights: weights() } as Partial<VersionRecord>);
    const y = record('v1.1.0', { outputs: out('e'.repeat(32) + '.dir'), weights: weights('s3') } as Partial<VersionRecord>);
    const d = data([x, y]);
    const evalRow = d.rows.find((r) => r.section === 'outputs' && r.key === 'eval');
    assert.ok(evalRow, d.rows.map((r) => r.id).join('\n'));
    assert.ok(evalRow.display.every((v) => v !== null && v.length < 20), `short hashes: ${evalRow.display.join(', ')}`);
    assert.match(evalRow.sources![0]!, /dvc\.lock/);
    assert.equal(evalRow.remotes, undefined);
    const w = d.rows.find((r) => r.section === 'weights');
    assert.deepEqual(w?.remotes, [null, 's3']);
  });
});

// The panel's chart models (#16): what each chart draws, decided before any chart library runs.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { diffRecords } from '../../src/core/diff';
import { buildPanelData, versionColumns, visibleRows, MAX_CURVE_POINTS } from '../../src/core/diffTable';
import { curveCharts, historyCharts, metricCharts, pointText, thinPoints, valueDomain } from '../../src/core/chartModel';
import { emptyRecord, type VersionRecord } from '../../src/core/types';

function panel(metrics: Array<Record<string, number>>, stages: string[][] = []) {
  const records: VersionRecord[] = metrics.map((m, i) => ({ ...emptyRecord('churn', `v1.${i}.0`, String(i + 1).repeat(40)), metrics: m }));
  const diff = diffRecords(records.map((r) => ({ label: `churn@${r.version}`, record: r })));
  return { records, data: buildPanelData(diff, records, versionColumns(records.map((_, i) => ({ registryVersion: { stages: stages[i] ?? [] } } as never)))) };
}

describe('chart models', () => {
  it('a metric chart has every compared version as a category, so a 2-point and a 4-point series share one x axis', () => {
    const { data } = panel([{ auc: 0.8 }, { auc: 0.82 }, { auc: 0.85, loss: 0.4 }, { auc: 0.84, loss: 0.35 }], [[], [], ['staging'], ['prod']]);
    const charts = metricCharts(data, visibleRows(data.rows, { onlyChanged: false, filter: '' }));
    const auc = charts.find((c) => c.title === 'auc')!;
    const loss = charts.find((c) => c.title === 'loss')!;
    assert.deepEqual(auc.categories, loss.categories);
    assert.deepEqual(loss.categories.map((c) => c.label), ['v1.0.0', 'v1.1.0', 'v1.2.0', 'v1.3.0']);
    assert.deepEqual(loss.categories.map((c) => c.stages), [[], [], ['staging'], ['prod']]);
    assert.deepEqual(loss.series[0]!.values, [null, null, 0.4, 0.35]);
    assert.equal(loss.direction, 'lower');
    assert.equal(auc.direction, 'higher');
    assert.equal(pointText(loss, 0, 3), 'loss at v1.3.0 (prod): 0.35');
    assert.equal(pointText(loss, 0, 0), 'loss at v1.0.0: absent');
  });

  it('the charts follow the rows the table shows (the filter and "Only changed")', () => {
    const { data } = panel([{ auc: 0.8, f1: 0.5 }, { auc: 0.9, f1: 0.5 }]);
    assert.deepEqual(metricCharts(data, visibleRows(data.rows, { onlyChanged: true, filter: '' })).map((c) => c.title), ['auc']);
    assert.deepEqual(metricCharts(data, visibleRows(data.rows, { onlyChanged: false, filter: 'f1' })).map((c) => c.title), ['f1']);
  });

  it('the value axis holds every point inside round bounds, and a single value gets room', () => {
    for (const values of [[0.81, 0.83, 0.86, 0.85], [0.05], [3, 3], [-2, 7], [1e-6, 3e-6], [0]]) {
      const d = valueDomain(values);
      assert.ok(d.min < Math.min(...values) && d.max > Math.max(...values), `${values} inside ${d.min}..${d.max}`);
    }
    assert.deepEqual(valueDomain([0.81, 0.83, 0.86, 0.85]), { min: 0.8, max: 0.88 });
    assert.deepEqual(valueDomain([null, null]), { min: 0, max: 1 });
  });

  it('training curves: a series per version that logged the metric, over its steps', () => {
    const { records } = panel([{}, {}, {}]);
    records[0]!.runs = [{ source: 'mlflow', id: 'a', location: 'x', params: {}, metrics: {}, history: { loss: [1, 2, 3].map((s) => ({ step: s, value: 1 / s })) } }];
    records[2]!.runs = [{ source: 'mlflow', id: 'b', location: 'y', params: {}, metrics: {}, history: { loss: [{ step: 10, value: 0.05 }] } }];
    const diff = diffRecords(records.map((r) => ({ label: r.version, record: r })));
    const [curve] = curveCharts(buildPanelData(diff, records));
    assert.equal(curve!.kind, 'steps');
    assert.deepEqual(curve!.series.map((s) => s.name), ['v1.0.0', 'v1.2.0']);
    assert.deepEqual(curve!.series.map((s) => s.colour), [0, 2], 'each keeps its version\'s colour in the shared legend');
    assert.deepEqual(curve!.series[1]!.points, [[10, 0.05]], 'a 1-point run is a series of its own');
    assert.deepEqual(curve!.x, { min: 1, max: 10 });
    assert.deepEqual(curveCharts(buildPanelData(diff, records), 'acc'), [], 'the filter applies to curves too');
  });

  it('the trend over all versions is thinned to the chart\'s points, first and last kept, and says so', () => {
    const points = Array.from({ length: 1000 }, (_, i) => ({ version: `v${i}`, value: i, ...(i === 999 ? { stages: ['prod'] } : {}) }));
    const [chart] = historyCharts({ auc: points });
    assert.equal(chart!.categories.length, MAX_CURVE_POINTS);
    assert.equal(chart!.categories[0]!.label, 'v0');
    assert.deepEqual(chart!.categories.at(-1), { label: 'v999', stages: ['prod'] });
    assert.deepEqual(chart!.thinned, { shown: MAX_CURVE_POINTS, total: 1000 });
    assert.deepEqual(thinPoints([1, 2, 3], 5), [1, 2, 3]);
  });
});

// What the panel's charts draw, decided without a chart library: one chart per metric over the
// compared versions (categories on x, so a 2-point and a 4-point series share one axis), training
// curves (steps on x, a series per version) and a metric over all of a model's versions. The
// webview and the CLI's static page turn these into ECharts options; unit tests read them directly.
import { shortVersion } from './versionLabel';
import { isMetricSection } from './diff';
import { isWorkingTree } from './types';
import { MAX_CURVE_POINTS, type Direction, type PanelColumn, type PanelData, type PanelRow } from './diffTable';
import type { MetricHistory } from './panelProtocol';

/** One x-axis category: a version, with its stages for the axis label and legend. */
export interface ChartCategory {
  label: string;
  stages: string[];
}

export interface ChartSeries {
  name: string;
  /** Category charts: one value per category (null: absent there). Step charts: [x, y] pairs. */
  values: Array<number | null>;
  points?: Array<[number, number]>;
  /** Which palette colour: the version's column, so that a series keeps the legend's colour. */
  colour?: number;
}

export interface ChartModel {
  /** Stable id: `metric:auc`, `curve:mlflow:val_loss`, `history:auc`. */
  id: string;
  kind: 'categories' | 'steps';
  title: string;
  direction?: Direction;
  /** Category charts only. */
  categories: ChartCategory[];
  series: ChartSeries[];
  /** The value axis' bounds, padded so that no point sits on the frame; equal values get room too. */
  y: { min: number; max: number };
  /** Step charts: the step range. */
  x?: { min: number; max: number };
  /** Step charts: what x is (`step`, or a DVC plot's x field); points only, no lines, for scatter. */
  xName?: string;
  scatter?: boolean;
  /** Points drawn / points read, when a long series was thinned. */
  thinned?: { shown: number; total: number };
}

/** The label a column goes by in a chart: its version (short commit), or `workdir`. */
export function columnLabel(c: PanelColumn): string {
  return isWorkingTree(c) ? 'workdir' : c.title ?? shortVersion(c.version);
}

/** Numeric text of a cell, or null where it is absent or not a finite number. */
function numeric(v: string | null): number | null {
  if (v === null || v.trim() === '') return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
}

/**
 * A chart per metric row among `rows` (the rows the table shows: the charts follow the filter),
 * the compared versions as categories in column order.
 */
export function metricCharts(data: PanelData, rows: readonly PanelRow[]): ChartModel[] {
  const categories = data.columns.map((c) => ({ label: columnLabel(c), stages: [...c.stages] }));
  const out: ChartModel[] = [];
  for (const r of rows) {
    if (!isMetricSection(r.section)) continue;
    const values = r.values.map(numeric);
    if (values.every((v) => v === null)) continue;
    out.push({
      id: `metric:${r.key}`,
      kind: 'categories',
      title: r.key,
      ...(r.direction ? { direction: r.direction } : {}),
      categories,
      series: [{ name: r.key, values }],
      y: valueDomain(values),
    });
  }
  return out;
}

/** Training curves: a series per compared version that logged the metric, over its steps. */
export function curveCharts(data: PanelData, filter = ''): ChartModel[] {
  const f = filter.trim().toLowerCase();
  const labels = data.columns.map(columnLabel);
  return (data.curves ?? [])
    .filter((c) => !f || c.key.toLowerCase().includes(f))
    .map((c) => {
      const series = c.series.flatMap((s, i) => (s && s.length ? [{ name: labels[i]!, colour: i, values: [], points: s.filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y)) }] : []));
      const xs = series.flatMap((s) => s.points!.map((p) => p[0]));
      const ys = series.flatMap((s) => s.points!.map((p) => p[1]));
      return { id: `curve:${c.key}`, kind: 'steps' as const, title: c.key, categories: [], series, y: valueDomain(ys), x: stepDomain(xs) };
    });
}

/** One metric over every registered version of the model (oldest first), stages on the axis. */
export function historyCharts(history: MetricHistory, filter = ''): ChartModel[] {
  const f = filter.trim().toLowerCase();
  return Object.entries(history)
    .filter(([key]) => !f || key.toLowerCase().includes(f))
    .map(([key, points]) => {
      const thinned = thinPoints(points, MAX_CURVE_POINTS);
      const values = thinned.map((p) => (Number.isFinite(p.value) ? p.value : null));
      return {
        id: `history:${key}`,
        kind: 'categories' as const,
        title: key,
        categories: thinned.map((p) => ({ label: shortVersion(p.version), stages: [...(p.stages ?? [])] })),
        series: [{ name: key, values }],
        y: valueDomain(values),
        ...(thinned.length < points.length ? { thinned: { shown: thinned.length, total: points.length } } : {}),
      };
    });
}

/** Evenly spaced items of a long list, the first and the last always kept. */
export function thinPoints<T>(points: readonly T[], max: number): T[] {
  if (points.length <= max) return [...points];
  const out: T[] = [];
  for (let i = 0; i < max; i++) out.push(points[Math.round((i * (points.length - 1)) / (max - 1))]!);
  return out;
}

/**
 * The value axis: the data's range with room on each side, widened to round tick steps (about
 * four of them) so that no point sits on the frame and the end labels read as round numbers; a
 * single value (or equal values) gets room of a tenth of its size.
 */
export function valueDomain(values: ReadonlyArray<number | null>): { min: number; max: number } {
  let min = Infinity;
  let max = -Infinity;
  // A loop, not Math.min(...): a series can be longer than a call takes arguments.
  for (const v of values) {
    if (v === null || !Number.isFinite(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (min === Infinity) return { min: 0, max: 1 };
  const span = max - min;
  const pad = span > 0 ? span * 0.08 : Math.abs(max) * 0.1 || 1;
  const step = niceStep((span + 2 * pad) / 4);
  return { min: tidy(Math.floor((min - pad) / step) * step), max: tidy(Math.ceil((max + pad) / step) * step) };
}

/** 1, 2 or 5 times a power of ten, the nearest at or above `raw`. */
function niceStep(raw: number): number {
  const p = 10 ** Math.floor(Math.log10(raw));
  const f = raw / p;
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * p;
}

function stepDomain(xs: readonly number[]): { min: number; max: number } {
  let min = Infinity;
  let max = -Infinity;
  for (const x of xs) {
    if (x < min) min = x;
    if (x > max) max = x;
  }
  if (min === Infinity) return { min: 0, max: 1 };
  return min === max ? { min: min - 1, max: max + 1 } : { min, max };
}

/** Rounds away float noise (0.30000000000000004) so that axis labels read as typed. */
function tidy(n: number): number {
  return Number(n.toPrecision(12));
}

/** What a screen reader hears for one point. */
export function pointText(chart: ChartModel, series: number, index: number): string {
  const s = chart.series[series]!;
  if (chart.kind === 'steps') {
    const p = s.points![index]!;
    return `${chart.title}, ${s.name}, ${chart.xName ?? 'step'} ${p[0]}: ${p[1]}`;
  }
  const c = chart.categories[index]!;
  const v = s.values[index];
  return `${chart.title} at ${c.label}${c.stages.length ? ` (${c.stages.join(', ')})` : ''}: ${v === null || v === undefined ? 'absent' : v}`;
}

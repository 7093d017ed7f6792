// The charts of the CLI's static pages, drawn on the server (chartSvg.ts) from the same options
// the webviews draw with: `diff --html` gets the panel's metric charts, training curves and DVC
// plots; `diff <model>@all --html` the parallel coordinates, the scatter and each metric over the
// versions. Each is a figure with a text caption and an inline SVG whose axes and legend are SVG
// text, so the page reads and prints without script; the page's script replaces them with the
// live charts. Where a chart cannot be drawn the page's tables stand in.
import { axisColumns, metricColumns, MAX_TRENDS, parallelOption, scatterColumns, scatterOption, trendOption } from './allVersionsCharts';
import { chartOption } from './chartOptions';
import { renderChartSvg, type SvgSize } from './chartSvg';
import { PRINT_THEME } from './chartTheme';
import { escapeHtml } from './page';
import { safeMultiline } from './format';
import { curveCharts, metricCharts, type ChartModel } from '../chartModel';
import { visibleRows, type PanelData } from '../diffTable';
import type { AllVersionsData } from '../allVersions';

/** Charts drawn at most per group: past that a document is a wall of pictures; the tables have every value. */
export const MAX_STATIC_CHARTS = 48;

const e = (s: string) => escapeHtml(safeMultiline(s));
const NOTE = { higher: 'higher is better', lower: 'lower is better' } as const;

function figure(title: string, notes: readonly string[], svg: string | undefined, wide = false): string {
  if (!svg) return '';
  return `<figure class="static-chart${wide ? ' wide' : ''}"><figcaption><span class="chart-title">${e(title)}</span>${notes.map((n) => ` <span class="chart-note">${e(n)}</span>`).join('')}</figcaption>${svg}</figure>`;
}

function group(heading: string, figures: string[], total: number): string {
  const drawn = figures.filter(Boolean);
  if (!drawn.length) return '';
  const more = total > drawn.length ? `<p class="chart-more">${total - drawn.length} more not drawn here; the tables hold every value.</p>` : '';
  return `<section class="static-charts" aria-label="${e(heading)}"><h2>${e(heading)}</h2><div class="static-figures">${drawn.join('')}</div>${more}</section>`;
}

function modelFigure(model: ChartModel): string {
  const size: SvgSize = model.kind === 'steps' ? { width: 560, height: 300 } : { width: Math.min(720, Math.max(360, 120 + model.categories.length * 90)), height: 260 };
  const notes = [...(model.direction ? [NOTE[model.direction]] : []), ...(model.thinned ? [`${model.thinned.shown} of ${model.thinned.total} versions shown`] : [])];
  return figure(model.title, notes, renderChartSvg(chartOption(model, PRINT_THEME, { legend: true }), size));
}

/** The diff panel's charts for `data`: the metric rows the page shows, the curves and the plots. */
export function diffChartsHtml(data: PanelData, onlyChanged: boolean): string {
  const groups: Array<[string, ChartModel[]]> = [
    ['Metrics across versions', data.columns.length > 1 ? metricCharts(data, visibleRows(data.rows, { onlyChanged, filter: '' })) : []],
    ['Training curves', curveCharts(data)],
    ['Plots', data.plots ?? []],
  ];
  return groups.map(([heading, models]) => group(heading, models.slice(0, MAX_STATIC_CHARTS).map(modelFigure), models.length)).join('\n');
}

/** The all-versions view's charts with its default choices: every axis, coloured by the first metric. */
export function allVersionsChartsHtml(data: AllVersionsData): string {
  if (!data.items.length) return '';
  const none = new Set<number>();
  const parts: string[] = [];
  const axes = axisColumns(data);
  const metrics = metricColumns(data);
  if (axes.length >= 2) {
    const colorBy = metrics[0];
    const title = `Parallel coordinates: ${axes.map((c) => data.columns[c]!.key).join(', ')}`;
    parts.push(group('Parallel coordinates', [figure(title, colorBy === undefined ? [] : [`coloured by ${data.columns[colorBy]!.key}`], renderChartSvg(parallelOption(data, PRINT_THEME, axes, colorBy, none), { width: 1000, height: 420 }), true)], 1));
  }
  const { x, y } = scatterColumns(data);
  if (x.length && y.length) {
    const sx = x.find((c) => data.columns[c]!.changed && data.columns[c]!.kind === 'param') ?? x[0]!;
    const sy = y[0]!;
    parts.push(group('Scatter', [figure(`${data.columns[sy]!.key} against ${data.columns[sx]!.key}`, [], renderChartSvg(scatterOption(data, PRINT_THEME, sx, sy, none), { width: 720, height: 420 }))], 1));
  }
  const trends = metrics.slice(0, MAX_TRENDS);
  parts.push(group('Metrics over versions', trends.map((c) => figure(data.columns[c]!.key, data.columns[c]!.direction ? [NOTE[data.columns[c]!.direction!]] : [], renderChartSvg(trendOption(data, PRINT_THEME, c, none), { width: 480, height: 240 }))), metrics.length));
  return parts.join('\n');
}

/** The figures' stylesheet: white cards (the SVGs are drawn for paper), kept whole across pages. */
export const STATIC_CHARTS_CSS = `
.static-figures { display: flex; flex-wrap: wrap; gap: 16px; }
figure.static-chart { margin: 0; padding: 8px; background: #ffffff; color: #1f2328; border: 1px solid #d1d9e0; border-radius: 4px; break-inside: avoid; max-width: 100%; }
figure.static-chart.wide { flex: 1 1 100%; }
figure.static-chart figcaption { font-weight: 600; margin: 0 0 4px; overflow-wrap: anywhere; }
figure.static-chart .chart-note { font-weight: normal; color: #59636e; margin-left: 8px; }
figure.static-chart svg { display: block; max-width: 100%; height: auto; }
.chart-more { color: #59636e; }
`;

// One chart as a figure a person can read three ways: the drawn chart (values on hover), the
// keyboard (arrows move through the points and each is announced), and a table of the values.
import type { ChartModel } from '../../src/core/chartModel';
import { pointText } from '../../src/core/chartModel';
import { formatNumber } from '../../src/core/render/format';
import { el } from '../dom';
import { initChart, type ChartInstance } from './lib';
import { chartOption } from '../../src/core/render/chartOptions';
import { readTheme, type ChartTheme } from './theme';
import { tooltipContent } from './tooltip';

export interface ChartFigure {
  figure: HTMLElement;
  /** Draws the chart (the figure must be in the document, so that it has a size). */
  draw(theme?: ChartTheme): void;
  dispose(): void;
}

const DIRECTION_NOTE = { higher: 'higher is better', lower: 'lower is better' } as const;

/** A figure for `model`; `announce` speaks a point's value (the page's live region). */
export function chartFigure(model: ChartModel, announce: (text: string) => void): ChartFigure {
  const canvas = el('div', {
    className: `chart-canvas ${model.kind}`,
    tabIndex: 0,
    role: 'img',
    'aria-roledescription': 'chart',
    'aria-label': summary(model),
    'data-chart-id': model.id,
  });
  const caption = el('figcaption', {}, [
    el('span', { className: 'chart-title' }, [model.title]),
    ...(model.direction ? [el('span', { className: 'chart-note' }, [DIRECTION_NOTE[model.direction]])] : []),
    ...(model.thinned ? [el('span', { className: 'chart-note' }, [`${model.thinned.shown} of ${model.thinned.total} versions shown`])] : []),
  ]);
  const table = valuesTable(model);
  const figure = el('figure', { className: 'chart', 'data-key': model.title, 'data-chart-id': model.id }, [caption, canvas, el('details', { className: 'chart-values' }, [el('summary', {}, ['Values']), table])]);
  let chart: ChartInstance | undefined;
  let observer: ResizeObserver | undefined;
  let series = 0;
  let index = -1;

  const count = (s: number) => (model.kind === 'steps' ? model.series[s]!.points!.length : model.categories.length);
  const show = () => {
    canvas.setAttribute('data-point', `${series}:${index}`);
    chart?.dispatchAction({ type: 'downplay' });
    chart?.dispatchAction({ type: 'highlight', seriesIndex: series, dataIndex: index });
    chart?.dispatchAction({ type: 'showTip', seriesIndex: series, dataIndex: index });
    announce(pointText(model, series, index));
  };
  canvas.addEventListener('keydown', (e) => {
    if (!model.series.length) return;
    const n = count(series);
    let next = index;
    switch (e.key) {
      case 'ArrowRight':
        next = Math.min(n - 1, index + 1);
        break;
      case 'ArrowLeft':
        next = Math.max(0, index - 1);
        break;
      case 'Home':
        next = 0;
        break;
      case 'End':
        next = n - 1;
        break;
      case 'ArrowDown':
      case 'ArrowUp': {
        if (model.series.length < 2) return;
        series = (series + (e.key === 'ArrowDown' ? 1 : model.series.length - 1)) % model.series.length;
        next = Math.min(Math.max(index, 0), count(series) - 1);
        break;
      }
      case 'Escape':
        chart?.dispatchAction({ type: 'hideTip' });
        chart?.dispatchAction({ type: 'downplay' });
        return;
      default:
        return;
    }
    e.preventDefault();
    e.stopPropagation();
    index = next < 0 ? 0 : next;
    show();
  });
  canvas.addEventListener('focus', () => {
    if (index < 0 && model.series.length) {
      index = 0;
      show();
    }
  });
  canvas.addEventListener('blur', () => chart?.dispatchAction({ type: 'hideTip' }));

  return {
    figure,
    draw(theme = readTheme()) {
      if (!chart) {
        chart = initChart(canvas);
        observer = new ResizeObserver(() => chart?.resize());
        observer.observe(canvas);
      }
      chart.setOption(chartOption(model, theme, { tooltip: (p) => tooltipContent(p, model.kind === 'steps' ? model.xName ?? 'step' : false, model.series.map((s, i) => s.colour ?? i)) }), true);
    },
    dispose() {
      observer?.disconnect();
      chart?.dispose();
      chart = undefined;
    },
  };
}

/** What the chart shows, in one sentence (its accessible name). */
function summary(model: ChartModel): string {
  if (model.kind === 'steps') {
    return `${model.title} by ${model.xName ?? 'step'}: ${model.series.map((s) => `${s.name} ${s.points!.length} ${s.points!.length === 1 ? 'step' : 'steps'}, ${formatNumber(s.points![0]![1])} to ${formatNumber(s.points![s.points!.length - 1]![1])}`).join('; ')}. Arrow keys read the points.`;
  }
  const s = model.series[0]!;
  return `${model.title} across versions: ${model.categories.map((c, i) => `${c.label} ${s.values[i] === null ? 'absent' : formatNumber(s.values[i]!)}`).join(', ')}. Arrow keys read the points.`;
}

/** The chart's values as a table: versions (or steps) down, series across. */
function valuesTable(model: ChartModel): HTMLElement {
  const head = el('tr', {}, [el('th', { scope: 'col' }, [model.kind === 'steps' ? model.xName ?? 'Step' : 'Version']), ...model.series.map((s) => el('th', { scope: 'col' }, [s.name]))]);
  const rows: HTMLElement[] = [];
  if (model.kind === 'steps') {
    const steps = [...new Set(model.series.flatMap((s) => s.points!.map((p) => p[0])))].sort((a, b) => a - b);
    const maps = model.series.map((s) => new Map(s.points!.map((p) => [p[0], p[1]])));
    for (const step of steps) rows.push(el('tr', {}, [el('th', { scope: 'row' }, [String(step)]), ...maps.map((m) => el('td', {}, [m.has(step) ? formatNumber(m.get(step)!) : '—']))]));
  } else {
    model.categories.forEach((c, i) =>
      rows.push(el('tr', {}, [el('th', { scope: 'row' }, [c.stages.length ? `${c.label} (${c.stages.join(', ')})` : c.label]), ...model.series.map((s) => el('td', {}, [s.values[i] === null ? '—' : formatNumber(s.values[i]!)]))])),
    );
  }
  return el('table', { className: 'values-table' }, [el('thead', {}, [head]), el('tbody', {}, rows)]);
}

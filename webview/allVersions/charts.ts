// The all-versions view's charts in the page: their options come from
// src/core/render/allVersionsCharts.ts (shared with the CLI's static page); here they get a size,
// clicks, brushing and the keyboard. Tooltips are DOM nodes built with textContent, never HTML
// strings (the CSP blocks inline style markup anyway).
import type { AllVersionsData } from '../../src/core/allVersions';
import { describeItem, parallelDims, parallelOption, scatterItems, scatterOption, stagedItems, trendOption } from '../../src/core/render/allVersionsCharts';
import { initChart, type ChartInstance } from '../charts/lib';
import type { ChartTheme } from '../charts/theme';
import { el } from '../dom';

export interface ChartHost {
  data: AllVersionsData;
  theme: ChartTheme;
  selected: ReadonlySet<number>;
  /** A click on a line or point. */
  toggle(item: number): void;
  /** A brush on the parallel axes: these items, replacing the selection. */
  select(items: number[]): void;
  /** Says a value aloud (the live region) when a chart is read from the keyboard. */
  announce(text: string): void;
}

export interface DrawnChart {
  chart: ChartInstance;
  dispose(): void;
}

export { axisColumns, describeItem, metricColumns, scatterColumns, MAX_AXES, MAX_TRENDS } from '../../src/core/render/allVersionsCharts';

function tooltipNode(data: AllVersionsData, item: number, columns: readonly number[]): HTMLElement {
  const { title, lines } = describeItem(data, item, columns);
  return el('div', { className: 'tip' }, [el('div', { className: 'tip-title' }, [title]), ...lines.map((l) => el('div', { className: 'tip-line' }, [l]))]);
}

/**
 * Past this many versions a chart is drawn on a canvas: SVG keeps every label as text in the
 * page (read back by tests and screen magnifiers) but costs a DOM node per line and point.
 */
export const SVG_MAX_ITEMS = 300;

function init(container: HTMLElement, items: number): ChartInstance {
  return initChart(container, items > SVG_MAX_ITEMS ? 'canvas' : 'svg');
}

/** Keeps a chart sized to its box. */
function sized(chart: ChartInstance, container: HTMLElement): DrawnChart {
  // The first callback reports the size the chart was just drawn at: no second drawing for it.
  let first = true;
  const observer = new ResizeObserver(() => {
    if (first) first = false;
    else chart.resize();
  });
  observer.observe(container);
  return {
    chart,
    dispose: () => {
      observer.disconnect();
      chart.dispose();
    },
  };
}

/**
 * Arrow keys walk a chart's points (showing each one's tooltip and saying its values); Space or
 * Enter selects the point. `order` maps the walk to data indices, `itemOf` a data index to an item.
 */
function keyboard(container: HTMLElement, chart: ChartInstance, host: ChartHost, count: number, itemOf: (dataIndex: number) => number, columns: readonly number[], highlight = true): void {
  // highlight: show the point as hovered, with its tooltip; false for the parallel chart, where an
  // ECharts tooltip shown by an action stops the axis brush from working until the page reloads.
  const seriesIndex = 0;
  let at = -1;
  container.tabIndex = 0;
  container.addEventListener('keydown', (e) => {
    if (count === 0) return;
    let next = at;
    if (e.key === 'ArrowRight' || e.key === 'ArrowDown') next = Math.min(count - 1, at + 1);
    else if (e.key === 'ArrowLeft' || e.key === 'ArrowUp') next = Math.max(0, at - 1);
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = count - 1;
    else if ((e.key === ' ' || e.key === 'Enter') && at >= 0) {
      e.preventDefault();
      host.toggle(itemOf(at));
      return;
    } else return;
    e.preventDefault();
    const before = at;
    at = next;
    const { title, lines } = describeItem(host.data, itemOf(at), columns);
    host.announce(`${title}: ${lines.join(', ')}`);
    container.setAttribute('data-point', String(itemOf(at)));
    try {
      if (highlight && before >= 0) chart.dispatchAction({ type: 'downplay', seriesIndex, dataIndex: before });
      if (highlight) chart.dispatchAction({ type: 'highlight', seriesIndex, dataIndex: at });
      if (highlight) chart.dispatchAction({ type: 'showTip', seriesIndex, dataIndex: at });
    } catch {
      // A chart that cannot show this point's tooltip has still said its values aloud.
    }
  });
  const release = () => {
    if (at >= 0) chart.dispatchAction({ type: 'downplay', seriesIndex, dataIndex: at });
    chart.dispatchAction({ type: 'hideTip' });
  };
  container.addEventListener('blur', release);
  // The mouse takes over from the keyboard: a tooltip shown by a key could sit over an axis and
  // take the mouse down meant for the brush.
  container.addEventListener('pointermove', () => at >= 0 && release(), { capture: true });
}

/** Parallel coordinates over `axes`, each version a line, coloured by the column `colorBy`. */
export function drawParallel(container: HTMLElement, host: ChartHost, axes: readonly number[], colorBy: number | undefined): DrawnChart {
  const { data, theme: t } = host;
  const chart = init(container, data.items.length);
  const shown = parallelDims(axes, colorBy);
  chart.setOption(parallelOption(data, t, axes, colorBy, host.selected, { tooltip: (item, columns) => tooltipNode(data, item, columns) }));
  chart.on('axisareaselected', () => {
    const series = (chart as unknown as { getModel(): { getSeries(): Array<{ getRawIndicesByActiveState(s: string): number[] }> } }).getModel().getSeries()[0];
    host.select(series ? series.getRawIndicesByActiveState('active') : []);
  });
  chart.on('click', (p) => {
    if (typeof p.dataIndex === 'number') host.toggle(p.dataIndex);
  });
  // Said aloud and in the readout line above the chart, not as a tooltip (see keyboard()).
  keyboard(container, chart, host, data.items.length, (i) => i, shown, false);
  return sized(chart, container);
}

/** One param (or metric) against one metric, each version a point. */
export function drawScatter(container: HTMLElement, host: ChartHost, x: number, y: number): DrawnChart {
  const { data, theme: t } = host;
  const chart = init(container, data.items.length);
  const items = scatterItems(data, x, y);
  chart.setOption(scatterOption(data, t, x, y, host.selected, { tooltip: (item, columns) => tooltipNode(data, item, columns) }));
  chart.on('click', (p) => {
    if (typeof p.dataIndex === 'number') host.toggle(items[p.dataIndex]!);
  });
  keyboard(container, chart, host, items.length, (d) => items[d]!, [x, y]);
  return sized(chart, container);
}

/** One metric over the versions (oldest first), a marker and its name where a version holds a stage. */
export function drawTrend(container: HTMLElement, host: ChartHost, column: number): DrawnChart {
  const { data, theme: t } = host;
  const chart = init(container, data.items.length);
  const staged = stagedItems(data, column);
  chart.setOption(trendOption(data, t, column, host.selected, { tooltip: (item, columns) => tooltipNode(data, item, columns) }));
  chart.on('click', (p) => {
    if (typeof p.dataIndex === 'number') host.toggle(p.seriesIndex === 1 ? staged[p.dataIndex]! : p.dataIndex);
  });
  keyboard(container, chart, host, data.items.length, (i) => i, [column]);
  return sized(chart, container);
}

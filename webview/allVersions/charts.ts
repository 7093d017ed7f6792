// The all-versions view's charts, drawn by Apache ECharts with its SVG renderer: parallel
// coordinates from params to metrics, a scatter of one param against one metric, and each metric
// over the versions with stage markers. Every text a chart draws (axis names, labels, tooltips)
// is plain text: no rich-text styles are defined (so `{a|b}` stays as typed), and tooltips are
// DOM nodes built with textContent, never HTML strings (the CSP blocks inline style markup anyway).
import { cellText, type AllVersionsData } from '../../src/core/allVersions';
import { initChart, type ChartInstance } from '../charts/lib';
import type { ChartTheme } from '../charts/theme';
import { el } from '../dom';

/** Axes on the parallel chart at most: past that the lines are a blur. */
export const MAX_AXES = 14;
/** Metric charts drawn at most over the versions. */
export const MAX_TRENDS = 12;

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

/** Columns that can be an axis: numeric, or text with few distinct values. */
export function axisColumns(data: AllVersionsData): number[] {
  const usable = data.columns.map((c, i) => (c.numeric || c.categories ? i : -1)).filter((i) => i >= 0);
  const changed = usable.filter((i) => data.columns[i]!.changed);
  const pick = changed.length >= 2 ? changed : usable;
  // Params first, then metrics: the chart reads left (what went in) to right (what came out).
  const params = pick.filter((i) => data.columns[i]!.kind === 'param');
  const metrics = pick.filter((i) => data.columns[i]!.kind === 'metric');
  const maxParams = Math.max(MAX_AXES - Math.min(metrics.length, MAX_AXES >> 1), MAX_AXES - metrics.length);
  return [...params.slice(0, maxParams), ...metrics].slice(0, MAX_AXES);
}

/** Numeric metric columns, changed first (the data's order). */
export function metricColumns(data: AllVersionsData): number[] {
  return data.columns.map((c, i) => (c.kind === 'metric' && c.numeric ? i : -1)).filter((i) => i >= 0);
}

/** Columns for the scatter's x (params, then metrics) and y (metrics). */
export function scatterColumns(data: AllVersionsData): { x: number[]; y: number[] } {
  const x = data.columns.map((c, i) => (c.numeric || c.categories ? i : -1)).filter((i) => i >= 0);
  return { x: [...x.filter((i) => data.columns[i]!.kind === 'param'), ...x.filter((i) => data.columns[i]!.kind === 'metric')], y: metricColumns(data) };
}

/** What a tooltip and the live region say about an item: its name, stages and the given columns' values. */
export function describeItem(data: AllVersionsData, item: number, columns: readonly number[]): { title: string; lines: string[] } {
  const it = data.items[item]!;
  const title = it.stages.length ? `${it.label} (${it.stages.join(', ')})` : it.label;
  return { title, lines: columns.map((c) => `${data.columns[c]!.key}: ${cellText(data.values[item]![c] ?? null) || '—'}`) };
}

function tooltipNode(data: AllVersionsData, item: number, columns: readonly number[]): HTMLElement {
  const { title, lines } = describeItem(data, item, columns);
  return el('div', { className: 'tip' }, [el('div', { className: 'tip-title' }, [title]), ...lines.map((l) => el('div', { className: 'tip-line' }, [l]))]);
}

function baseOption(t: ChartTheme) {
  return {
    animation: false,
    textStyle: { color: t.foreground, fontFamily: t.fontFamily },
    tooltip: {
      trigger: 'item' as const,
      // Confined: no arrow, which ECharts would add as an HTML string with inline style.
      confine: true,
      backgroundColor: t.background,
      borderColor: t.border,
      textStyle: { color: t.foreground, fontFamily: t.fontFamily },
      extraCssText: '',
    },
  };
}

function axisStyle(t: ChartTheme) {
  return {
    axisLine: { lineStyle: { color: t.muted } },
    axisTick: { lineStyle: { color: t.muted } },
    axisLabel: { color: t.muted, hideOverlap: true },
    nameTextStyle: { color: t.foreground },
    splitLine: { lineStyle: { color: t.border, opacity: 0.5 } },
  };
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
  const dims = [...axes];
  if (colorBy !== undefined && !dims.includes(colorBy)) dims.push(colorBy);
  const colorDim = colorBy === undefined ? -1 : dims.indexOf(colorBy);
  const colorCol = colorBy === undefined ? undefined : data.columns[colorBy];
  const shown = [...dims];
  chart.setOption({
    ...baseOption(t),
    tooltip: { ...baseOption(t).tooltip, formatter: (p: { dataIndex: number }) => tooltipNode(data, p.dataIndex, shown) },
    parallel: {
      left: 48,
      right: colorCol?.domain ? 110 : 60,
      top: 64,
      bottom: 36,
      parallelAxisDefault: {
        ...axisStyle(t),
        nameLocation: 'end',
        nameGap: 14,
        nameRotate: dims.length > 8 ? 20 : 0,
        nameTruncate: { maxWidth: 140, ellipsis: '…' },
        realtime: true,
        areaSelectStyle: { width: 16, borderWidth: 1, color: t.focus, borderColor: t.focus, opacity: 0.25 },
      },
    },
    parallelAxis: dims.map((c, dim) => {
      const col = data.columns[c]!;
      return col.numeric ? { dim, name: col.key, type: 'value', scale: true } : { dim, name: col.key, type: 'category', data: col.categories ?? [] };
    }),
    ...(colorCol?.domain
      ? {
          visualMap: {
            type: 'continuous',
            dimension: colorDim,
            min: colorCol.domain[0],
            max: colorCol.domain[1] === colorCol.domain[0] ? colorCol.domain[0] + 1 : colorCol.domain[1],
            inRange: { color: t.ramp },
            right: 8,
            top: 'middle',
            itemHeight: 140,
            calculable: false,
            text: [colorCol.key, ''],
            textGap: 8,
            textStyle: { color: t.foreground },
            seriesIndex: 0,
          },
        }
      : {}),
    series: [
      {
        type: 'parallel',
        smooth: false,
        // All lines in one frame: drawn in slices of 500 a frame, 1,000 versions took four.
        progressive: 0,
        inactiveOpacity: 0.06,
        activeOpacity: 1,
        lineStyle: { width: 1, opacity: 0.55, color: t.series[0] },
        emphasis: { lineStyle: { width: 3, opacity: 1 } },
        data: data.items.map((_, i) => {
          const value = dims.map((c) => {
            const v = data.values[i]![c];
            return v === null || v === undefined ? '-' : v;
          });
          return host.selected.has(i) ? { value, lineStyle: { width: 4, opacity: 1 } } : value;
        }),
      },
    ],
  });
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
  const cx = data.columns[x]!;
  const cy = data.columns[y]!;
  const items = data.items.map((_, i) => i).filter((i) => data.values[i]![x] !== null && data.values[i]![y] !== null);
  chart.setOption({
    ...baseOption(t),
    tooltip: { ...baseOption(t).tooltip, formatter: (p: { dataIndex: number }) => tooltipNode(data, items[p.dataIndex]!, [x, y]) },
    grid: { left: 24, right: 72, top: 40, bottom: 48, containLabel: true },
    xAxis: { ...axisStyle(t), type: cx.numeric ? 'value' : 'category', ...(cx.numeric ? { scale: true } : { data: cx.categories ?? [...new Set(items.map((i) => String(data.values[i]![x])))] }), name: cx.key, nameLocation: 'middle', nameGap: 30 },
    yAxis: { ...axisStyle(t), type: 'value', scale: true, name: cy.key, nameLocation: 'end', nameGap: 14 },
    series: [
      {
        type: 'scatter',
        symbolSize: 10,
        itemStyle: { color: t.series[0], opacity: 0.85 },
        emphasis: { scale: 1.6 },
        label: { show: items.length <= 40, position: 'right', color: t.muted, formatter: (p: { dataIndex: number }) => data.items[items[p.dataIndex]!]!.label },
        labelLayout: { hideOverlap: true },
        data: items.map((i) => {
          const value = [data.values[i]![x], data.values[i]![y]];
          return host.selected.has(i) ? { value, symbolSize: 15, itemStyle: { color: t.selected, borderColor: t.foreground, borderWidth: 2, opacity: 1 } } : { value };
        }),
      },
    ],
  });
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
  const labels = data.items.map((it) => it.label);
  const staged = data.items.map((it, i) => (it.stages.length && data.values[i]![column] !== null ? i : -1)).filter((i) => i >= 0);
  chart.setOption({
    ...baseOption(t),
    tooltip: {
      ...baseOption(t).tooltip,
      formatter: (p: { dataIndex: number; seriesIndex: number }) => tooltipNode(data, p.seriesIndex === 1 ? staged[p.dataIndex]! : p.dataIndex, [column]),
    },
    grid: { left: 16, right: 24, top: 28, bottom: 8, containLabel: true },
    // A label every n-th version, decided here: ECharts would measure all 1,000 to find out.
    xAxis: { ...axisStyle(t), type: 'category', data: labels, boundaryGap: false, axisLabel: { ...axisStyle(t).axisLabel, interval: Math.max(0, Math.ceil(labels.length / 8) - 1) } },
    yAxis: { ...axisStyle(t), type: 'value', scale: true },
    series: [
      {
        type: 'line',
        connectNulls: true,
        showSymbol: data.items.length <= 200,
        symbolSize: 6,
        lineStyle: { color: t.series[0], width: 2 },
        itemStyle: { color: t.series[0] },
        data: data.items.map((_, i) => {
          const v = data.values[i]![column];
          const value = v === null ? '-' : v;
          return host.selected.has(i) ? { value, symbol: 'circle', symbolSize: 11, itemStyle: { color: t.selected, borderColor: t.foreground, borderWidth: 2 } } : value;
        }),
      },
      {
        // Stage markers: their own series, so a stage shows even where the line has no symbols.
        type: 'scatter',
        symbol: 'diamond',
        symbolSize: 13,
        itemStyle: { color: t.selected, borderColor: t.foreground, borderWidth: 1 },
        label: { show: true, position: 'top', color: t.foreground, formatter: (p: { dataIndex: number }) => data.items[staged[p.dataIndex]!]!.stages.join(', ') },
        labelLayout: { hideOverlap: true },
        data: staged.map((i) => [i, data.values[i]![column]]),
        z: 3,
      },
    ],
  });
  chart.on('click', (p) => {
    if (typeof p.dataIndex === 'number') host.toggle(p.seriesIndex === 1 ? staged[p.dataIndex]! : p.dataIndex);
  });
  keyboard(container, chart, host, data.items.length, (i) => i, [column]);
  return sized(chart, container);
}

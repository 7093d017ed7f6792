// ECharts options of the all-versions charts — parallel coordinates from params to metrics, a
// scatter of one column against a metric, each metric over the versions with stage markers — as
// pure data, so that the webview (webview/allVersions/charts.ts adds events and the keyboard) and
// the CLI's static page (server-side rendering to SVG) draw the same charts. Every text a chart
// draws is plain text: no rich-text styles are defined, so `{a|b}` stays as typed.
import { cellText, type AllVersionsData } from '../allVersions';
import type { ChartTheme } from './chartTheme';

/** Axes on the parallel chart at most: past that the lines are a blur. */
export const MAX_AXES = 14;
/** Metric charts drawn at most over the versions. */
export const MAX_TRENDS = 12;

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

export interface ChartExtras {
  /** A tooltip's content for an item and the columns it shows (the webview builds DOM nodes). */
  tooltip?: (item: number, columns: readonly number[]) => unknown;
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


/** The parallel chart's dimensions: the axes, and the colour column if it is not one of them. */
export function parallelDims(axes: readonly number[], colorBy: number | undefined): number[] {
  const dims = [...axes];
  if (colorBy !== undefined && !dims.includes(colorBy)) dims.push(colorBy);
  return dims;
}

/** Parallel coordinates over `axes`, each version a line, coloured by the column `colorBy`. */
export function parallelOption(data: AllVersionsData, t: ChartTheme, axes: readonly number[], colorBy: number | undefined, selected: ReadonlySet<number>, extras: ChartExtras = {}): Record<string, unknown> {
  const dims = parallelDims(axes, colorBy);
  const colorDim = colorBy === undefined ? -1 : dims.indexOf(colorBy);
  const colorCol = colorBy === undefined ? undefined : data.columns[colorBy];
  const many = data.items.length > 100;
  return {
    ...baseOption(t),
    ...(extras.tooltip ? { tooltip: { ...baseOption(t).tooltip, formatter: (p: { dataIndex: number }) => extras.tooltip!(p.dataIndex, dims) } } : {}),
    parallel: {
      // Room for half the first axis name (names are centred on their axis, truncated at 140 px).
      left: 76,
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
        // Many lines: 1 px, which a canvas strokes as hairlines (1.5 px lines took Chromium's
        // rasteriser 300-700 ms for 1,000 versions); few lines: wide and solid enough to follow.
        lineStyle: { width: many ? 1 : 2, opacity: many ? 0.55 : 0.9, color: t.series[0] },
        emphasis: { lineStyle: { width: 3, opacity: 1 } },
        data: data.items.map((_, i) => {
          const value = dims.map((c) => {
            const v = data.values[i]![c];
            return v === null || v === undefined ? '-' : v;
          });
          return selected.has(i) ? { value, lineStyle: { width: many ? 2 : 4, opacity: 1 } } : value;
        }),
      },
    ],
  };
}

/** The items a scatter of x against y draws: those with both values. */
export function scatterItems(data: AllVersionsData, x: number, y: number): number[] {
  return data.items.map((_, i) => i).filter((i) => data.values[i]![x] !== null && data.values[i]![y] !== null);
}

/** One param (or metric) against one metric, each version a point. */
export function scatterOption(data: AllVersionsData, t: ChartTheme, x: number, y: number, selected: ReadonlySet<number>, extras: ChartExtras = {}): Record<string, unknown> {
  const cx = data.columns[x]!;
  const cy = data.columns[y]!;
  const items = scatterItems(data, x, y);
  return {
    ...baseOption(t),
    ...(extras.tooltip ? { tooltip: { ...baseOption(t).tooltip, formatter: (p: { dataIndex: number }) => extras.tooltip!(items[p.dataIndex]!, [x, y]) } } : {}),
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
          return selected.has(i) ? { value, symbolSize: 15, itemStyle: { color: t.selected, borderColor: t.foreground, borderWidth: 2, opacity: 1 } } : { value };
        }),
      },
    ],
  };
}

/** The items holding a stage and a value of `column`: the trend's stage markers. */
export function stagedItems(data: AllVersionsData, column: number): number[] {
  return data.items.map((it, i) => (it.stages.length && data.values[i]![column] !== null ? i : -1)).filter((i) => i >= 0);
}

/** One metric over the versions (oldest first), a marker and its name where a version holds a stage. */
export function trendOption(data: AllVersionsData, t: ChartTheme, column: number, selected: ReadonlySet<number>, extras: ChartExtras = {}): Record<string, unknown> {
  const labels = data.items.map((it) => it.label);
  const staged = stagedItems(data, column);
  return {
    ...baseOption(t),
    ...(extras.tooltip
      ? { tooltip: { ...baseOption(t).tooltip, formatter: (p: { dataIndex: number; seriesIndex: number }) => extras.tooltip!(p.seriesIndex === 1 ? staged[p.dataIndex]! : p.dataIndex, [column]) } }
      : {}),
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
          return selected.has(i) ? { value, symbol: 'circle', symbolSize: 11, itemStyle: { color: t.selected, borderColor: t.foreground, borderWidth: 2 } } : value;
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
  };
}

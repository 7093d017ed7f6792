// ECharts options of a chart model: pure data, no DOM, so the webview and the CLI's static page
// (server-side rendering to an SVG string) draw the same chart.
import type { ChartModel } from '../chartModel';
import { formatNumber } from './format';
import type { ChartTheme } from './chartTheme';

export interface OptionExtras {
  animation?: boolean;
  /** Builds the tooltip's content as DOM nodes (never markup): only the webview has one. */
  tooltip?: (params: unknown) => unknown;
  /** A legend of the series drawn in the chart (the static page; the webview has its own above the charts). */
  legend?: boolean;
}

/** The category label on the x axis: the version, and its stages on a second line. */
export function categoryAxisLabel(label: string, stages: readonly string[]): string {
  return stages.length ? `${label}\n${stages.join(', ')}` : label;
}

/** An ECharts option object for one chart model. */
export function chartOption(model: ChartModel, theme: ChartTheme, extras: OptionExtras = {}): Record<string, unknown> {
  const text = { color: theme.foreground, fontFamily: theme.fontFamily, fontSize: theme.fontSize - 1 };
  const axisLine = { lineStyle: { color: theme.axis } };
  const splitLine = { lineStyle: { color: theme.grid, type: theme.highContrast ? 'dashed' : 'solid' } };
  const valueAxis = {
    type: 'value',
    min: model.y.min,
    max: model.y.max,
    scale: true,
    axisLabel: { ...text, color: theme.muted, formatter: (v: number) => formatNumber(v) },
    axisLine: { show: true, ...axisLine },
    axisTick: { show: true, lineStyle: { color: theme.axis } },
    splitLine,
    splitNumber: 4,
  };
  const lineWidth = theme.highContrast ? 3 : 2;
  const symbolSize = theme.highContrast ? 10 : 7;
  const steps = model.kind === 'steps';
  const xAxis = steps
    ? { type: 'value', min: model.x!.min, max: model.x!.max, name: model.xName ?? 'step', nameLocation: 'middle', nameGap: 24, nameTextStyle: { ...text, color: theme.muted }, axisLabel: { ...text, color: theme.muted, hideOverlap: true }, axisLine, axisTick: { show: true }, splitLine: { show: false } }
    : {
        type: 'category',
        data: model.categories.map((c) => categoryAxisLabel(c.label, c.stages)),
        boundaryGap: true,
        axisLabel: { ...text, interval: model.categories.length > 12 ? 'auto' : 0, hideOverlap: true, lineHeight: theme.fontSize + 3 },
        axisLine,
        axisTick: { show: true, alignWithLabel: true },
      };
  const series = model.series.map((s, index) => {
    const i = s.colour ?? index;
    return {
    type: model.scatter ? 'scatter' : 'line',
    name: s.name,
    data: steps ? s.points : s.values,
    // A lone point (one version, one step) is drawn as a marker of its own.
    showSymbol: true,
    showAllSymbol: !steps || (s.points?.length ?? 0) <= 50,
    symbol: 'circle',
    symbolSize: steps && (s.points?.length ?? 0) > 50 ? 4 : symbolSize,
    connectNulls: false,
    lineStyle: { width: lineWidth, color: theme.series[i % theme.series.length] },
    itemStyle: { color: theme.series[i % theme.series.length], borderColor: theme.background, borderWidth: 1 },
    emphasis: { focus: 'series', scale: 1.6 },
    animation: extras.animation ?? false,
    };
  });
  const bottom = !steps && model.categories.some((c) => c.stages.length) ? 44 : 32;
  const legend = !!extras.legend && model.series.length > 1;
  return {
    animation: extras.animation ?? false,
    backgroundColor: 'transparent',
    textStyle: text,
    color: theme.series,
    grid: { left: 56, right: 16, top: legend ? 40 : 16, bottom: steps ? 40 : bottom, containLabel: false },
    ...(legend ? { legend: { top: 4, left: 56, right: 16, type: 'plain', data: model.series.map((s) => s.name), textStyle: { ...text, color: theme.foreground }, itemWidth: 18, itemHeight: 10 } } : {}),
    xAxis,
    yAxis: valueAxis,
    series,
    ...(extras.tooltip
      ? {
          tooltip: {
            trigger: 'axis',
            confine: true,
            axisPointer: { type: steps ? 'line' : 'shadow', lineStyle: { color: theme.axis }, shadowStyle: { color: 'rgba(128,128,128,0.12)' } },
            backgroundColor: theme.background,
            borderColor: theme.axis,
            textStyle: { color: theme.foreground, fontFamily: theme.fontFamily, fontSize: theme.fontSize },
            formatter: extras.tooltip,
          },
        }
      : {}),
  };
}

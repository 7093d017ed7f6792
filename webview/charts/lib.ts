// The one ECharts setup of both webviews (the diff panel and Compare All Versions): every chart,
// component and renderer either draws with, registered once. Built on its own into dist/charts.js,
// which each page loads before its own script; the two views' bundles read this module from the
// global that file sets (esbuild.mjs maps the import), so the .vsix carries the library once.
// Tree-shaken through echarts/core; neither renderer evaluates code or writes inline style markup.
import * as echarts from 'echarts/core';
import { LineChart, ParallelChart, ScatterChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent, ParallelComponent, TooltipComponent, VisualMapContinuousComponent } from 'echarts/components';
import { CanvasRenderer, SVGRenderer } from 'echarts/renderers';

echarts.use([LineChart, ParallelChart, ScatterChart, GridComponent, LegendComponent, MarkLineComponent, ParallelComponent, TooltipComponent, VisualMapContinuousComponent, SVGRenderer, CanvasRenderer]);

export type ChartInstance = echarts.ECharts;

/** The global dist/charts.js sets to this module. */
export const CHARTS_GLOBAL = 'modelVersionsCharts';

/** A chart in `container`: SVG keeps every label as text in the page; canvas is for many items. */
export function initChart(container: HTMLElement, renderer: 'svg' | 'canvas' = 'svg'): ChartInstance {
  return echarts.init(container, undefined, { renderer });
}

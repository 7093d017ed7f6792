// The one place the browser code loads ECharts: tree-shaken through echarts/core to the line and
// scatter charts, the components we draw, and the SVG renderer (no canvas, nothing evaluated).
import * as echarts from 'echarts/core';
import { LineChart, ScatterChart } from 'echarts/charts';
import { GridComponent, TooltipComponent, LegendComponent, MarkLineComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';

echarts.use([LineChart, ScatterChart, GridComponent, TooltipComponent, LegendComponent, MarkLineComponent, SVGRenderer]);

export type ChartInstance = echarts.ECharts;

/** A chart in `container`, drawn as SVG. */
export function initChart(container: HTMLElement): ChartInstance {
  return echarts.init(container, undefined, { renderer: 'svg' });
}

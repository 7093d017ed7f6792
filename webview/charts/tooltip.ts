// Tooltip content built from DOM nodes with textContent: ECharts' own HTML tooltip markup would
// carry style="" attributes (blocked by the panel's CSP) and would parse names as markup.
import { formatNumber } from '../../src/core/render/format';

interface AxisParam {
  seriesName?: string;
  name?: string;
  axisValueLabel?: string;
  axisValue?: unknown;
  value?: unknown;
  color?: unknown;
  seriesIndex?: number;
}

/** Tooltip content for an axis tooltip: the category (or step) and each series' value. */
export function tooltipContent(params: unknown, stepAxis: string | false, colours: readonly number[] = []): HTMLElement {
  const list = (Array.isArray(params) ? params : [params]) as AxisParam[];
  const box = document.createElement('div');
  box.className = 'chart-tip';
  const head = document.createElement('div');
  head.className = 'chart-tip-head';
  const first = list[0];
  const axis = first?.axisValueLabel ?? first?.name ?? '';
  head.textContent = stepAxis ? `${stepAxis} ${typeof first?.axisValue === 'number' ? formatNumber(first.axisValue) : axis}` : axis.replace(/\n/g, ' · ');
  box.append(head);
  for (const p of list) {
    const raw = Array.isArray(p.value) ? p.value[1] : p.value;
    if (raw === null || raw === undefined || raw === '-') continue;
    const line = document.createElement('div');
    line.className = 'chart-tip-line';
    const name = document.createElement('span');
    name.className = 'chart-tip-name';
    const swatch = document.createElement('span');
    swatch.className = `swatch s${(colours[p.seriesIndex ?? 0] ?? p.seriesIndex ?? 0) % 6}`;
    name.append(swatch, document.createTextNode(p.seriesName ?? ''));
    const value = document.createElement('span');
    value.className = 'chart-tip-value';
    value.textContent = typeof raw === 'number' ? formatNumber(raw) : String(raw);
    line.append(name, value);
    box.append(line);
  }
  return box;
}

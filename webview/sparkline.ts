// A small line chart of one metric across versions, drawn as SVG with theme colours.
import { svgEl } from './dom';

export function renderSparkline(points: Array<{ label: string; value: number | null }>, title: string, width = 180): SVGElement {
  const height = 48;
  const pad = 6;
  const svg = svgEl('svg', { width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', class: 'sparkline' });
  const t = svgEl('title');
  const finite = points.filter((p): p is { label: string; value: number } => p.value !== null && Number.isFinite(p.value));
  t.textContent = `${title}: ${finite.map((p) => `${p.label} ${p.value}`).join(', ')}`;
  svg.append(t);
  if (finite.length === 0) return svg;
  const min = Math.min(...finite.map((p) => p.value));
  const max = Math.max(...finite.map((p) => p.value));
  const span = max - min || 1;
  const n = points.length;
  const x = (i: number) => (n === 1 ? width / 2 : pad + (i * (width - 2 * pad)) / (n - 1));
  const y = (v: number) => height - pad - ((v - min) / span) * (height - 2 * pad);
  const coords = points.map((p, i) => (p.value !== null && Number.isFinite(p.value) ? `${x(i).toFixed(1)},${y(p.value).toFixed(1)}` : null)).filter(Boolean);
  if (coords.length > 1) svg.append(svgEl('polyline', { points: coords.join(' '), fill: 'none', class: 'line', 'stroke-width': 1.5 }));
  points.forEach((p, i) => {
    if (p.value === null || !Number.isFinite(p.value)) return;
    const dot = svgEl('circle', { cx: x(i).toFixed(1), cy: y(p.value).toFixed(1), r: 2.5, class: 'dot' });
    const dt = svgEl('title');
    dt.textContent = `${p.label}: ${p.value}`;
    dot.append(dt);
    svg.append(dot);
  });
  return svg;
}

/** Series colours: VS Code's chart palette, one class per compared version (column). */
export const SERIES_CLASSES = ['c0', 'c1', 'c2', 'c3', 'c4', 'c5'];

/**
 * Training curves of one metric: a line per compared version over the run's steps, on shared
 * axes, so two runs' learning curves read side by side.
 */
export function renderCurves(series: ReadonlyArray<ReadonlyArray<readonly [number, number]> | null>, labels: readonly string[], title: string, width = 240): SVGElement {
  const height = 72;
  const pad = 6;
  const svg = svgEl('svg', { width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', class: 'sparkline curves' });
  const t = svgEl('title');
  const finite = series.map((s) => (s ?? []).filter(([step, v]) => Number.isFinite(step) && Number.isFinite(v)));
  t.textContent = `${title}: ${finite
    .map((s, i) => (s.length ? `${labels[i]} ${s.length} steps, ${s[0]![1]} to ${s[s.length - 1]![1]}` : ''))
    .filter(Boolean)
    .join('; ')}`;
  svg.append(t);
  const all = finite.flat();
  if (all.length === 0) return svg;
  // reduce, not Math.min(...): a series can be longer than a call takes arguments.
  const [minX, maxX, minY, maxY] = all.reduce(([a, b, c, d], [x, y]) => [Math.min(a, x), Math.max(b, x), Math.min(c, y), Math.max(d, y)], [Infinity, -Infinity, Infinity, -Infinity]);
  const x = (v: number) => (maxX === minX ? width / 2 : pad + ((v - minX) / (maxX - minX)) * (width - 2 * pad));
  const y = (v: number) => height - pad - ((v - minY) / (maxY - minY || 1)) * (height - 2 * pad);
  finite.forEach((s, i) => {
    if (s.length === 0) return;
    const cls = SERIES_CLASSES[i % SERIES_CLASSES.length]!;
    if (s.length > 1) svg.append(svgEl('polyline', { points: s.map(([a, b]) => `${x(a).toFixed(1)},${y(b).toFixed(1)}`).join(' '), fill: 'none', class: `line ${cls}`, 'stroke-width': 1.5 }));
    else svg.append(svgEl('circle', { cx: x(s[0]![0]).toFixed(1), cy: y(s[0]![1]).toFixed(1), r: 2.5, class: `dot ${cls}` }));
  });
  return svg;
}

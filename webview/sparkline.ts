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

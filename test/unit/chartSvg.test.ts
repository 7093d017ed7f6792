// The CLI's static charts: ECharts' server-side SVG of the webviews' own options, inlined into
// `diff --html` and `diff <model>@all --html`. The hostile corpus goes through every chart: each
// label stays text (escaped), and the SVG carries nothing a page could run or style inline.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { diffRecords } from '../../src/core/diff';
import { buildPanelData, versionColumns } from '../../src/core/diffTable';
import { renderHtml, escapeHtml } from '../../src/core/render/html';
import { inertSvg, renderChartSvg } from '../../src/core/render/chartSvg';
import { renderPage } from '../../src/cli/allVersionsCommand';
import { buildAllVersions } from '../../src/core/allVersions';
import { emptyRecord, type ModelVersion } from '../../src/core/types';
import { HOSTILE_CASES } from '../fixtures/hostile/corpus';

const cases = HOSTILE_CASES.filter((c) => c.value.length <= 2000);
const v1 = cases.find((c) => c.id === 'html-injection-1')!.value;
const v2 = cases.find((c) => c.id === 'html-injection-3')!.value;
const stage = cases.find((c) => c.id === 'html-injection-5')!.value;

function svgsOf(html: string): string[] {
  return html.match(/<svg\b[\s\S]*?<\/svg>/g) ?? [];
}

/** Nothing in an SVG that runs, loads or styles: no script, no handler, no style markup, no foreign content. */
function assertInert(svg: string): void {
  // Raw `<` only starts markup: every label's own `<` is escaped, so these hold for the text too.
  assert.doesNotMatch(svg, /<script|<style|<foreignObject|<img|<image|<a\b/i);
  // Attributes are looked for in the tags only: a label may read "onerror=" as text.
  for (const tag of svg.match(/<[a-zA-Z][^>]*>/g) ?? []) {
    assert.doesNotMatch(tag, /\son[a-z]+\s*=/i, tag);
    assert.doesNotMatch(tag, /\sstyle=|href=/i, tag);
  }
}

/** The text content of an SVG's <text> elements, unescaped once (as a browser reads them). */
function texts(svg: string): string[] {
  const un = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
  return [...svg.matchAll(/<text\b[^>]*>([\s\S]*?)<\/text>/g)].map((m) => un(m[1]!));
}

describe('static charts (ECharts server-side SVG)', () => {
  it('keeps the font of each label as a presentation attribute and drops the hover stylesheet', () => {
    const svg = renderChartSvg({ xAxis: { type: 'category', data: ['a', 'b'] }, yAxis: { type: 'value' }, series: [{ type: 'line', data: [1, 2] }], textStyle: { fontFamily: "system-ui, 'Segoe UI', sans-serif" } }, { width: 300, height: 200 })!;
    assertInert(svg);
    assert.match(svg, /<text [^>]*font-size="12px"[^>]*font-family="system-ui, 'Segoe UI', sans-serif"[^>]*>a<\/text>/);
    assert.equal(inertSvg('<svg><text style="font-size:9px;behavior:url(x)" onclick="x()">t onload=&quot;x&quot;</text><style>.a{}</style><script>1</script></svg>'), '<svg><text font-size="9px">t onload=&quot;x&quot;</text></svg>');
  });

  it('diff --html: every metric chart of the hostile corpus is an inert SVG whose versions and stages are text', () => {
    const a = { ...emptyRecord('evil', v1, 'a'.repeat(40)), metrics: {} as Record<string, number> };
    const z = { ...emptyRecord('evil', v2, 'b'.repeat(40)), metrics: {} as Record<string, number> };
    // Fewer than the page's cap, so that each one is drawn.
    const keys = cases.slice(0, 40).map((c) => c.value);
    keys.forEach((k, i) => {
      Object.defineProperty(a.metrics, k, { value: i, enumerable: true });
      Object.defineProperty(z.metrics, k, { value: i + 1, enumerable: true });
    });
    const diff = diffRecords([
      { label: `evil@${v1}`, record: a },
      { label: `evil@${v2}`, record: z },
    ]);
    const data = buildPanelData(diff, [a, z], versionColumns([{ registryVersion: { stages: [stage] } as never }, { registryVersion: { stages: [] } as never }]));
    const html = renderHtml(diff, { data });
    const svgs = svgsOf(html);
    const drawn = new Set(data.rows.filter((r) => r.section === 'metrics').map((r) => r.key));
    assert.equal(svgs.length, drawn.size, 'a chart per metric');
    for (const svg of svgs) {
      assertInert(svg);
      const t = texts(svg);
      assert.ok(t.some((s) => s.startsWith(v1.slice(0, 20))), 'the first version is an axis label, as text');
      assert.ok(t.includes(stage) || t.some((s) => s.includes(stage)), 'its stage under it, as text');
    }
    // Each figure's caption is its metric key, escaped (the html-injection keys read whole).
    for (const c of cases.slice(0, 40).filter((c) => c.category === 'html-injection')) assert.ok(html.includes(`<span class="chart-title">${escapeHtml(c.value)}</span>`), c.id);
    assert.doesNotMatch(html.slice(0, html.indexOf('</head>')), /<script/);
    assert.ok(!html.includes('<img src=x'), 'no hostile element reached the markup');
  });

  it('diff <model>@all --html: the parallel, scatter and trend charts name hostile versions and keys as text', () => {
    const versions: ModelVersion[] = [];
    const records = [v1, v2, 'v3'].map((version, i) => {
      const commit = String(i + 1).repeat(40);
      versions.push({ version, commit, date: 1_767_225_600 + i * 3600, registered: true, active: true, stages: i === 0 ? [stage] : [], stageTags: [] } as ModelVersion);
      const r = emptyRecord('evil', version, commit);
      r.hyperparameters = { [v2]: i * 2, lr: 0.1 * (i + 1) };
      r.metrics = { [v1]: 0.5 + i / 10, auc: 0.7 + i / 20 };
      return r;
    });
    const data = buildAllVersions('evil', versions, records);
    const html = renderPage(data, true, undefined);
    const svgs = svgsOf(html);
    assert.ok(svgs.length >= 3, `parallel, scatter and a trend per metric (${svgs.length})`);
    const all = svgs.flatMap(texts);
    for (const svg of svgs) assertInert(svg);
    assert.ok(all.some((s) => s.includes(v1.slice(0, 16))), 'the hostile version or metric key is drawn as text');
    assert.ok(all.includes(stage), 'the stage marker is named as text');
    // The page allows no script at all without the view's bundle: the SVGs are what it shows.
    assert.doesNotMatch(html, /script-src/);
  });
});

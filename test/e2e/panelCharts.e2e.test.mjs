// The diff panel's charts (Apache ECharts, #16) in Chromium, through the panel's own script in a
// page with the panel's strict CSP: axes with ticks, version labels and stages on the x axis, a
// 2-point and a 4-point series on the same categories, a 1-point series visible, values on hover
// and from the keyboard, training curves with one series per version and a shared legend, the
// charts following the filter, light, dark and high-contrast colours. Screenshots 80- to 82-.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { launchChromium, REPO_ROOT, SCREENSHOT_DIR } from '../harness/browser.mjs';

const require = createRequire(import.meta.url);
const out = (p) => require(path.join(REPO_ROOT, 'out', p));
const { diffRecords } = out('src/core/diff.js');
const { buildPanelData, versionColumns } = out('src/core/diffTable.js');
const { renderHtml } = out('src/core/render/html.js');
const { emptyRecord } = out('src/core/types.js');

let browser;
let page;
let file;
const violations = [];

/** Four versions: auc at all four, loss at the last two only, ece at one only, a run's curve at two. */
function comparison() {
  const metrics = [
    { auc: 0.81, f1: 0.7 },
    { auc: 0.83, f1: 0.7 },
    { auc: 0.86, loss: 0.41, f1: 0.71 },
    { auc: 0.85, loss: 0.37, ece: 0.05, f1: 0.72 },
  ];
  const records = metrics.map((m, i) => ({ ...emptyRecord('churn', `v1.${i}.0`, String(i + 1).repeat(40)), metrics: m }));
  // The weights: in the local DVC cache at v1.0.0, nowhere at v1.3.0.
  const weights = (hash, availability) => ({ 'model.pkl': { path: 'model.pkl', hash, algorithm: 'md5', source: 'dvc.lock', sourceFile: 'dvc.lock', availability } });
  records[0].weights = weights('a'.repeat(32), { state: 'local', where: 'dvc-cache', note: 'in the local DVC cache' });
  records[1].weights = weights('a'.repeat(32), { state: 'local', where: 'dvc-cache', note: 'in the local DVC cache' });
  records[2].weights = weights('b'.repeat(32), { state: 'remote', where: 'dvc-remote', remote: 'storage', note: 'on the DVC remote storage' });
  records[3].weights = weights('c'.repeat(32), { state: 'missing', note: 'not in the local cache: dvc pull' });
  records[1].runs = [{ source: 'mlflow', id: 'run1', location: 'mlruns/0/run1', params: {}, metrics: { val_loss: 0.5 }, history: { val_loss: [0, 1, 2, 3, 4].map((s) => ({ step: s, value: 0.9 - s * 0.1 })) } }];
  records[3].runs = [{ source: 'mlflow', id: 'run3', location: 'mlruns/0/run3', params: {}, metrics: { val_loss: 0.4 }, history: { val_loss: [0, 2, 4, 6].map((s) => ({ step: s, value: 0.8 - s * 0.07 })) } }];
  const diff = diffRecords(records.map((r) => ({ label: `churn@${r.version}`, record: r })));
  const resolved = records.map((r, i) => ({ registryVersion: { stages: i === 3 ? ['prod'] : i === 2 ? ['staging'] : [] } }));
  return { diff, records, data: buildPanelData(diff, records, versionColumns(resolved)) };
}

describe('the diff panel charts (ECharts, Chromium)', () => {
  before(async () => {
    const { diff, records, data } = comparison();
    const html = renderHtml(diff, {
      records,
      panel: { data, scripts: ['dist/charts.js', 'dist/webview.js'].map((f) => fs.readFileSync(path.join(REPO_ROOT, f), 'utf8')), css: fs.readFileSync(path.join(REPO_ROOT, 'media/panel.css'), 'utf8') },
    });
    file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mv-charts-')), 'panel.html');
    fs.writeFileSync(file, html);
    fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
    browser = await launchChromium({ viewport: { width: 1200, height: 900 } });
    page = browser.page;
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => ((window.__csp ??= []).push(`${e.violatedDirective} ${e.blockedURI} ${e.sample}`)));
    });
    page.on('console', (m) => {
      if (m.type() === 'error') violations.push(m.text());
    });
    await page.goto(`file://${file}`);
    await page.locator('#app[data-ready="true"]').waitFor({ timeout: 30000 });
    await page.locator('.chart-canvas svg').first().waitFor();
  });

  after(async () => {
    await browser?.close();
    if (file) fs.rmSync(path.dirname(file), { recursive: true, force: true });
  });

  it('draws a chart per metric with version categories, stages and value ticks, under the CSP', async () => {
    const figures = page.locator('section.metrics figure');
    assert.deepEqual(await figures.locator('.chart-title').allInnerTexts(), ['auc', 'loss', 'ece', 'f1', 'mlflow:val_loss']);
    const auc = page.locator('figure[data-chart-id="metric:auc"]');
    const texts = await auc.locator('svg text').allTextContents();
    for (const v of ['v1.0.0', 'v1.1.0', 'v1.2.0', 'v1.3.0', 'staging', 'prod']) assert.ok(texts.some((t) => t.includes(v)), `x axis label ${v}: ${texts}`);
    assert.ok(texts.filter((t) => /^0\.\d+$/.test(t)).length >= 3, `value axis ticks: ${texts}`);
    // The 2-point series (loss) spans the same four categories as the 4-point one.
    const loss = await page.locator('figure[data-chart-id="metric:loss"] svg text').allTextContents();
    for (const v of ['v1.0.0', 'v1.3.0']) assert.ok(loss.some((t) => t.includes(v)), `loss shares the x axis: ${loss}`);
    // A 1-point series still shows its point.
    assert.ok((await page.locator('figure[data-chart-id="metric:ece"] svg path').count()) > 0);
    assert.match(await page.locator('figure[data-chart-id="metric:ece"] .values-table').textContent(), /v1\.3\.0 \(prod\)\s*0\.05/);
    assert.equal(await page.locator('figure[data-chart-id="metric:loss"] .chart-note').innerText(), 'lower is better');
    assert.deepEqual(await page.evaluate(() => window.__csp ?? []), [], 'no CSP violation');
    assert.deepEqual(violations, []);
  });

  it('shows each compared metric value whole beside its delta and verdict (the delta gives way first)', async () => {
    const texts = page.locator('.grid-row[data-key="auc"] .cell.value .text');
    assert.deepEqual(await texts.allInnerTexts(), ['0.81', '0.83', '0.86', '0.85']);
    const clipped = await texts.evaluateAll((els) => els.filter((e) => e.scrollWidth > e.clientWidth + 1).map((e) => e.textContent));
    assert.deepEqual(clipped, [], 'no metric value is cut to "0.…"');
    assert.equal(await page.locator('.grid-row[data-key="auc"] .cell.value').nth(1).locator('.verdict').innerText(), '✓ better');
  });

  it('marks each weights cell with whether its content can be restored (#13)', async () => {
    const cells = page.locator('.grid-row[data-key="model.pkl"] .cell.value');
    assert.deepEqual(await cells.locator('.avail').allInnerTexts(), ['● cached', '● cached', '☁ remote', '⚠ missing']);
    assert.equal(await cells.nth(3).locator('.avail').getAttribute('title'), 'missing: not in the local cache: dvc pull');
    assert.match(await cells.nth(3).getAttribute('aria-label'), /missing: not in the local cache: dvc pull$/);
    await page.locator('.grid-row[data-key="model.pkl"]').screenshot({ path: path.join(SCREENSHOT_DIR, '87-panel-availability.png') });
  });

  it('shows a value on hover and reads the points from the keyboard', async () => {
    const canvas = page.locator('figure[data-chart-id="metric:auc"] .chart-canvas');
    await canvas.scrollIntoViewIfNeeded();
    const box = await canvas.boundingBox();
    // The third category of four (v1.2.0): plot area from x=56 to width-16.
    const x = box.x + 56 + ((box.width - 72) * 2.5) / 4;
    await page.mouse.move(x, box.y + box.height / 2);
    const tip = canvas.locator('.chart-tip');
    await tip.waitFor({ state: 'visible', timeout: 5000 });
    assert.match(await tip.innerText(), /v1\.2\.0 · staging[\s\S]*auc\s+0\.86/);
    await page.mouse.move(0, 0);
    await canvas.focus();
    assert.equal(await page.locator('#live').textContent(), 'auc at v1.0.0: 0.81');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    assert.equal(await page.locator('#live').textContent(), 'auc at v1.3.0 (prod): 0.85');
    assert.match(await tip.innerText(), /auc\s+0\.85/);
    await page.keyboard.press('Home');
    assert.equal(await page.locator('#live').textContent(), 'auc at v1.0.0: 0.81');
  });

  it('draws training curves on a step axis, one series per version, with a shared legend', async () => {
    const curves = page.locator('section.curves');
    assert.deepEqual(await curves.locator('.legend li').allInnerTexts(), ['v1.0.0', 'v1.1.0', 'v1.2.0\nstaging', 'v1.3.0\nprod']);
    const canvas = curves.locator('figure[data-chart-id="curve:mlflow:val_loss"] .chart-canvas');
    assert.match(await canvas.getAttribute('aria-label'), /v1\.1\.0 5 steps, 0\.9 to 0\.5; v1\.3\.0 4 steps, 0\.8 to 0\.38/);
    assert.ok((await canvas.locator('svg text').allTextContents()).includes('step'));
    await canvas.focus();
    await page.keyboard.press('End');
    assert.equal(await page.locator('#live').textContent(), 'mlflow:val_loss, v1.1.0, step 4: 0.5');
    await page.keyboard.press('ArrowDown');
    assert.equal(await page.locator('#live').textContent(), 'mlflow:val_loss, v1.3.0, step 6: 0.38');
  });

  it('follows the filter', async () => {
    await page.locator('#filter').fill('loss');
    await page.waitForFunction(() => document.querySelectorAll('section.metrics figure').length === 2);
    assert.deepEqual(await page.locator('section.metrics .chart-title').allInnerTexts(), ['loss', 'mlflow:val_loss']);
    assert.equal(await page.locator('section.curves figure').count(), 1, 'mlflow:val_loss matches too');
    await page.locator('#filter').fill('auc');
    await page.waitForFunction(() => document.querySelectorAll('section.metrics figure').length === 1 && !document.querySelector('section.curves'));
    await page.locator('#filter').fill('');
    await page.waitForFunction(() => document.querySelectorAll('section.metrics figure').length === 5);
  });

  for (const [name, shot, setup] of [
    ['dark', '80-panel-charts-dark.png', async () => page.emulateMedia({ colorScheme: 'dark' })],
    ['light', '81-panel-charts-light.png', async () => page.emulateMedia({ colorScheme: 'light' })],
    [
      'high contrast',
      '82-panel-charts-hc.png',
      async () => {
        await page.emulateMedia({ colorScheme: 'dark' });
        await page.evaluate(() => {
          const vars = { '--vscode-editor-background': '#000000', '--vscode-foreground': '#ffffff', '--vscode-descriptionForeground': '#ffffff', '--vscode-contrastBorder': '#6fc3df', '--vscode-panel-border': '#6fc3df', '--vscode-charts-blue': '#75beff', '--vscode-charts-purple': '#b180d7', '--vscode-charts-green': '#89d185', '--vscode-charts-red': '#f48771' };
          for (const [k, v] of Object.entries(vars)) document.documentElement.style.setProperty(k, v);
          document.body.classList.add('vscode-high-contrast');
        });
      },
    ],
  ]) {
    it(`takes the ${name} theme's colours`, async () => {
      await setup();
      // The charts redraw with the theme: wait until the axis labels have the new foreground.
      const fg = await page.evaluate(() => getComputedStyle(document.body).getPropertyValue('--vscode-foreground').trim());
      await page.waitForFunction((want) => {
        const t = [...document.querySelectorAll('figure[data-chart-id="metric:auc"] svg text')].find((x) => x.textContent === 'v1.0.0');
        const c = document.createElement('div');
        c.style.color = want;
        document.body.append(c);
        const norm = getComputedStyle(c).color;
        c.remove();
        const probe = document.createElement('div');
        probe.style.color = t?.getAttribute('fill') ?? '';
        document.body.append(probe);
        const got = getComputedStyle(probe).color;
        probe.remove();
        return got === norm;
      }, fg, { timeout: 5000 });
      // From the top: a full-page capture draws sticky elements where the scroll left them.
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: path.join(SCREENSHOT_DIR, shot), fullPage: true });
      assert.deepEqual(await page.evaluate(() => window.__csp ?? []), []);
    });
  }
});

describe('the hostile corpus through every chart (Chromium)', () => {
  const { HOSTILE_CASES } = out('test/fixtures/hostile/corpus.js');
  const cases = HOSTILE_CASES.filter((c) => c.value.length <= 2000);
  let b;
  let p;
  let dir;

  before(async () => {
    // Versions named by hostile text, a metric per case, and a run's curve per case.
    const v1 = cases.find((c) => c.id === 'html-injection-1').value;
    const v2 = cases.find((c) => c.id === 'html-injection-3').value;
    const a = { ...emptyRecord('evil', v1, 'a'.repeat(40)), metrics: {} };
    const z = { ...emptyRecord('evil', v2, 'b'.repeat(40)), metrics: {} };
    const history = {};
    cases.forEach((c, i) => {
      Object.defineProperty(a.metrics, c.value, { value: i, enumerable: true });
      Object.defineProperty(z.metrics, c.value, { value: i + 1, enumerable: true });
      if (i < 20) Object.defineProperty(history, c.value, { value: [{ step: 0, value: 1 }, { step: 1, value: 0.5 }], enumerable: true });
    });
    a.runs = [{ source: 'mlflow', id: 'r1', location: 'x', params: {}, metrics: {}, history }];
    z.runs = [{ source: 'mlflow', id: 'r2', location: 'y', params: {}, metrics: {}, history }];
    const diff = diffRecords([
      { label: `evil@${v1}`, record: a },
      { label: `evil@${v2}`, record: z },
    ]);
    const data = buildPanelData(diff, [a, z], versionColumns([{ registryVersion: { stages: [cases.find((c) => c.id === 'html-injection-5').value] } }, { registryVersion: { stages: [] } }]));
    const html = renderHtml(diff, { panel: { data, scripts: ['dist/charts.js', 'dist/webview.js'].map((f) => fs.readFileSync(path.join(REPO_ROOT, f), 'utf8')), css: fs.readFileSync(path.join(REPO_ROOT, 'media/panel.css'), 'utf8') } });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mv-charts-hostile-'));
    fs.writeFileSync(path.join(dir, 'panel.html'), html);
    b = await launchChromium({ viewport: { width: 1200, height: 900 } });
    p = b.page;
    await p.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => ((window.__csp ??= []).push(`${e.violatedDirective} ${e.sample}`)));
    });
    await p.goto(`file://${path.join(dir, 'panel.html')}`);
    await p.locator('#app[data-ready="true"]').waitFor({ timeout: 30000 });
    await p.locator('.chart-canvas svg').first().waitFor();
  });

  after(async () => {
    await b?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('every series name, axis label and tooltip stays text: nothing runs, no element comes from the data', async () => {
    const titles = await p.locator('section.metrics figure .chart-title').evaluateAll((els) => els.map((e) => e.textContent));
    assert.deepEqual(new Set(titles), new Set(cases.map((c) => c.value)), 'each metric chart titled with its key, exactly');
    const curveTitles = await p.locator('section.curves figure .chart-title').evaluateAll((els) => els.map((e) => e.textContent));
    assert.equal(curveTitles.length, 20);
    // The versions' labels, exactly, in each values table and the legend.
    const v1 = cases.find((c) => c.id === 'html-injection-1').value;
    const stage = cases.find((c) => c.id === 'html-injection-5').value;
    assert.equal(await p.locator('section.metrics .values-table tbody th').first().textContent(), `${v1} (${stage})`);
    // Hover the first chart: the tooltip names the hostile version as text.
    const canvas = p.locator('section.metrics .chart-canvas').first();
    await canvas.scrollIntoViewIfNeeded();
    const box = await canvas.boundingBox();
    await p.mouse.move(box.x + 56 + (box.width - 72) * 0.25, box.y + box.height / 2);
    const tip = canvas.locator('.chart-tip');
    await tip.waitFor({ state: 'visible', timeout: 5000 });
    assert.ok((await tip.locator('.chart-tip-head').textContent()).startsWith(v1));
    await canvas.focus();
    assert.ok((await p.locator('#live').textContent()).includes(v1));
    assert.equal(await p.evaluate(() => window.__pwned), undefined, 'no payload ran');
    assert.deepEqual(await p.evaluate(() => window.__csp ?? []), [], 'no CSP violation');
    const foreign = await p.locator('.extras img, .extras iframe, .extras script, .extras a, .extras b, .extras style, .extras object, .extras embed, .extras foreignObject, .extras svg svg, .extras [onload], .extras [onerror]').count();
    assert.equal(foreign, 0, 'no element came from the data');
  });
});

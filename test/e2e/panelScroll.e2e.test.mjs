// One scroll (#16 item 4): the diff panel scrolls as one page with a sticky toolbar and column
// header; End, Home and PageDown keep the focused row in view (below the sticky header); the
// cell that ArrowRight moves to is the one highlighted. 6,000 rows, so the rows are virtualized.
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
const { buildPanelData } = out('src/core/diffTable.js');
const { renderHtml } = out('src/core/render/html.js');
const { emptyRecord } = out('src/core/types.js');

const ROWS = 6000;
let b;
let page;
let dir;

/** The focused row's box against the window and the bottom of what sticks at the top. */
async function focusedInView() {
  return page.evaluate(() => {
    const row = document.querySelector('.grid-row.focused, .section-row.focused');
    if (!row) return { ok: false, why: `no focused row rendered: ${document.querySelectorAll('.grid-row').length} rows from ${document.querySelector('.grid-row')?.dataset.key}, scrollY ${scrollY}, active ${document.activeElement?.className}` };
    const r = row.getBoundingClientRect();
    const head = document.querySelector('.grid-head').getBoundingClientRect();
    return { ok: r.top >= head.bottom - 1 && r.bottom <= window.innerHeight + 1, why: `row ${r.top}..${r.bottom}, header bottom ${head.bottom}, window ${window.innerHeight}`, key: row.getAttribute('data-key') };
  });
}

describe('the diff panel scrolls as one page (Chromium)', () => {
  before(async () => {
    const a = { ...emptyRecord('big', 'v1.0.0', 'a'.repeat(40)), hyperparameters: {} };
    const z = { ...emptyRecord('big', 'v2.0.0', 'b'.repeat(40)), hyperparameters: {} };
    for (let i = 0; i < ROWS; i++) {
      const k = `p${String(i).padStart(5, '0')}`;
      a.hyperparameters[k] = i;
      z.hyperparameters[k] = i + 1;
    }
    const diff = diffRecords([
      { label: 'big@v1.0.0', record: a },
      { label: 'big@v2.0.0', record: z },
    ]);
    const data = buildPanelData(diff, [a, z]);
    const html = renderHtml(diff, { panel: { data, scripts: ['dist/charts.js', 'dist/webview.js'].map((f) => fs.readFileSync(path.join(REPO_ROOT, f), 'utf8')), css: fs.readFileSync(path.join(REPO_ROOT, 'media/panel.css'), 'utf8') } });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mv-scroll-'));
    fs.writeFileSync(path.join(dir, 'panel.html'), html);
    b = await launchChromium({ viewport: { width: 1100, height: 700 } });
    page = b.page;
    await page.goto(`file://${path.join(dir, 'panel.html')}`);
    await page.locator('#app[data-ready="true"]').waitFor({ timeout: 30000 });
    fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  });

  after(async () => {
    await b?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('has one scroller, the page: no inner element scrolls', async () => {
    const inner = await page.evaluate(() =>
      [...document.querySelectorAll('body *')].filter((e) => {
        const o = getComputedStyle(e).overflowY;
        return (o === 'auto' || o === 'scroll') && e.scrollHeight > e.clientHeight + 1;
      }).map((e) => e.className),
    );
    assert.deepEqual(inner, []);
    assert.ok(await page.evaluate(() => document.documentElement.scrollHeight > window.innerHeight * 10), 'the page is as long as its rows');
  });

  it('End, Home and PageDown keep the focused row in view below the sticky header', async () => {
    await page.locator('.viewport').focus();
    await page.keyboard.press('End');
    let v = await focusedInView();
    assert.ok(v.ok, v.why);
    assert.equal(v.key, `p${String(ROWS - 1).padStart(5, '0')}`);
    const head = await page.locator('.grid-head').boundingBox();
    assert.ok(head.y >= 0 && head.y < 120, 'the column header sticks at the top');
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, '85-panel-one-scroll-end.png') });
    await page.keyboard.press('Home');
    v = await focusedInView();
    assert.ok(v.ok, v.why);
    assert.equal(await page.evaluate(() => window.scrollY), 0, 'Home goes back to the top');
    for (let i = 0; i < 5; i++) await page.keyboard.press('PageDown');
    v = await focusedInView();
    assert.ok(v.ok, v.why);
    // Section row + 100 rows down: the 100th parameter.
    assert.equal(v.key, 'p00099');
  });

  it('ArrowRight moves a visible cell focus, and the announced cell is the highlighted one', async () => {
    await page.keyboard.press('ArrowRight');
    const focused = page.locator('.grid-row.focused .cell.focused-cell');
    assert.equal(await focused.count(), 1);
    assert.equal(await focused.getAttribute('data-col'), '1');
    assert.equal(await page.locator('.viewport').getAttribute('aria-activedescendant'), await focused.getAttribute('id'));
    assert.match(await page.locator('#live').textContent(), /big@v1\.0\.0: 99$/);
    await page.keyboard.press('ArrowRight');
    assert.equal(await page.locator('.grid-row.focused .cell.focused-cell').getAttribute('data-col'), '2');
    assert.match(await page.locator('#live').textContent(), /big@v2\.0\.0: 100$/);
    const outline = await page.locator('.grid-row.focused .cell.focused-cell').evaluate((e) => getComputedStyle(e).outlineStyle);
    assert.equal(outline, 'solid', 'the focused cell is drawn highlighted');
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, '86-panel-focused-cell.png') });
  });
});

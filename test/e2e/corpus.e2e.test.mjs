// The whole hostile corpus (test/fixtures/hostile) through the diff panel's script in Chromium:
// every case as a key and as a value of two versions. Nothing runs, nothing is requested, no
// element comes from the data, and the text shows exactly as written.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { launchChromium, REPO_ROOT } from '../harness/browser.mjs';

const require = createRequire(import.meta.url);
const out = (p) => require(path.join(REPO_ROOT, 'out', p));
const { HOSTILE_CASES } = out('test/fixtures/hostile/corpus.js');
const { diffRecords } = out('src/core/diff.js');
const { buildPanelData } = out('src/core/diffTable.js');
const { renderHtml } = out('src/core/render/html.js');
const { emptyRecord } = out('src/core/types.js');

// Cases that fit a browser test (the 1 MB strings are covered by the unit corpus).
const cases = HOSTILE_CASES.filter((c) => c.value.length <= 20_000);

let browser;
let page;
let file;
const dialogs = [];
const requests = [];

describe('the hostile corpus in the diff panel (Chromium)', () => {
  before(async () => {
    const a = { ...emptyRecord('evil', 'v1.0.0', 'a'.repeat(40)), hyperparameters: {}, metrics: {} };
    const b = { ...emptyRecord('evil', 'v1.1.0', 'b'.repeat(40)), hyperparameters: {}, metrics: {} };
    for (const c of cases) {
      Object.defineProperty(a.hyperparameters, `value ${c.id}`, { value: 'before', enumerable: true });
      Object.defineProperty(b.hyperparameters, `value ${c.id}`, { value: c.value, enumerable: true });
      Object.defineProperty(b.hyperparameters, c.value, { value: c.id, enumerable: true, configurable: true });
    }
    const diff = diffRecords([
      { label: 'evil@v1.0.0', record: a },
      { label: 'evil@v1.1.0', record: b },
    ]);
    const data = buildPanelData(diff, [a, b]);
    const html = renderHtml(diff, {
      panel: { data, scripts: ['dist/charts.js', 'dist/webview.js'].map((f) => fs.readFileSync(path.join(REPO_ROOT, f), 'utf8')), css: fs.readFileSync(path.join(REPO_ROOT, 'media/panel.css'), 'utf8') },
    });
    file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mv-corpus-')), 'panel.html');
    fs.writeFileSync(file, html);
    browser = await launchChromium();
    page = browser.page;
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    browser.context.on('request', (r) => {
      if (!r.url().startsWith('file://')) requests.push(r.url());
    });
    await page.goto(`file://${file}`);
    await page.locator('#app[data-ready="true"]').waitFor({ timeout: 30000 });
  });

  after(async () => {
    await browser?.close();
    if (file) fs.rmSync(path.dirname(file), { recursive: true, force: true });
  });

  it(`renders all ${cases.length} cases with nothing run, requested or created`, async () => {
    await page.locator('#only-changed').uncheck();
    // Scroll through every row so each one is rendered at least once.
    await page.evaluate(async () => {
      // One scroll: the page itself scrolls.
      for (let y = 0; y <= document.documentElement.scrollHeight; y += 400) {
        window.scrollTo(0, y);
        await new Promise((r) => requestAnimationFrame(r));
      }
    });
    assert.equal(await page.evaluate(() => window.__pwned), undefined, 'no payload ran');
    assert.deepEqual(dialogs, []);
    assert.deepEqual(requests, [], 'no request left the page');
    const foreign = await page.locator('#app img, #app iframe, #app svg[onload], #app style, #app script, #app a, #app b, #app object, #app embed').count();
    assert.equal(foreign, 0, 'no element came from the data');
    console.log(`    ${cases.length} hostile cases rendered as keys and values; nothing ran`);
  });

  it('each case shows exactly as written, found by the filter', async () => {
    const filter = page.locator('#filter');
    let checked = 0;
    for (const c of cases) {
      await filter.fill(`value ${c.id}`);
      const cell = page.locator(`.grid-row[data-key="${`value ${c.id}`.replace(/"/g, '\\"')}"] .cell.value[data-col="2"] .text`);
      const text = await cell.textContent({ timeout: 5000 });
      assert.equal(text, c.value, `case ${c.id}`);
      checked++;
    }
    await filter.fill('');
    console.log(`    ${checked} values read back exactly from the DOM`);
  });
});

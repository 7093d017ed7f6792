// `diff --html` as a document (#16 item 5): a full-length page titled with the model, the versions
// and the repository, printed to PDF by Chromium with every row present (no fixed-height app, no
// inner scroller cutting the table). Real git, the built CLI. Files 84-diff-html-print.pdf/png.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launchChromium, REPO_ROOT, SCREENSHOT_DIR } from '../harness/browser.mjs';

const PARAMS = 300;
let dir;
let b;
let html;

function git(...args) {
  return execFileSync('git', args, { cwd: dir, encoding: 'utf8', env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_AUTHOR_NAME: 'Ada', GIT_AUTHOR_EMAIL: 'ada@example.com', GIT_COMMITTER_NAME: 'Ada', GIT_COMMITTER_EMAIL: 'ada@example.com' } });
}

function version(n) {
  const params = Array.from({ length: PARAMS }, (_, i) => `  p${String(i).padStart(3, '0')}: ${i * 10 + n}`).join('\n');
  fs.mkdirSync(path.join(dir, 'scorer'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'scorer/model.yaml'), `name: scorer\nhyperparameters:\n${params}\nmetrics: metrics.yaml\n`);
  fs.writeFileSync(path.join(dir, 'scorer/metrics.yaml'), `auc: ${0.8 + n / 100}\nloss: ${0.5 - n / 100}\n`);
  git('add', '-A');
  git('commit', '-qm', `v${n}`);
  git('tag', '-a', '-m', `v1.${n}.0`, `scorer@v1.${n}.0`);
}

describe('diff --html prints as a document (Chromium)', () => {
  before(async () => {
    dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mv-print-')), 'shop-models');
    fs.mkdirSync(dir);
    git('init', '-q', '-b', 'main');
    version(0);
    version(1);
    html = execFileSync(process.execPath, [path.join(REPO_ROOT, 'dist/cli.js'), 'diff', 'scorer@v1.0.0', 'scorer@v1.1.0', '--html', '--repo', dir], { encoding: 'utf8' });
    fs.writeFileSync(path.join(dir, '..', 'diff.html'), html);
    b = await launchChromium({ viewport: { width: 1000, height: 800 } });
    fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  });

  after(async () => {
    await b?.close();
    if (dir) fs.rmSync(path.dirname(dir), { recursive: true, force: true });
  });

  it('is titled with the model, the versions and the repository', () => {
    assert.match(html, /<title>scorer v1\.0\.0 ↔ v1\.1\.0 — shop-models<\/title>/);
    assert.match(html, /<h1 class="doc-title">scorer v1\.0\.0 ↔ v1\.1\.0 — shop-models<\/h1>/);
  });

  it('prints every row: the PDF has as many pages as the rows need, and no scroller cuts them', async () => {
    const page = b.page;
    await page.goto(`file://${path.join(dir, '..', 'diff.html')}`);
    await page.locator('#app[data-ready="true"]').waitFor({ timeout: 30000 });
    await page.emulateMedia({ media: 'print', colorScheme: 'light' });
    // Every row is in the printed flow, none clipped by an element that scrolls.
    const rows = await page.locator('.grid-row').count();
    assert.equal(rows, PARAMS + 2, 'the params and both metrics are rendered');
    const clipped = await page.evaluate(() =>
      [...document.querySelectorAll('body *')].filter((e) => ['auto', 'scroll', 'hidden'].includes(getComputedStyle(e).overflowY) && e.scrollHeight > e.clientHeight + 30).map((e) => e.className),
    );
    assert.deepEqual(clipped, []);
    assert.equal(await page.locator('.grid-row[data-key="p299"]').count(), 1);
    assert.equal(await page.locator('h1').innerText(), 'scorer v1.0.0 ↔ v1.1.0 — shop-models', 'the printed page names what it is about');
    const pdf = await page.pdf({ format: 'A4', printBackground: true, margin: { top: '12mm', bottom: '12mm', left: '10mm', right: '10mm' } });
    fs.writeFileSync(path.join(SCREENSHOT_DIR, '84-diff-html-print.pdf'), pdf);
    const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page\b/g) ?? []).length;
    // A4 minus margins holds about 1,030 CSS px: 302 rows of 26 px need at least 8 pages.
    const needed = Math.ceil(((PARAMS + 2) * 26) / 1030);
    assert.ok(pages >= needed, `${pages} pages for ${PARAMS + 2} rows (at least ${needed})`);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, '84-diff-html-print.png'), fullPage: true });
  });

  it('prints with scripts off too: every row in the static tables, and the metric charts as SVG drawn by the CLI', async () => {
    const page = await b.context.newPage();
    const cdp = await b.context.newCDPSession(page);
    await cdp.send('Emulation.setScriptExecutionDisabled', { value: true });
    await page.goto(`file://${path.join(dir, '..', 'diff.html')}`);
    await page.emulateMedia({ media: 'print', colorScheme: 'light' });
    assert.equal(await page.locator('#app.static table.diff tbody tr').count(), PARAMS + 2, 'the params and both metrics');
    assert.deepEqual(await page.locator('figure.static-chart .chart-title').allTextContents(), ['auc', 'loss']);
    assert.ok((await page.locator('figure.static-chart svg text').allTextContents()).includes('v1.1.0'), 'the versions on the chart axis, as text');
    const pdf = await page.pdf({ format: 'A4', printBackground: true, margin: { top: '12mm', bottom: '12mm', left: '10mm', right: '10mm' } });
    fs.writeFileSync(path.join(SCREENSHOT_DIR, '84b-diff-html-print-noscript.pdf'), pdf);
    const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page\b/g) ?? []).length;
    assert.ok(pages >= Math.ceil(((PARAMS + 2) * 26) / 1030), `${pages} pages for ${PARAMS + 2} rows`);
    await page.close();
  });
});

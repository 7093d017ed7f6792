// The CLI's pages draw their charts statically (#16 item 5): `diff --html` and
// `diff <model>@all --html` carry ECharts' server-side SVG of the same charts the webviews draw,
// readable with JavaScript off (a text title, axes and legend as SVG text), replaced by the live
// charts when the page's script runs, and printed to PDF by Chromium. Real git, the built CLI.
// Files 120-static-diff-nojs.png, 120b-static-all-versions-nojs.png, 121-static-diff-print.{pdf,png},
// 121b-static-all-versions-print.{pdf,png}.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launchChromium, REPO_ROOT, SCREENSHOT_DIR } from '../harness/browser.mjs';

let dir;
let b;
const pages = {};

function git(...args) {
  return execFileSync('git', args, { cwd: dir, encoding: 'utf8', env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_AUTHOR_NAME: 'Ada', GIT_AUTHOR_EMAIL: 'ada@example.com', GIT_COMMITTER_NAME: 'Ada', GIT_COMMITTER_EMAIL: 'ada@example.com' } });
}

function version(n, stage) {
  fs.mkdirSync(path.join(dir, 'scorer'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'scorer/model.yaml'), `name: scorer\nhyperparameters:\n  lr: ${0.1 / (n + 1)}\n  depth: ${4 + n * 2}\nmetrics: metrics.yaml\n`);
  fs.writeFileSync(path.join(dir, 'scorer/metrics.yaml'), `auc: ${0.8 + n / 50}\nloss: ${0.5 - n / 40}\n`);
  git('add', '-A');
  git('commit', '-qm', `v${n}`);
  git('tag', '-a', '-m', `v1.${n}.0`, `scorer@v1.${n}.0`);
  if (stage) git('tag', '-a', '-m', stage, `scorer#${stage}#${n + 1}`);
}

function cli(...args) {
  return execFileSync(process.execPath, [path.join(REPO_ROOT, 'dist/cli.js'), ...args, '--repo', dir], { encoding: 'utf8' });
}

/** Opens `name`'s page with scripts on or off (CDP: the page's own CSP-allowed script never runs). */
async function open(name, scripts) {
  const page = await b.context.newPage();
  const cdp = await b.context.newCDPSession(page);
  await cdp.send('Emulation.setScriptExecutionDisabled', { value: !scripts });
  const violations = [];
  page.on('console', (m) => m.type() === 'error' && violations.push(m.text()));
  await page.goto(`file://${pages[name]}`);
  return { page, violations };
}

describe('the CLI pages draw their charts as SVG (Chromium)', () => {
  before(async () => {
    dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mv-static-')), 'shop-models');
    fs.mkdirSync(dir);
    git('init', '-q', '-b', 'main');
    version(0, 'dev');
    version(1, 'prod');
    version(2);
    pages.diff = path.join(dir, '..', 'diff.html');
    pages.all = path.join(dir, '..', 'all.html');
    fs.writeFileSync(pages.diff, cli('diff', 'scorer@v1.0.0', 'scorer@v1.2.0', '--html'));
    fs.writeFileSync(pages.all, cli('diff', 'scorer@all', '--html'));
    b = await launchChromium({ viewport: { width: 1100, height: 900 } });
    fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  });

  after(async () => {
    await b?.close();
    if (dir) fs.rmSync(path.dirname(dir), { recursive: true, force: true });
  });

  it('diff --html with JavaScript off: a chart per metric, titled, its versions and stage on the axis as SVG text', async () => {
    const { page } = await open('diff', false);
    const figures = page.locator('figure.static-chart');
    assert.equal(await figures.count(), 2, 'auc and loss');
    assert.deepEqual(await figures.locator('figcaption .chart-title').allTextContents(), ['auc', 'loss']);
    const texts = await figures.first().locator('svg text').allTextContents();
    for (const t of ['v1.0.0', 'v1.2.0', 'dev']) assert.ok(texts.includes(t), `${t} on the axis: ${texts.join(' | ')}`);
    assert.ok(texts.some((t) => /^0\.8\d*$/.test(t)), 'value ticks on the y axis');
    // Drawn with its fonts: no style was refused (the SVG has presentation attributes only).
    const [asked, drawn] = await figures.first().locator('svg text').first().evaluate((t) => [t.getAttribute('font-size'), getComputedStyle(t).fontSize]);
    assert.equal(drawn, asked, 'each label at the size ECharts laid it out for');
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, '120-static-diff-nojs.png'), fullPage: true });
    await page.emulateMedia({ media: 'print', colorScheme: 'light' });
    const pdf = await page.pdf({ format: 'A4', printBackground: true, margin: { top: '12mm', bottom: '12mm', left: '10mm', right: '10mm' } });
    fs.writeFileSync(path.join(SCREENSHOT_DIR, '121-static-diff-print.pdf'), pdf);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, '121-static-diff-print.png'), fullPage: true });
    await page.close();
  });

  it('diff <model>@all --html with JavaScript off: parallel coordinates, scatter and each metric over the versions', async () => {
    const { page } = await open('all', false);
    const captions = await page.locator('figure.static-chart figcaption .chart-title').allTextContents();
    assert.equal(captions[0], 'Parallel coordinates: lr, depth, auc, loss');
    assert.equal(captions[1], 'auc against lr');
    assert.deepEqual(captions.slice(2), ['auc', 'loss']);
    const parallel = await page.locator('figure.static-chart').first().locator('svg text').allTextContents();
    for (const axis of ['lr', 'depth', 'auc', 'loss']) assert.ok(parallel.includes(axis), `${axis} axis named: ${parallel.join(' | ')}`);
    assert.equal(await page.locator('figure.static-chart').first().locator('svg polyline').count(), 3, 'a line per version');
    const trend = await page.locator('figure.static-chart').nth(2).locator('svg text').allTextContents();
    for (const t of ['v1.0.0', 'v1.1.0', 'v1.2.0', 'dev', 'prod']) assert.ok(trend.includes(t), `${t} on the trend: ${trend.join(' | ')}`);
    assert.equal(await page.locator('table.all-static tbody tr').count(), 3, 'the table under the charts');
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, '120b-static-all-versions-nojs.png'), fullPage: true });
    await page.emulateMedia({ media: 'print', colorScheme: 'light' });
    const pdf = await page.pdf({ format: 'A4', printBackground: true, margin: { top: '12mm', bottom: '12mm', left: '10mm', right: '10mm' } });
    fs.writeFileSync(path.join(SCREENSHOT_DIR, '121b-static-all-versions-print.pdf'), pdf);
    assert.ok((pdf.toString('latin1').match(/\/Type\s*\/Page\b/g) ?? []).length >= 1);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, '121b-static-all-versions-print.png'), fullPage: true });
    await page.close();
  });

  it('with JavaScript on, the live charts replace the static ones and nothing is refused by the CSP', async () => {
    for (const [name, ready, live] of [['diff', '#app[data-ready="true"]', '.chart-canvas svg'], ['all', '#app[data-painted="true"]', '#tab-parallel']]) {
      const { page, violations } = await open(name, true);
      await page.addInitScript(() => document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP ${e.violatedDirective}`)));
      await page.reload();
      await page.locator(ready).waitFor({ timeout: 30000 });
      await page.locator(live).first().waitFor();
      if (name === 'all') {
        await page.locator('#tab-parallel').click();
        await page.locator('#parallel-chart svg').waitFor();
      }
      assert.equal(await page.locator('figure.static-chart').count(), 0, `${name}: the static figures are gone`);
      assert.deepEqual(violations, [], `${name}: no console error or CSP violation`);
      await page.close();
    }
  });
});

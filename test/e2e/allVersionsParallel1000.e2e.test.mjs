// The parallel-coordinates chart on 1,000 versions (#16 item 3's scale; `npm run bench:allversions`
// times it): drawn on a canvas with 1 px lines, brushed on an axis to select a range of versions,
// and redrawn in the theme's colours — light, dark, high contrast. The page is the CLI's
// `diff <model>@all --html` with the view's own scripts. Files 122-all-versions-parallel-1000-*.png.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { launchChromium, REPO_ROOT, SCREENSHOT_DIR } from '../harness/browser.mjs';

const require = createRequire(import.meta.url);
const out = (p) => require(path.join(REPO_ROOT, 'out', p));
const { buildAllVersions } = out('src/core/allVersions.js');
const { renderPage } = out('src/cli/allVersionsCommand.js');
const { emptyRecord } = out('src/core/types.js');

const N = 1000;
let b;
let dir;

function view() {
  const versions = [];
  const records = [];
  for (let i = 0; i < N; i++) {
    const version = `v${Math.floor(i / 100)}.${Math.floor(i / 10) % 10}.${i % 10}`;
    const commit = (i + 1).toString(16).padStart(40, '0');
    versions.push({ version, commit, date: 1_767_225_600 + i * 3600, registered: true, active: true, stages: i % 50 === 0 ? ['staging'] : [], stageTags: [] });
    const r = emptyRecord('big', version, commit);
    r.hyperparameters = { lr: 0.001 * (1 + (i % 17)), epochs: 10 + (i % 5), batch: 2 ** (4 + (i % 4)), optimizer: ['adam', 'sgd', 'adamw'][i % 3] };
    r.metrics = { auc: Number((0.6 + ((i * 7) % 100) / 300).toFixed(4)), loss: Number((0.2 + ((i * 13) % 100) / 250).toFixed(4)) };
    records.push(r);
  }
  return buildAllVersions('big', versions, records);
}

describe('parallel coordinates on 1,000 versions (Chromium)', () => {
  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mv-parallel-1000-'));
    const assets = { scripts: ['dist/charts.js', 'dist/allVersions.js'].map((f) => fs.readFileSync(path.join(REPO_ROOT, f), 'utf8')), css: fs.readFileSync(path.join(REPO_ROOT, 'media/allVersions.css'), 'utf8') };
    fs.writeFileSync(path.join(dir, 'all.html'), renderPage(view(), true, assets));
    b = await launchChromium({ viewport: { width: 1300, height: 900 } });
    fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  });

  after(async () => {
    await b?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('is drawn on a canvas, brushed to a range of versions, and redrawn in light, dark and high-contrast colours', async () => {
    const page = b.page;
    await page.emulateMedia({ colorScheme: 'light' });
    await page.goto(`file://${path.join(dir, 'all.html')}`);
    await page.locator('#app[data-painted="true"]').waitFor({ timeout: 60000 });
    await page.locator('#tab-parallel').click();
    const chart = page.locator('#parallel-chart');
    await chart.locator('canvas').waitFor();
    assert.equal(await chart.locator('svg').count(), 0, 'canvas, not an SVG of 1,000 paths');
    const shot = (name) => chart.screenshot({ path: path.join(SCREENSHOT_DIR, `122-all-versions-parallel-1000-${name}.png`) });
    await shot('light');

    // Brush the first axis (lr) over its upper half: the versions in that range, not all of them.
    const box = await chart.boundingBox();
    const x = box.x + 76;
    await page.mouse.move(x, box.y + 60);
    await page.mouse.down();
    await page.mouse.move(x, box.y + 64 + (box.height - 100) * 0.45, { steps: 8 });
    await page.mouse.up();
    const selection = page.locator('#selection');
    await selection.filter({ hasText: /selected/ }).waitFor({ timeout: 10000 });
    const count = Number(/^(\d+) selected/.exec(await selection.textContent())?.[1]);
    assert.ok(count > 0 && count < N, `a range of versions selected: ${count}`);

    await page.emulateMedia({ colorScheme: 'dark' });
    await page.waitForTimeout(500);
    await chart.locator('canvas').waitFor();
    await shot('dark');
    // High contrast as VS Code sets it: the body's class and the theme's variables.
    await page.evaluate(() => {
      const s = document.documentElement.style;
      for (const [k, v] of Object.entries({ '--vscode-foreground': '#ffffff', '--vscode-editor-background': '#000000', '--vscode-editorWidget-background': '#0c141f', '--vscode-descriptionForeground': '#ffffff', '--vscode-contrastBorder': '#6fc3df', '--vscode-panel-border': '#6fc3df', '--vscode-focusBorder': '#f38518', '--vscode-charts-blue': '#3794ff', '--vscode-charts-green': '#89d185', '--vscode-charts-yellow': '#ffd700', '--vscode-charts-red': '#f48771', '--vscode-charts-orange': '#f38518' })) s.setProperty(k, v);
      document.body.classList.add('vscode-high-contrast');
    });
    await page.waitForTimeout(500);
    await chart.locator('canvas').waitFor();
    await shot('hc');
    // The brushed range survives each redraw in a new theme.
    assert.match(await selection.textContent(), new RegExp(`^${count} selected`));
  });
});

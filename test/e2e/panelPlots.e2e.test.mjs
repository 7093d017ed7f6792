// DVC plots in the panel's page (#16 item 2): `diff --html` of two versions of a DVC project
// draws each plot of dvc.yaml with a series per version, side by side in one chart. Real git,
// the built CLI, Chromium. Screenshot 83-panel-plots.png.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launchChromium, REPO_ROOT, SCREENSHOT_DIR } from '../harness/browser.mjs';

let dir;
let b;

function git(...args) {
  return execFileSync('git', args, { cwd: dir, encoding: 'utf8', env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_AUTHOR_NAME: 'Ada', GIT_AUTHOR_EMAIL: 'ada@example.com', GIT_COMMITTER_NAME: 'Ada', GIT_COMMITTER_EMAIL: 'ada@example.com' } });
}

function write(files) {
  for (const [p, c] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, p)), { recursive: true });
    fs.writeFileSync(path.join(dir, p), c);
  }
}

describe('DVC plots side by side (Chromium)', () => {
  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mv-plots-e2e-'));
    git('init', '-q', '-b', 'main');
    for (const n of [0, 1]) {
      write({
        'dvc.yaml': 'stages:\n  train:\n    cmd: python train.py\n    outs: [model.pkl]\n    plots:\n      - logs/loss.csv:\n          x: epoch\n          y: loss\n      - eval/roc.json:\n          template: scatter\n          x: fpr\n          y: tpr\nartifacts:\n  clf:\n    path: model.pkl\n    type: model\n',
        'model.pkl': `m${n}\n`,
        'logs/loss.csv': `epoch,loss\n${[0, 1, 2, 3, 4].map((e) => `${e},${(1 / (e + 1 + n)).toFixed(3)}`).join('\n')}\n`,
        'eval/roc.json': JSON.stringify({ roc: [0, 0.1, 0.3, 0.6, 1].map((fpr) => ({ fpr, tpr: Math.min(1, Math.sqrt(fpr) + n * 0.05) })) }),
      });
      git('add', '-A');
      git('commit', '-qm', `v${n}`);
      git('tag', '-a', '-m', `v1.${n}.0`, `clf@v1.${n}.0`);
    }
    const html = execFileSync(process.execPath, [path.join(REPO_ROOT, 'dist/cli.js'), 'diff', 'clf@v1.0.0', 'clf@v1.1.0', '--html', '--all', '--repo', dir], { encoding: 'utf8' });
    fs.writeFileSync(path.join(dir, 'diff.html'), html);
    b = await launchChromium({ viewport: { width: 1000, height: 900 } });
    fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  });

  after(async () => {
    await b?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("draws each plot with one series per version on the plot's x field", async () => {
    const page = b.page;
    await page.goto(`file://${path.join(dir, 'diff.html')}`);
    await page.locator('#app[data-ready="true"]').waitFor({ timeout: 30000 });
    const plots = page.locator('section.plots');
    await plots.locator('.chart-canvas svg').first().waitFor();
    assert.deepEqual(await plots.locator('.chart-title').allInnerTexts(), ['logs/loss.csv', 'eval/roc.json']);
    assert.deepEqual(await plots.locator('.legend li').allInnerTexts(), ['v1.0.0', 'v1.1.0']);
    const loss = plots.locator('figure[data-chart-id="plot:logs/loss.csv"]');
    assert.deepEqual(await loss.locator('.values-table thead th').allTextContents(), ['epoch', 'v1.0.0', 'v1.1.0']);
    assert.ok((await loss.locator('svg text').allTextContents()).includes('epoch'), "the x axis is named by the plot's x field");
    await loss.locator('.chart-canvas').focus();
    await page.keyboard.press('End');
    assert.equal(await page.locator('#live').textContent(), 'logs/loss.csv, v1.0.0, epoch 4: 0.2');
    await page.keyboard.press('ArrowDown');
    assert.equal(await page.locator('#live').textContent(), 'logs/loss.csv, v1.1.0, epoch 4: 0.167');
    await plots.scrollIntoViewIfNeeded();
    await plots.screenshot({ path: path.join(SCREENSHOT_DIR, '83-panel-plots.png') });
  });
});

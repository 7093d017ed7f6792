// DVC plots in the panel's page (#16 item 2): `diff --html` of two versions of a DVC project
// draws each plot of dvc.yaml with a series per version, side by side in one chart. Real git,
// the built CLI, Chromium. Screenshot 83-panel-plots.png.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
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

/** A real w×h PNG of one colour: an image plot as a training script writes it. */
function png(w, h, [r, g, bl]) {
  const crc = (buf) => {
    let c = ~0;
    for (const byte of buf) {
      c ^= byte;
      for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
    }
    return ~c >>> 0;
  };
  const chunk = (type, data) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, sum]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const rows = Buffer.concat(Array.from({ length: h }, () => Buffer.from([0, ...Array.from({ length: w }, () => [r, g, bl]).flat()])));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]);
}

describe('DVC plots side by side (Chromium)', () => {
  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mv-plots-e2e-'));
    git('init', '-q', '-b', 'main');
    for (const n of [0, 1]) {
      write({
        'dvc.yaml': 'stages:\n  train:\n    cmd: python train.py\n    outs: [model.pkl]\n    plots:\n      - logs/loss.csv:\n          x: epoch\n          y: loss\n      - eval/roc.json:\n          template: scatter\n          x: fpr\n          y: tpr\n      - eval/confusion.json:\n          template: confusion\n          x: actual\n          y: predicted\n      - eval/importance.png\n      - eval/shap.svg\nartifacts:\n  clf:\n    path: model.pkl\n    type: model\n',
        'model.pkl': `m${n}\n`,
        'logs/loss.csv': `epoch,loss\n${[0, 1, 2, 3, 4].map((e) => `${e},${(1 / (e + 1 + n)).toFixed(3)}`).join('\n')}\n`,
        'eval/roc.json': JSON.stringify({ roc: [0, 0.1, 0.3, 0.6, 1].map((fpr) => ({ fpr, tpr: Math.min(1, Math.sqrt(fpr) + n * 0.05) })) }),
        'eval/confusion.json': JSON.stringify([...Array(8 + n).fill({ actual: 'churn', predicted: 'churn' }), ...Array(3 - n).fill({ actual: 'churn', predicted: 'stay' }), ...Array(20).fill({ actual: 'stay', predicted: 'stay' })]),
        'eval/importance.png': png(48, 24, n ? [40, 160, 80] : [200, 60, 60]),
        // An SVG that carries a script: shown as an image, it never runs.
        'eval/shap.svg': `<svg xmlns="http://www.w3.org/2000/svg" width="48" height="24"><script>parent.__pwned = 1</script><rect width="${24 + n * 24}" height="24" fill="steelblue"/></svg>`,
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
    assert.deepEqual(await plots.locator('.chart-title').allInnerTexts(), ['logs/loss.csv', 'eval/roc.json', 'eval/importance.png', 'eval/shap.svg', 'eval/confusion.json']);
    assert.deepEqual(await plots.locator('.legend li').allInnerTexts(), ['v1.0.0', 'v1.1.0']);
    const loss = plots.locator('figure[data-chart-id="plot:logs/loss.csv"]');
    assert.deepEqual(await loss.locator('.values-table thead th').allTextContents(), ['epoch', 'v1.0.0', 'v1.1.0']);
    assert.ok((await loss.locator('svg text').allTextContents()).includes('epoch'), "the x axis is named by the plot's x field");
    await loss.locator('.chart-canvas').focus();
    await page.keyboard.press('End');
    assert.equal(await page.locator('#live').textContent(), 'logs/loss.csv, v1.0.0, epoch 4: 0.2');
    await page.keyboard.press('ArrowDown');
    assert.equal(await page.locator('#live').textContent(), 'logs/loss.csv, v1.1.0, epoch 4: 0.167');
    // Image plots side by side, each version's own image, decoded by the browser.
    const importance = plots.locator('figure[data-plot="image:eval/importance.png"] img');
    assert.equal(await importance.count(), 2);
    assert.deepEqual(await importance.evaluateAll((imgs) => imgs.map((i) => [i.complete, i.naturalWidth, i.naturalHeight])), [[true, 48, 24], [true, 48, 24]]);
    assert.deepEqual(await importance.evaluateAll((imgs) => imgs.map((i) => i.alt)), ['eval/importance.png at v1.0.0', 'eval/importance.png at v1.1.0']);
    const shap = plots.locator('figure[data-plot="image:eval/shap.svg"] img');
    await shap.first().evaluate((i) => i.decode());
    assert.equal(await page.evaluate(() => globalThis.__pwned ?? null), null, "the SVG's script never ran");
    assert.equal(await page.locator('svg rect[fill="steelblue"]').count(), 0, 'the SVG is an image, not markup in the page');
    // The confusion plot: each version's counts, actual by predicted.
    const confusion = plots.locator('figure[data-plot="confusion:eval/confusion.json"] table.confusion');
    const cells = await confusion.evaluateAll((ts) => ts.map((t) => [...t.querySelectorAll('tbody tr')].map((tr) => [...tr.children].map((c) => c.textContent))));
    assert.deepEqual(cells, [[['churn', '8', '3'], ['stay', '0', '20']], [['churn', '9', '2'], ['stay', '0', '20']]]);
    await plots.scrollIntoViewIfNeeded();
    await plots.screenshot({ path: path.join(SCREENSHOT_DIR, '83-panel-plots.png') });
  });
});

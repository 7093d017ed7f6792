// Compare All Versions in the real workbench: opened from the demo model's context menu, the
// table read and walked with the keyboard, the parallel-coordinates chart brushed, the scatter
// read from the keyboard, Compare selected opening the side-by-side panel, the charts in dark and
// high-contrast themes, and the runs no version claims (hostile names among them) compared and
// one registered as a model version.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { contextMenu, fixtures, openModelsView, openRepoInWorkbench, panel, step, treeItem } from './workbench.mjs';
import { REPO_ROOT, runCommand } from '../harness/browser.mjs';

const require = createRequire(import.meta.url);
const { addDemoRuns } = require(path.join(REPO_ROOT, 'out/test/fixtures/demoRuns.js'));
const { writeMlflowFileStore } = require(path.join(REPO_ROOT, 'out/test/fixtures/mlflowStores.js'));

const HOSTILE_NAME = '<img src=x onerror="globalThis.__pwned=1">';
const BRACES = '{a|rich} {b|text}';
const T0 = Date.UTC(2026, 0, 5, 9);

/** The demo with its runs, plus a wine-quality sweep no version claims (the public-project case). */
function makeRepo(dir) {
  fixtures.makeDemoRepo(dir);
  addDemoRuns(dir);
  // The sweep ran at a commit of its own, which no model's version is at.
  const git = (...args) => execFileSync('git', args, { cwd: dir, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 'Ada Lovelace', GIT_AUTHOR_EMAIL: 'ada@example.com', GIT_COMMITTER_NAME: 'Ada Lovelace', GIT_COMMITTER_EMAIL: 'ada@example.com' } }).trim();
  fs.mkdirSync(path.join(dir, 'wine'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'wine', 'train.py'), 'print("ElasticNet on the wine quality data")\n');
  git('add', 'wine/train.py');
  git('commit', '-q', '-m', 'Wine quality experiment');
  const head = git('rev-parse', 'HEAD');
  const sweep = [[0.5, 0.1], [0.1, 0.1], [1, 0.5], [0.2, 0.2], [0.5, 0.9], [0.05, 0.05], [0.8, 0.3]].map(([alpha, l1], i) => ({
    id: (0xe0 + i).toString(16).padEnd(32, '0'),
    name: i === 3 ? HOSTILE_NAME : i === 4 ? BRACES : `wine-${i + 1}`,
    status: 'FINISHED',
    startTime: T0 + i * 60_000,
    params: { alpha: String(alpha), l1_ratio: String(l1), ...(i === 3 ? { [HOSTILE_NAME]: HOSTILE_NAME } : {}) },
    metrics: { rmse: [{ timestamp: T0, value: 0.7 + alpha * 0.05 + l1 * 0.02, step: 0 }], r2: [{ timestamp: T0, value: 0.3 - alpha * 0.1, step: 0 }] },
    // The last one ran outside a Git checkout: it recorded no commit.
    tags: i === 6 ? {} : { 'mlflow.source.git.commit': head },
  }));
  writeMlflowFileStore(path.join(dir, 'mlruns'), { experiments: [{ id: '7', name: 'wine-quality', creationTime: T0, runs: sweep }] });
}

let wb;
let page;
/** What the browser refused under the panel's CSP (inline style markup, eval): nothing, for the charts to count. */
const refused = [];
const view = () => panel(page);

/**
 * runCommand, after making sure the palette opens: with a webview focused on a loaded machine,
 * the first F1 can be lost; the active tab's title takes the focus back to the workbench.
 */
async function command(title) {
  const input = page.locator('.quick-input-widget input');
  for (let attempt = 0; attempt < 3 && !(await input.isVisible()); attempt++) {
    await page.keyboard.press('F1');
    if (await input.waitFor({ state: 'visible', timeout: 5000 }).then(() => true, () => false)) break;
    await page.locator('.tabs-container .tab.active .label-name').first().click();
  }
  await runCommand(page, title);
}

async function assertNothingRan() {
  assert.equal(await view().locator('body').evaluate(() => globalThis.__pwned ?? null), null);
}

describe('Compare All Versions in the workbench', () => {
  before(async () => {
    wb = await openRepoInWorkbench('mv-e2e-allv-', makeRepo, { 'workbench.colorTheme': 'Default Light Modern' });
    page = wb.page;
    page.on('console', (m) => {
      if (/Content Security Policy|Refused to (apply|execute|evaluate|load)/i.test(m.text())) refused.push(m.text());
    });
    await openModelsView(page, 'churn');
  });

  after(async () => {
    await wb?.close();
  });

  it('opens from the model context menu: a row per version, stages, changed columns first', async () => {
    await step(page, '110-all-versions-table', async () => {
      await contextMenu(page, treeItem(page, 'churn'), 'Compare All Versions');
      await view().locator('#app[data-ready="true"]').waitFor({ timeout: 30000 });
      const rows = await view().locator('table.versions tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].slice(1).map((c) => c.textContent)));
      assert.deepEqual(rows.map((r) => r[0]), ['v1.0.0', 'v1.1.0', 'v1.2.0', 'v1.3.0']);
      assert.deepEqual(rows.map((r) => r[1]), ['dev', 'prod', 'staging', '']);
      const heads = await view().locator('table.versions thead .col-key').allTextContents();
      assert.equal(heads[0], 'train.learning_rate');
      const auc = heads.indexOf('auc');
      assert.ok(auc > 0, heads.join(','));
      assert.deepEqual(rows.map((r) => r[auc + 2]), ['0.812', '0.846', '0.861', '0.874']);
      // The best auc (higher is better) is marked.
      assert.equal(await view().locator('table.versions tbody tr[data-item="churn@v1.3.0"] td.best', { hasText: /^0\.874$/ }).count(), 1);
      // Keyboard: the focused cell moves and is read out.
      await view().locator('table.versions').focus();
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowRight');
      await page.keyboard.press('ArrowRight');
      await page.keyboard.press('ArrowRight');
      assert.equal(await view().locator('#live').textContent(), 'v1.1.0, train.learning_rate: 0.05');
      assert.equal(await view().locator('table.versions .focused').textContent(), '0.05');
      await page.keyboard.press('Space');
      assert.match(await view().locator('#selection').textContent(), /^1 selected: v1\.1\.0$/);
      // Sorted by auc, highest first (two clicks).
      const aucHead = view().locator('table.versions thead button.sort', { has: view().locator('.col-key', { hasText: /^auc$/ }) });
      await aucHead.click();
      await aucHead.click();
      assert.deepEqual(await view().locator('table.versions tbody tr th.item').allTextContents(), ['v1.3.0', 'v1.2.0', 'v1.1.0', 'v1.0.0']);
      assert.equal(await view().locator('table.versions thead th[aria-sort="descending"] .col-key').textContent(), 'auc');
    });
  });

  it('the parallel-coordinates chart: a line per version, read from the keyboard, brushed on an axis', async () => {
    await step(page, '111-all-versions-parallel', async () => {
      await view().locator('#tab-parallel').click();
      const chart = view().locator('#parallel-chart');
      await chart.locator('svg').waitFor();
      const axisNames = await chart.locator('svg text').allTextContents();
      for (const k of ['train.learning_rate', 'auc', 'loss']) assert.ok(axisNames.includes(k), axisNames.join('|'));
      assert.equal(await view().locator('#color-by').inputValue(), 'metrics:auc');
      await chart.focus();
      await page.keyboard.press('ArrowRight');
      assert.match(await view().locator('#live').textContent(), /^v1\.0\.0 \(dev\): train\.learning_rate: 0\.1, .*auc: 0\.812/);
      assert.equal(await view().locator('#readout').textContent(), await view().locator('#live').textContent());
      // Brush the first axis (train.learning_rate) from its top down to the middle: 0.1 and 0.05.
      const box = await chart.boundingBox();
      const x = box.x + 76; // the first axis: the parallel grid's left edge (room for its name)
      await page.mouse.move(x, box.y + 56);
      await page.mouse.down();
      await page.mouse.move(x, box.y + 66 + (box.height - 100) * 0.5, { steps: 8 });
      await page.mouse.move(x, box.y + 66 + (box.height - 100) * 0.85, { steps: 4 });
      await page.mouse.up();
      await view().locator('#selection', { hasText: /^3 selected: v1\.0\.0, v1\.1\.0, v1\.2\.0$/ }).waitFor({ timeout: 5000 });
    });
  });

  it('the scatter: any param against any metric, a point read and selected from the keyboard', async () => {
    await step(page, '112-all-versions-scatter', async () => {
      await view().locator('#tab-scatter').click();
      await view().locator('#scatter-x').selectOption('hyperparameters:train.max_depth');
      await view().locator('#scatter-y').selectOption('metrics:loss');
      const chart = view().locator('#scatter-chart');
      await chart.locator('svg').waitFor();
      const texts = await chart.locator('svg text').allTextContents();
      assert.ok(texts.includes('train.max_depth') && texts.includes('loss'), texts.join('|'));
      // Hover: the tooltip (DOM text) names the point's version and values.
      const points = await chart.locator('svg path').evaluateAll((paths) =>
        paths
          .map((p) => p.getBoundingClientRect())
          .filter((r) => r.width > 4 && r.width < 20 && Math.abs(r.width - r.height) < 2)
          .map((r) => ({ x: r.x + r.width / 2, y: r.y + r.height / 2 })),
      );
      assert.equal(points.length, 4, JSON.stringify(points));
      const frame = await chart.boundingBox();
      const top = points.reduce((a, b) => (b.y < a.y ? b : a));
      const inner = await chart.evaluate((el) => el.getBoundingClientRect().toJSON());
      await page.mouse.move(frame.x + (top.x - inner.x), frame.y + (top.y - inner.y));
      const tip = view().locator('.tip');
      await tip.locator('.tip-title', { hasText: 'v1.0.0 (dev)' }).waitFor({ timeout: 5000 });
      assert.deepEqual(await tip.locator('.tip-line').allTextContents(), ['train.max_depth: 4', 'loss: 0.431']);
      await chart.focus();
      await page.keyboard.press('End');
      assert.equal(await view().locator('#live').textContent(), 'v1.3.0: train.max_depth: 8, loss: 0.355');
      await page.keyboard.press('Space');
      assert.match(await view().locator('#selection').textContent(), /v1\.3\.0/);
    });
  });

  it('each metric over the versions with its stage markers', async () => {
    await step(page, '112b-all-versions-trend', async () => {
      await view().locator('#tab-trend').click();
      const auc = view().locator('figure.trend[data-column="metrics:auc"]');
      await auc.locator('svg').waitFor();
      const texts = await auc.locator('svg text').allTextContents();
      for (const t of ['dev', 'prod', 'staging', 'v1.0.0', 'v1.3.0']) assert.ok(texts.includes(t), texts.join('|'));
    });
  });

  it("the History tab: the model's registry events oldest first, as the tags record them", async () => {
    await step(page, '114-all-versions-history', async () => {
      await view().locator('#tab-history').click();
      const rows = await view().locator('table.history tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent)));
      // One row per churn registry tag, in time order.
      const tags = execFileSync('git', ['tag', '--list', 'churn@*', 'churn#*'], { cwd: wb.repo, encoding: 'utf8' }).split('\n').filter(Boolean);
      assert.equal(rows.length, tags.length, rows.map((r) => r[6]).join(' '));
      assert.deepEqual([...rows.map((r) => r[6])].sort(), [...tags].sort());
      const dates = rows.map((r) => r[0]);
      assert.deepEqual(dates, [...dates].sort(), 'oldest first');
      assert.deepEqual(rows[0].slice(1, 3), ['registered', 'v1.0.0']);
      // v1.1.0 went to prod (the demo's production version), by an assignment row naming its tag.
      const prod = rows.find((r) => r[1] === 'assigned' && r[2] === 'v1.1.0' && r[3] === 'prod');
      assert.ok(prod, JSON.stringify(rows));
      assert.match(prod[6], /^churn#prod#\d+$/);
      // The tab is reachable from the keyboard like the others.
      await view().locator('#tab-history').focus();
      await page.keyboard.press('Home');
      assert.equal(await view().locator('#tab-table').getAttribute('aria-selected'), 'true');
      await page.keyboard.press('End');
      assert.equal(await view().locator('#tab-history').getAttribute('aria-selected'), 'true');
    });
  });

  it('Compare selected opens the side-by-side panel on the selected versions', async () => {
    await step(page, '112c-all-versions-compare-selected', async () => {
      await view().locator('#clear-selection').click();
      await view().locator('#tab-table').click();
      await view().locator('table.versions tbody tr[data-item="churn@v1.0.0"] input').check();
      await view().locator('table.versions tbody tr[data-item="churn@v1.3.0"] input').check();
      await view().locator('#compare').click();
      await page.locator('.tabs-container .tab', { hasText: 'churn v1.0.0 ↔ v1.3.0' }).waitFor({ timeout: 20000 });
      await view().locator('.grid-row[data-key="auc"]').waitFor({ timeout: 20000 });
    });
  });

  it('the charts in a dark and a high-contrast theme', async () => {
    await page.locator('.tabs-container .tab', { hasText: 'churn: all versions' }).click();
    for (const [theme, name] of [['Dark Modern', '111b-all-versions-parallel-dark'], ['Dark High Contrast', '111c-all-versions-parallel-high-contrast']]) {
      await step(page, name, async () => {
        await command('Preferences: Color Theme');
        await page.locator('.quick-input-widget input').fill(theme);
        await page.locator('.quick-input-widget .monaco-list-row', { hasText: theme }).first().waitFor();
        await page.keyboard.press('Enter');
        await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
        await page.waitForTimeout(800);
        await view().locator('#tab-parallel').click();
        await view().locator('#parallel-chart svg').waitFor();
        // The axis names are drawn in the theme's foreground.
        const fill = await view().locator('#parallel-chart svg text', { hasText: /^auc$/ }).first().getAttribute('fill');
        const [drawn, themed] = await view().locator('body').evaluate((_, f) => {
          const rgb = (c) => {
            const probe = document.createElement('span');
            probe.style.color = c;
            document.body.append(probe);
            const out = getComputedStyle(probe).color;
            probe.remove();
            return out;
          };
          return [rgb(f), rgb(getComputedStyle(document.documentElement).getPropertyValue('--vscode-foreground').trim())];
        }, fill);
        assert.equal(drawn, themed);
      });
    }
    await command('Preferences: Color Theme');
    await page.locator('.quick-input-widget input').fill('Light Modern');
    await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Light Modern' }).first().waitFor();
    await page.keyboard.press('Enter');
    await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
    await page.locator('.monaco-workbench.vs').waitFor({ timeout: 10000 });
  });

  it('the runs no version claims, compared like versions; hostile names stay text', async () => {
    await step(page, '113-unclaimed-runs', async () => {
      await command('Model Versions: Compare Runs');
      await view().locator('#app[data-ready="true"] table.versions').waitFor({ timeout: 30000 });
      assert.equal(await view().locator('#title').textContent(), 'Unclaimed runs: 7 runs');
      const names = await view().locator('table.versions tbody th.item').allTextContents();
      assert.deepEqual(names, ['wine-7', 'wine-6', BRACES, HOSTILE_NAME, 'wine-3', 'wine-2', 'wine-1'], 'newest first, names as typed');
      const heads = await view().locator('table.versions thead .col-key').allTextContents();
      // A key holding dots is quoted by the flattener, as everywhere: ["<img …>"].
      assert.ok(heads.includes(`["${HOSTILE_NAME.replace(/"/g, '\\"')}"]`), heads.join('|'));
      await view().locator('#tab-scatter').click();
      await view().locator('#scatter-x').selectOption('run-params:alpha');
      await view().locator('#scatter-y').selectOption('run-metrics:rmse');
      const labels = await view().locator('#scatter-chart svg text').allTextContents();
      assert.ok(labels.includes(BRACES) && labels.includes(HOSTILE_NAME), labels.join('|'));
      assert.equal(await view().locator('#scatter-chart svg img, #scatter-chart img').count(), 0);
      await assertNothingRan();
    });
  });

  it('Register as Model Version tags the commit a run recorded', async () => {
    await step(page, '113b-unclaimed-run-registered', async () => {
      await view().locator('#tab-table').click();
      await view().locator('table.versions tbody tr', { has: view().locator('th.item', { hasText: /^wine-2$/ }) }).locator('input').check();
      await view().locator('#register').click();
      await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'New model…' }).click();
      const input = page.locator('.quick-input-widget input');
      // The model name is asked next, the run's experiment suggested.
      await page.locator('.quick-input-widget .quick-input-message', { hasText: 'Name of the new model' }).or(page.locator('.quick-input-widget', { hasText: 'Name of the new model' })).first().waitFor();
      assert.equal(await input.inputValue(), 'wine-quality');
      await page.keyboard.press('Enter');
      await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'v0.0.1' }).click();
      await page.locator('.monaco-dialog-box .monaco-button', { hasText: 'Create Tag' }).click();
      await page.locator('.notifications-toasts', { hasText: 'Created wine-quality@v0.0.1' }).waitFor({ timeout: 15000 });
      const head = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: wb.repo, encoding: 'utf8' }).trim();
      assert.equal(execFileSync('git', ['rev-list', '-n', '1', 'wine-quality@v0.0.1'], { cwd: wb.repo, encoding: 'utf8' }).trim(), head);
    });
  });

  it('a run that recorded no commit is refused with the reason', async () => {
    await view().locator('#clear-selection').click();
    await view().locator('table.versions tbody tr', { has: view().locator('th.item', { hasText: /^wine-7$/ }) }).locator('input').check();
    await view().locator('#register').click();
    await page.locator('.notifications-toasts', { hasText: 'wine-7 recorded no Git commit' }).waitFor({ timeout: 15000 });
  });

  it('nothing the view or its charts did was refused by the CSP (no inline style markup, no eval)', () => {
    assert.deepEqual(refused, []);
  });
});

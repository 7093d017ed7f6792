// The diff panel in the real workbench: opened from the tree, cells read inside the webview,
// "Only changed" and the filter used, a config row opening the native text diff; screenshots in
// a light and a dark theme.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { startCodeServer } from '../harness/codeServer.mjs';
import { launchChromium, openWorkbench, REPO_ROOT, screenshot } from '../harness/browser.mjs';

const require = createRequire(import.meta.url);
const { makeDemoRepo } = require(path.join(REPO_ROOT, 'out/test/fixtures/demoRepo.js'));

let server;
let browser;
let page;
let repo;

async function step(name, fn) {
  try {
    await fn();
    await screenshot(page, name);
  } catch (e) {
    await screenshot(page, `FAILED-${name}`).catch(() => undefined);
    throw e;
  }
}

const esc = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const treeItem = (name) => page.locator('.pane-body .monaco-list-row[role="treeitem"]').filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${esc(name)}$`) }) });
/** The panel's document, inside the webview's two iframes. */
const panel = () => page.frameLocator('iframe.webview.ready >> visible=true').frameLocator('iframe#active-frame');
/** Rows of the panel as arrays of cell texts: [key, value1, value2, …]. */
async function panelRows() {
  return panel().locator('.grid-row').evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('[data-col]')].map((c) => c.querySelector('.text')?.textContent ?? c.textContent)));
}

describe('Diff panel in the workbench', () => {
  before(async () => {
    repo = fs.mkdtempSync(path.join(os.tmpdir(), 'mv-e2e-panel-'));
    makeDemoRepo(repo);
    server = await startCodeServer({ folder: repo, installExtensionPath: REPO_ROOT, settings: { 'workbench.colorTheme': 'Default Light Modern' } });
    browser = await launchChromium();
    page = browser.page;
    await openWorkbench(page, server.url);
    await page.getByRole('tab', { name: /Model Versions/ }).click();
    await treeItem('churn').waitFor({ timeout: 30000 });
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    if (repo) fs.rmSync(repo, { recursive: true, force: true });
  });

  it('Compare With Previous Version opens the panel with every changed param and hash and nothing unchanged', async () => {
    await step('10-panel-light', async () => {
      await treeItem('churn').click();
      await treeItem('v1.2.0').click({ button: 'right' });
      await page.locator('.context-view .action-label', { hasText: 'Compare With Previous Version' }).hover();
      await page.keyboard.press('Enter');
      await panel().locator('#app[data-ready="true"]').waitFor({ timeout: 20000 });
      const rows = await panelRows();
      const keys = rows.map((r) => r[0]);
      // v1.1.0 → v1.2.0 changed the data (February), not the params.
      assert.deepEqual(keys.sort(), ['auc', 'data/prepared', 'data/raw/customers.csv', 'f1', 'loss', 'models/churn.pkl'].sort());
      const auc = rows.find((r) => r[0] === 'auc');
      assert.deepEqual(auc.slice(1), ['0.846', '0.861']);
      const hidden = await panel().locator('#hidden-count').innerText();
      assert.match(hidden, /^\d+ unchanged hidden$/);
      const delta = await panel().locator('.grid-row[data-key="auc"] .delta').innerText();
      assert.match(delta, /^\+0\.015 \(\+1\.77%\) ▲$/);
    });
  });

  it('"Only changed" off shows the unchanged rows; the filter narrows by key', async () => {
    await step('11-panel-all-rows', async () => {
      await panel().locator('#only-changed').uncheck();
      const keys = (await panelRows()).map((r) => r[0]);
      assert.ok(keys.includes('train.learning_rate'), keys.join(','));
      assert.ok(keys.includes('train.seed'));
      await panel().locator('#filter').fill('train.');
      const filtered = (await panelRows()).map((r) => r[0]);
      assert.ok(filtered.length >= 4 && filtered.every((k) => k.includes('train.')), filtered.join(','));
      await panel().locator('#filter').fill('');
      await panel().locator('#only-changed').check();
    });
  });

  it('a config row opens the native text diff of that file between the versions', async () => {
    await step('12-config-text-diff', async () => {
      await treeItem('fraud').click();
      await treeItem('v2.1.0').click({ button: 'right' });
      await page.locator('.context-view .action-label', { hasText: 'Compare With Previous Version' }).hover();
      await page.keyboard.press('Enter');
      await panel().locator('.grid-row[data-key="fraud/serving.json:replicas"]').waitFor({ timeout: 20000 });
      const rows = await panelRows();
      assert.deepEqual(rows.find((r) => r[0] === 'fraud/serving.json:replicas').slice(1), ['2', '4']);
      assert.deepEqual(rows.find((r) => r[0] === 'threshold').slice(1), ['0.7', '0.62']);
      await panel().locator('.grid-row[data-key="fraud/serving.json:replicas"] .row-action').click();
      await page.locator('.editor .monaco-diff-editor').first().waitFor({ timeout: 15000 });
      const tab = await page.locator('.tabs-container .tab.active').innerText();
      assert.match(tab, /serving\.json/);
    });
  });
});

// The diff panel in the real workbench: opened from the tree, cells read inside the webview,
// "Only changed" and the filter used, a config row opening the native text diff; screenshots in
// a light theme (the hostile-strings test takes dark and high-contrast ones).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { contextMenu, fixtures, openModelsView, openRepoInWorkbench, panel, panelRows, step, treeItem } from './workbench.mjs';

let wb;
let page;

describe('Diff panel in the workbench', () => {
  before(async () => {
    wb = await openRepoInWorkbench('mv-e2e-panel-', fixtures.makeDemoRepo, { 'workbench.colorTheme': 'Default Light Modern' });
    page = wb.page;
    await openModelsView(page, 'churn');
  });

  after(async () => {
    await wb?.close();
  });

  it('Compare With Previous Version opens the panel with every changed param and hash and nothing unchanged', async () => {
    await step(page, '10-panel-light', async () => {
      await treeItem(page, 'churn').click();
      await contextMenu(page, treeItem(page, 'v1.2.0'), 'Compare With Previous Version');
      await panel(page).locator('#app[data-ready="true"]').waitFor({ timeout: 20000 });
      const rows = await panelRows(page);
      // v1.1.0 → v1.2.0 changed the data (February), not the params.
      assert.deepEqual(rows.map((r) => r[0]).sort(), ['auc', 'data/prepared', 'data/raw/customers.csv', 'f1', 'loss', 'models/churn.pkl'].sort());
      assert.deepEqual(rows.find((r) => r[0] === 'auc').slice(1), ['0.846', '0.861']);
      assert.match(await panel(page).locator('#hidden-count').innerText(), /^\d+ unchanged hidden$/);
      assert.match(await panel(page).locator('.grid-row[data-key="auc"] .delta').innerText(), /^\+0\.015 \(\+1\.77%\)$/);
      assert.equal(await panel(page).locator('.grid-row[data-key="auc"] .verdict').innerText(), '✓ better');
    });
  });

  it('"Only changed" off shows the unchanged rows; the filter narrows by key', async () => {
    await step(page, '11-panel-all-rows', async () => {
      await panel(page).locator('#only-changed').uncheck();
      const keys = (await panelRows(page)).map((r) => r[0]);
      assert.ok(keys.includes('train.learning_rate') && keys.includes('train.seed'), keys.join(','));
      await panel(page).locator('#filter').fill('train.');
      const filtered = (await panelRows(page)).map((r) => r[0]);
      assert.ok(filtered.length >= 4 && filtered.every((k) => k.includes('train.')), filtered.join(','));
      await panel(page).locator('#filter').fill('');
      await panel(page).locator('#only-changed').check();
    });
  });

  it('a config row opens the native text diff of that file between the versions', async () => {
    await step(page, '12-config-text-diff', async () => {
      await treeItem(page, 'fraud').click();
      await contextMenu(page, treeItem(page, 'v2.1.0'), 'Compare With Previous Version');
      await panel(page).locator('.grid-row[data-key="fraud/serving.json:replicas"]').waitFor({ timeout: 20000 });
      const rows = await panelRows(page);
      assert.deepEqual(rows.find((r) => r[0] === 'fraud/serving.json:replicas').slice(1), ['2', '4']);
      assert.deepEqual(rows.find((r) => r[0] === 'threshold').slice(1), ['0.7', '0.62']);
      await panel(page).locator('.grid-row[data-key="fraud/serving.json:replicas"] .row-action').click();
      await page.locator('.editor .monaco-diff-editor').first().waitFor({ timeout: 15000 });
      assert.match(await page.locator('.tabs-container .tab.active').innerText(), /serving\.json/);
    });
  });
});

// DVC outputs in the workbench, on a repository shaped like example-get-started whose metrics are
// only in the DVC cache (and, for v1.1.0, only on a local-folder remote): the tree shows each
// version's metrics and where they were read, and the diff panel compares them with deltas.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { contextMenu, fixtures, openModelsView, openRepoInWorkbench, panel, panelRows, step, treeItem } from './workbench.mjs';

let wb;
let page;

describe('DVC outputs in the workbench', () => {
  before(async () => {
    wb = await openRepoInWorkbench('mv-e2e-dvc-', (dir) => fixtures.makeGetStarted({ at: dir }), { 'workbench.colorTheme': 'Default Light Modern' });
    page = wb.page;
    await openModelsView(page, 'text-classification');
  });

  after(async () => {
    await wb?.close();
    if (wb) fs.rmSync(`${wb.repo}-remote`, { recursive: true, force: true });
  });

  it('a version\'s metrics come from the DVC remote, and the tree says so', async () => {
    await step(page, '30-dvc-tree-metrics', async () => {
      await treeItem(page, 'text-classification').click();
      await treeItem(page, 'v1.1.0').click();
      await treeItem(page, 'Metrics').click();
      await treeItem(page, 'avg_prec.test = 0.931').waitFor();
      const origin = treeItem(page, 'eval/metrics.json');
      await origin.waitFor();
      assert.match(await origin.innerText(), /from DVC remote 'storage'/);
    });
  });

  it('Compare With Previous Version shows the metrics read from the cache and the remote, with deltas', async () => {
    await step(page, '31-dvc-panel-metrics', async () => {
      await contextMenu(page, treeItem(page, 'v1.2.0'), 'Compare With Previous Version');
      await panel(page).locator('#app[data-ready="true"]').waitFor({ timeout: 20000 });
      const rows = await panelRows(page);
      assert.deepEqual(rows.find((r) => r[0] === 'avg_prec.test').slice(1), ['0.931', '0.94']);
      assert.match(await panel(page).locator('.grid-row[data-key="avg_prec.test"] .delta').innerText(), /^\+0\.009 \(\+0\.97%\)$/);
      assert.ok(rows.some((r) => r[0] === 'eval/plots/sklearn/roc/test.json'), rows.map((r) => r[0]).join(','));
    });
  });
});

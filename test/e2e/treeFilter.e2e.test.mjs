// The Models view's filter as a person uses it: the title bar's Filter button with a row selected,
// a stage name as the text, a text nothing matches, and Clear Filter keeping what was expanded.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { runCommand } from '../harness/browser.mjs';
import { fixtures, openModelsView, openRepoInWorkbench, step, treeItem } from './workbench.mjs';

let wb;
let page;
const rowsText = () => page.locator('.pane-body .monaco-list-row[role="treeitem"]').allInnerTexts();
const filterButton = () => page.getByRole('button', { name: 'Filter Models and Versions…' });
const clearFilterButton = () => page.getByRole('button', { name: 'Clear Filter' });
const quickInput = () => page.locator('.quick-input-widget input');

async function filterFromTitleBar(text) {
  await filterButton().click();
  await quickInput().waitFor();
  await quickInput().fill(text);
  await page.keyboard.press('Enter');
}

describe('Filtering the Models view', () => {
  before(async () => {
    wb = await openRepoInWorkbench('mv-e2e-filter-', fixtures.makeDemoRepo);
    page = wb.page;
    await openModelsView(page, 'churn');
  });

  after(async () => {
    await wb?.close();
  });

  it('the title bar Filter with a row selected finds the models with a prod stage and their prod versions', async () => {
    await step(page, '60-filter-stage', async () => {
      // A selected row is what VS Code hands the title bar's command: it is no filter text.
      await treeItem(page, 'nlp:sentiment').click();
      await filterFromTitleBar('prod');
      // The rows before the filter are on screen until the filtered read is drawn: wait for that.
      await treeItem(page, 'nlp:sentiment').waitFor({ state: 'detached', timeout: 10000 }).catch(() => undefined);
      await treeItem(page, 'churn').waitFor({ timeout: 10000 });
      const errors = await page.locator('.notification-toast', { hasText: /Model Versions:/ }).allInnerTexts();
      assert.deepEqual(errors, [], 'no error toast');
      const rows = await rowsText();
      assert.ok(rows.some((r) => r.startsWith('fraud')), rows.join('\n'));
      assert.ok(!rows.some((r) => r.startsWith('nlp:sentiment')), `sentiment has no prod stage:\n${rows.join('\n')}`);
      // churn holds prod at v1.1.0 only: that version is what the filter shows under it.
      await treeItem(page, 'churn').click();
      await treeItem(page, 'v1.1.0').waitFor();
      const after = await rowsText();
      assert.ok(!after.some((r) => /^v1\.(0|2|3)\.0/.test(r)), `only the prod version of churn:\n${after.join('\n')}`);
      assert.ok(!after.some((r) => r.startsWith('Working tree')), after.join('\n'));
    });
  });

  it('a filter that matches nothing says so and offers Clear Filter', async () => {
    await step(page, '61-filter-no-match', async () => {
      // From the palette (no row passed), so this step stands on its own.
      await runCommand(page, 'Model Versions: Filter Models and Versions…');
      await quickInput().fill('no-such-model');
      await page.keyboard.press('Enter');
      await treeItem(page, "No models match 'no-such-model'").waitFor({ timeout: 10000 });
      await treeItem(page, 'Clear Filter').waitFor();
    });
    await step(page, '61b-filter-no-match-cleared', async () => {
      await treeItem(page, 'Clear Filter').click();
      await treeItem(page, 'nlp:sentiment').waitFor({ timeout: 10000 });
      assert.ok(await filterButton().isVisible(), 'the filter is off: the Filter button is back');
    });
  });

  it('Clear Filter brings back what was expanded before filtering', async () => {
    await step(page, '62-clear-filter-keeps-expansion', async () => {
      // On its own too: no filter left from before, churn expanded.
      if (await clearFilterButton().isVisible()) await clearFilterButton().click();
      if ((await treeItem(page, 'v1.2.0').count()) === 0) await treeItem(page, 'churn').click();
      await treeItem(page, 'v1.2.0').click();
      await treeItem(page, 'Metrics').click();
      await treeItem(page, 'auc = 0.861').waitFor();
      await runCommand(page, 'Model Versions: Filter Models and Versions…');
      await quickInput().fill('fraud');
      await page.keyboard.press('Enter');
      await treeItem(page, 'churn').waitFor({ state: 'detached', timeout: 10000 });
      await clearFilterButton().click();
      await treeItem(page, 'churn').waitFor({ timeout: 10000 });
      // Expanded as it was: churn, its v1.2.0, and that version's Metrics.
      await treeItem(page, 'auc = 0.861').waitFor({ timeout: 10000 });
      await treeItem(page, 'v1.3.0').waitFor();
    });
  });
});

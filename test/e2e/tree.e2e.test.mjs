// A person's clicks in the real workbench (code-server + Chromium): open the Model Versions view,
// expand a model and a version, read its rows, tag a new version from the palette, see it appear,
// right-click a version and check it out. A screenshot of each step goes to test-results/.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { runCommand } from '../harness/browser.mjs';
import { contextMenu, fixtures, openModelsView, openRepoInWorkbench, step, treeItem } from './workbench.mjs';

let wb;
let page;
const git = (...args) => execFileSync('git', args, { cwd: wb.repo, encoding: 'utf8', env: { ...process.env, GIT_LFS_SKIP_SMUDGE: '1' } });
const rowsText = () => page.locator('.pane-body .monaco-list-row[role="treeitem"]').allInnerTexts();

describe('Model Versions in the workbench', () => {
  before(async () => {
    wb = await openRepoInWorkbench('mv-e2e-', fixtures.makeDemoRepo);
    page = wb.page;
  });

  after(async () => {
    await wb?.close();
  });

  it('the activity-bar icon opens the Models view with every model', async () => {
    await step(page, '01-models-view', async () => {
      await openModelsView(page, 'churn');
      const rows = await rowsText();
      assert.ok(rows.some((r) => r.includes('churn') && r.includes('v1.3.0') && r.includes('prod v1.1.0')), rows.join('\n'));
      assert.ok(rows.some((r) => r.includes('fraud')), rows.join('\n'));
      assert.ok(rows.some((r) => r.includes('nlp:sentiment')), rows.join('\n'));
    });
  });

  it('expanding a model and a version shows what the version is made of', async () => {
    await step(page, '02-version-expanded', async () => {
      await treeItem(page, 'churn').click();
      await treeItem(page, 'v1.2.0').click();
      await treeItem(page, 'Hyperparameters').click();
      await treeItem(page, 'train.learning_rate = 0.05').waitFor();
      await treeItem(page, 'Metrics').click();
      await treeItem(page, 'auc = 0.861').waitFor();
    });
  });

  it('Tag New Version from the palette asks its questions and the new version appears', async () => {
    await step(page, '03-tag-new-version', async () => {
      // A new commit, so HEAD is not a version of churn yet.
      fs.appendFileSync(path.join(wb.repo, 'params.yaml'), '# retrained\n');
      git('commit', '-q', '-am', 'Retrain');
      const quick = page.locator('.quick-input-widget');
      const input = quick.locator('input');
      await runCommand(page, 'Model Versions: Tag New Version…', { until: quick.locator('input[placeholder*="Which model gets a new version"]') });
      await input.fill('churn');
      await page.keyboard.press('Enter');
      await quick.locator('.monaco-list-row', { hasText: 'v1.4.0' }).waitFor();
      await input.fill('v1.4.0');
      await quick.locator('.monaco-list-row', { hasText: 'Minor' }).waitFor();
      await page.keyboard.press('Enter');
      await quick.locator('.quick-input-message, .quick-input-description', { hasText: /Tag message for churn@v1\.4\.0/ }).first().waitFor();
      await input.fill('Retrained on April data');
      await page.keyboard.press('Enter');
      await quick.locator('.monaco-list-row', { hasText: 'Create Tag' }).first().waitFor();
      await input.fill('Create Tag');
      await page.keyboard.press('Enter');
      await page.locator('.notification-toast', { hasText: 'Created churn@v1.4.0' }).waitFor({ timeout: 15000 });
      await treeItem(page, 'v1.4.0').waitFor({ timeout: 5000 });
      assert.match(git('tag', '-l', '--format=%(contents:subject)', 'churn@v1.4.0'), /Retrained on April data/);
    });
  });

  it('right-clicking a version and choosing Check Out Version… checks it out', async () => {
    await step(page, '04-checkout-context-menu', async () => {
      // The new tag refreshes the tree twice (the command, then the ref watcher 300 ms later);
      // a menu opened on a row that is being replaced runs its command without the row.
      await page.waitForTimeout(1000);
      await contextMenu(page, treeItem(page, 'v1.1.0'), 'Check Out Version…');
      const dialog = page.locator('.monaco-dialog-box');
      await dialog.waitFor();
      assert.match(await dialog.innerText(), /Check out churn@v1\.1\.0/);
    });
    await step(page, '05-checked-out', async () => {
      await page.locator('.monaco-dialog-box .monaco-button', { hasText: /^Check Out$/ }).click();
      await page.locator('.notification-toast', { hasText: /HEAD is now detached at churn@v1\.1\.0/ }).waitFor({ timeout: 15000 });
      assert.equal(git('rev-parse', 'HEAD').trim(), git('rev-parse', 'churn@v1.1.0^{commit}').trim());
      await page.locator('.statusbar-item', { hasText: 'churn v1.1.0' }).waitFor({ timeout: 5000 });
    });
  });
});

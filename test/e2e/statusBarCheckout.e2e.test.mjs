// The status bar after a Check Out of one of several models' versions on one commit: it names the
// model the user checked out, not whichever tag git describe finds first.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { contextMenu, openModelsView, openRepoInWorkbench, step, treeItem } from './workbench.mjs';
import { makeSharedCommitRepo, rowUnder } from './treeRows.mjs';

let wb;
let page;

describe('The status bar after a checkout', () => {
  before(async () => {
    wb = await openRepoInWorkbench('mv-e2e-status-', makeSharedCommitRepo);
    page = wb.page;
    await openModelsView(page, 'churn');
  });

  after(async () => {
    await wb?.close();
  });

  it('after checking out fraud v1.0.0, a commit three models share, the status bar names fraud first', async () => {
    await step(page, '63-status-bar-checked-out', async () => {
      await page.locator('.statusbar-item', { hasText: 'churn v1.3.0' }).waitFor({ timeout: 10000 });
      await treeItem(page, 'fraud').click();
      await contextMenu(page, await rowUnder(page, 'fraud', 'v1.0.0'), 'Check Out Version…');
      await page.locator('.monaco-dialog-box .monaco-button', { hasText: /^Check Out$/ }).click();
      await page.locator('.notification-toast', { hasText: /HEAD is now detached at fraud@v1\.0\.0/ }).first().waitFor({ timeout: 15000 });
      const head = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: wb.repo, encoding: 'utf8' });
      assert.equal(head, execFileSync('git', ['rev-parse', 'churn@v1.0.0^{commit}'], { cwd: wb.repo, encoding: 'utf8' }));
      const shown = page.locator('.statusbar-item', { hasText: /v1\.0\.0 & 2 more|v0\.0\.1 & 2 more/ }).first();
      await shown.waitFor({ timeout: 10000 });
      // The item updates after the tree's re-read; give it that read before judging its text.
      await page.locator('.statusbar-item', { hasText: 'fraud v1.0.0 & 2 more' }).waitFor({ timeout: 10000 }).catch(async () => {
        assert.fail(`the status bar shows '${await shown.innerText()}'`);
      });
    });
  });
});

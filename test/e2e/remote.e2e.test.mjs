// Working through a remote in the real workbench: a colleague promotes churn v1.3.0 to prod and
// pushes; Fetch Tags in the view's title bar brings it in (the tree shows the new stage); a stage
// made here is pushed with Push Tags from the version's context menu. The remote is a bare
// repository on this machine. A screenshot of each step goes to test-results/screenshots/.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { contextMenu, fixtures, openModelsView, openRepoInWorkbench, step, treeItem } from './workbench.mjs';

const identity = { GIT_AUTHOR_NAME: 'Colleague', GIT_AUTHOR_EMAIL: 'c@example.com', GIT_COMMITTER_NAME: 'Colleague', GIT_COMMITTER_EMAIL: 'c@example.com' };
const run = (cwd, ...args) => execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, ...identity, GIT_LFS_SKIP_SMUDGE: '1' } });

let wb;
let page;
let scratch;
let bare;
let colleague;
const rowsText = () => page.locator('.pane-body .monaco-list-row[role="treeitem"]').allInnerTexts();

describe('Fetch Tags and Push Tags in the workbench', () => {
  before(async () => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'mv-e2e-remote-'));
    bare = path.join(scratch, 'registry.git');
    colleague = path.join(scratch, 'colleague');
    wb = await openRepoInWorkbench('mv-e2e-team-', (dir) => {
      fixtures.makeDemoRepo(dir);
      run(scratch, 'init', '-q', '--bare', '-b', 'main', bare);
      run(dir, 'remote', 'add', 'origin', bare);
      run(dir, 'push', '-q', '-u', 'origin', 'main', '--tags');
      run(scratch, 'clone', '-q', bare, colleague);
    });
    page = wb.page;
  });

  after(async () => {
    await wb?.close();
    if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
  });

  it("Fetch Tags in the title bar brings a colleague's promotion into the tree", async () => {
    await openModelsView(page, 'churn');
    // The colleague promotes v1.3.0 to prod and pushes; the view does not know yet.
    run(colleague, 'tag', '-a', '-m', 'Assigning stage prod to artifact churn version v1.3.0', 'churn#prod#5', 'churn@v1.3.0^{commit}');
    run(colleague, 'push', '-q', 'origin', 'refs/tags/churn#prod#5');
    assert.ok((await rowsText()).some((r) => r.includes('churn') && r.includes('prod v1.1.0')));
    // The view's title bar (with one view, the container's title): shown once the tree knows there is a remote.
    const fetchButton = page.locator('.action-label[aria-label="Fetch Tags"] >> visible=true').first();
    await step(page, 'remote-01-fetch-tags-button', async () => {
      await fetchButton.waitFor({ timeout: 15000 });
      await fetchButton.hover();
    });
    await step(page, 'remote-02-fetched', async () => {
      await fetchButton.click();
      await page.locator('.notification-toast', { hasText: 'Fetched 1 tag from origin: churn#prod#5' }).waitFor({ timeout: 30000 });
      await page.waitForTimeout(600); // the toast's entrance, for the screenshot
      await treeItem(page, 'churn').filter({ hasText: 'prod v1.3.0' }).waitFor({ timeout: 15000 });
    });
  });

  it('Push Tags on a version pushes the stage made here and says so', async () => {
    run(wb.repo, 'tag', '-a', '-m', 'Assigning stage staging to artifact churn version v1.3.0', 'churn#staging#6', 'churn@v1.3.0^{commit}');
    await step(page, 'remote-03-pushed', async () => {
      await treeItem(page, 'churn').filter({ hasText: 'staging v1.3.0' }).waitFor({ timeout: 15000 });
      const rows = page.locator('.pane-body .monaco-list-row[role="treeitem"]');
      if (!(await treeItem(page, 'v1.3.0').isVisible())) await treeItem(page, 'churn').click();
      await contextMenu(page, treeItem(page, 'v1.3.0'), 'Push Tags');
      await page.locator('.notification-toast', { hasText: 'Pushed churn#staging#6 to origin' }).waitFor({ timeout: 30000 });
      await page.waitForTimeout(600);
      assert.ok((await rows.count()) > 0);
    });
    assert.match(run(bare, 'tag', '-l', 'churn#staging#6'), /churn#staging#6/);
  });
});

// What the Models view says about the working tree and HEAD, read as a person reads it: the
// Working tree node's label and counts, a version's hover (tagger and commit author), and the
// version that is checked out.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { runCommand, withHover } from '../harness/browser.mjs';
import { contextMenu, openModelsView, openRepoInWorkbench, step, treeItem } from './workbench.mjs';
import { makeSharedCommitRepo, rowUnder } from './treeRows.mjs';

let wb;
let page;
const git = (...args) => execFileSync('git', args, { cwd: wb.repo, encoding: 'utf8', env: { ...process.env, GIT_LFS_SKIP_SMUDGE: '1' } });
const rows = () => page.locator('.pane-body .monaco-list-row[role="treeitem"]');
const rowsText = () => rows().allInnerTexts();

describe('The working tree, HEAD and the hover in the Models view', () => {
  before(async () => {
    wb = await openRepoInWorkbench('mv-e2e-labels-', makeSharedCommitRepo);
    page = wb.page;
    await openModelsView(page, 'churn');
  });

  after(async () => {
    await wb?.close();
  });

  it('the working tree is "Working tree", counted in words, and so named in the config diff', async () => {
    await step(page, '64-working-tree-label', async () => {
      const serving = path.join(wb.repo, 'fraud/serving.json');
      fs.writeFileSync(serving, fs.readFileSync(serving, 'utf8').replace('"replicas": 4', '"replicas": 5'));
      await runCommand(page, 'Model Versions: Refresh');
      await treeItem(page, 'fraud').click();
      const workdir = treeItem(page, 'Working tree');
      await workdir.waitFor({ timeout: 10000 });
      // HEAD is churn's v1.3.0, no version of fraud: the count is from fraud's latest, and says so.
      assert.match(await workdir.innerText(), /1 change since v2\.1\.0 \(latest\)/);
      await workdir.click();
      await treeItem(page, 'Configs').click();
      await contextMenu(page, treeItem(page, 'fraud/serving.json'), 'Open Config Diff');
      const tab = page.locator('.tabs-container .tab.active');
      await tab.waitFor({ timeout: 10000 });
      const title = await tab.getAttribute('aria-label');
      assert.match(title ?? '', /fraud · Working tree/, title ?? '');
      assert.doesNotMatch(title ?? '', /@workdir/);
    });
    git('checkout', '-q', '--', 'fraud/serving.json');
    await runCommand(page, 'View: Close All Editors');
    // serving.json is no file the watcher follows.
    await runCommand(page, 'Model Versions: Refresh');
  });

  it("a version's hover names the tagger and the commit's author, each labelled", async () => {
    await step(page, '65-version-hover', async () => {
      await treeItem(page, 'Working tree').waitFor({ state: 'detached', timeout: 10000 });
      const v100 = await rowUnder(page, 'fraud', 'v1.0.0');
      const hover = page.locator('.monaco-hover, .workbench-hover').filter({ hasText: 'Tagged by' }).first();
      await withHover(page, v100, hover, async () => {
        const text = (await hover.innerText()).replace(/\u00a0/g, ' ');
        assert.match(text, /Tagged by Grace Hopper on /);
        assert.match(text, /Commit [0-9a-f]{10} by Ada Lovelace on /);
      });
    });
    await page.mouse.move(0, 0);
  });

  it('after Stash and Check Out of churn v1.1.0 the tree marks it checked out and no Working tree claims changes', async () => {
    await step(page, '66-working-tree-checked-out', async () => {
      const params = path.join(wb.repo, 'params.yaml');
      fs.writeFileSync(params, fs.readFileSync(params, 'utf8').replace('learning_rate: 0.03', 'learning_rate: 0.02'));
      await treeItem(page, 'churn').click();
      // The watcher's refresh shows the edit; a menu opened on a row being replaced loses its row.
      await rows().filter({ hasText: /^Working tree[\s\S]*1 change since v1\.3\.0 \(checked out\)/ }).waitFor({ timeout: 10000 });
      await page.waitForTimeout(1000);
      await contextMenu(page, await rowUnder(page, 'churn', 'v1.1.0'), 'Check Out Version…');
      await page.locator('.monaco-dialog-box .monaco-button', { hasText: /^Stash and Check Out$/ }).click();
      await page.locator('.notification-toast', { hasText: /churn@v1\.1\.0/ }).first().waitFor({ timeout: 15000 });
      assert.equal(git('status', '--porcelain'), '', 'git status is clean');
      await rows().filter({ hasText: /^v1\.1\.0[\s\S]*checked out/ }).first().waitFor({ timeout: 10000 });
      const text = await rowsText();
      assert.ok(!text.some((r) => r.startsWith('Working tree') && /change/.test(r)), `a Working tree node claims changes:\n${text.join('\n')}`);
      assert.ok(text.some((r) => r.startsWith('v1.1.0') && r.includes('prod') && r.includes('checked out')), text.join('\n'));
      assert.ok(!text.some((r) => r.startsWith('v1.3.0') && r.includes('checked out')), text.join('\n'));
    });
  });
});

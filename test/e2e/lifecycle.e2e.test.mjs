// The registry's lifecycle as a person clicks it (issues 14 and 15): Promote keeps to `.gto`'s
// stages (a typed stage outside them is refused, naming the allowed ones); Roll Back Stage… and
// Unassign Stage… each ask with the tag they will create; with no remote only Create Tag is
// offered, and once there is one, Tag New Version's Create and Push says what it pushed where.
// Screenshots 100-promote-gto-refused, 101-unassign, 102-rollback, 103-push-message.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { clearToasts, dialog, dialogButton, expandRow, fixtures, openModelsView, openRepoInWorkbench, quickInput, rowMenu, step, toast } from './workbench.mjs';

let wb;
let page;
let scratch;
const env = { ...process.env, GIT_LFS_SKIP_SMUDGE: '1', GIT_AUTHOR_NAME: 'T', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 'T', GIT_COMMITTER_EMAIL: 't@example.com' };
const git = (cwd, ...args) => execFileSync('git', args, { cwd, encoding: 'utf8', env }).trim();
describe('Lifecycle actions and push in the workbench', () => {
  before(async () => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'mv-e2e-life-'));
    wb = await openRepoInWorkbench('mv-e2e-lifecycle-', (dir) => {
      fixtures.makeDemoRepo(dir);
      // GTO's config, committed as a team keeps it: only these stages exist.
      fs.writeFileSync(path.join(dir, '.gto'), 'stages: [dev, staging, prod]\n');
      git(dir, 'add', '.gto');
      git(dir, 'commit', '-q', '-m', 'GTO stages');
    });
    page = wb.page;
    await openModelsView(page, 'churn');
    await expandRow(page, 'churn');
  });

  after(async () => {
    await wb?.close();
    if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
  });

  it("Promote offers only .gto's stages and refuses a typed stage outside them, naming the allowed ones", async () => {
    const before = git(wb.repo, 'tag', '-l');
    await step(page, '100-promote-gto-refused', async () => {
      await rowMenu(page, 'v1.3.0', 'Promote to Stage…');
      await quickInput(page).locator('.monaco-list-row', { hasText: 'Other stage…' }).waitFor();
      const labels = await quickInput(page).locator('.monaco-list-row .label-name').allInnerTexts();
      assert.deepEqual(labels, ['dev', 'staging', 'prod', 'Other stage…']);
      await quickInput(page).locator('.monaco-list-row', { hasText: 'Other stage…' }).click();
      await quickInput(page).locator('input').fill('qa');
      await quickInput(page).locator('text=not allowed by .gto; allowed stages are: dev, staging, prod').waitFor({ timeout: 10000 });
      await page.keyboard.press('Enter'); // refused: the box stays
      await quickInput(page).locator('text=not allowed by .gto').waitFor();
    });
    await page.keyboard.press('Escape');
    assert.equal(git(wb.repo, 'tag', '-l'), before, 'no tag was created');
  });

  it('Roll Back Stage… on churn asks with the tag it creates and gives staging back to v1.1.0', async () => {
    await step(page, '102-rollback', async () => {
      await rowMenu(page, 'churn', 'Roll Back Stage…');
      await quickInput(page).locator('.monaco-list-row', { hasText: 'staging' }).waitFor();
      await quickInput(page).locator('input').fill('staging');
      await page.keyboard.press('Enter');
      await dialog(page).waitFor();
      assert.match(await dialog(page).innerText(), /Roll staging of churn back from v1\.2\.0 to v1\.1\.0\? This creates the tag churn#staging#5 on [0-9a-f]{7}\./);
      // No remote yet: nothing to push to, so no push is offered.
      assert.equal(await dialogButton(page, 'Create and Push Tag').count(), 0);
      await dialogButton(page, 'Create Tag').waitFor();
    });
    await dialogButton(page, 'Create Tag').click();
    await toast(page, 'churn v1.1.0 is in staging again (churn#staging#5)').waitFor({ timeout: 15000 });
    assert.equal(git(wb.repo, 'rev-parse', 'churn#staging#5^{commit}'), git(wb.repo, 'rev-parse', 'churn@v1.1.0^{commit}'));
    await clearToasts(page);
  });

  it('Unassign Stage… on v1.1.0 names churn#prod!#6 and, confirmed, takes prod from it', async () => {
    await expandRow(page, 'churn');
    await step(page, '101-unassign', async () => {
      await rowMenu(page, 'v1.1.0', 'Unassign Stage…');
      await quickInput(page).locator('.monaco-list-row', { hasText: 'prod' }).waitFor();
      await quickInput(page).locator('input').fill('prod');
      await page.keyboard.press('Enter');
      await dialog(page).waitFor();
      assert.match(await dialog(page).innerText(), /Unassign prod from churn v1\.1\.0\? This creates the tag churn#prod!#6 on [0-9a-f]{7}\./);
      assert.match(await dialog(page).innerText(), /Tag message: Unassigning stage 'prod' to artifact 'churn' version 'v1\.1\.0'/);
    });
    await dialogButton(page, 'Create Tag').click();
    await toast(page, 'churn v1.1.0 is no longer in prod (churn#prod!#6)').waitFor({ timeout: 15000 });
    assert.equal(git(wb.repo, 'cat-file', '-t', 'churn#prod!#6'), 'tag');
    await clearToasts(page);
  });

  it('Create and Push Tag is offered once there is a remote, and the message says what was pushed where', async () => {
    const bare = path.join(scratch, 'team.git');
    git(scratch, 'init', '-q', '--bare', '-b', 'main', bare);
    git(wb.repo, 'remote', 'add', 'origin', bare);
    git(wb.repo, 'push', '-q', '-u', 'origin', 'main');
    fs.writeFileSync(path.join(wb.repo, 'retrain.txt'), 'retrained\n');
    git(wb.repo, 'add', 'retrain.txt');
    git(wb.repo, 'commit', '-q', '-m', 'Retrain churn');
    await step(page, '103-push-message', async () => {
      await rowMenu(page, 'churn', 'Tag New Version…');
      const input = quickInput(page).locator('input');
      await quickInput(page).locator('.monaco-list-row', { hasText: 'Patch' }).waitFor();
      await input.fill('Patch');
      await page.keyboard.press('Enter');
      await quickInput(page).locator('.quick-input-message, .quick-input-description', { hasText: /Tag message for churn@v1\.3\.1/ }).first().waitFor();
      await page.keyboard.press('Enter');
      await quickInput(page).locator('.monaco-list-row', { hasText: 'Create and Push Tag' }).waitFor();
      await input.fill('Create and Push Tag');
      await page.keyboard.press('Enter');
      await toast(page, /Created churn@v1\.3\.1 \([0-9a-f]{7}\)\. Pushed to origin\./).waitFor({ timeout: 30000 });
      await page.waitForTimeout(600);
    });
    assert.match(git(bare, 'tag', '-l'), /^churn@v1\.3\.1$/m);
  });
});

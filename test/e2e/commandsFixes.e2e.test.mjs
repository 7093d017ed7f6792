// Commands as a person meets them (issue 11): a checkout git refuses names the files in the way
// and offers Stash and Check Out; the message after a checkout has buttons that go back (and pop
// the stash), refusing on a dirty tree; the stage picker does not offer a stage the version
// holds; Tag New Version says HEAD is already registered before asking anything; the manifest's
// tab names its version; Open Config Diff runs from the palette; an MLflow registry model has no
// Tag New Version. Screenshots 70-… to 74-… and 78-….
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { runCommand, withHover } from '../harness/browser.mjs';
import { clearToasts, dialog, dialogButton, expandRow, fixtures, openModelsView, openRepoInWorkbench, quickInput, rowMenu, step, toast, treeItem } from './workbench.mjs';

let wb;
let page;
const git = (...args) => execFileSync('git', args, { cwd: wb.repo, encoding: 'utf8', env: { ...process.env, GIT_LFS_SKIP_SMUDGE: '1' } }).trim();
const toastButton = (t, label) => t.locator('.monaco-button', { hasText: new RegExp(`^${label}$`) });
const activeTab = () => page.locator('.tabs-container .tab.active');
const EDIT = 'train:\n  learning_rate: 0.2  # my experiment\n';

describe('Command fixes on the demo repository (issue 11)', () => {
  before(async () => {
    wb = await openRepoInWorkbench('mv-e2e-cmdfix-', fixtures.makeDemoRepo, { 'workbench.colorTheme': 'Default Light Modern' });
    page = wb.page;
    await openModelsView(page, 'churn');
    await expandRow(page, 'churn');
  });

  after(async () => {
    await wb?.close();
  });

  it('Check Out in a New Branch over a changed file names the file and offers Stash and Check Out', async () => {
    fs.writeFileSync(path.join(wb.repo, 'params.yaml'), EDIT);
    // The edit refreshes the tree (a Working tree row); a menu opened on a row being replaced
    // runs its command without the row.
    await treeItem(page, 'Working tree').waitFor({ timeout: 15000 });
    await page.waitForTimeout(1000);
    await step(page, '70-checkout-overwritten-files', async () => {
      await rowMenu(page, 'v1.2.0', 'Check Out Version…');
      await dialog(page).waitFor();
      assert.match(await dialog(page).innerText(), /1 file has uncommitted changes\. Check out churn@v1\.2\.0\?/);
      await dialogButton(page, 'Check Out in a New Branch').click();
      const input = quickInput(page).locator('input');
      await input.waitFor();
      assert.equal(await input.inputValue(), 'churn-v1.2.0');
      await page.keyboard.press('Enter');
      // git refuses (params.yaml differs at v1.2.0): the dialog names the file and offers a way on.
      await dialog(page).locator('text=would overwrite uncommitted changes to 1 file').waitFor({ timeout: 15000 });
      const text = await dialog(page).innerText();
      assert.match(text, /Checking out churn@v1\.2\.0 in the new branch churn-v1\.2\.0 would overwrite uncommitted changes to 1 file\./);
      assert.match(text, /^params\.yaml$/m);
      assert.doesNotMatch(text, /would be overwritten by checkout:$/m, "git's line without its files is not the message");
      await dialogButton(page, 'Stash and Check Out').waitFor();
      assert.equal(git('branch', '--list', 'churn-v1.2.0'), '', 'nothing changed yet');
      assert.equal(fs.readFileSync(path.join(wb.repo, 'params.yaml'), 'utf8'), EDIT);
    });
    await step(page, '70b-stashed-and-checked-out', async () => {
      await dialogButton(page, 'Stash and Check Out').click();
      const t = toast(page, /Switched to a new branch churn-v1\.2\.0 at churn@v1\.2\.0 \([0-9a-f]{7}\)\. Your changes are saved in stash@\{0\}\./);
      await t.waitFor({ timeout: 15000 });
      assert.equal(git('symbolic-ref', '--short', 'HEAD'), 'churn-v1.2.0');
      assert.equal(git('rev-parse', 'HEAD'), git('rev-parse', 'churn@v1.2.0^{commit}'));
      assert.match(git('stash', 'list'), /model-versions: before checking out churn@v1\.2\.0/);
    });
  });

  it('the checkout message goes back with its buttons: Switch Back and Pop Stash restores branch and edit', async () => {
    await step(page, '71-checkout-switch-back', async () => {
      const t = toast(page, 'Your changes are saved in stash@{0}.');
      await toastButton(t, 'Switch Back').waitFor();
      await toastButton(t, 'Switch Back and Pop Stash').waitFor();
      assert.doesNotMatch(await t.innerText(), /git switch -/, 'no command to type: a button does it');
    });
    await step(page, '71b-switched-back-popped', async () => {
      await toastButton(toast(page, 'Your changes are saved in stash@{0}.'), 'Switch Back and Pop Stash').click();
      await toast(page, 'Switched back to main and popped the stash: your changes are back.').waitFor({ timeout: 15000 });
      assert.equal(git('symbolic-ref', '--short', 'HEAD'), 'main');
      assert.equal(fs.readFileSync(path.join(wb.repo, 'params.yaml'), 'utf8'), EDIT, 'the edit is back');
      assert.equal(git('stash', 'list'), '', 'the stash was popped');
    });
    await clearToasts(page);
    await step(page, '71c-switch-back-refuses-dirty-tree', async () => {
      // A clean checkout (detached), then an edit: Switch Back refuses as checkout does.
      git('stash', 'push', '-q', '-m', 'keep the experiment aside');
      await page.waitForTimeout(1000);
      await rowMenu(page, 'v1.1.0', 'Check Out Version…');
      await dialogButton(page, 'Check Out').click();
      const t = toast(page, /HEAD is now detached at churn@v1\.1\.0 \([0-9a-f]{7}\)\./);
      await t.waitFor({ timeout: 15000 });
      assert.equal(await toastButton(t, 'Switch Back and Pop Stash').count(), 0, 'no stash was made: nothing to pop');
      fs.writeFileSync(path.join(wb.repo, 'README.md'), 'edited while on v1.1.0\n');
      await toastButton(t, 'Switch Back').click();
      await dialog(page).locator('text=1 file has uncommitted changes; commit or stash them before switching back').waitFor({ timeout: 15000 });
      assert.match(await dialog(page).innerText(), /^README\.md$/m);
      assert.equal(git('rev-parse', 'HEAD'), git('rev-parse', 'churn@v1.1.0^{commit}'), 'HEAD did not move');
      assert.equal(fs.readFileSync(path.join(wb.repo, 'README.md'), 'utf8'), 'edited while on v1.1.0\n');
    });
    await page.keyboard.press('Escape');
    git('checkout', '-q', '--', 'README.md');
    git('switch', '-q', 'main');
    git('stash', 'pop', '-q');
    git('checkout', '-q', '--', 'params.yaml');
    await clearToasts(page);
  });

  it('Promote to Stage does not offer the stage the version holds, and says it holds it', async () => {
    await step(page, '72-stage-picker', async () => {
      await page.waitForTimeout(1000);
      // v1.0.0 is in dev: dev was the first, highlighted choice.
      await rowMenu(page, 'v1.0.0', 'Promote to Stage…');
      const input = quickInput(page).locator('input');
      await input.waitFor();
      assert.match(await input.getAttribute('placeholder'), /^Promote churn v1\.0\.0 to… \(already in dev\)$/);
      const labels = await quickInput(page).locator('.monaco-list-row .label-name').allInnerTexts();
      assert.deepEqual(labels, ['staging', 'prod', 'Other stage…']);
      const focused = await quickInput(page).locator('.monaco-list-row.focused .label-name').innerText();
      assert.equal(focused, 'staging', 'the first choice is a stage it does not hold');
    });
    await page.keyboard.press('Escape');
  });

  it('Tag New Version says HEAD is already registered before asking for a version', async () => {
    await step(page, '73-already-registered-first', async () => {
      const input = quickInput(page).locator('input');
      await runCommand(page, 'Model Versions: Tag New Version…', { until: quickInput(page).locator('input[placeholder*="Which model gets a new version"]') });
      await input.fill('churn');
      await page.keyboard.press('Enter');
      await toast(page, 'HEAD is already registered as churn v1.3.0').waitFor({ timeout: 15000 });
      await quickInput(page).waitFor({ state: 'hidden' });
      assert.equal(await quickInput(page).locator('.monaco-list-row', { hasText: 'Patch' }).count(), 0, 'no version was asked for');
    });
    await clearToasts(page);
  });

  it("Open Manifest at Version opens a tab titled with the file and the version", async () => {
    await step(page, '74-manifest-tab-title', async () => {
      await rowMenu(page, 'v1.2.0', 'Open Manifest at Version');
      await activeTab().locator('.label-name', { hasText: 'dvc.yaml (churn v1.2.0)' }).waitFor({ timeout: 15000 });
      assert.equal(await activeTab().locator('.label-name').innerText(), 'dvc.yaml (churn v1.2.0)');
      assert.match(await activeTab().getAttribute('aria-label'), /churn v1\.2\.0/);
      await page.locator('.editor .view-line', { hasText: 'artifacts:' }).first().waitFor({ timeout: 15000 });
      // The tab's hover names the version too (it was "/dvc.yaml").
      const hover = page.locator('.workbench-hover, .monaco-hover', { hasText: 'dvc.yaml (churn v1.2.0)' }).first();
      await withHover(page, activeTab(), hover, async () => {});
    });
    await page.keyboard.press('Control+W');
  });

  it('Open Config Diff runs from the palette: version, then the diff of its config with the version before', async () => {
    await step(page, '74b-config-diff-palette', async () => {
      const input = quickInput(page).locator('input');
      await runCommand(page, 'Model Versions: Open Config Diff', { until: quickInput(page).locator('input[placeholder*="Open the config diff of which version"]') });
      await input.fill('fraud');
      await page.keyboard.press('Enter');
      await quickInput(page).locator('.monaco-list-row', { hasText: 'v2.1.0' }).waitFor();
      await input.fill('v2.1.0');
      await page.keyboard.press('Enter');
      await page.locator('.editor .monaco-diff-editor').first().waitFor({ timeout: 15000 });
      assert.equal(await activeTab().locator('.label-name').innerText(), 'fraud/serving.json (fraud@v2.0.0 ↔ fraud@v2.1.0)');
      await page.locator('.editor .monaco-diff-editor .modified .view-line', { hasText: '"replicas": 4' }).waitFor({ timeout: 15000 });
    });
    await page.keyboard.press('Control+W');
  });
});

describe('An MLflow registry model has no Git Tag New Version (issue 11)', () => {
  before(async () => {
    wb = await openRepoInWorkbench('mv-e2e-cmdfix-mlflow-', fixtures.makeInteropRepo);
    page = wb.page;
    await openModelsView(page, 'churn');
  });

  after(async () => {
    await wb?.close();
  });

  it('its context menu and inline actions lack Tag New Version; a Git model keeps them', async () => {
    await step(page, '78-mlflow-no-tag-version', async () => {
      const mlflowModel = treeItem(page, 'fraud-detector');
      await mlflowModel.waitFor({ timeout: 15000 });
      await mlflowModel.hover();
      assert.equal(await mlflowModel.locator('.action-label[aria-label^="Tag New Version"]').count(), 0, 'no inline Tag New Version');
      await mlflowModel.click({ button: 'right' });
      const menu = page.locator('.context-view .action-label');
      await menu.first().waitFor();
      const entries = await menu.allInnerTexts();
      assert.ok(entries.includes('Compare Versions…'), entries.join(' | '));
      assert.ok(!entries.some((e) => e.startsWith('Tag New Version')), entries.join(' | '));
    });
    await page.keyboard.press('Escape');
    await treeItem(page, 'churn').click({ button: 'right' });
    await page.locator('.context-view .action-label', { hasText: 'Tag New Version…' }).waitFor();
    await page.keyboard.press('Escape');
  });

  it('from the palette, Tag New Version on it is refused with the reason', async () => {
    await step(page, '78b-mlflow-tag-refused', async () => {
      const input = quickInput(page).locator('input');
      await runCommand(page, 'Model Versions: Tag New Version…', { until: quickInput(page).locator('input[placeholder*="Which model gets a new version"]') });
      await input.fill('fraud-detector');
      await page.keyboard.press('Enter');
      await toast(page, 'fraud-detector is a model of the MLflow registry: register its new versions in MLflow').waitFor({ timeout: 15000 });
      await quickInput(page).waitFor({ state: 'hidden' });
      assert.equal(await quickInput(page).locator('.monaco-list-row', { hasText: 'Patch' }).count(), 0, 'no version was asked for');
    });
  });
});

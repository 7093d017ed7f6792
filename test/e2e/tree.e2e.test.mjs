// A person's clicks in the real workbench (code-server + Chromium): open the Model Versions view,
// expand a model and a version, read its rows, tag a new version from the palette, see it appear,
// right-click a version and check it out. A screenshot of each step goes to test-results/.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { startCodeServer } from '../harness/codeServer.mjs';
import { launchChromium, openWorkbench, REPO_ROOT, runCommand, screenshot } from '../harness/browser.mjs';

const require = createRequire(import.meta.url);
const { makeDemoRepo } = require(path.join(REPO_ROOT, 'out/test/fixtures/demoRepo.js'));

let server;
let browser;
let page;
let repo;
const git = (...args) => execFileSync('git', args, { cwd: repo, encoding: 'utf8', env: { ...process.env, GIT_LFS_SKIP_SMUDGE: '1' } });

/** Runs a step; on failure keeps a screenshot named after it. */
async function step(name, fn) {
  try {
    await fn();
    await screenshot(page, name);
  } catch (e) {
    await screenshot(page, `FAILED-${name}`).catch(() => undefined);
    throw e;
  }
}

const treeItem = (name) => page.locator('.pane-body .monaco-list-row[role="treeitem"]').filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }) });
const rowsText = async () => page.locator('.pane-body .monaco-list-row[role="treeitem"]').allInnerTexts();

describe('Model Versions in the workbench', () => {
  before(async () => {
    repo = fs.mkdtempSync(path.join(os.tmpdir(), 'mv-e2e-'));
    makeDemoRepo(repo);
    server = await startCodeServer({ folder: repo, installExtensionPath: REPO_ROOT });
    browser = await launchChromium();
    page = browser.page;
    await openWorkbench(page, server.url);
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    if (repo) fs.rmSync(repo, { recursive: true, force: true });
  });

  it('the activity-bar icon opens the Models view with every model', async () => {
    await step('01-models-view', async () => {
      await page.getByRole('tab', { name: /Model Versions/ }).click();
      await treeItem('churn').waitFor({ timeout: 30000 });
      const rows = await rowsText();
      assert.ok(rows.some((r) => r.includes('churn') && r.includes('v1.3.0') && r.includes('prod v1.1.0')), rows.join('\n'));
      assert.ok(rows.some((r) => r.includes('fraud')), rows.join('\n'));
      assert.ok(rows.some((r) => r.includes('nlp:sentiment')), rows.join('\n'));
    });
  });

  it('expanding a model and a version shows what the version is made of', async () => {
    await step('02-version-expanded', async () => {
      await treeItem('churn').click();
      await treeItem('v1.2.0').waitFor();
      await treeItem('v1.2.0').click();
      await treeItem('Hyperparameters').waitFor();
      await treeItem('Hyperparameters').click();
      await treeItem('train.learning_rate = 0.05').waitFor();
      await treeItem('Metrics').click();
      await treeItem('auc = 0.861').waitFor();
    });
  });

  it('Tag New Version from the palette asks its questions and the new version appears', async () => {
    await step('03-tag-new-version', async () => {
      // A new commit, so HEAD is not a version of churn yet.
      fs.appendFileSync(path.join(repo, 'params.yaml'), '# retrained\n');
      git('commit', '-q', '-am', 'Retrain');
      await runCommand(page, 'Model Versions: Tag New Version…');
      const quick = page.locator('.quick-input-widget');
      const input = quick.locator('input');
      await quick.waitFor();
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
      await treeItem('v1.4.0').waitFor({ timeout: 5000 });
      assert.match(git('tag', '-l', '--format=%(contents:subject)', 'churn@v1.4.0'), /Retrained on April data/);
    });
  });

  it('right-clicking a version and choosing Check Out Version… checks it out', async () => {
    await step('04-checkout-context-menu', async () => {
      await treeItem('v1.1.0').click({ button: 'right' });
      const item = page.locator('.context-view .action-label', { hasText: 'Check Out Version…' });
      await item.hover();
      await page.keyboard.press('Enter');
    });
    await step('05-checkout-dialog', async () => {
      const dialog = page.locator('.monaco-dialog-box');
      await dialog.waitFor();
      assert.match(await dialog.innerText(), /Check out churn@v1\.1\.0/);
      await dialog.locator('.monaco-button', { hasText: /^Check Out$/ }).click();
      await page.locator('.notification-toast', { hasText: /HEAD is now detached at churn@v1\.1\.0/ }).waitFor({ timeout: 15000 });
      assert.equal(git('rev-parse', 'HEAD').trim(), git('rev-parse', 'churn@v1.1.0^{commit}').trim());
      await page.locator('.statusbar-item', { hasText: 'churn v1.1.0' }).waitFor({ timeout: 5000 });
    });
  });
});

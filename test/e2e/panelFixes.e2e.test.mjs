// The diff panel as a person reads and clicks it (issue 11): a loss that fell reads as better
// without an arrow that says "up", the header names who tagged and who committed, a Code file
// opens VS Code's diff editor, ↗ opens the file at that version (not the Explorer), "1 file",
// and the view's title is not cut. churn v1.4.0 is made here: a commit by Grace Hopper that only
// changes metrics.json (loss 0.355 → 0.34), tagged by Alan Turing. Screenshots 75-… to 79-….
// (The sidebar title is 'Model Versions' as rendered text; the theme may show it in capitals.)
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { contextMenu, fixtures, openModelsView, openRepoInWorkbench, panel, step, treeItem } from './workbench.mjs';

let wb;
let page;

function addV140(dir) {
  fixtures.makeDemoRepo(dir);
  const git = (args, env = {}) => execFileSync('git', args, { cwd: dir, encoding: 'utf8', env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', ...env } });
  const metrics = JSON.parse(fs.readFileSync(path.join(dir, 'metrics.json'), 'utf8'));
  fs.writeFileSync(path.join(dir, 'metrics.json'), JSON.stringify({ ...metrics, loss: 0.34 }, null, 2) + '\n');
  git(['commit', '-q', '-am', 'Calibrated probabilities'], { GIT_AUTHOR_NAME: 'Grace Hopper', GIT_AUTHOR_EMAIL: 'grace@example.com', GIT_COMMITTER_NAME: 'Grace Hopper', GIT_COMMITTER_EMAIL: 'grace@example.com' });
  git(['tag', '-a', '-m', 'Registering artifact churn version v1.4.0', 'churn@v1.4.0'], { GIT_COMMITTER_NAME: 'Alan Turing', GIT_COMMITTER_EMAIL: 'alan@example.com' });
}

const activeTab = () => page.locator('.tabs-container .tab.active');

async function compareWithPrevious(version, key) {
  // The mouse off the tree first: a row's hover must not cover the row to right-click.
  await page.mouse.move(900, 600);
  await page.locator('.context-view').first().waitFor({ state: 'hidden', timeout: 5000 }).catch(() => {});
  await contextMenu(page, treeItem(page, version), 'Compare With Previous Version');
  await panel(page).locator(`.grid-row[data-key="${key}"]`).waitFor({ timeout: 20000 });
}

describe('Diff panel fixes (issue 11)', () => {
  before(async () => {
    wb = await openRepoInWorkbench('mv-e2e-panelfix-', addV140, { 'workbench.colorTheme': 'Default Light Modern' });
    page = wb.page;
    await openModelsView(page, 'churn');
  });

  after(async () => {
    await wb?.close();
  });

  it("the view's title reads Model Versions, not cut short", async () => {
    await step(page, '79-view-title', async () => {
      const title = page.locator('.part.sidebar .composite.title .title-label');
      // One name, not "Model Versions: Models" (cut to "Model Versions: …" beside the actions).
      assert.equal((await title.innerText()).trim(), 'Model Versions');
      const h2 = title.locator('h2');
      // Not cut: the text fits its box (an ellipsis would make scrollWidth larger).
      assert.ok(await h2.evaluate((e) => e.scrollWidth <= e.clientWidth), 'the title is cut');
    });
  });

  it('a loss that fell keeps its minus sign and says better in a badge of its own', async () => {
    await step(page, '76-metric-better-worse', async () => {
      await treeItem(page, 'churn').click();
      await compareWithPrevious('v1.4.0', 'loss');
      const cell = panel(page).locator('.grid-row[data-key="loss"] [data-col="2"]');
      assert.equal(await cell.locator('.delta').innerText(), '−0.015 (−4.23%)');
      assert.equal(await cell.locator('.verdict').innerText(), '✓ better');
      assert.match(await cell.locator('.verdict').getAttribute('class'), /\bbetter\b/);
      assert.doesNotMatch(await cell.innerText(), /[▲▼]/);
      // A screen reader hears the value, the delta and the verdict together.
      assert.equal(await cell.getAttribute('aria-label'), 'churn@v1.4.0, loss: 0.34, −0.015 (−4.23%), ✓ better');
      // Colour too: the badge is not the plain description colour of the delta.
      const [deltaColour, verdictColour] = await Promise.all([cell.locator('.delta').evaluate((e) => getComputedStyle(e).color), cell.locator('.verdict').evaluate((e) => getComputedStyle(e).color)]);
      assert.notEqual(verdictColour, deltaColour);
    });
  });

  it("the header names the version's tagger and its commit's author, labelled", async () => {
    await step(page, '77-panel-authors', async () => {
      const people = (col) => panel(page).locator(`.head-cell[aria-colindex="${col}"] .col-people`).innerText();
      assert.equal(await people(3), 'tagged by Alan Turing · commit by Grace Hopper');
      assert.equal(await people(2), 'tagged by Ada Lovelace · commit by Ada Lovelace');
    });
  });

  it('the Code section says "1 file changed" and its file opens the diff editor between the two versions', async () => {
    await step(page, '75-code-section-diff', async () => {
      const code = panel(page).locator('section.code');
      await code.scrollIntoViewIfNeeded();
      const summary = code.locator('summary');
      assert.equal(await summary.innerText(), 'churn@v1.3.0 → churn@v1.4.0: 1 file changed (1 modified)');
      await summary.click();
      await code.locator('a.file-link', { hasText: 'metrics.json' }).click();
      await page.locator('.editor .monaco-diff-editor').first().waitFor({ timeout: 15000 });
      assert.equal(await activeTab().locator('.label-name').innerText(), 'metrics.json (churn@v1.3.0 ↔ churn@v1.4.0)');
      await page.locator('.editor .monaco-diff-editor .modified .view-line', { hasText: '"loss": 0.34' }).waitFor({ timeout: 15000 });
      await page.locator('.editor .monaco-diff-editor .original .view-line', { hasText: '"loss": 0.355' }).waitFor({ timeout: 15000 });
    });
    await page.keyboard.press('Control+W');
  });

  it('↗ on a data row opens the file its hash comes from at that version, and the sidebar stays on Model Versions', async () => {
    await step(page, '75b-open-file-at-version', async () => {
      await panel(page).locator('#only-changed').uncheck();
      const cell = panel(page).locator('.grid-row[data-key="data/raw/customers.csv"] [data-col="2"]');
      await cell.scrollIntoViewIfNeeded();
      const open = cell.locator('.row-action');
      assert.equal(await open.getAttribute('aria-label'), 'Open data/raw/customers.csv at churn@v1.4.0');
      await open.click();
      // customers.csv is tracked by DVC, not Git: the dvc.lock its hash was read from opens, at v1.4.0.
      await activeTab().locator('.label-name', { hasText: 'dvc.lock (churn v1.4.0)' }).waitFor({ timeout: 15000 });
      await page.locator('.editor .view-line', { hasText: '- path: data/raw/customers.csv' }).first().waitFor({ timeout: 15000 });
      assert.equal((await page.locator('.part.sidebar .composite.title .title-label').innerText()).trim(), 'Model Versions', 'the Explorer did not take the sidebar');
      await page.keyboard.press('Control+W');
      await panel(page).locator('#only-changed').check();
    });
    await step(page, '75c-open-weights-at-version', async () => {
      // fraud.onnx is in Git (an LFS pointer): the file itself opens, as it is at fraud v2.1.0.
      await treeItem(page, 'fraud').click();
      await compareWithPrevious('v2.1.0', 'fraud/fraud.onnx');
      await panel(page).locator('.grid-row[data-key="fraud/fraud.onnx"] [data-col="2"] .row-action').click();
      await activeTab().locator('.label-name', { hasText: 'fraud.onnx (fraud v2.1.0)' }).waitFor({ timeout: 15000 });
      await page.locator('.editor .view-line', { hasText: 'version https://git-lfs.github.com/spec/v1' }).first().waitFor({ timeout: 15000 });
    });
  });
});

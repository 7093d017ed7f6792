// The packaged extension, as users get it: `vsce package` makes the .vsix, code-server installs
// it, and in the demo repository the view lists the models, a comparison opens, and the Getting
// Started walkthrough is there.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startCodeServer } from '../harness/codeServer.mjs';
import { launchChromium, openWorkbench, REPO_ROOT, runCommand } from '../harness/browser.mjs';
import { contextMenu, fixtures, openModelsView, panel, step, treeItem } from './workbench.mjs';

let server;
let browser;
let page;
let work;
let vsix;

describe('The packaged .vsix', () => {
  before(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'mv-e2e-vsix-'));
    vsix = path.join(work, 'model-versions.vsix');
    execFileSync(process.execPath, [path.join(REPO_ROOT, 'node_modules/@vscode/vsce/vsce'), 'package', '--no-dependencies', '-o', vsix], { cwd: REPO_ROOT, stdio: 'pipe' });
    const repo = path.join(work, 'repo');
    fixtures.makeDemoRepo(repo);
    server = await startCodeServer({ folder: repo, installVsix: vsix });
    browser = await launchChromium();
    page = browser.page;
    await openWorkbench(page, server.url);
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  it('is small and holds only what runs', () => {
    const size = fs.statSync(vsix).size;
    console.log(`    .vsix size: ${(size / 1024).toFixed(1)} KB`);
    assert.ok(size < 2 * 1024 * 1024, `${size} bytes`);
    const listing = execFileSync('python3', ['-m', 'zipfile', '-l', vsix], { encoding: 'utf8' });
    assert.match(listing, /extension\/dist\/extension\.js/);
    assert.doesNotMatch(listing, /extension\/(src|test|node_modules|out)\//, 'no sources, tests or modules');
    assert.doesNotMatch(listing, /\.map\b/, 'no source maps');
  });

  it('installed into code-server, it shows the models and opens a comparison', async () => {
    await step(page, '30-vsix-tree', async () => {
      await openModelsView(page, 'churn');
      await treeItem(page, 'churn').click();
      await contextMenu(page, treeItem(page, 'v1.3.0'), 'Compare With Previous Version');
      await panel(page).locator('.grid-row[data-key="train.max_depth"]').waitFor({ timeout: 20000 });
    });
  });

  it('the Getting Started walkthrough is there', async () => {
    await step(page, '31-vsix-walkthrough', async () => {
      await runCommand(page, 'Welcome: Open Walkthrough...');
      const quick = page.locator('.quick-input-widget');
      await quick.locator('input').fill('Model Versions');
      await quick.locator('.monaco-list-row', { hasText: 'Get started with Model Versions' }).first().click();
      await page.locator('.gettingStartedContainer', { hasText: 'Describe your model' }).waitFor({ timeout: 15000 });
    });
  });
});

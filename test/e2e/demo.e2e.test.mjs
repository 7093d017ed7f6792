// `npm run demo` as a newcomer runs it: the script builds nothing here (the test run already
// did), generates the demo repository, starts code-server and prints the URL; in that VS Code the
// tree, a comparison and the walkthrough work; Ctrl+C (SIGINT) stops everything.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launchChromium, openWorkbench, REPO_ROOT, runCommand } from '../harness/browser.mjs';
import { freePort } from '../harness/codeServer.mjs';
import { contextMenu, openModelsView, panel, step, treeItem } from './workbench.mjs';

let demo;
let browser;
let page;
let url;
let output = '';
const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'mv-e2e-demo-'));

/** Processes whose command line names this demo's address (code-server and its children). */
function serversOn(port) {
  const found = [];
  for (const pid of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
      if (cmd.includes(`127.0.0.1:${port}`)) found.push(`${pid} ${cmd.slice(0, 80)}`);
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

describe('npm run demo', () => {
  let port;
  before(async () => {
    port = await freePort();
    // The script behind `npm run demo`; --folder keeps the generated repository out of the checkout.
    fs.rmSync(folder, { recursive: true, force: true });
    demo = spawn(process.execPath, [path.join(REPO_ROOT, 'scripts/demo.mjs'), '--port', String(port), '--demo-dir', folder], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    demo.stdout.on('data', (b) => (output += b));
    demo.stderr.on('data', (b) => (output += b));
    const started = Date.now();
    while (!(url = /(http:\/\/127\.0\.0\.1:\d+\/\S*)/.exec(output)?.[1])) {
      if (Date.now() - started > 60000 || demo.exitCode !== null) throw new Error(`the demo printed no URL:\n${output}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    browser = await launchChromium();
    page = browser.page;
    await openWorkbench(page, url);
  });

  after(async () => {
    await browser?.close();
    if (demo && demo.exitCode === null) demo.kill('SIGKILL');
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it('prints a URL on 127.0.0.1 and opens the demo repository with its models', async () => {
    assert.match(url, new RegExp(`^http://127\\.0\\.0\\.1:${port}/`));
    await step(page, '40-demo-tree', async () => {
      await openModelsView(page, 'churn');
      for (const m of ['fraud', 'nlp:sentiment', 'churn-sklearn']) await treeItem(page, m).waitFor();
      // The MLflow registry model beside the Git ones, its versions marked as MLflow's.
      await treeItem(page, 'churn-sklearn').click();
      await treeItem(page, 'version 3').waitFor();
    });
  });

  it('a comparison and the walkthrough work', async () => {
    await step(page, '41-demo-compare', async () => {
      await treeItem(page, 'fraud').click();
      await contextMenu(page, treeItem(page, 'v2.1.0'), 'Compare With Previous Version');
      await panel(page).locator('.grid-row[data-key="threshold"]').waitFor({ timeout: 20000 });
    });
    await step(page, '42-demo-walkthrough', async () => {
      await runCommand(page, 'Welcome: Open Walkthrough...');
      await page.locator('.quick-input-widget input').fill('Model Versions');
      await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Get started with Model Versions' }).first().click();
      await page.locator('.gettingStartedContainer', { hasText: 'Describe your model' }).waitFor({ timeout: 15000 });
    });
  });

  it('Ctrl+C stops the demo and leaves no process behind', async () => {
    await browser.close();
    browser = undefined;
    assert.notDeepEqual(serversOn(port), [], 'the scan sees the running code-server');
    const exited = new Promise((resolve) => demo.on('exit', resolve));
    demo.kill('SIGINT');
    const code = await Promise.race([exited, new Promise((r) => setTimeout(() => r('timeout'), 20000))]);
    assert.notEqual(code, 'timeout', 'the demo stopped');
    assert.deepEqual(serversOn(port), [], 'no code-server left on the port');
  });
});

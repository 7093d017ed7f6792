// Registries of other repositories (issue 15, item 4): modelVersions.registries names a team's
// registry served over smart HTTP on 127.0.0.1, a bare repository given as a folder and a URL
// that answers nothing. The tree shows the
// workspace's repository and the registry as groups of their own; the registry's versions are
// read from a bare blobless clone (a version's files fetched on demand); the dead URL is one
// message and the rest works; Refresh fetches the colleague's new version. Screenshot 104.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { REPO_ROOT } from '../harness/browser.mjs';
import { fixtures, openRepoInWorkbench, step, treeItem } from './workbench.mjs';

const require = createRequire(import.meta.url);
const { serveHttp } = require(path.join(REPO_ROOT, 'out/test/unit/helpers/remotes.js'));

const env = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_AUTHOR_NAME: 'Colleague', GIT_AUTHOR_EMAIL: 'c@example.com', GIT_COMMITTER_NAME: 'Colleague', GIT_COMMITTER_EMAIL: 'c@example.com' };
const git = (cwd, ...args) => execFileSync('git', args, { cwd, encoding: 'utf8', env }).trim();
const toast = (text) => page.locator('.notification-toast', { hasText: text });

let wb;
let page;
let scratch;
let server;
let url;
let deadUrl;
let colleague;
let localRegistry;

/** A port nothing listens on: taken and given back. */
async function closedPort() {
  const s = net.createServer();
  await new Promise((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address();
  await new Promise((r) => s.close(r));
  return port;
}

async function expand(label) {
  const row = treeItem(page, label).first();
  await row.waitFor({ timeout: 30000 });
  if ((await row.getAttribute('aria-expanded')) !== 'true') await row.locator('.label-name').click();
}

describe('Registries of other repositories in the tree', () => {
  before(async () => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'mv-e2e-registries-'));
    const bare = path.join(scratch, 'served', 'team-registry.git');
    git(scratch, 'init', '-q', '--bare', '-b', 'main', bare);
    git(bare, 'config', 'uploadpack.allowFilter', 'true');
    colleague = path.join(scratch, 'colleague');
    fs.mkdirSync(path.join(colleague, 'models', 'scorer'), { recursive: true });
    git(colleague, 'init', '-q', '-b', 'main');
    fs.writeFileSync(path.join(colleague, 'models', 'scorer', 'model.yaml'), 'name: scorer\nparams: params.yaml\n');
    fs.writeFileSync(path.join(colleague, 'models', 'scorer', 'params.yaml'), 'depth: 3\n');
    git(colleague, 'add', '-A');
    git(colleague, 'commit', '-q', '-m', 'scorer v0.1.0');
    git(colleague, 'tag', '-a', '-m', 'Registering artifact scorer version v0.1.0', 'scorer@v0.1.0');
    git(colleague, 'tag', '-a', '-m', 'Assigning stage prod to artifact scorer version v0.1.0', 'scorer#prod#1');
    git(colleague, 'remote', 'add', 'origin', bare);
    git(colleague, 'push', '-q', 'origin', 'main', '--tags');
    // A second registry given as a folder: another bare repository on this machine.
    localRegistry = path.join(scratch, 'ranking.git');
    const ranking = path.join(scratch, 'ranking');
    fs.mkdirSync(path.join(ranking, 'models', 'ranker'), { recursive: true });
    git(ranking, 'init', '-q', '-b', 'main');
    fs.writeFileSync(path.join(ranking, 'models', 'ranker', 'model.yaml'), 'name: ranker\n');
    git(ranking, 'add', '-A');
    git(ranking, 'commit', '-q', '-m', 'ranker v1.0.0');
    git(ranking, 'tag', '-a', '-m', 'Registering artifact ranker version v1.0.0', 'ranker@v1.0.0');
    git(scratch, 'clone', '-q', '--bare', ranking, localRegistry);
    server = await serveHttp(path.dirname(bare));
    url = server.url('team-registry.git');
    deadUrl = `http://127.0.0.1:${await closedPort()}/gone.git`;
    wb = await openRepoInWorkbench('mv-e2e-registries-', fixtures.makeDemoRepo, { 'modelVersions.registries': [url, localRegistry, deadUrl] });
    page = wb.page;
  });

  after(async () => {
    await wb?.close();
    await server?.close();
    if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
  });

  it("shows the registry from its URL as a group of its own beside the workspace's repository; the dead URL is one message", async () => {
    await page.getByRole('tab', { name: /Model Versions/ }).click();
    await step(page, '104-registries', async () => {
      await expand(url);
      await expand('scorer');
      await treeItem(page, 'v0.1.0').waitFor({ timeout: 30000 });
      // The registry given as a folder is a group of its own too.
      await treeItem(page, 'ranker').waitFor({ timeout: 30000 });
      await toast('gone.git could not be read').waitFor({ timeout: 30000 });
      // The workspace's own repository keeps working beside them.
      await expand(path.basename(wb.repo));
      await treeItem(page, 'churn').waitFor({ timeout: 30000 });
      await page.waitForTimeout(600);
    });
    assert.equal(await toast('gone.git could not be read').count(), 1, 'one message for the URL that answers nothing');
    // Read-only: no action that writes is offered on the registry's version.
    await page.mouse.move(900, 600);
    await treeItem(page, 'v0.1.0').click({ button: 'right' });
    await page.locator('.context-view .action-label').first().waitFor();
    const entries = await page.locator('.context-view .action-label').allInnerTexts();
    await page.keyboard.press('Escape');
    for (const write of ['Promote to Stage…', 'Check Out', 'Unassign Stage…', 'Deregister Version…']) assert.ok(!entries.some((e) => e.startsWith(write)), `${write} offered: ${entries.join(' | ')}`);
    assert.ok(entries.some((e) => e.startsWith('Compare')), entries.join(' | '));
    // The version's files come on demand from the blobless copy.
    await expand('v0.1.0');
    await treeItem(page, 'Hyperparameters').first().waitFor({ timeout: 30000 });
  });

  it("Refresh fetches the registry again: a colleague's new version appears", async () => {
    fs.writeFileSync(path.join(colleague, 'models', 'scorer', 'params.yaml'), 'depth: 4\n');
    git(colleague, 'commit', '-q', '-am', 'scorer v0.2.0');
    git(colleague, 'tag', '-a', '-m', 'Registering artifact scorer version v0.2.0', 'scorer@v0.2.0');
    git(colleague, 'push', '-q', 'origin', 'main', '--tags');
    await page.locator('.action-label[aria-label="Refresh"] >> visible=true').first().click();
    await treeItem(page, 'v0.2.0').waitFor({ timeout: 30000 });
  });
});

// `npm run demo -- --folder YOUR_REPO` on a person's own repository: Tag New Version from the
// palette tags as them (their ~/.gitconfig and ~/.config/git/config), VS Code's state stays out
// of their HOME, and with no identity anywhere the message says how to set one.
import { after, afterEach, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launchChromium, openWorkbench, REPO_ROOT, runCommand } from '../harness/browser.mjs';
import { freePort } from '../harness/codeServer.mjs';
import { toolsDir } from '../../scripts/vscode-tools.mjs';
import { fixtures, openModelsView, step, treeItem } from './workbench.mjs';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'mv-e2e-identity-'));
const tools = toolsDir();
let browser;
let page;
let demo;

/** Every file under `dir`, relative, sorted. */
function filesUnder(dir) {
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => !d.isDirectory())
    .map((d) => path.relative(dir, path.join(d.parentPath ?? d.path, d.name)))
    .sort();
}

/** The person's repository: churn with versions, no identity of its own, a commit after the last version. */
function ownRepository(dir, home) {
  fixtures.makeDemoRepo(dir, { small: true });
  const env = { ...process.env, HOME: home, XDG_CONFIG_HOME: path.join(home, '.config'), GIT_CONFIG_NOSYSTEM: '1' };
  const git = (...args) => execFileSync('git', args, { cwd: dir, env, encoding: 'utf8' });
  git('config', '--unset', 'user.name');
  git('config', '--unset', 'user.email');
  fs.appendFileSync(path.join(dir, 'params.yaml'), '# retrained\n');
  execFileSync('git', ['commit', '-q', '-am', 'Retrain'], { cwd: dir, env: { ...env, GIT_AUTHOR_NAME: 'Someone', GIT_AUTHOR_EMAIL: 'someone@example.com', GIT_COMMITTER_NAME: 'Someone', GIT_COMMITTER_EMAIL: 'someone@example.com' } });
  return git;
}

/** Starts scripts/demo.mjs as the person whose HOME is `home`; resolves with its URL and output. */
async function startDemo(folder, home) {
  const port = await freePort();
  let output = '';
  const env = {
    ...process.env,
    HOME: home,
    XDG_CONFIG_HOME: path.join(home, '.config'),
    GIT_CONFIG_NOSYSTEM: '1',
    // The tools stay where the test run installed them, not under the person's HOME.
    MODEL_VERSIONS_TOOLS: tools,
  };
  for (const v of ['GIT_AUTHOR_NAME', 'GIT_AUTHOR_EMAIL', 'GIT_COMMITTER_NAME', 'GIT_COMMITTER_EMAIL', 'EMAIL', 'GIT_CONFIG_GLOBAL', 'XDG_DATA_HOME', 'XDG_CACHE_HOME', 'XDG_STATE_HOME']) delete env[v];
  demo = spawn(process.execPath, [path.join(REPO_ROOT, 'scripts/demo.mjs'), '--port', String(port), '--folder', folder], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  demo.stdout.on('data', (b) => (output += b));
  demo.stderr.on('data', (b) => (output += b));
  const started = Date.now();
  let url;
  while (!(url = /(http:\/\/127\.0\.0\.1:\d+\/\S*)/.exec(output)?.[1])) {
    if (Date.now() - started > 60000 || demo.exitCode !== null) throw new Error(`the demo printed no URL:\n${output}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  const proc = demo;
  return { url, output: () => output, stopped: () => new Promise((resolve) => (proc.exitCode !== null ? resolve() : proc.once('exit', resolve))) };
}

/** Tag New Version… v1.4.0 through the palette as a person does (churn is the only model: no model to pick). */
async function tagFromPalette(message) {
  await runCommand(page, 'Model Versions: Tag New Version…');
  const quick = page.locator('.quick-input-widget');
  const input = quick.locator('input');
  await quick.locator('.monaco-list-row', { hasText: 'v1.4.0' }).waitFor();
  await input.fill('v1.4.0');
  await quick.locator('.monaco-list-row', { hasText: 'Minor' }).waitFor();
  await page.keyboard.press('Enter');
  await quick.locator('.quick-input-message, .quick-input-description', { hasText: /Tag message for churn@v1\.4\.0/ }).first().waitFor();
  await input.fill(message);
  await page.keyboard.press('Enter');
  await quick.locator('.monaco-list-row', { hasText: 'Create Tag' }).first().waitFor();
  await input.fill('Create Tag');
  await page.keyboard.press('Enter');
}

describe('npm run demo -- --folder on your own repository', () => {
  before(async () => {
    browser = await launchChromium();
    page = browser.page;
  });
  afterEach(async () => {
    if (demo && demo.exitCode === null) demo.kill('SIGKILL');
  });
  after(async () => {
    await browser?.close();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('tags with your identity from ~/.gitconfig and ~/.config/git/config, and leaves your HOME as it was', async () => {
    const home = path.join(root, 'grace');
    fs.mkdirSync(path.join(home, '.config', 'git'), { recursive: true });
    // Both files git reads as the global config: GIT_CONFIG_GLOBAL could point at only one.
    fs.writeFileSync(path.join(home, '.gitconfig'), '[user]\n\tname = Grace Hopper\n');
    fs.writeFileSync(path.join(home, '.config', 'git', 'config'), '[user]\n\temail = grace@example.com\n');
    const before = filesUnder(home);
    const repo = path.join(root, 'grace-repo');
    const git = ownRepository(repo, home);

    const d = await startDemo(repo, home);
    assert.match(d.output(), /git commits and tags as Grace Hopper <grace@example\.com>/);
    await openWorkbench(page, d.url);
    await step(page, '60-demo-identity-tag', async () => {
      await openModelsView(page, 'churn');
      await tagFromPalette('Retrained on April data');
      await page.locator('.notification-toast', { hasText: 'Created churn@v1.4.0' }).waitFor({ timeout: 15000 });
      await treeItem(page, 'churn').click();
      await treeItem(page, 'v1.4.0').waitFor({ timeout: 10000 });
    });
    assert.equal(git('tag', '-l', '--format=%(taggername) %(taggeremail)', 'churn@v1.4.0').trim(), 'Grace Hopper <grace@example.com>');

    demo.kill('SIGINT');
    await d.stopped();
    // VS Code's user data, extensions, caches and code-server's own files went to a temp folder.
    assert.deepEqual(filesUnder(home), before);
  });

  it('with no identity anywhere, the demo and the failed tag say how to set one, and no tag is made', async () => {
    const home = path.join(root, 'nobody');
    fs.mkdirSync(home);
    // No name, no email; and no address made up from the host name either, as git does on a host
    // with a full domain name (this one says root@vm.(none) and refuses by itself).
    fs.writeFileSync(path.join(home, '.gitconfig'), '[user]\n\tuseConfigOnly = true\n');
    const repo = path.join(root, 'nobody-repo');
    const git = ownRepository(repo, home);

    const d = await startDemo(repo, home);
    assert.match(d.output(), /demo: git has no identity for this repository, so Tag and Promote will fail; set one with\n {2}git config --global user\.name "Your Name"/);
    await openWorkbench(page, d.url);
    await step(page, '61-demo-no-identity', async () => {
      await openModelsView(page, 'churn');
      await tagFromPalette('Retrained');
      const toast = page.locator('.notification-toast', { hasText: 'Git does not know who you are: set it with git config --global user.name "Your Name" and git config --global user.email you@example.com' });
      await toast.waitFor({ timeout: 15000 });
      // The whole message in the screenshot, as a person reads it with the toast expanded.
      await toast.hover();
      await toast.locator('.codicon-notifications-expand').click();
      await toast.locator('.codicon-notifications-collapse').waitFor();
    });
    assert.equal(git('tag', '-l', 'churn@v1.4.0'), '');
  });
});

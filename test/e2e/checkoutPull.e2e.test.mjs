// Pull from the DVC remote, as a person does it: a checkout whose model object is not in the
// local cache but on the project's folder remote says so and offers "Pull from 'storage'"; one
// click copies the object into the cache (checked by its md5) and puts the file in place.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { contextMenu, openModelsView, openRepoInWorkbench, step, treeItem } from './workbench.mjs';
import { rowUnder } from './treeRows.mjs';

const md5 = (s) => createHash('md5').update(s).digest('hex');
const DVC_YAML = 'stages:\n  train:\n    cmd: python train.py\n    outs:\n      - model.pkl\nartifacts:\n  clf:\n    path: model.pkl\n    type: model\n';
const model = (v) => `weights of ${v}\n`;
const lock = (v) => `schema: '2.0'\nstages:\n  train:\n    cmd: python train.py\n    outs:\n    - path: model.pkl\n      hash: md5\n      md5: ${md5(model(v))}\n      size: ${model(v).length}\n`;
const objectBelow = (base, v) => {
  const h = md5(model(v));
  return path.join(base, 'files', 'md5', h.slice(0, 2), h.slice(2));
};

const remote = fs.mkdtempSync(path.join(os.tmpdir(), 'mv-e2e-dvc-remote-'));

/** clf@v1.0.0 and clf@v1.1.0 (HEAD); the remote folder has both models, the local cache only v1.1.0's. */
function makeDvcRepo(dir) {
  const git = (...args) => execFileSync('git', args, { cwd: dir, env: { ...process.env, GIT_AUTHOR_NAME: 'Ada', GIT_AUTHOR_EMAIL: 'ada@example.com', GIT_COMMITTER_NAME: 'Ada', GIT_COMMITTER_EMAIL: 'ada@example.com' } });
  const write = (p, c) => {
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, c);
  };
  git('init', '-q', '-b', 'main');
  write(path.join(dir, '.dvc/config'), `[core]\n    remote = storage\n['remote "storage"']\n    url = ${remote}\n`);
  write(path.join(dir, '.dvc/.gitignore'), '/config.local\n/tmp\n/cache\n');
  write(path.join(dir, '.gitignore'), '/model.pkl\n');
  write(path.join(dir, 'dvc.yaml'), DVC_YAML);
  for (const v of ['v1.0.0', 'v1.1.0']) {
    write(path.join(dir, 'dvc.lock'), lock(v));
    git('add', '-A');
    git('commit', '-q', '-m', `train ${v}`);
    git('tag', '-a', '-m', `Registering artifact clf version ${v}`, `clf@${v}`);
    write(objectBelow(remote, v), model(v));
  }
  write(objectBelow(path.join(dir, '.dvc', 'cache'), 'v1.1.0'), model('v1.1.0'));
  write(path.join(dir, 'model.pkl'), model('v1.1.0'));
}

let wb;
let page;

describe('Check Out Version pulls what the cache lacks from a folder DVC remote', () => {
  before(async () => {
    wb = await openRepoInWorkbench('mv-e2e-checkout-pull-', makeDvcRepo);
    page = wb.page;
    await openModelsView(page, 'clf');
  });

  after(async () => {
    await wb?.close();
    fs.rmSync(remote, { recursive: true, force: true });
  });

  it("the checkout's message offers Pull from 'storage'; the click brings the model into the cache and the working tree", async () => {
    const cached = objectBelow(path.join(wb.repo, '.dvc', 'cache'), 'v1.0.0');
    if ((await treeItem(page, 'clf').getAttribute('aria-expanded')) !== 'true') await treeItem(page, 'clf').click();
    await contextMenu(page, await rowUnder(page, 'clf', 'v1.0.0'), 'Check Out Version…');
    await page.locator('.monaco-dialog-box .monaco-button', { hasText: /^Check Out$/ }).click();
    const toast = page.locator('.notification-toast', { hasText: /HEAD is now detached at clf@v1\.0\.0/ }).first();
    await toast.waitFor({ timeout: 20000 });
    assert.match(await toast.innerText(), /1 file is not on this machine and was left as it is: model\.pkl/);
    assert.equal(fs.readFileSync(path.join(wb.repo, 'model.pkl'), 'utf8'), model('v1.1.0'));
    assert.equal(fs.existsSync(cached), false);
    await step(page, '93-checkout-dvc-pull-offered', async () => {
      await toast.locator('.monaco-button', { hasText: "Pull from 'storage'" }).waitFor();
    });
    // The checkout's progress notification closes a moment after the outcome is shown.
    await page.locator('.notification-toast', { hasText: /Comparing the files on disk/ }).waitFor({ state: 'detached', timeout: 10000 }).catch(() => undefined);
    await toast.locator('.monaco-button', { hasText: "Pull from 'storage'" }).click();
    const done = page.locator('.notification-toast', { hasText: /Pulled 1 file from DVC remote 'storage' into the cache\./ }).first();
    await step(page, '94-checkout-dvc-pulled', async () => {
      await done.waitFor({ timeout: 20000 });
      await page.locator('.notification-toast', { hasText: /Pull from DVC Remote:/ }).waitFor({ state: 'detached', timeout: 10000 }).catch(() => undefined);
      assert.match(await done.innerText(), /1 file came from the DVC cache or Git LFS objects\./);
    });
    assert.equal(fs.readFileSync(path.join(wb.repo, 'model.pkl'), 'utf8'), model('v1.0.0'));
    assert.equal(fs.readFileSync(cached, 'utf8'), model('v1.0.0'));
    assert.equal(fs.statSync(cached).mode & 0o777, 0o444);
  });
});

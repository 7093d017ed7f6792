// Check Out Version in a DVC project, as a person does it: a model file that exists only on disk
// stops the checkout before HEAD moves, with the file named and how to keep it; an object missing
// from the cache does not stop the Git part, and the message names what is missing and dvc pull.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { contextMenu, openModelsView, openRepoInWorkbench, step, treeItem } from './workbench.mjs';
import { rowUnder } from './treeRows.mjs';

const md5 = (s) => createHash('md5').update(s).digest('hex');
const DVC_YAML = 'stages:\n  train:\n    cmd: python train.py\n    outs:\n      - model.pkl\nartifacts:\n  clf:\n    path: model.pkl\n    type: model\n';
const model = (v) => `weights of ${v}\n`;
const lock = (v) => `schema: '2.0'\nstages:\n  train:\n    cmd: python train.py\n    outs:\n    - path: model.pkl\n      hash: md5\n      md5: ${md5(model(v))}\n      size: ${model(v).length}\n`;

function objectFile(dir, v) {
  const h = md5(model(v));
  return path.join(dir, '.dvc', 'cache', 'files', 'md5', h.slice(0, 2), h.slice(2));
}

/** clf@v1.0.0 and clf@v1.1.0 (HEAD), both models in the DVC 3 cache, the working tree at v1.1.0. */
function makeDvcRepo(dir) {
  const git = (...args) => execFileSync('git', args, { cwd: dir, env: { ...process.env, GIT_AUTHOR_NAME: 'Ada', GIT_AUTHOR_EMAIL: 'ada@example.com', GIT_COMMITTER_NAME: 'Ada', GIT_COMMITTER_EMAIL: 'ada@example.com' } });
  const write = (p, c) => {
    fs.mkdirSync(path.dirname(path.join(dir, p)), { recursive: true });
    fs.writeFileSync(path.join(dir, p), c);
  };
  git('init', '-q', '-b', 'main');
  write('.dvc/config', '');
  write('.dvc/.gitignore', '/config.local\n/tmp\n/cache\n');
  write('.gitignore', '/model.pkl\n');
  write('dvc.yaml', DVC_YAML);
  for (const v of ['v1.0.0', 'v1.1.0']) {
    write('dvc.lock', lock(v));
    git('add', '-A');
    git('commit', '-q', '-m', `train ${v}`);
    git('tag', '-a', '-m', `Registering artifact clf version ${v}`, `clf@${v}`);
    write(path.relative(dir, objectFile(dir, v)), model(v));
  }
  write('model.pkl', model('v1.1.0'));
}

const head = (dir) => execFileSync('git', ['rev-parse', 'HEAD'], { cwd: dir, encoding: 'utf8' }).trim();

let wb;
let page;

describe('Check Out Version brings the DVC outputs, safely', () => {
  before(async () => {
    wb = await openRepoInWorkbench('mv-e2e-checkout-dvc-', makeDvcRepo);
    page = wb.page;
    await openModelsView(page, 'clf');
  });

  after(async () => {
    await wb?.close();
  });

  const checkOut = async (version) => {
    // A click toggles: expand the model only while it is collapsed.
    if ((await treeItem(page, 'clf').getAttribute('aria-expanded')) !== 'true') await treeItem(page, 'clf').click();
    await contextMenu(page, await rowUnder(page, 'clf', version), 'Check Out Version…');
    await page.locator('.monaco-dialog-box .monaco-button', { hasText: /^Check Out$/ }).click();
  };

  it('a model file that exists only on disk refuses the checkout and names it; HEAD and the file stay', async () => {
    const file = path.join(wb.repo, 'model.pkl');
    fs.writeFileSync(file, 'retrained by hand, not committed\n');
    const before = head(wb.repo);
    await step(page, '90-checkout-dvc-refused', async () => {
      await checkOut('v1.0.0');
      const dialog = page.locator('.monaco-dialog-box', { hasText: /would overwrite 1 file that exists only on disk/ });
      await dialog.waitFor({ timeout: 20000 });
      await dialog.locator('text=/model\\.pkl: its content is in no DVC cache/').waitFor();
      assert.match(await dialog.innerText(), /dvc commit/);
    });
    assert.equal(head(wb.repo), before);
    assert.equal(fs.readFileSync(file, 'utf8'), 'retrained by hand, not committed\n');
    await page.keyboard.press('Escape');
    await page.locator('.monaco-dialog-box').waitFor({ state: 'detached' });
  });

  it('an object missing from the cache: HEAD moves, and the message names the file and dvc pull', async () => {
    fs.writeFileSync(path.join(wb.repo, 'model.pkl'), model('v1.1.0'));
    const obj = objectFile(wb.repo, 'v1.0.0');
    fs.rmSync(obj);
    await step(page, '91-checkout-dvc-missing', async () => {
      await checkOut('v1.0.0');
      const toast = page.locator('.notification-toast', { hasText: /HEAD is now detached at clf@v1\.0\.0/ }).first();
      await toast.waitFor({ timeout: 20000 });
      const text = await toast.innerText();
      assert.match(text, /1 file is not on this machine and was left as it is: model\.pkl \(dvc pull fetches it\)/);
      // The progress notification has closed: only the outcome is on screen.
      await page.locator('.notification-toast', { hasText: /Comparing the files on disk/ }).waitFor({ state: 'detached', timeout: 10000 }).catch(() => undefined);
    });
    assert.equal(head(wb.repo), execFileSync('git', ['rev-parse', 'clf@v1.0.0^{commit}'], { cwd: wb.repo, encoding: 'utf8' }).trim());
    // The file was left as it was: the version's object is not here to replace it with.
    assert.equal(fs.readFileSync(path.join(wb.repo, 'model.pkl'), 'utf8'), model('v1.1.0'));
  });
});

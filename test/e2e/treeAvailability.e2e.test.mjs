// What a person sees of a version's files on this machine and of the working tree's metrics:
// LFS weights whose object is here or only a pointer, the version checked out, and metrics made
// stale by a params edit the pipeline has not run on.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fixtures, openModelsView, openRepoInWorkbench, step, treeItem } from './workbench.mjs';
import { rowUnder } from './treeRows.mjs';
import { runCommand } from '../harness/browser.mjs';

let wb;
let page;

/** rowUnder, once the row has been read (expanding a version reads its record first). */
async function below(parent, label) {
  for (let i = 0; ; i++) {
    try {
      return await rowUnder(page, parent, label);
    } catch (e) {
      if (i > 50) throw e;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

/** Widens the side bar so that rows' descriptions show whole in the screenshots. */
async function widenSideBar() {
  await treeItem(page, 'churn').click();
  await treeItem(page, 'churn').click();
  for (let i = 0; i < 8; i++) await runCommand(page, 'Increase Current View Size');
}

/** The demo without the LFS object of fraud v2.0.0's weights, and params.yaml edited after the last run. */
function makeRepo(dir) {
  fixtures.makeDemoRepo(dir);
  const pointer = execFileSync('git', ['show', 'fraud@v2.0.0:fraud/fraud.onnx'], { cwd: dir, encoding: 'utf8' });
  const oid = /oid sha256:([0-9a-f]{64})/.exec(pointer)[1];
  fs.rmSync(path.join(dir, '.git/lfs/objects', oid.slice(0, 2), oid.slice(2, 4), oid));
  const params = path.join(dir, 'params.yaml');
  fs.writeFileSync(params, fs.readFileSync(params, 'utf8').replace(/learning_rate: [0-9.]+/, 'learning_rate: 0.5'));
}

describe('Availability and stale metrics in the Models view', () => {
  before(async () => {
    wb = await openRepoInWorkbench('mv-e2e-availability-', makeRepo);
    page = wb.page;
    await openModelsView(page, 'churn');
    await widenSideBar();
  });

  after(async () => {
    await wb?.close();
  });

  it('LFS weights say whether their object is here or only the pointer', async () => {
    await step(page, '72-tree-availability', async () => {
      await treeItem(page, 'fraud').click();
      await (await below('fraud', 'v2.1.0')).click();
      await (await below('v2.1.0', 'Weights')).click();
      assert.match(await (await below('v2.1.0', 'fraud/fraud.onnx')).innerText(), /LFS object present/);
      await (await below('fraud', 'v2.0.0')).click();
      await (await below('v2.0.0', 'Weights')).click();
      assert.match(await (await below('v2.0.0', 'fraud/fraud.onnx')).innerText(), /pointer only/);
    });
  });

  it('the Working tree marks its metrics stale and the checked-out version is marked', async () => {
    await step(page, '72b-tree-stale-metrics', async () => {
      await treeItem(page, 'fraud').click();
      await treeItem(page, 'churn').click();
      const workdir = await below('churn', 'Working tree');
      assert.match(await workdir.innerText(), /since v1\.3\.0 \(checked out\) · metrics stale/);
      assert.match(await (await below('churn', 'v1.3.0')).innerText(), /checked out/);
      await workdir.click();
      const metrics = await below('Working tree', 'Metrics');
      assert.match(await metrics.innerText(), /stale/);
      await metrics.click();
      const auc = page.locator('.pane-body .monaco-list-row[role="treeitem"]', { hasText: /^auc = / }).first();
      await auc.waitFor({ timeout: 10000 });
      assert.match(await auc.innerText(), /stale/);
    });
  });
});

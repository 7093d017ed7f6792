// What a person sees in the Models view for artifacts in remote storage (example-gto's s3://
// paths) and for a DVC pipeline (example-get-started's stages): the URI row says it is remote
// storage, Data holds only the pipeline's input, and a `type: dataset` artifact is no model row.
// Screenshots: 90-remote-weights-row, 91-pipeline-data-only.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { createRequire } from 'node:module';
import { REPO_ROOT } from '../harness/browser.mjs';
import { openModelsView, openRepoInWorkbench, step, treeItem } from './workbench.mjs';

const require = createRequire(import.meta.url);
const { makeRemoteArtifactsRepo } = require(path.join(REPO_ROOT, 'out/test/fixtures/remoteArtifactsRepo.js'));
const { makePipelineRepo } = require(path.join(REPO_ROOT, 'out/test/fixtures/pipelineRepo.js'));

const rowsText = (page) => page.locator('.pane-body .monaco-list-row[role="treeitem"]').allInnerTexts();

/** Drags the side bar's edge so long rows (a URI and its description) fit in the screenshot. */
async function widenSideBar(page) {
  const box = await page.locator('.part.sidebar').boundingBox();
  if (!box) return;
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + box.width + 1, y);
  await page.mouse.down();
  await page.mouse.move(box.x + 620, y, { steps: 5 });
  await page.mouse.up();
}

async function expand(page, label) {
  const row = treeItem(page, label);
  await row.waitFor({ timeout: 15000 });
  if ((await row.getAttribute('aria-expanded')) !== 'true') await row.locator('.label-name').click();
}

describe('an artifact whose path is an s3:// URI', () => {
  let wb;
  before(async () => {
    wb = await openRepoInWorkbench('mv-e2e-remote-', (dir) => makeRemoteArtifactsRepo(dir), { 'workbench.colorTheme': 'Default Light Modern' });
  });
  after(async () => wb?.close());

  it('its weights row shows the whole URI and "remote · s3", not "no hash" or "not in Git"', async () => {
    const { page } = wb;
    await step(page, '90-remote-weights-row', async () => {
      await openModelsView(page, 'cv-class');
      await widenSideBar(page);
      await expand(page, 'cv-class');
      await expand(page, 'v0.2.0');
      await expand(page, 'Weights');
      const row = treeItem(page, 's3://mycorp/proj-ml/classif-v3.pt');
      await row.waitFor({ timeout: 15000 });
      assert.equal(await row.locator('.label-description').innerText(), 'remote · s3');
      const rows = (await rowsText(page)).join('\n');
      assert.doesNotMatch(rows, /s3:\/[^/]|no hash|not in Git|Problems/, rows);
    });
  });
});

describe('a DVC pipeline with a dataset artifact', () => {
  let wb;
  before(async () => {
    wb = await openRepoInWorkbench('mv-e2e-pipeline-', (dir) => makePipelineRepo(dir), { 'workbench.colorTheme': 'Default Light Modern' });
  });
  after(async () => wb?.close());

  it('Data lists the raw input only, and the dataset artifacts are not model rows', async () => {
    const { page } = wb;
    await step(page, '91-pipeline-data-only', async () => {
      await openModelsView(page, 'text-classifier');
      await widenSideBar(page);
      await expand(page, 'text-classifier');
      await expand(page, 'v1.1.0');
      await expand(page, 'Data');
      await treeItem(page, 'data/questions.xml').waitFor({ timeout: 15000 });
      await expand(page, 'Weights');
      await treeItem(page, 'model.pkl').waitFor({ timeout: 15000 });
      const rows = (await rowsText(page)).join('\n');
      for (const notData of ['src/train.py', 'src/prepare.py', 'eval', 'data/features', 'data/prepared']) {
        assert.equal(await treeItem(page, notData).count(), 0, `${notData} is not data:\n${rows}`);
      }
      assert.equal(await treeItem(page, 'questions-dataset').count(), 0, rows);
      assert.equal(await treeItem(page, 'reviews').count(), 0, rows);
    });
  });

  it('the outputs of the stages and the code they run have sections of their own: Outputs (eval marked metrics) and Pipeline code', async () => {
    const { page } = wb;
    await step(page, '92-pipeline-outputs-and-code', async () => {
      await expand(page, 'Outputs');
      await treeItem(page, 'eval (metrics)').waitFor({ timeout: 15000 });
      await treeItem(page, 'data/features').waitFor({ timeout: 15000 });
      await expand(page, 'Pipeline code');
      await treeItem(page, 'src/train.py').waitFor({ timeout: 15000 });
      const desc = await treeItem(page, 'src/train.py').locator('.label-description').innerText();
      assert.match(desc, /^[0-9a-f]{7,8}/, `a code dependency shows its dvc.lock hash: ${desc}`);
    });
  });
});

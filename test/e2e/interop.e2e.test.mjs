// MLflow, W&B and Hugging Face content in the real workbench (code-server + Chromium): runs under
// a version in the Models view, MLflow registry versions as versions of their model, and the diff
// panel's "Run parameters" / "Run metrics" sections and a Hugging Face folder's config, weights and
// model-card metric. Each step keeps a screenshot in test-results/screenshots (50-… to 55-…).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { contextMenu, fixtures, openModelsView, openRepoInWorkbench, panel, panelRows, step, treeItem } from './workbench.mjs';

let wb;
let page;

/** Every row of the Models view as "label description" (what a user reads on the row). */
const rowsText = () => page.locator('.pane-body .monaco-list-row[role="treeitem"]').allInnerTexts();
/** A row's description text (greyed text after the label). */
const description = (row) => row.locator('.label-description').innerText();
/** The cells of a panel row after its key: the values at each version. */
const cells = (rows, key) => {
  const row = rows.find((r) => r[0] === key);
  assert.ok(row, `no row ${key} in ${rows.map((r) => r[0]).join(', ')}`);
  return row.slice(1);
};
// The delta keeps its sign; ✓ better / ✗ worse is a separate badge.
const deltaOf = (key) => panel(page).locator(`.grid-row[data-key="${key}"] .delta`).innerText();

/** Collapses a model's row if it is expanded, so labels like "Runs" or "v1.1.0" name one row. */
async function collapse(model) {
  const row = treeItem(page, model);
  if ((await row.getAttribute('aria-expanded')) === 'true') await row.locator('.label-name').click();
  await page.waitForTimeout(200);
}

async function expand(label) {
  const row = treeItem(page, label);
  await row.waitFor({ timeout: 15000 });
  if ((await row.getAttribute('aria-expanded')) !== 'true') await row.locator('.label-name').click();
}

/** Opens "Compare With Previous Version" on a version row and waits for the panel's rows. */
async function compareWithPrevious(versionLabel, expectedKey) {
  await contextMenu(page, treeItem(page, versionLabel), 'Compare With Previous Version');
  await panel(page).locator(`.grid-row[data-key="${expectedKey}"]`).waitFor({ timeout: 20000 });
  return panelRows(page);
}

describe('MLflow, W&B and Hugging Face in the workbench', () => {
  before(async () => {
    wb = await openRepoInWorkbench('mv-e2e-interop-', fixtures.makeInteropRepo, { 'workbench.colorTheme': 'Default Light Modern' });
    page = wb.page;
  });

  after(async () => {
    await wb?.close();
  });

  it("a version's runs show the MLflow run's params and metrics and where it was logged, and the W&B run", async () => {
    await step(page, '50-interop-tree', async () => {
      await openModelsView(page, 'churn');
      for (const m of ['bert-tiny', 'churn', 'fraud-detector', 'sk-churn']) await treeItem(page, m).waitFor({ timeout: 15000 });
      await expand('churn');
      await expand('v1.0.0');
      await expand('Runs');
      await expand('bold-crow-1');
      await treeItem(page, 'lr = 0.1').waitFor({ timeout: 10000 });
      await treeItem(page, 'accuracy = 0.85').waitFor({ timeout: 10000 });
      assert.match(await description(treeItem(page, 'bold-crow-1')), /^MLflow · churn · finished/);
      // The row that says where the run came from: the run's folder in mlruns/.
      const logged = page.locator('.pane-body .monaco-list-row[role="treeitem"]', { has: page.locator('.label-description', { hasText: /^logged in$/ }) });
      assert.equal(await logged.count(), 1);
      assert.match(await logged.locator('.label-name').innerText(), /mlruns/);
      const wandb = treeItem(page, 'abc123');
      await wandb.waitFor({ timeout: 10000 });
      assert.match(await description(wandb), /^W&B/);
    });
  });

  it('an MLflow registry model lists its versions as "version N", marked MLflow with their alias and stage', async () => {
    await step(page, '51-mlflow-registry', async () => {
      await collapse('churn');
      await expand('fraud-detector');
      const v2 = treeItem(page, 'version 2');
      const v1 = treeItem(page, 'version 1');
      await v2.waitFor({ timeout: 15000 });
      const d2 = await description(v2);
      const d1 = await description(v1);
      assert.match(d2, /champion/);
      assert.match(d2, /MLflow/);
      assert.match(d1, /Production/);
      assert.match(d1, /MLflow/);
      assert.doesNotMatch(d1, /champion/);
      await expand('version 2');
      await expand('Runs');
      const run = treeItem(page, 'fraud-tuned');
      await run.waitFor({ timeout: 10000 });
      assert.match(await description(run), /^MLflow · fraud/);
    });
  });

  it("Compare With Previous Version on an MLflow version compares its run's params and metrics", async () => {
    await step(page, '52-mlflow-panel', async () => {
      const rows = await compareWithPrevious('version 2', 'mlflow:n_estimators');
      assert.deepEqual(cells(rows, 'mlflow:n_estimators'), ['100', '300']);
      assert.deepEqual(cells(rows, 'mlflow:auc'), ['0.91', '0.94']);
      assert.match(await deltaOf('mlflow:auc'), /^\+0\.03 \(\+3\.\d+%\)$/);
      // Each version's own MLmodel (in mlartifacts/) compares like a config; ⇄ opens both files.
      assert.deepEqual(cells(rows, 'MLmodel:flavors.sklearn.sklearn_version'), ['1.3.2', '1.4.2']);
      await panel(page).locator('.grid-row[data-key="MLmodel:flavors.sklearn.sklearn_version"] .row-action').click();
      await page.locator('.editor .monaco-diff-editor').first().waitFor({ timeout: 15000 });
      assert.match(await page.locator('.tabs-container .tab.active').innerText(), /MLmodel \(fraud-detector@1 ↔ fraud-detector@2\)/);
      // The right side is version 2's MLmodel from mlartifacts/, the left version 1's.
      await page.locator('.editor .monaco-diff-editor .modified .view-line', { hasText: 'sklearn_version: 1.4.2' }).waitFor({ timeout: 15000 });
      await page.locator('.editor .monaco-diff-editor .original .view-line', { hasText: 'sklearn_version: 1.3.2' }).waitFor({ timeout: 15000 });
      await page.keyboard.press('Control+W');
      // "Only changed" is on: max_depth (8 at both) is hidden and counted.
      assert.equal(await panel(page).locator('#only-changed').isChecked(), true);
      assert.ok(!rows.some((r) => r[0] === 'mlflow:max_depth'), rows.map((r) => r[0]).join(', '));
      for (const r of rows) assert.ok(r.slice(1).some((v) => v !== r[1]), `unchanged row shown: ${r.join(' | ')}`);
      assert.match(await panel(page).locator('#hidden-count').innerText(), /^\d+ unchanged hidden$/);
    });
  });

  it('comparing two Git versions shows their runs in "Run parameters" and "Run metrics" beside the manifest', async () => {
    await step(page, '53-runs-panel', async () => {
      await collapse('fraud-detector');
      await expand('churn');
      const rows = await compareWithPrevious('v1.1.0', 'mlflow:lr');
      const titles = await panel(page).locator('.section-title').allInnerTexts();
      assert.ok(titles.some((t) => t.startsWith('Run parameters')), titles.join(' / '));
      assert.ok(titles.some((t) => t.startsWith('Run metrics')), titles.join(' / '));
      assert.deepEqual(cells(rows, 'lr'), ['0.1', '0.05']);
      assert.deepEqual(cells(rows, 'mlflow:lr'), ['0.1', '0.05']);
      assert.deepEqual(cells(rows, 'wandb:acc'), ['0.84', '0.89']);
      assert.match(await deltaOf('wandb:acc'), /^\+0\.05 \(\+5\.9\d%\)$/);
      // The runs compared are churn's own: bold-crow-1 at v1.0.0, calm-owl-2 at v1.1.0.
      assert.deepEqual(cells(rows, 'mlflow:(run)').map((c) => c.split(' ')[0]), ['bold-crow-1', 'calm-owl-2']);
      // Training curves: each MLflow metric logged at several steps, one line per version.
      const curves = panel(page).locator('section.curves');
      await curves.scrollIntoViewIfNeeded();
      assert.deepEqual(await curves.locator('.legend li').allInnerTexts(), ['v1.0.0', 'v1.1.0']);
      assert.deepEqual(await curves.locator('figcaption .chart-title').allInnerTexts(), ['mlflow:accuracy', 'mlflow:val_loss']);
      // A series per version (ECharts draws each line as one path), and its values in words.
      const accuracy = curves.locator('figure[data-key="mlflow:accuracy"]');
      assert.match(await accuracy.locator('.chart-canvas').getAttribute('aria-label'), /v1\.0\.0 2 steps, 0\.8 to 0\.85; v1\.1\.0 2 steps, 0\.88 to 0\.9/);
      assert.equal(await accuracy.locator('.values-table thead th').count(), 3);
    });
  });

  it("comparing Hugging Face versions shows config.json, the safetensors hash and the model card's metric", async () => {
    await step(page, '54-hf-weights', async () => {
      await collapse('churn');
      await expand('bert-tiny');
      const rows = await compareWithPrevious('v1.1.0', 'hidden_size');
      assert.deepEqual(cells(rows, 'hidden_size'), ['128', '256']);
      const [w1, w2] = cells(rows, 'models/bert-tiny/model.safetensors');
      assert.ok(w1.startsWith('1111') && w2.startsWith('2222'), `${w1} → ${w2}`);
      assert.deepEqual(cells(rows, 'text-classification/imdb/accuracy'), ['0.81', '0.86']);
      assert.match(await deltaOf('text-classification/imdb/accuracy'), /^\+0\.05/);
    });
  });

  // Two bugs these tests found (fixed in 91b8e1d); they stay as guards.

  it('a clean checkout shows no "Working tree" row under a model whose runs are in mlruns/ and wandb/', async () => {
    assert.equal(execFileSync('git', ['status', '--porcelain'], { cwd: wb.repo, encoding: 'utf8' }), '');
    await collapse('bert-tiny');
    await expand('churn');
    await treeItem(page, 'v1.1.0').waitFor({ timeout: 15000 });
    const workdir = treeItem(page, 'Working tree');
    const shown = (await workdir.count()) ? await description(workdir) : '';
    assert.equal(
      shown,
      '',
      `nothing changed in Git, yet churn shows "Working tree ${shown}": the working-tree record has no runs, so every run row of v1.1.0 counts as a change (src/extension/tree/versionNodes.ts workdirNode)`,
    );
  });

  it("an underscore in a panel key (hidden_size) is drawn inside its cell, not clipped to 'hidden size'", async () => {
    await collapse('churn');
    await expand('bert-tiny');
    await compareWithPrevious('v1.1.0', 'hidden_size');
    const text = panel(page).locator('.grid-row[data-key="hidden_size"] .cell.key .text');
    // Where the underscore's ink ends, measured with the cell's own font, against the box that clips it.
    const m = await text.evaluate((e) => {
      const cs = getComputedStyle(e);
      const ctx = e.ownerDocument.createElement('canvas').getContext('2d');
      ctx.font = `${cs.fontSize} ${cs.fontFamily}`;
      const t = ctx.measureText('_');
      const baseline = (e.clientHeight - (t.fontBoundingBoxAscent + t.fontBoundingBoxDescent)) / 2 + t.fontBoundingBoxAscent;
      return { inkBottom: baseline + t.actualBoundingBoxDescent, height: e.clientHeight, overflow: cs.overflow, lineHeight: cs.lineHeight };
    });
    assert.ok(
      m.inkBottom <= m.height,
      `the underscore ends ${m.inkBottom}px down a ${m.height}px box with overflow ${m.overflow} and line-height ${m.lineHeight}: keys read "hidden size", "mlflow:n estimators" (media/panel.css .cell .text needs a line-height like 1.5)`,
    );
  });

  it("Reveal in Explorer on a run shows the run's folder in the Explorer", async () => {
    await step(page, '55-run-reveal', async () => {
      await collapse('bert-tiny');
      await expand('churn');
      await expand('v1.0.0');
      await expand('Runs');
      await contextMenu(page, treeItem(page, 'bold-crow-1'), 'Reveal in Explorer');
      // mlruns/ is ignored by Git, not hidden: the Explorer opens it down to the run's folder.
      const selected = page.locator('.explorer-folders-view .monaco-list-row.selected');
      await selected.waitFor({ timeout: 15000 });
      assert.equal((await selected.innerText()).trim(), '10c1d2e3f10c1d2e3f10c1d2e3f10c1d');
    });
  });
});

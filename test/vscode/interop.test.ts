// MLflow, W&B and Hugging Face in the Models view of a real VS Code: runs under the versions they
// trained, MLflow registry versions without tags, model folders, and a registry change on disk
// showing up without a refresh.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { api, child, childLabels, description, label, waitFor, workspaceDir } from './helpers';
import { writeMlflowFileStore, type MlflowSpec } from '../fixtures/mlflowStores';

const scenario = process.env.MODEL_VERSIONS_SCENARIO ?? 'demo';

(scenario === 'interop' ? describe : describe.skip)('Models tree with MLflow, W&B and Hugging Face', function () {
  this.timeout(60_000);
  before(async () => {
    await vscode.commands.executeCommand('modelVersions.models.focus');
  });

  it('lists Git models, model folders and the MLflow registry model side by side', async () => {
    const a = await api();
    assert.deepEqual(await childLabels(a), ['bert-tiny', 'churn', 'db-model', 'fraud-detector', 'sk-churn']);
    assert.equal(description(a, await child(a, 'fraud-detector')), 'version 2 · champion 2 · Production 1');
  });

  it('mlflow.db is parsed in a worker thread, not in the extension host', async () => {
    const a = await api();
    assert.deepEqual(await childLabels(a, 'db-model'), ['version 1']);
    assert.deepEqual(await childLabels(a, 'db-model', 'version 1', 'Runs', 'db-run'), ['alpha = 0.5', 'r2 = 0.7', 'mlflow.db']);
    assert.ok(a.dbReader.reads >= 1, `the worker parsed ${a.dbReader.reads} databases`);
  });

  it('a tagged version shows the MLflow and W&B runs of its commit, with params and metrics', async () => {
    const a = await api();
    const runs = await a.tree.getChildren(await child(a, 'churn', 'v1.0.0', 'Runs'));
    assert.deepEqual(runs.map((r) => label(a, r)), ['abc123', 'bold-crow-1']);
    assert.match(description(a, runs[1]!), /^MLflow · churn · finished · 2024-05-01$/);
    assert.match(description(a, runs[0]!), /^W&B · 2024-05-01$/);
    const rows = await childLabels(a, 'churn', 'v1.0.0', 'Runs', 'bold-crow-1');
    assert.deepEqual(rows.slice(0, 4), ['depth = 6', 'lr = 0.1', 'accuracy = 0.85', 'val_loss = 0.4'], 'params, then metrics, by key as MLflow lists them');
    assert.match(rows[4]!, /^mlruns\/1\/[0-9a-f]{32}$/);
    // A metric logged at several steps says how it went.
    const accuracy = (await a.tree.getChildren(await child(a, 'churn', 'v1.0.0', 'Runs', 'bold-crow-1'))).find((n) => label(a, n) === 'accuracy = 0.85')!;
    assert.equal(description(a, accuracy), '2 steps · 0.8 → 0.85');
    assert.match(String(a.tree.getTreeItem(accuracy).tooltip), /min 0\.8 · max 0\.85\nstep 0: 0\.8\nstep 1: 0\.85/);
    assert.deepEqual(await childLabels(a, 'churn', 'v1.0.0', 'Runs', 'abc123'), ['lr = 0.1', 'epochs = 10', 'acc = 0.84', 'loss = 0.16000000000000003', 'wandb/run-20240501_121500-abc123']);
  });

  it('MLflow registry versions read "version N", say MLflow, and hold their source run', async () => {
    const a = await api();
    const versions = await a.tree.getChildren(await child(a, 'fraud-detector'));
    assert.deepEqual(versions.map((v) => label(a, v)), ['version 2', 'version 1']);
    assert.match(description(a, versions[0]!), /^champion · MLflow · 2024-05-02$/);
    assert.match(description(a, versions[1]!), /^Production · MLflow · 2024-05-01$/);
    assert.equal(a.tree.getTreeItem(versions[0]!).contextValue, 'mlflowVersion:commit:staged:latest');
    // Empty sections are left out: the version is its run (and the commit the run recorded).
    assert.deepEqual(await childLabels(a, 'fraud-detector', 'version 2'), ['Configs', 'Runs', 'Commit']);
    // The registered model's MLmodel, read from mlartifacts/ (where `mlflow server` keeps artifacts).
    assert.ok((await childLabels(a, 'fraud-detector', 'version 2', 'Configs', 'MLmodel')).includes('flavors.sklearn.sklearn_version = 1.4.2'));
    assert.deepEqual(await childLabels(a, 'fraud-detector', 'version 2', 'Runs'), ['fraud-tuned']);
  });

  it('Hugging Face and MLflow model folders read their config, metrics and weights at each tag', async () => {
    const a = await api();
    const params = await childLabels(a, 'bert-tiny', 'v1.1.0', 'Hyperparameters');
    assert.ok(params.includes('hidden_size = 256'), params.join('\n'));
    assert.deepEqual(await childLabels(a, 'bert-tiny', 'v1.0.0', 'Metrics'), ['text-classification/imdb/accuracy = 0.81']);
    const weights = await a.tree.getChildren(await child(a, 'bert-tiny', 'v1.0.0', 'Weights'));
    assert.match(description(a, weights[0]!), /^111111111111 · LFS pointer models\/bert-tiny\/model\.safetensors · pointer only$/);
    const sk = await childLabels(a, 'sk-churn', 'v1.0.0', 'Runs');
    assert.deepEqual(sk[0], 'bold-crow-1', 'the run the MLmodel names comes first');
  });

  it('Compare With Previous Version on an MLflow version opens the panel on both versions', async () => {
    const a = await api();
    const v2 = await child(a, 'fraud-detector', 'version 2');
    const posted = new Promise<void>((resolve) => {
      const sub = a.panels.onDidPostData(() => {
        sub.dispose();
        resolve();
      });
    });
    await vscode.commands.executeCommand('modelVersions.compareWithPrevious', v2);
    await posted;
    const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs.map((t) => t.label));
    assert.ok(tabs.includes('fraud-detector version 1 ↔ version 2'), tabs.join(', '));
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('the status bar says when HEAD is a version of several models', async () => {
    const a = await api();
    await a.statusBar.update();
    const head = a.statusBar.current!;
    assert.equal(head.ahead, 0);
    // churn@v1.1.0 and bert-tiny@v1.1.0 are both on HEAD (sk-churn only on the first commit).
    assert.deepEqual([head, ...head.others].map((v) => `${v.model} ${v.version}`).sort(), ['bert-tiny v1.1.0', 'churn v1.1.0']);
  });

  it('a new MLflow registry version written on disk shows up without a refresh', async () => {
    const a = await api();
    const dir = path.join(workspaceDir(), 'mlruns');
    const spec: MlflowSpec = {
      experiments: [],
      models: [{ name: 'fraud-detector', aliases: { champion: 3 }, versions: [{ version: 3, status: 'READY', stage: 'None', creationTime: Date.UTC(2024, 4, 3), description: 'retrained' }] }],
    };
    writeMlflowFileStore(dir, spec);
    await waitFor('version 3 in the tree', async () => (await childLabels(a, 'fraud-detector')).includes('version 3'), 15_000);
    assert.equal(description(a, await child(a, 'fraud-detector')), 'version 3 · champion 3 · Production 1');
  });
});

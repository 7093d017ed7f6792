// What a version's files are on this machine, and whether the working tree's metrics still fit
// its params, as the tree shows them on the demo: an LFS object present or only its pointer, the
// version checked out, and metrics made stale by a params edit the pipeline has not seen.
import * as assert from 'node:assert/strict';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { api, child, childLabels, description, git, label, workspaceDir } from './helpers';

const scenario = process.env.MODEL_VERSIONS_SCENARIO ?? 'demo';

(scenario === 'demo' ? describe : describe.skip)('Availability, the checked-out version and stale metrics in the tree', () => {
  before(async () => {
    await vscode.commands.executeCommand('modelVersions.models.focus');
  });

  it('an LFS file reads "LFS object present", and "pointer only" once its object is gone', async () => {
    const a = await api();
    a.tree.refresh();
    const weights = async () => (await a.tree.getChildren(await child(a, 'fraud', 'v2.1.0', 'Weights')))[0]!;
    assert.match(description(a, await weights()), / · LFS object present$/);
    assert.equal((a.tree.getTreeItem(await weights()).iconPath as vscode.ThemeIcon).id, 'pass');
    const oid = /oid sha256:([0-9a-f]{64})/.exec(git('show', 'fraud@v2.1.0:fraud/fraud.onnx'))![1]!;
    const object = path.join(workspaceDir(), '.git/lfs/objects', oid.slice(0, 2), oid.slice(2, 4), oid);
    renameSync(object, `${object}.aside`);
    try {
      a.tree.refresh();
      const row = await weights();
      assert.match(description(a, row), / · pointer only$/);
      const item = a.tree.getTreeItem(row);
      assert.equal((item.iconPath as vscode.ThemeIcon).id, 'warning');
      assert.match(String(item.tooltip), /git lfs pull/);
    } finally {
      renameSync(`${object}.aside`, object);
      a.tree.refresh();
    }
  });

  it('marks the version HEAD is at as checked out', async () => {
    const a = await api();
    const v130 = await child(a, 'churn', 'v1.3.0');
    assert.match(description(a, v130), /checked out/);
    assert.equal((a.tree.getTreeItem(v130).iconPath as vscode.ThemeIcon).id, 'check');
  });

  it('the Working tree says its metrics are stale when params changed since dvc.lock recorded the run', async () => {
    const a = await api();
    const params = path.join(workspaceDir(), 'params.yaml');
    const before = readFileSync(params, 'utf8');
    writeFileSync(params, before.replace(/learning_rate: [0-9.]+/, 'learning_rate: 0.5'));
    try {
      a.tree.refresh();
      const workdir = await child(a, 'churn', 'Working tree');
      assert.match(description(a, workdir), /· metrics stale$/);
      assert.match(String(a.tree.getTreeItem(workdir).tooltip), /params\.yaml: train\.learning_rate [0-9.]+ → 0\.5/);
      const metrics = await child(a, 'churn', 'Working tree', 'Metrics');
      assert.match(description(a, metrics), /· stale$/);
      const rows = await a.tree.getChildren(metrics);
      const auc = rows.find((r) => label(a, r).startsWith('auc = '))!;
      assert.equal(description(a, auc), 'stale');
    } finally {
      writeFileSync(params, before);
      a.tree.refresh();
    }
    assert.ok(!(await childLabels(a, 'churn')).includes('Working tree'), 'no Working tree once params.yaml is back');
  });
});

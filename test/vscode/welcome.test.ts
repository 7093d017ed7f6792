// The welcome views' states: what a user sees in a folder without Git, or a repository
// without models.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api, waitFor } from './helpers';

const scenario = process.env.MODEL_VERSIONS_SCENARIO ?? 'demo';

describe('Welcome states', () => {
  before(async () => {
    await vscode.commands.executeCommand('modelVersions.models.focus');
  });

  (scenario === 'no-git' ? it : it.skip)('a folder that is not a Git repository shows the "no repository" welcome', async () => {
    const a = await api();
    assert.deepEqual(await a.tree.getChildren(), []);
    assert.equal(await waitFor('state', () => a.tree.viewState === 'noRepository' && a.tree.viewState), 'noRepository');
  });

  (scenario === 'no-models' ? it : it.skip)('a repository without models shows "no models" and Create Model Manifest scaffolds one', async () => {
    const a = await api();
    assert.deepEqual(await a.tree.getChildren(), []);
    assert.equal(a.tree.viewState, 'noModels');
    const uri = (await vscode.commands.executeCommand('modelVersions.createManifest', { name: 'iris', framework: 'sklearn', description: 'Iris classifier' })) as vscode.Uri;
    assert.ok(uri, 'a manifest was created');
    assert.match(uri.fsPath, /model\.yaml$/);
    const text = Buffer.from(await vscode.workspace.fs.readFile(uri)).toString('utf8');
    assert.match(text, /^name: "iris"$/m);
    await waitFor('the iris model in the tree', async () => {
      a.tree.refresh();
      const roots = await a.tree.getChildren();
      return roots.some((n) => a.tree.getTreeItem(n).label === 'iris');
    });
    assert.equal(a.tree.viewState, 'ready');
  });

  (scenario === 'demo' ? it : it.skip)('a repository with models is ready', async () => {
    const a = await api();
    await a.tree.getChildren();
    assert.equal(a.tree.viewState, 'ready');
  });
});

(scenario === 'untrusted' ? describe : describe.skip)('Restricted mode', () => {
  it('the workspace is untrusted, the view shows the restricted welcome, and no git process runs', async () => {
    assert.equal(vscode.workspace.isTrusted, false, 'the harness opened the folder in restricted mode');
    await vscode.commands.executeCommand('modelVersions.models.focus');
    const a = await api();
    assert.deepEqual(await a.tree.getChildren(), []);
    assert.equal(a.tree.viewState, 'untrusted');
    // Nothing was opened: the repository manager refuses before any git runs.
    await assert.rejects(a.repos.get(), /trusted workspace/);
    assert.deepEqual(await a.repos.peek(), []);
  });

  it('commands that write are disabled until the workspace is trusted', async () => {
    const ext = vscode.extensions.getExtension('model-versions.model-versions')!;
    const commands = ext.packageJSON.contributes.commands as Array<{ command: string; enablement?: string }>;
    for (const id of ['modelVersions.tagVersion', 'modelVersions.promote', 'modelVersions.checkout', 'modelVersions.restoreFiles']) {
      assert.equal(commands.find((c) => c.command === id)?.enablement, 'isWorkspaceTrusted', id);
    }
  });
});

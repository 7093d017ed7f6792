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

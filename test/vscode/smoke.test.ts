// Proves the harness works: the extension under development is loaded and the folder is open.
import * as assert from 'assert';
import * as path from 'path';
import * as vscode from 'vscode';

describe('harness smoke', () => {
  it('loads the Model Versions extension', () => {
    const ext = vscode.extensions.getExtension('model-versions.model-versions');
    assert.ok(ext, 'extension model-versions.model-versions is not loaded');
    assert.strictEqual(ext.packageJSON.name, 'model-versions');
  });

  it('opens the workspace folder', () => {
    const folders = vscode.workspace.workspaceFolders ?? [];
    assert.strictEqual(folders.length, 1, 'expected exactly one workspace folder');
    const expected = process.env.MODEL_VERSIONS_TEST_WORKSPACE;
    if (expected) assert.strictEqual(folders[0].uri.fsPath, path.resolve(expected));
  });
});

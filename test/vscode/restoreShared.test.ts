// Restore Model Files Only run as the UI runs it, on the demo: fraud's restore leaves the root
// dvc.lock (churn's stages) byte for byte as it was; churn's writes only churn's entries.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { api, child, git, workspaceDir } from './helpers';

const scenario = process.env.MODEL_VERSIONS_SCENARIO ?? 'demo';

(scenario === 'demo' ? describe : describe.skip)('Restore Model Files Only touches only its model', () => {
  const lock = () => readFileSync(path.join(workspaceDir(), 'dvc.lock'));

  afterEach(() => {
    git('checkout', '-q', '-f', 'main');
  });

  it("fraud v2.0.0 leaves the root dvc.lock, churn's stages, as it was", async () => {
    const a = await api();
    const before = lock();
    const restored = (await vscode.commands.executeCommand('modelVersions.restoreFiles', await child(a, 'fraud', 'v2.0.0'), { confirm: true })) as string[] | undefined;
    assert.ok(restored, 'the restore ran');
    assert.ok(!restored.includes('dvc.lock'), restored.join(', '));
    assert.deepEqual(lock(), before);
  });
});

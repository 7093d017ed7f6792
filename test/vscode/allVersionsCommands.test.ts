// The all-versions commands are registered through the same wrapper as every other command:
// Register as Model Version writes a tag, so on a run of a read-only registry it is refused
// before anything is written, as Tag New Version is.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Node } from '../../src/extension/tree/nodes';
import { api, child, git } from './helpers';

const scenario = process.env.MODEL_VERSIONS_SCENARIO ?? 'demo';

(scenario === 'demo' ? describe : describe.skip)('All-versions commands', () => {
  it('Register as Model Version on a run of a read-only registry creates no tag', async () => {
    await vscode.commands.executeCommand('modelVersions.models.focus');
    const model = (await child(await api(), 'churn')) as Extract<Node, { kind: 'model' }>;
    const before = git('for-each-ref', 'refs/tags');
    // A commit no version is registered at yet: without the guard the run's registration lands here.
    git('commit', '-q', '--allow-empty', '-m', 'a run ran here');
    const head = git('rev-parse', 'HEAD').trim();
    // An Unclaimed runs row as a registry's tree would show it: the run recorded a commit that
    // is in the repository, and the model name is given, so nothing would be asked first.
    const run = { source: 'mlflow' as const, id: 'r0000000000000000000000000000001', name: 'from-registry', gitCommit: head, location: 'mlruns/0/r1', params: {}, metrics: {} };
    const node = { kind: 'unclaimedRun', id: 'registry-run', repo: { ...model.repo, readOnly: true }, run };
    try {
      assert.equal(await vscode.commands.executeCommand('modelVersions.registerRun', node, { model: 'churn', bump: 'patch', message: 'x' }), undefined);
    } finally {
      for (const t of git('tag', '--points-at', head).split('\n').filter(Boolean)) git('tag', '-d', t);
      git('reset', '-q', '--soft', 'HEAD~1');
    }
    assert.equal(git('for-each-ref', 'refs/tags'), before);
  });
});

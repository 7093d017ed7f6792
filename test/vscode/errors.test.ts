// One error presenter: each kind of error from git and the core becomes one message with the
// action that helps, a cancel shows nothing, a bug is marked to be logged as an error; and a
// write command reached on a read-only registry is refused before it asks anything.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { describeError } from '../../src/extension/errors';
import { ReadOnlyRegistryError, UntrustedWorkspaceError } from '../../src/extension/repositories';
import { GitError } from '../../src/git/exec';
import { RemoteError } from '../../src/core/remotePort';
import { PlanError } from '../../src/core/versionPlans';
import { api, child, git } from './helpers';
import type { Node } from '../../src/extension/tree/nodes';

const scenario = process.env.MODEL_VERSIONS_SCENARIO ?? 'demo';

(scenario === 'demo' ? describe : describe.skip)('Error presenter', () => {
  it('a checkout git refuses lists the files in a modal', () => {
    const e = new GitError('checkout would overwrite uncommitted changes to 2 files', ['checkout'], 1, '', { code: 'LocalChangesOverwritten', files: ['params.yaml', 'train.py'] });
    const p = describeError(e)!;
    assert.equal(p.level, 'error');
    assert.equal(p.detail, 'params.yaml\ntrain.py');
    assert.equal(p.unexpected, false);
  });

  it('a remote asking for credentials is a warning with Show Log; a cancelled push shows nothing', () => {
    const p = describeError(new RemoteError('auth', 'origin asks for credentials', 'origin'))!;
    assert.equal(p.level, 'warning');
    assert.deepEqual(p.actions.map((a) => a.command), ['modelVersions.showLog']);
    assert.equal(describeError(new RemoteError('cancelled', 'stopped', 'origin')), undefined);
  });

  it('an untrusted workspace offers Manage Workspace Trust; a read-only registry is information', () => {
    assert.deepEqual(describeError(new UntrustedWorkspaceError())!.actions.map((a) => a.command), ['workbench.trust.manage']);
    assert.equal(describeError(new ReadOnlyRegistryError({ name: 'https://example.com/r.git' }))!.level, 'info');
  });

  it("a refusal of the core is the core's words; a TypeError is a bug, logged as an error", () => {
    const p = describeError(new PlanError("stage 'qa' is not allowed by .gto; allowed stages are: dev, staging, prod"))!;
    assert.equal(p.message, "Model Versions: stage 'qa' is not allowed by .gto; allowed stages are: dev, staging, prod");
    assert.equal(p.unexpected, false);
    assert.equal(describeError(new TypeError("Cannot read properties of undefined (reading 'x')"))!.unexpected, true);
  });

  it('Tag New Version on a node of a read-only registry creates nothing', async () => {
    const before = git('for-each-ref', 'refs/tags');
    // A real model row whose repository is marked read-only, as a registry's rows are: without
    // the guard this would tag churn in the workspace's repository.
    await vscode.commands.executeCommand('modelVersions.models.focus');
    const node = (await child(await api(), 'churn')) as Extract<Node, { kind: 'model' }>;
    const readOnly = { ...node, repo: { ...node.repo, readOnly: true } };
    git('commit', '-q', '--allow-empty', '-m', 'not registered yet');
    try {
      assert.equal(await vscode.commands.executeCommand('modelVersions.tagVersion', readOnly, { bump: 'patch', message: 'x', push: false }), undefined);
      assert.equal(await vscode.commands.executeCommand('modelVersions.promote', readOnly, { stage: 'dev', push: false }), undefined);
    } finally {
      const made = git('tag', '--points-at', 'HEAD').split('\n').filter(Boolean);
      for (const t of made) git('tag', '-d', t);
      git('reset', '-q', '--soft', 'HEAD~1');
    }
    assert.equal(git('for-each-ref', 'refs/tags'), before);
  });
});

// The registry's rules in the editor, as the context menu runs Promote (answers passed in, so no
// dialog waits): `.gto`'s stages refuse any other, modelVersions.stages.enforceOrder asks before
// a promotion skips a stage, and Create and Push goes to the branch's own remote. Every tag,
// file, remote and setting made here is removed afterwards.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { api, child, deleteTagsAfterEach, git, tagNames, workspaceDir } from './helpers';

const scenario = process.env.MODEL_VERSIONS_SCENARIO ?? 'demo';

(scenario === 'demo' ? describe : describe.skip)('Registry rules in the editor', () => {
  const gto = () => path.join(workspaceDir(), '.gto');

  deleteTagsAfterEach(async () => {
    fs.rmSync(gto(), { force: true });
    await vscode.workspace.getConfiguration('modelVersions').update('stages.enforceOrder', undefined, vscode.ConfigurationTarget.Global);
  });

  it('Promote to a stage outside .gto\'s stages creates no tag', async () => {
    fs.writeFileSync(gto(), 'stages: [dev, staging, prod]\n');
    const a = await api();
    const before = git('for-each-ref', 'refs/tags');
    assert.equal(await vscode.commands.executeCommand('modelVersions.promote', await child(a, 'churn', 'v1.3.0'), { stage: 'qa', push: false }), undefined);
    assert.equal(git('for-each-ref', 'refs/tags'), before);
    // An allowed stage still works.
    assert.equal(await vscode.commands.executeCommand('modelVersions.promote', await child(a, 'churn', 'v1.3.0'), { stage: 'dev', push: false }), 'churn#dev#5');
  });

  it('with enforceOrder, skipping dev and staging asks first: No creates nothing, Yes creates the tag', async () => {
    fs.writeFileSync(gto(), 'stages: [dev, staging, prod]\n');
    await vscode.workspace.getConfiguration('modelVersions').update('stages.enforceOrder', true, vscode.ConfigurationTarget.Global);
    const a = await api();
    const before = git('for-each-ref', 'refs/tags');
    assert.equal(await vscode.commands.executeCommand('modelVersions.promote', await child(a, 'churn', 'v1.3.0'), { stage: 'prod', push: false, skipOrder: false }), undefined);
    assert.equal(git('for-each-ref', 'refs/tags'), before);
    assert.equal(await vscode.commands.executeCommand('modelVersions.promote', await child(a, 'churn', 'v1.3.0'), { stage: 'prod', push: false, skipOrder: true }), 'churn#prod#5');
    // The first stage in the order skips nothing: no question.
    assert.equal(await vscode.commands.executeCommand('modelVersions.promote', await child(a, 'churn', 'v1.3.0'), { stage: 'dev', push: false }), 'churn#dev#6');
  });

  it('Promote with push sends the tag to the branch\'s upstream remote, and it stays here', async () => {
    const bare = fs.mkdtempSync(path.join(os.tmpdir(), 'mv-team-')) + '/team.git';
    execFileSync('git', ['init', '-q', '--bare', bare]);
    git('remote', 'add', 'team', bare);
    try {
      git('push', '-q', 'team', 'HEAD:refs/heads/main');
      git('branch', '--set-upstream-to=team/main');
      const a = await api();
      assert.equal(await vscode.commands.executeCommand('modelVersions.promote', await child(a, 'churn', 'v1.3.0'), { stage: 'dev', push: true }), 'churn#dev#5');
      const remote = execFileSync('git', ['for-each-ref', '--format=%(refname:strip=2)', 'refs/tags'], { cwd: bare, encoding: 'utf8' });
      assert.equal(remote.trim(), 'churn#dev#5');
      assert.ok(tagNames().includes('churn#dev#5'));
    } finally {
      git('remote', 'remove', 'team');
      fs.rmSync(path.dirname(bare), { recursive: true, force: true });
    }
  });
});

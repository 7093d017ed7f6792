// Deprecate Model, Deregister Version, Unassign Stage and Roll Back Stage run as the context menus
// run them (the answers passed in, so no dialog waits), checked against real git. Every tag made
// here is deleted afterwards: the other suites read the demo's tags as the fixture made them.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api, child, deleteTagsAfterEach, description, git, waitFor } from './helpers';

const scenario = process.env.MODEL_VERSIONS_SCENARIO ?? 'demo';

(scenario === 'demo' ? describe : describe.skip)('Registry lifecycle commands', () => {

  deleteTagsAfterEach();

  it('Unassign Stage writes churn#prod!#5 on v1.1.0 with GTO\'s message, and v1.1.0 leaves prod', async () => {
    const a = await api();
    const tag = await vscode.commands.executeCommand('modelVersions.unassignStage', await child(a, 'churn', 'v1.1.0'), { stage: 'prod', push: false });
    assert.equal(tag, 'churn#prod!#5');
    assert.equal(git('cat-file', '-t', 'churn#prod!#5').trim(), 'tag');
    assert.equal(git('tag', '-l', '--format=%(contents)', 'churn#prod!#5').trim(), "Unassigning stage 'prod' to artifact 'churn' version 'v1.1.0'");
    assert.equal(git('rev-parse', 'churn#prod!#5^{commit}').trim(), git('rev-parse', 'churn@v1.1.0^{commit}').trim());
    await waitFor('v1.1.0 without prod', async () => {
      a.tree.refresh();
      return !description(a, await child(a, 'churn', 'v1.1.0')).includes('prod');
    });
  });

  it('Deregister Version writes churn@v1.0.0!, and refuses a second time without a tag', async () => {
    const a = await api();
    const node = await child(a, 'churn', 'v1.0.0');
    assert.equal(await vscode.commands.executeCommand('modelVersions.deregisterVersion', node, { push: false }), 'churn@v1.0.0!');
    assert.equal(git('tag', '-l', '--format=%(contents)', 'churn@v1.0.0!').trim(), 'Deregistering artifact churn version v1.0.0');
    const before = git('for-each-ref', 'refs/tags');
    assert.equal(await vscode.commands.executeCommand('modelVersions.deregisterVersion', node, { push: false }), undefined);
    assert.equal(git('for-each-ref', 'refs/tags'), before);
  });

  it('Roll Back Stage gives prod back to the version that held it before, in one tag', async () => {
    const a = await api();
    git('tag', '-a', '-m', 'Assigning stage prod to artifact churn version v1.2.0', 'churn#prod#5', 'churn@v1.2.0^{commit}');
    a.tree.refresh();
    const tag = await vscode.commands.executeCommand('modelVersions.rollBackStage', await child(a, 'churn'), { stage: 'prod', push: false });
    assert.equal(tag, 'churn#prod#6');
    assert.equal(git('rev-parse', 'churn#prod#6^{commit}').trim(), git('rev-parse', 'churn@v1.1.0^{commit}').trim());
    assert.equal(git('tag', '-l', '--format=%(contents)', 'churn#prod#6').trim(), 'Assigning stage prod to artifact churn version v1.1.0');
  });

  it('Deprecate Model writes fraud@deprecated on the commit of its newest event', async () => {
    const a = await api();
    const tag = await vscode.commands.executeCommand('modelVersions.deprecateModel', await child(a, 'fraud'), { push: false });
    assert.equal(tag, 'fraud@deprecated');
    assert.equal(git('tag', '-l', '--format=%(contents)', 'fraud@deprecated').trim(), "Deprecating artifact 'fraud'");
    const before = git('for-each-ref', 'refs/tags');
    assert.equal(await vscode.commands.executeCommand('modelVersions.deprecateModel', await child(a, 'fraud'), { push: false }), undefined);
    assert.equal(git('for-each-ref', 'refs/tags'), before);
  });
});

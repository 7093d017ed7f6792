// A settings change reopens the repositories only when it changes what their stores read: after
// versionsPerModel the same repository (and its git processes) serves the tree, after a tag
// convention a new one does. Settings are put back afterwards.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api, childLabels, waitFor } from './helpers';

const scenario = process.env.MODEL_VERSIONS_SCENARIO ?? 'demo';

(scenario === 'demo' ? describe : describe.skip)('What a settings change needs', () => {
  const config = () => vscode.workspace.getConfiguration('modelVersions');

  before(async () => {
    await vscode.commands.executeCommand('modelVersions.models.focus');
  });

  afterEach(async () => {
    await config().update('versionsPerModel', undefined, vscode.ConfigurationTarget.Global);
    await config().update('tags.prefix', undefined, vscode.ConfigurationTarget.Global);
  });

  it('versionsPerModel redraws the tree with the repository it had (no reopen)', async () => {
    const a = await api();
    await childLabels(a, 'churn');
    const [before] = await a.repos.get();
    await config().update('versionsPerModel', 2, vscode.ConfigurationTarget.Global);
    // The redraw shows two versions and the "more" row, from the same repository object.
    await waitFor('two versions shown', async () => (await childLabels(a, 'churn')).some((l) => /more version/.test(l)));
    const [after] = await a.repos.get();
    assert.equal(after, before, 'the repository was not opened again');
  });

  it('a tag convention opens the repository again', async () => {
    const a = await api();
    const [before] = await a.repos.get();
    await config().update('tags.prefix', 'models', vscode.ConfigurationTarget.Global);
    await waitFor('a new repository object', async () => (await a.repos.get())[0] !== before);
  });
});

// The Models view on the demo repository: every level of the tree, read as a user reads it.
import * as assert from 'node:assert/strict';
import * as dc from 'node:diagnostics_channel';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { api, child, childLabels, description, EXTENSION_ID, label, workspaceDir } from './helpers';

const scenario = process.env.MODEL_VERSIONS_SCENARIO ?? 'demo';

(scenario === 'demo' ? describe : describe.skip)('Models tree on a GTO + DVC repository', () => {
  before(async () => {
    await vscode.commands.executeCommand('modelVersions.models.focus');
  });

  it('activates and reports its activation time', async () => {
    const a = await api();
    assert.ok(a.activationMs >= 0);
    console.log(`    activation took ${a.activationMs.toFixed(1)} ms`);
  });

  it('lists every model with its latest version and stages', async () => {
    const a = await api();
    assert.deepEqual(await childLabels(a), ['churn', 'fraud', 'nlp:sentiment']);
    const churn = await child(a, 'churn');
    assert.equal(description(a, churn), 'v1.3.0 · staging v1.2.0 · prod v1.1.0 · dev v1.0.0');
    assert.equal(description(a, await child(a, 'fraud')), 'v2.1.0 · prod v2.0.0');
  });

  it('a refresh starts its git processes one per turn of the event loop, never two in one', async () => {
    const a = await api();
    // Each start blocks the extension host (every extension's work) while the OS makes the process.
    // Only the processes this extension starts count: the built-in Git extension shares the host.
    const ours = path.join(vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath, 'dist') + path.sep;
    let turn = 0;
    const ticker = setInterval(() => turn++, 0);
    const started: Array<{ turn: number; process?: { spawnargs?: string[] } }> = [];
    const onSpawn = (m: unknown) => {
      const limit = Error.stackTraceLimit;
      Error.stackTraceLimit = 50;
      const stack = new Error().stack ?? '';
      Error.stackTraceLimit = limit;
      if (stack.includes(ours)) started.push({ turn, ...(m as { process?: { spawnargs?: string[] } }) });
    };
    dc.subscribe('child_process', onSpawn);
    try {
      a.tree.refresh();
      await new Promise((r) => setTimeout(r, 50)); // let the refresh forget the cached listing
      assert.deepEqual(await childLabels(a), ['churn', 'fraud', 'nlp:sentiment']);
      await new Promise((r) => setTimeout(r, 1000)); // the status bar and the remote marks follow the rows
    } finally {
      dc.unsubscribe('child_process', onSpawn);
      clearInterval(ticker);
    }
    const what = started.map((s) => `${s.turn}: git ${(s.process?.spawnargs ?? []).slice(1, 3).join(' ')}`);
    assert.ok(started.length >= 3, `the refresh read with ${started.length} git processes`);
    assert.equal(new Set(started.map((s) => s.turn)).size, started.length, `two git processes started in one turn:\n${what.join('\n')}`);
  });

  it('shows versions newest first with their stages and dates', async () => {
    const a = await api();
    assert.deepEqual(await childLabels(a, 'churn'), ['v1.3.0', 'v1.2.0', 'v1.1.0', 'v1.0.0', 'History']);
    const v110 = await child(a, 'churn', 'v1.1.0');
    assert.match(description(a, v110), /^prod · 2026-01-\d\d$/);
    const item = await a.tree.resolveTreeItem(a.tree.getTreeItem(v110), v110);
    const tooltip = (item.tooltip as vscode.MarkdownString).value.replace(/&nbsp;/g, ' ').replace(/\\(.)/g, '$1');
    assert.match(tooltip, /Registering artifact churn version v1\.1\.0/);
    // The tag's tagger and the commit's author, each labelled (the same person in this fixture).
    assert.match(tooltip, /Tagged by Ada Lovelace on /);
    assert.match(tooltip, /Commit [0-9a-f]{10} by Ada Lovelace on /);
    assert.equal(a.tree.getTreeItem(v110).contextValue, 'version:registered:staged');
  });

  it('reads a version at its own commit: hyperparameters, data, weights and metrics', async () => {
    const a = await api();
    // data/prepared is an output of the prepare stage and src/train.py code the train stage
    // runs: Outputs and Pipeline code, not Data.
    assert.deepEqual(await childLabels(a, 'churn', 'v1.2.0'), ['Hyperparameters', 'Data', 'Weights', 'Outputs', 'Metrics', 'Pipeline code', 'Commit'], 'no empty Configs section');
    assert.deepEqual(await childLabels(a, 'churn', 'v1.2.0', 'Outputs'), ['data/prepared']);
    assert.deepEqual(await childLabels(a, 'churn', 'v1.2.0', 'Pipeline code'), ['src/train.py']);
    const params = await childLabels(a, 'churn', 'v1.2.0', 'Hyperparameters');
    assert.ok(params.includes('train.learning_rate = 0.05'), params.join('\n'));
    assert.ok(params.includes('features[2] = contract'), params.join('\n'));
    const data = await a.tree.getChildren(await child(a, 'churn', 'v1.2.0', 'Data'));
    const raw = data.find((n) => label(a, n) === 'data/raw/customers.csv')!;
    assert.ok(raw, 'data/raw/customers.csv is listed');
    assert.match(description(a, raw), /^[0-9a-f]{12} · dvc\.lock \(stage prepare\)$/);
    const weights = await childLabels(a, 'churn', 'v1.2.0', 'Weights');
    assert.deepEqual(weights, ['models/churn.pkl']);
    const metrics = await childLabels(a, 'churn', 'v1.2.0', 'Metrics');
    assert.ok(metrics.includes('auc = 0.861'), metrics.join('\n'));
    const commit = await childLabels(a, 'churn', 'v1.2.0', 'Commit');
    assert.ok(commit.includes('New data from February'), commit.join('\n'));
  });

  it('shows LFS weights by their sha256 and config files by key', async () => {
    const a = await api();
    const weights = await a.tree.getChildren(await child(a, 'fraud', 'v2.1.0', 'Weights'));
    assert.equal(label(a, weights[0]!), 'fraud/fraud.onnx');
    assert.match(description(a, weights[0]!), /^[0-9a-f]{12} · LFS pointer fraud\/fraud\.onnx · LFS object present$/);
    const serving = await childLabels(a, 'fraud', 'v2.1.0', 'Configs', 'fraud/serving.json');
    assert.deepEqual(serving, ['batch = 64', 'timeout_ms = 40', 'replicas = 4']);
    const older = await childLabels(a, 'fraud', 'v2.0.0', 'Configs', 'fraud/serving.json');
    assert.ok(older.includes('replicas = 2'));
  });

  it('filters models and versions by text', async () => {
    const a = await api();
    await vscode.commands.executeCommand('modelVersions.filter', 'fraud');
    assert.deepEqual(await childLabels(a), ['fraud']);
    await vscode.commands.executeCommand('modelVersions.filter', 'v1.2');
    assert.deepEqual(await childLabels(a), ['churn']);
    assert.deepEqual(await childLabels(a, 'churn'), ['v1.2.0']);
    await vscode.commands.executeCommand('modelVersions.clearFilter');
    assert.deepEqual(await childLabels(a), ['churn', 'fraud', 'nlp:sentiment']);
  });

  it('filters by a stage name: the models holding it, and under each the versions in it', async () => {
    const a = await api();
    await vscode.commands.executeCommand('modelVersions.filter', 'prod');
    try {
      assert.deepEqual(await childLabels(a), ['churn', 'fraud']);
      assert.deepEqual(await childLabels(a, 'churn'), ['v1.1.0']);
      assert.deepEqual(await childLabels(a, 'fraud'), ['v2.0.0']);
    } finally {
      await vscode.commands.executeCommand('modelVersions.clearFilter');
    }
  });

  it('a filter that matches nothing says so, and its Clear Filter row clears it', async () => {
    const a = await api();
    await vscode.commands.executeCommand('modelVersions.filter', 'no-such-thing');
    assert.deepEqual(await childLabels(a), ["No models match 'no-such-thing'", 'Clear Filter']);
    const clear = await child(a, 'Clear Filter');
    const command = a.tree.getTreeItem(clear).command!;
    await vscode.commands.executeCommand(command.command, ...(command.arguments ?? []));
    assert.equal(a.tree.filter, '');
    assert.deepEqual(await childLabels(a), ['churn', 'fraud', 'nlp:sentiment']);
  });

  it('the Working tree node counts in words from the checked-out version and is labelled Working tree', async () => {
    const a = await api();
    const params = path.join(workspaceDir(), 'params.yaml');
    const original = readFileSync(params, 'utf8');
    writeFileSync(params, original.replace('learning_rate: 0.03', 'learning_rate: 0.02'));
    try {
      a.tree.refresh();
      const wd = await child(a, 'churn', 'Working tree');
      // HEAD is churn's v1.3.0: the count is from that version, and the node says so.
      // learning_rate differs from what dvc.lock recorded: the metrics on disk are stale.
      assert.equal(description(a, wd), '1 change since v1.3.0 (checked out) · metrics stale');
      assert.equal(wd.kind === 'workdir' && wd.resolved.label, 'churn · Working tree');
    } finally {
      writeFileSync(params, original);
      a.tree.refresh();
    }
  });

  it('opens the manifest of a version as a read-only document of that revision', async () => {
    const a = await api();
    const node = await child(a, 'fraud', 'v2.0.0');
    await vscode.commands.executeCommand('modelVersions.openManifest', node);
    const editor = vscode.window.activeTextEditor;
    assert.ok(editor, 'an editor is open');
    assert.equal(editor.document.uri.scheme, 'model-versions');
    assert.match(editor.document.getText(), /threshold: 0\.7\n/);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('opens a native text diff of a config file between two versions', async () => {
    const a = await api();
    const config = await child(a, 'fraud', 'v2.1.0', 'Configs', 'fraud/serving.json');
    await vscode.commands.executeCommand('modelVersions.openConfigDiff', config);
    const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
    assert.ok(tab?.input instanceof vscode.TabInputTextDiff, 'the active tab is a text diff');
    const input = tab.input as vscode.TabInputTextDiff;
    const left = await vscode.workspace.openTextDocument(input.original);
    const right = await vscode.workspace.openTextDocument(input.modified);
    assert.match(left.getText(), /"replicas": 2/);
    assert.match(right.getText(), /"replicas": 4/);
    assert.match(tab.label, /fraud@v2\.0\.0 ↔ fraud@v2\.1\.0/);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('shows the version at HEAD in the status bar', async () => {
    const a = await api();
    await a.statusBar.update();
    assert.deepEqual({ model: a.statusBar.current?.model, version: a.statusBar.current?.version, ahead: a.statusBar.current?.ahead }, { model: 'churn', version: 'v1.3.0', ahead: 0 });
  });

  it('copies a hash and a tag name', async () => {
    const a = await api();
    const weights = await a.tree.getChildren(await child(a, 'fraud', 'v2.1.0', 'Weights'));
    await vscode.commands.executeCommand('modelVersions.copyHash', weights[0]);
    assert.match(await vscode.env.clipboard.readText(), /^[0-9a-f]{64}$/);
    await vscode.commands.executeCommand('modelVersions.copyTagName', await child(a, 'churn', 'v1.1.0'));
    assert.equal(await vscode.env.clipboard.readText(), 'churn@v1.1.0');
  });
});

(scenario === 'demo' ? describe : describe.skip)('Contributed commands', () => {
  it('every contributed command is registered and every registered modelVersions command is contributed', async () => {
    await api();
    const ext = vscode.extensions.getExtension('model-versions.model-versions')!;
    const contributed = new Set<string>((ext.packageJSON.contributes.commands as Array<{ command: string }>).map((c) => c.command));
    const registered = new Set((await vscode.commands.getCommands(true)).filter((c) => c.startsWith('modelVersions.') && !c.startsWith('modelVersions.models.')));
    assert.deepEqual([...contributed].filter((c) => !registered.has(c)), [], 'contributed but not registered');
    assert.deepEqual([...registered].filter((c) => !contributed.has(c)), [], 'registered but not contributed');
  });
});

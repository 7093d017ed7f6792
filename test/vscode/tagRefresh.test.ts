// A tag made outside the editor (a terminal, a script): its row shows after git has read that one
// tag, not every tag again; and a model's tooltip is made when the pointer rests on it.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api, child, childLabels, description, git, waitFor } from './helpers';

const scenario = process.env.MODEL_VERSIONS_SCENARIO ?? 'demo';

(scenario === 'demo' ? describe : describe.skip)('Tags changed outside the editor', () => {
  before(async () => {
    await vscode.commands.executeCommand('modelVersions.models.focus');
  });

  it('a new tag shows in its model after reading only that tag, and goes when it is deleted', async () => {
    const a = await api();
    // The tests before this one delete tags (git tag -d rewrites packed-refs): the full read
    // the watcher schedules for that (300 ms after the last change) must be over before counting.
    await new Promise((r) => setTimeout(r, 1500));
    assert.ok((await childLabels(a, 'fraud')).includes('v2.1.0'), 'the view has read the models');
    const [repo] = await a.repos.get();
    const git_ = repo!.git;
    const readTagTable = git_.readTagTable;
    let fullReads = 0;
    git_.readTagTable = (...args) => {
      fullReads++;
      return readTagTable.apply(git_, args);
    };
    const fraudBefore = await child(a, 'fraud');
    const redrawn: unknown[] = [];
    const sub = a.tree.onDidChangeTreeData((node) => redrawn.push(node));
    try {
      git('tag', '-a', '-m', 'Registering artifact fraud version v9.0.0', 'fraud@v9.0.0');
      await waitFor('fraud v9.0.0 in the tree', async () => (await childLabels(a, 'fraud')).includes('v9.0.0'), 10_000);
      assert.equal(fullReads, 0, 'every tag was read again');
      // Only fraud's row is redrawn, by the node object handed out before (VS Code knows rows by
      // their objects), however often the tree was read in between.
      assert.equal(redrawn.length, 1, 'one redraw');
      assert.equal(redrawn[0], fraudBefore);
      assert.equal(await child(a, 'fraud'), fraudBefore);
      assert.match(description(a, await child(a, 'fraud')), /^v9\.0\.0 · prod v2\.0\.0$/);
      git('tag', '-d', 'fraud@v9.0.0');
      await waitFor('fraud v9.0.0 gone', async () => !(await childLabels(a, 'fraud')).includes('v9.0.0'), 10_000);
      assert.equal(description(a, await child(a, 'fraud')), 'v2.1.0 · prod v2.0.0');
    } finally {
      sub.dispose();
      git_.readTagTable = readTagTable;
      // Whatever failed above, the next tests see the demo's tags as they were.
      if (git('tag', '--list', 'fraud@v9.0.0').trim()) git('tag', '-d', 'fraud@v9.0.0');
    }
  });

  it('HEAD moving (a switch) reads the working tree again, not every tag', async () => {
    const a = await api();
    await new Promise((r) => setTimeout(r, 1500));
    assert.ok((await childLabels(a, 'fraud')).includes('v2.1.0'), 'the view has read the models');
    const [repo] = await a.repos.get();
    const git_ = repo!.git;
    const readTagTable = git_.readTagTable;
    let fullReads = 0;
    git_.readTagTable = (...args) => {
      fullReads++;
      return readTagTable.apply(git_, args);
    };
    const branch = git('rev-parse', '--abbrev-ref', 'HEAD').trim();
    let redraws = 0;
    const sub = a.tree.onDidChangeTreeData((node) => void (node === undefined && redraws++));
    try {
      // Detaching at the same commit rewrites .git/HEAD and changes no file.
      git('checkout', '-q', '--detach', 'HEAD');
      await waitFor('the tree drawn again after HEAD moved', async () => redraws > 0, 10_000);
      assert.ok((await childLabels(a, 'fraud')).includes('v2.1.0'), 'the models are still listed');
      assert.equal(fullReads, 0, 'every tag was read again');
    } finally {
      sub.dispose();
      git_.readTagTable = readTagTable;
      git('checkout', '-q', branch);
    }
  });

  it("a model's tooltip comes when the row is hovered, with its latest version and stages", async () => {
    const a = await api();
    const churn = await child(a, 'churn');
    const item = a.tree.getTreeItem(churn);
    assert.equal(item.tooltip, undefined, 'not made up front');
    const resolved = await a.tree.resolveTreeItem(item, churn);
    const text = (resolved.tooltip as vscode.MarkdownString).value.replace(/&nbsp;/g, ' ');
    assert.match(text, /\*\*churn\*\*/);
    assert.match(text, /Latest: v1\.3\.0/);
    assert.match(text, /prod v1\.1\.0/);
  });
});

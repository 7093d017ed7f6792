// The History node under each model, the hover's "prod until …, then …", and the deregistered
// versions the view hides under "N deregistered (hidden)", on the demo's real tags. Tags made
// here are deleted afterwards: the other suites read the demo as the fixture made it.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ModelVersionsApi } from '../../src/extension/extension';
import type { Node } from '../../src/extension/tree/nodes';
import { api, child, childLabels, deleteTagsAfterEach, description, git, label } from './helpers';

const scenario = process.env.MODEL_VERSIONS_SCENARIO ?? 'demo';

const plain = (md: unknown) => (md as vscode.MarkdownString).value.replace(/&nbsp;/g, ' ').replace(/\\(.)/g, '$1');

async function hover(a: ModelVersionsApi, node: Node): Promise<string> {
  return plain((await a.tree.resolveTreeItem(a.tree.getTreeItem(node), node)).tooltip);
}

(scenario === 'demo' ? describe : describe.skip)('History and hidden versions in the tree', () => {
  const commitOf = (rev: string) => git('rev-parse', `${rev}^{commit}`).trim();
  // A tagger date in March 2026, after every tag of the fixture (its clock starts in January).
  const tagAt = (day: number, name: string, messageText: string, rev: string) => {
    process.env.GIT_COMMITTER_DATE = `2026-03-${String(day).padStart(2, '0')}T12:00:00Z`;
    try {
      git('tag', '-a', '-m', messageText, name, commitOf(rev));
    } finally {
      delete process.env.GIT_COMMITTER_DATE;
    }
  };

  deleteTagsAfterEach();

  it('lists a model\'s registry events under History, newest first, with date, tagger and message', async () => {
    const a = await api();
    assert.equal((await childLabels(a, 'churn')).at(-1), 'History');
    const events = await a.tree.getChildren(await child(a, 'churn', 'History'));
    assert.deepEqual(
      events.map((e) => label(a, e)),
      ['v1.3.0 registered', 'staging → v1.2.0', 'v1.2.0 registered', 'prod → v1.1.0', 'staging → v1.1.0', 'v1.1.0 registered', 'dev → v1.0.0', 'v1.0.0 registered'],
    );
    assert.match(description(a, events[1]!), /^2026-\d\d-\d\d · Ada Lovelace$/);
    const tip = plain(a.tree.getTreeItem(events[1]!).tooltip);
    assert.match(tip, /Assigning stage staging to artifact churn version v1\.2\.0/);
    assert.match(tip, /Tag: churn#staging#4/);
  });

  it('says in a version\'s hover which stage it held until when, and who took it', async () => {
    const a = await api();
    tagAt(10, 'churn#prod#5', 'Assigning stage prod to artifact churn version v1.2.0', 'churn@v1.2.0');
    a.tree.refresh();
    const events = await childLabels(a, 'churn', 'History');
    assert.equal(events[0], 'prod → v1.2.0');
    const old = await hover(a, await child(a, 'churn', 'v1.1.0'));
    assert.match(old, /prod until 2026-03-10, then v1\.2\.0/);
    assert.match(old, /staging until 2026-01-\d\d, then v1\.2\.0/);
    assert.match(await hover(a, await child(a, 'churn', 'v1.2.0')), /prod since 2026-03-10/);
  });

  it('hides a deregistered version under "1 deregistered (hidden)", greyed and without promote or tag actions', async () => {
    const a = await api();
    tagAt(11, 'churn@v1.0.0!', 'Deregistering artifact churn version v1.0.0', 'churn@v1.0.0');
    a.tree.refresh();
    const labels = await childLabels(a, 'churn');
    assert.ok(!labels.includes('v1.0.0'), labels.join(', '));
    assert.deepEqual(labels.slice(-2), ['1 deregistered (hidden)', 'History']);
    const hidden = await a.tree.getChildren(await child(a, 'churn', '1 deregistered (hidden)'));
    assert.deepEqual(hidden.map((n) => label(a, n)), ['v1.0.0']);
    const item = a.tree.getTreeItem(hidden[0]!);
    assert.equal(item.contextValue, 'deregisteredVersion');
    assert.match(description(a, hidden[0]!), /deregistered/);
    assert.equal(((item.iconPath as vscode.ThemeIcon).color as unknown as { id: string }).id, 'disabledForeground');
    // Its contents still read: deregistering hides a version, it does not delete it.
    assert.ok((await childLabels(a, 'churn', '1 deregistered (hidden)', 'v1.0.0')).includes('Hyperparameters'));
    assert.equal((await childLabels(a, 'churn', 'History'))[0], 'v1.0.0 deregistered');
  });
});

// The tree against a remote, with two real clones of one bare repository: a colleague's pushed
// promotion and new version flagged before any fetch (remote-only versions greyed, with their
// stages), a tag made here marked not pushed, the view's badge counting both, Fetch Tags
// clearing what it brought, and an unreachable remote leaving the tree on its local tags.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Repo } from '../../src/extension/repositories';
import { api, child, childLabels, deleteTagsNotIn, description, git, tagNames, waitFor } from './helpers';

const scenario = process.env.MODEL_VERSIONS_SCENARIO ?? 'demo';

(scenario === 'demo' ? describe : describe.skip)('Remote state in the tree', () => {
  let original: string[];
  let base: string;
  let bare: string;
  let colleague: string;
  let repo: Repo;
  const theirs = (...args: string[]) =>
    execFileSync('git', args, {
      cwd: colleague,
      encoding: 'utf8',
      env: { ...process.env, GIT_LFS_SKIP_SMUDGE: '1', GIT_AUTHOR_NAME: 'Grace Hopper', GIT_AUTHOR_EMAIL: 'grace@example.com', GIT_COMMITTER_NAME: 'Grace Hopper', GIT_COMMITTER_EMAIL: 'grace@example.com', GIT_COMMITTER_DATE: '2026-03-01T12:00:00Z', GIT_AUTHOR_DATE: '2026-03-01T12:00:00Z' },
    });

  before(async () => {
    await vscode.commands.executeCommand('modelVersions.models.focus');
    original = tagNames();
    base = mkdtempSync(path.join(tmpdir(), 'mv-tree-remote-'));
    bare = path.join(base, 'registry.git');
    colleague = path.join(base, 'colleague');
    execFileSync('git', ['clone', '-q', '--bare', '--', git('rev-parse', '--show-toplevel').trim(), bare], { env: { ...process.env, GIT_LFS_SKIP_SMUDGE: '1' } });
    git('remote', 'add', 'origin', bare);
    execFileSync('git', ['clone', '-q', '--', bare, colleague], { env: { ...process.env, GIT_LFS_SKIP_SMUDGE: '1' } });
    // The colleague promotes v1.2.0 to prod and registers v1.4.0 on a commit of theirs, and pushes.
    theirs('tag', '-a', '-m', 'Assigning stage prod to artifact churn version v1.2.0', 'churn#prod#5', 'churn@v1.2.0^{commit}');
    writeFileSync(path.join(colleague, 'NOTES.md'), 'a colleague was here\n');
    theirs('add', 'NOTES.md');
    theirs('commit', '-q', '-m', 'Retrain');
    theirs('tag', '-a', '-m', 'Registering artifact churn version v1.4.0', 'churn@v1.4.0', 'HEAD');
    theirs('tag', '-a', '-m', 'Assigning stage staging to artifact churn version v1.4.0', 'churn#staging#6', 'HEAD');
    // …and registers a model of their own that this clone has never seen.
    theirs('tag', '-a', '-m', 'Registering artifact forecast version v0.1.0', 'forecast@v0.1.0', 'HEAD');
    theirs('push', '-q', 'origin', 'HEAD:refs/heads/colleague', 'churn#prod#5', 'churn@v1.4.0', 'churn#staging#6', 'forecast@v0.1.0');
    // Here: a promotion not pushed yet.
    git('tag', '-a', '-m', 'Assigning stage staging to artifact fraud version v2.1.0', 'fraud#staging#2', 'fraud@v2.1.0^{commit}');
    const a = await api();
    repo = (await a.repos.get())[0]!;
    a.tree.refresh();
    await a.tree.remote.refresh(repo);
  });

  after(async () => {
    deleteTagsNotIn(original);
    git('remote', 'remove', 'origin');
    for (const ref of git('for-each-ref', '--format=%(refname)', 'refs/model-versions').split('\n').filter(Boolean)) git('update-ref', '-d', ref);
    rmSync(base, { recursive: true, force: true });
    const a = await api();
    a.tree.refresh();
    await a.tree.remote.refresh(repo);
  });

  it("flags a colleague's promotion and lists their new version, greyed with its stage, before any fetch", async () => {
    const a = await api();
    const labels = await childLabels(a, 'churn');
    assert.equal(labels[0], 'v1.4.0', labels.join(', '));
    const v140 = await child(a, 'churn', 'v1.4.0');
    const item = a.tree.getTreeItem(v140);
    assert.equal(item.contextValue, 'remoteVersion');
    assert.equal(description(a, v140), 'staging · on origin, not fetched');
    assert.equal(((item.iconPath as vscode.ThemeIcon).color as unknown as { id: string }).id, 'disabledForeground');
    assert.equal(item.collapsibleState, vscode.TreeItemCollapsibleState.None, 'nothing of it can be read before a fetch');
    const v120 = await child(a, 'churn', 'v1.2.0');
    assert.match(description(a, v120), /prod on origin, not fetched$/);
    assert.equal((a.tree.getTreeItem(v120).iconPath as vscode.ThemeIcon).id, 'cloud-download');
    const hover = (await a.tree.resolveTreeItem(a.tree.getTreeItem(v120), v120)).tooltip as vscode.MarkdownString;
    assert.match(hover.value.replace(/&nbsp;/g, ' ').replace(/\\(.)/g, '$1'), /churn#prod#5: on origin, not fetched/);
  });

  it("lists a colleague's new model, greyed after the local ones, with its versions under it", async () => {
    const a = await api();
    const roots = await a.tree.getChildren();
    const labels = roots.map((n) => a.tree.getTreeItem(n).label);
    const forecast = roots.find((n) => a.tree.getTreeItem(n).label === 'forecast')!;
    const item = a.tree.getTreeItem(forecast);
    assert.equal(item.contextValue, 'remoteModel', 'none of a local model\'s actions');
    assert.equal(description(a, forecast), 'v0.1.0 · on origin, not fetched');
    assert.equal(((item.iconPath as vscode.ThemeIcon).color as unknown as { id: string }).id, 'disabledForeground');
    assert.ok(labels.indexOf('forecast') > labels.indexOf('churn'), 'after the local models');
    const versions = await a.tree.getChildren(forecast);
    assert.deepEqual(versions.map((n) => a.tree.getTreeItem(n).label), ['v0.1.0']);
    assert.equal(a.tree.getTreeItem(versions[0]!).contextValue, 'remoteVersion');
  });

  it('marks a tag made here as not pushed, and counts both ways on the view badge', async () => {
    const a = await api();
    const v210 = await child(a, 'fraud', 'v2.1.0');
    assert.match(description(a, v210), /not pushed to origin$/);
    assert.equal((a.tree.getTreeItem(v210).iconPath as vscode.ThemeIcon).id, 'cloud-upload');
    // churn#prod#5, churn@v1.4.0, churn#staging#6 and forecast@v0.1.0 to fetch; fraud#staging#2 to push.
    await waitFor('the badge', () => a.treeView.badge?.value === 5);
    assert.match(a.treeView.badge?.tooltip ?? '', /4 registry tags on the remote not fetched, 1 registry tag not pushed/);
  });

  it('after Fetch Tags the colleague\'s version is a version like the others and the badge counts only the push', async () => {
    const a = await api();
    await vscode.commands.executeCommand('modelVersions.fetchTags', undefined, {});
    await waitFor('the badge after the fetch', async () => {
      await a.tree.remote.refresh(repo);
      return a.treeView.badge?.value === 1;
    }, 15_000);
    const v140 = await child(a, 'churn', 'v1.4.0');
    assert.match(a.tree.getTreeItem(v140).contextValue ?? '', /^version:registered/);
    assert.doesNotMatch(description(a, await child(a, 'churn', 'v1.2.0')), /not fetched/);
    // The colleague's model is a model here now, with a model's actions.
    const forecast = await child(a, 'forecast');
    assert.match(a.tree.getTreeItem(forecast).contextValue ?? '', /^model/);
    assert.ok((await childLabels(a, 'forecast')).includes('v0.1.0'));
    assert.equal((await a.tree.getChildren()).filter((n) => a.tree.getTreeItem(n).label === 'forecast').length, 1, 'once, not also as a remote one');
  });

  it('an unreachable remote is one quiet message above the tree, which keeps its local tags', async () => {
    const a = await api();
    git('remote', 'set-url', 'origin', path.join(base, 'gone.git'));
    try {
      await a.tree.remote.refresh(repo);
      await waitFor('the message', () => /Could not compare with origin; showing local tags\./.test(a.treeView.message ?? ''));
      assert.equal(a.treeView.badge, undefined);
      assert.ok((await childLabels(a, 'churn')).includes('v1.3.0'));
      assert.doesNotMatch(description(a, await child(a, 'fraud', 'v2.1.0')), /not pushed/);
    } finally {
      git('remote', 'set-url', 'origin', bare);
    }
    await a.tree.remote.refresh(repo);
    await waitFor('no message', () => a.treeView.message === undefined);
  });
});

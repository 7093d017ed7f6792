// Shared helpers for the extension-host tests: the extension's API, tree walking, git in the
// fixture repository, waiting for conditions.
import { execFileSync } from 'node:child_process';
import * as vscode from 'vscode';
import type { ModelVersionsApi } from '../../src/extension/extension';
import type { Node } from '../../src/extension/tree/nodes';

export const EXTENSION_ID = 'model-versions.model-versions';

export function workspaceDir(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('no workspace folder is open');
  return folder.uri.fsPath;
}

export async function api(): Promise<ModelVersionsApi> {
  const ext = vscode.extensions.getExtension<ModelVersionsApi>(EXTENSION_ID);
  if (!ext) throw new Error('extension not found');
  const exported = ext.isActive ? ext.exports : await ext.activate();
  return exported;
}

export function git(...args: string[]): string {
  // The fixture's LFS pointers have no server behind them: never try to download.
  return execFileSync('git', args, { cwd: workspaceDir(), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, GIT_LFS_SKIP_SMUDGE: '1' } });
}

/** Labels of a tree item (plain string labels only). */
export function label(api: ModelVersionsApi, node: Node): string {
  const item = api.tree.getTreeItem(node);
  return typeof item.label === 'string' ? item.label : item.label?.label ?? '';
}

export function description(api: ModelVersionsApi, node: Node): string {
  const d = api.tree.getTreeItem(node).description;
  return typeof d === 'string' ? d : '';
}

/** Walks the tree by labels: child('churn', 'v1.2.0', 'Hyperparameters'). */
export async function child(api: ModelVersionsApi, ...labels: string[]): Promise<Node> {
  let node: Node | undefined;
  for (const l of labels) {
    const children = await api.tree.getChildren(node);
    const found = children.find((c) => label(api, c) === l);
    if (!found) throw new Error(`no tree item '${l}' under '${node ? label(api, node) : '(root)'}'; found: ${children.map((c) => label(api, c)).join(', ')}`);
    node = found;
  }
  return node!;
}

export async function childLabels(api: ModelVersionsApi, ...labels: string[]): Promise<string[]> {
  const parent = labels.length ? await child(api, ...labels) : undefined;
  return (await api.tree.getChildren(parent)).map((c) => label(api, c));
}

/** Polls until `check` returns a truthy value or the time runs out. */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 5000): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v) return v as T;
    } catch (e) {
      last = e;
    }
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** The fixture repository's tag names. */
export function tagNames(): string[] {
  return git('tag', '-l').split('\n').filter(Boolean);
}

/** Deletes every tag that is not in `original`: the tags a test made. */
export function deleteTagsNotIn(original: readonly string[]): void {
  for (const t of tagNames()) if (!original.includes(t)) git('tag', '-d', t);
}

/**
 * For a suite that makes tags in the demo repository: the view is shown before the first test,
 * and after each test the tags it made are deleted (then `cleanup` runs) and the tree is read
 * again, so the next test and the other suites read the demo's tags as the fixture made them.
 */
export function deleteTagsAfterEach(cleanup?: () => unknown): void {
  let original: string[] = [];
  before(async () => {
    await vscode.commands.executeCommand('modelVersions.models.focus');
    original = tagNames();
  });
  afterEach(async () => {
    deleteTagsNotIn(original);
    await cleanup?.();
    (await api()).tree.refresh();
  });
}

/**
 * Counts the full tag reads of the workspace's repository (`readTagTable`, the store's full
 * read, and `readTags`) from now until `restore()`. It first waits out the full read the watcher
 * schedules after earlier tests deleted tags (git tag -d rewrites packed-refs; the read starts
 * 300 ms after the last change), so only reads of what the test does are counted.
 */
export async function countFullTagReads(a: ModelVersionsApi, ready: () => Promise<void>): Promise<{ readonly count: number; restore(): void }> {
  await sleep(1500);
  await ready();
  const [repo] = await a.repos.get();
  const git_ = repo!.git;
  const readTags = git_.readTags;
  const readTagTable = git_.readTagTable;
  let count = 0;
  git_.readTags = (...args) => {
    count++;
    return readTags.apply(git_, args);
  };
  git_.readTagTable = (...args) => {
    count++;
    return readTagTable.apply(git_, args);
  };
  return {
    get count() {
      return count;
    },
    restore: () => {
      git_.readTags = readTags;
      git_.readTagTable = readTagTable;
    },
  };
}

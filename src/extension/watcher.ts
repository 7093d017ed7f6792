// Keeps the tree fresh: watches the tag refs, packed-refs and HEAD of each repository and the
// files that declare models — never the whole workspace — and refreshes after a short quiet spell.
// A change of loose tag refs alone names the tags: only those are read again (a new tag among
// 100,000 shows at once); packed-refs or HEAD changing means a full read.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { Disposable } from './lifecycle';
import type { Repo, RepositoryManager } from './repositories';
import { readSettings } from './settings';
import { logCause } from './errors';
import type { RunStoreLocations } from '../core/runStores';

const MODEL_FILES = '**/{model.yaml,model.yml,*.model.yaml,*.model.yml,dvc.yaml,dvc.lock,params.yaml,artifacts.yaml,*.dvc,MLmodel,config.json}';
/** MLflow and W&B stores: run and registry metadata, not every logged metric line. */
function runFiles(s: RunStoreLocations): string {
  return `{${s.mlruns}/*/*/meta.yaml,${s.mlruns}/models/**,${s.mlflowDb},${s.wandb}/*/files/wandb-summary.json}`;
}
/** Run stores settle after this many debounce periods without a change. */
const RUN_DELAY_FACTOR = 7;
/**
 * Quiet spell before named tags are read: a `git tag` writes one ref, a fetch or a script writes
 * many in a burst, and reading a few names is cheap enough to do as soon as they settle.
 */
const TAGS_DELAY_MS = 30;
/**
 * How long after the tags folder's own watcher reported a tag VS Code's report of the same tag is
 * taken as the same change (VS Code's watcher batches its events: they come 80–100 ms later).
 */
const SAME_CHANGE_MS = 2000;

/** What changed: every tag (packed-refs, HEAD), the named loose tag refs, or model files. */
/**
 * `refs`: packed-refs changed, read every tag again; `tags`: these loose tags changed; `files`: HEAD
 * moved or a model file or run changed — the working tree is read again, the tags are kept.
 */
export type RepoChange = { kind: 'refs' } | { kind: 'tags'; names: string[] } | { kind: 'files' };

/**
 * The tag name of a loose ref file under `<common>/refs/tags/`, or undefined for what is no tag
 * (git's `.lock` files while it writes a ref, anything outside the folder).
 */
export function tagNameOf(tagsDir: string, file: string): string | undefined {
  const rel = path.relative(tagsDir, file);
  if (!rel || rel.startsWith('..') || path.isAbsolute(rel) || rel.endsWith('.lock')) return undefined;
  return rel.split(path.sep).join('/');
}

export class RepositoryWatcher extends Disposable {
  private watchers: vscode.Disposable[] = [];
  private timers = new Map<string, NodeJS.Timeout>();
  /** Per repository: the loose tag refs that changed since the last read of them. */
  private readonly changedTags = new Map<string, Set<string>>();
  /** When the tags folder's own watcher last reported each tag (repository id, NUL, name). */
  private readonly seenFast = new Map<string, number>();

  constructor(
    private readonly repos: RepositoryManager,
    private readonly onChange: (repo: Repo, change: RepoChange) => void,
    private readonly delayMs = 300,
  ) {
    super();
    this.register(repos.onDidChange(() => void this.watch()));
    this.register({ dispose: () => this.clear() });
  }

  /** Starts watching the opened repositories (call once the view has shown them). */
  async watch(): Promise<void> {
    // Only the watchers are made again: tag names waiting for their timer are still to be read.
    for (const w of this.watchers.splice(0)) w.dispose();
    let repos: Repo[];
    try {
      repos = await this.repos.get();
    } catch (e) {
      logCause('watching', e);
      return;
    }
    // A registry of another repository changes only by Refresh's fetch: nothing to watch.
    for (const repo of repos.filter((r) => !r.readOnly)) {
      const common = vscode.Uri.file(repo.commonDir);
      const gitDir = vscode.Uri.file(repo.gitDir);
      const add = (base: vscode.Uri, pattern: string, what: 'refs' | 'tags' | 'files' | 'runs') => {
        const w = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(base, pattern));
        const fire = (uri: vscode.Uri) => this.schedule(repo, what, uri);
        w.onDidChange(fire);
        w.onDidCreate(fire);
        w.onDidDelete(fire);
        this.watchers.push(w);
      };
      add(common, 'refs/tags/**', 'tags');
      this.watchTagsFolder(repo);
      add(common, 'packed-refs', 'refs');
      add(gitDir, 'HEAD', 'files');
      add(vscode.Uri.file(repo.root), MODEL_FILES, 'files');
      for (const glob of readSettings(vscode.Uri.file(repo.root)).manifestGlobs) add(vscode.Uri.file(repo.root), glob, 'files');
      const runs = readSettings(vscode.Uri.file(repo.root)).store.runStores;
      if (runs) add(vscode.Uri.file(repo.root), runFiles(runs), 'runs');
    }
  }

  /**
   * VS Code's watcher reports a new ref 80–100 ms after git wrote it; a tag made in a terminal
   * should show at once. Node's watcher on the tags folder itself (inotify, FSEvents or
   * ReadDirectoryChanges: a millisecond or two) sees the rename by which git writes each ref there.
   * Not recursive: GTO's tags hold no '/', and the tags below a folder (`nlp/churn/v1`) still come
   * through VS Code's watcher, which also stands in wherever this one cannot watch.
   */
  private watchTagsFolder(repo: Repo): void {
    const folder = path.join(repo.commonDir, 'refs', 'tags');
    let w: fs.FSWatcher;
    try {
      w = fs.watch(folder, { persistent: false }, (_event, file) => {
        if (!file) return;
        const name = tagNameOf(folder, path.join(folder, file.toString()));
        if (name === undefined) return;
        this.seenFast.set(`${repo.id}\0${name}`, performance.now());
        this.schedule(repo, 'tags', name);
      });
    } catch (e) {
      // No tags folder yet (a new repository), or no watching here: VS Code's watcher covers it.
      logCause('watching the tags folder', e);
      return;
    }
    w.on('error', (e) => {
      logCause('watching the tags folder', e);
      w.close();
    });
    this.watchers.push({ dispose: () => w.close() });
  }

  private schedule(repo: Repo, kind: 'refs' | 'tags' | 'files' | 'runs', changed: vscode.Uri | string): void {
    if (kind === 'tags') {
      const fast = typeof changed === 'string';
      const name = fast ? changed : tagNameOf(path.join(repo.commonDir, 'refs', 'tags'), changed.fsPath);
      if (name === undefined) return;
      // The same change the tags folder's watcher has already reported: read once, not twice.
      const seen = this.seenFast.get(`${repo.id}\0${name}`);
      if (!fast && seen !== undefined && performance.now() - seen < SAME_CHANGE_MS) return;
      const names = this.changedTags.get(repo.id) ?? new Set<string>();
      this.changedTags.set(repo.id, names.add(name));
    }
    const key = `${repo.id}\0${kind}`;
    // Runs change on every logged step while training: read them again after a quiet spell.
    const delay = kind === 'runs' ? this.delayMs * RUN_DELAY_FACTOR : kind === 'tags' ? Math.min(this.delayMs, TAGS_DELAY_MS) : this.delayMs;
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        this.fire(repo, kind);
      }, delay),
    );
  }

  private fire(repo: Repo, kind: 'refs' | 'tags' | 'files' | 'runs'): void {
    const old = performance.now() - SAME_CHANGE_MS;
    for (const [key, at] of this.seenFast) if (at < old) this.seenFast.delete(key);
    if (kind === 'files' || kind === 'runs') return this.onChange(repo, { kind: 'files' });
    // A full read is coming (packed-refs or HEAD changed too, as `git tag -d` and `git pack-refs`
    // do): it covers the named tags.
    if (kind === 'tags' && this.timers.has(`${repo.id}\0refs`)) return;
    const names = this.changedTags.get(repo.id);
    this.changedTags.delete(repo.id);
    if (kind === 'refs') return this.onChange(repo, { kind: 'refs' });
    if (names) this.onChange(repo, { kind: 'tags', names: [...names] });
  }

  private clear(): void {
    for (const w of this.watchers.splice(0)) w.dispose();
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    this.changedTags.clear();
    this.seenFast.clear();
  }
}

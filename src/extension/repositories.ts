// The repositories of the workspace, each with its model store. Nothing here runs before the
// view (or a command) asks, and nothing runs git in an untrusted workspace.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { ModelStore } from '../core/modelStore';
import type { DbReader } from '../core/runStores';
import { GitError, type GitConfig } from '../git/exec';
import { GitRepository, NotARepositoryError } from '../git/repository';
import { LocalStorage } from '../git/dvcStorage';
import { cloneFolder, isRepositoryUrl, openRegistryCopy, registryCopyInfo } from '../git/registryClone';
import { redact } from '../git/remote';
import { Disposable } from './lifecycle';
import { log, logError } from './logger';
import { effectOf, readSettings } from './settings';

export interface Repo {
  /** Stable id: the repository's root path. */
  id: string;
  root: string;
  name: string;
  git: GitRepository;
  store: ModelStore;
  /** The repository's git folder and its common folder (they differ in linked worktrees). */
  gitDir: string;
  commonDir: string;
  /**
   * Another repository's registry (modelVersions.registries): shown, never written to. Tree
   * items of such a repository carry the contextValue suffix `:readonly`.
   */
  readOnly?: boolean;
  /** For a registry: the URL (credentials left out) or folder as the setting gives it. */
  source?: string;
}

/** The contextValue suffix of every tree item of a read-only registry. */
export const READONLY_SUFFIX = ':readonly';

export class ReadOnlyRegistryError extends Error {
  constructor(repo: Pick<Repo, 'name'>) {
    super(vscode.l10n.t('{0} is the registry of another repository, shown read-only: tag, promote and check out in a clone of it.', repo.name));
    this.name = 'ReadOnlyRegistryError';
  }
}

/** Refuses to write to a registry of another repository. */
export function assertWritable(repo: Repo): void {
  if (repo.readOnly) throw new ReadOnlyRegistryError(repo);
}

/** How long reading one file of a registry may take: a missing blob is fetched from its remote then. */
const REGISTRY_BLOB_TIMEOUT_MS = 30_000;

export class UntrustedWorkspaceError extends Error {
  constructor() {
    super('Model Versions runs git only in a trusted workspace. Trust this folder to see model versions.');
    this.name = 'UntrustedWorkspaceError';
  }
}

export class RepositoryManager extends Disposable {
  private repos: Promise<Repo[]> | undefined;
  private readonly onDidChangeEmitter = this.register(new vscode.EventEmitter<void>());
  /** Fires when the set of repositories changes (folders added or removed, trust granted). */
  readonly onDidChange = this.onDidChangeEmitter.event;
  private readonly onDidChangeDisplayEmitter = this.register(new vscode.EventEmitter<void>());
  /** Fires when a setting changes how things are shown, not what is read: redraw, do not re-read. */
  readonly onDidChangeDisplay = this.onDidChangeDisplayEmitter.event;

  /** Registries still being cloned, by URL: one clone each, whatever asks. */
  private readonly cloning = new Map<string, Promise<void>>();

  constructor(
    private readonly readDb?: DbReader,
    /** Where copies of registries given by URL live (the extension's global storage). */
    private readonly storageDir?: string,
  ) {
    super();
    this.register(
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.reset()),
    );
    this.register(vscode.workspace.onDidGrantWorkspaceTrust(() => this.reset()));
    this.register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        // Only what changes the stores' reading reopens them (and stops their git processes);
        // versionsPerModel and the like only redraw what was read.
        const effect = effectOf(e);
        if (effect === 'reopen') this.reset();
        else if (effect === 'redraw') this.onDidChangeDisplayEmitter.fire();
      }),
    );
  }

  /** The repositories, opened on first use. Throws UntrustedWorkspaceError before trust. */
  get(): Promise<Repo[]> {
    if (!vscode.workspace.isTrusted) return Promise.reject(new UntrustedWorkspaceError());
    this.repos ??= this.open();
    return this.repos;
  }

  /** The already-opened repositories, without opening any. */
  async peek(): Promise<Repo[]> {
    return this.repos
      ? this.repos.catch((e: unknown) => {
          log().debug(`repositories not opened: ${(e as Error)?.message ?? String(e)}`);
          return [];
        })
      : [];
  }

  async find(id: string): Promise<Repo | undefined> {
    return (await this.get()).find((r) => r.id === id);
  }

  /** The repository that contains a file. */
  async forUri(uri: vscode.Uri): Promise<Repo | undefined> {
    const repos = await this.get();
    const p = uri.fsPath;
    return repos
      .filter((r) => p === r.root || p.startsWith(r.root + path.sep))
      .sort((a, b) => b.root.length - a.root.length)[0];
  }

  private reset(): void {
    const old = this.repos;
    this.repos = undefined;
    void old?.then((rs) => rs.forEach((r) => r.git.dispose()), () => undefined);
    this.onDidChangeEmitter.fire();
  }

  private async open(): Promise<Repo[]> {
    const settings = readSettings();
    const config = hostGitConfig(settings.gitPath);
    const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file');
    const repos: Repo[] = [];
    for (const folder of folders) {
      try {
        const git = await GitRepository.open(folder.uri.fsPath, config);
        if (repos.some((r) => r.root === git.root)) {
          git.dispose();
          continue;
        }
        const { gitDir, commonDir } = await git.gitDirs();
        repos.push({
          id: git.root,
          root: git.root,
          name: path.basename(git.root),
          git,
          store: new ModelStore(git, { ...readSettings(folder).store, readDb: this.readDb, storage: new LocalStorage(git.root, commonDir), versionsOnRead: true }),
          gitDir,
          commonDir,
        });
        log().info(`repository ${git.root}`);
      } catch (e) {
        if (e instanceof NotARepositoryError) log().info(`${folder.uri.fsPath} is not in a Git repository`);
        else if (e instanceof GitError) {
          log().warn(`${folder.uri.fsPath}: ${e.message}`);
          void vscode.window.showWarningMessage(vscode.l10n.t('Model Versions: {0}', e.message));
        } else logError(`opening ${folder.uri.fsPath}`, e);
      }
    }
    await this.openRegistries(repos, settings.registries, config);
    return repos;
  }

  /**
   * The registries of other repositories, each a read-only repository of its own. A folder, or a
   * copy cloned before, is opened at once; a URL not cloned yet is cloned in the background and
   * joins the list when it is there. A registry that cannot be had is one message; the rest stays.
   */
  private async openRegistries(repos: Repo[], entries: readonly string[], config: GitConfig): Promise<void> {
    const base = vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file')?.uri.fsPath;
    const registryConfig: GitConfig = { ...config, catFileTimeoutMs: REGISTRY_BLOB_TIMEOUT_MS };
    for (const entry of new Set(entries)) {
      try {
        if (isRepositoryUrl(entry)) {
          if (!this.storageDir) continue;
          const dir = cloneFolder(this.registryCache(), entry);
          if (await registryCopyInfo(dir)) {
            await this.addRegistry(repos, dir, redact(entry), registryConfig);
            continue;
          }
          if (this.cloning.has(entry)) continue;
          const clone = openRegistryCopy(entry, { cacheDir: this.registryCache(), config })
            .then(async (copy) => {
              // Into the repositories open now: settings may have changed (and reopened them)
              // while the clone ran; a registry no longer asked for is not added.
              const now = this.repos ? await this.repos.catch(() => undefined) : undefined;
              if (!now || !readSettings().registries.includes(entry)) return;
              await this.addRegistry(now, copy.dir, copy.shownUrl, registryConfig);
              this.onDidChangeEmitter.fire();
            })
            .catch((e: unknown) => this.registryFailed(entry, e))
            .finally(() => this.cloning.delete(entry));
          this.cloning.set(entry, clone);
        } else {
          const folder = path.resolve(base ?? process.cwd(), entry);
          await this.addRegistry(repos, folder, entry, registryConfig);
        }
      } catch (e) {
        this.registryFailed(entry, e);
      }
    }
  }

  private registryCache(): string {
    return path.join(this.storageDir!, 'registries');
  }

  private async addRegistry(list: Repo[], folder: string, source: string, config: GitConfig): Promise<void> {
    const git = await GitRepository.open(folder, config);
    if (list.some((r) => r.root === git.root)) {
      git.dispose();
      return;
    }
    const { gitDir, commonDir } = await git.gitDirs();
    list.push({
      id: `registry:${git.root}`,
      root: git.root,
      name: source,
      git,
      store: new ModelStore(git, { ...readSettings().store, readDb: this.readDb, versionsOnRead: true }),
      gitDir,
      commonDir,
      readOnly: true,
      source,
    });
    log().info(`registry ${source} (${git.root})`);
  }

  private registryFailed(entry: string, e: unknown): void {
    const shown = redact(entry);
    log().debug(`registry ${shown}: ${(e as Error)?.stack ?? String(e)}`);
    const reason = e instanceof NotARepositoryError ? vscode.l10n.t('it is not a Git repository') : (e as Error)?.message ?? String(e);
    void vscode.window.showWarningMessage(vscode.l10n.t('Model Versions: the registry {0} could not be read ({1}); the other repositories are shown.', shown, reason)).then(undefined, () => undefined);
  }

  /**
   * Fetches every registry copied from a URL again (Refresh): its tags and commits as the remote
   * has them now. One that cannot be reached keeps its last copy, with one message.
   */
  async refreshRegistries(): Promise<void> {
    if (!this.repos || !this.storageDir) return;
    const settings = readSettings();
    const config = hostGitConfig(settings.gitPath);
    const repos = await this.peek();
    await Promise.all(
      settings.registries.filter(isRepositoryUrl).map(async (url) => {
        const repo = repos.find((r) => r.readOnly && r.root === cloneFolder(this.registryCache(), url));
        if (!repo) return;
        try {
          const copy = await openRegistryCopy(url, { cacheDir: this.registryCache(), config });
          if (copy.staleBecause) this.registryFailed(url, copy.staleBecause);
        } catch (e) {
          this.registryFailed(url, e);
        }
        repo.store.invalidate();
      }),
    );
  }

  override dispose(): void {
    void this.repos?.then((rs) => rs.forEach((r) => r.git.dispose()), () => undefined);
    super.dispose();
  }
}

/** How the extension host runs git: the setting's executable, lines to the log, one process started per turn. */
function hostGitConfig(gitPath: string): GitConfig {
  return { gitPath, log: (line) => log().debug(line), spawnPerTurn: true };
}

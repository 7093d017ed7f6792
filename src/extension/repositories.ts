// The repositories of the workspace, each with its model store. Nothing here runs before the
// view (or a command) asks, and nothing runs git in an untrusted workspace.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { ModelStore } from '../core/modelStore';
import type { DbReader } from '../core/runStores';
import { GitError, type GitConfig } from '../git/exec';
import { GitRepository, NotARepositoryError } from '../git/repository';
import { LocalStorage } from '../git/dvcStorage';
import { Disposable } from './lifecycle';
import { log, logError } from './logger';
import { readSettings } from './settings';

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
}

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

  constructor(private readonly readDb?: DbReader) {
    super();
    this.register(
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.reset()),
    );
    this.register(vscode.workspace.onDidGrantWorkspaceTrust(() => this.reset()));
    this.register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('modelVersions')) this.reset();
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
    return this.repos ? this.repos.catch(() => []) : [];
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
    const config: GitConfig = { gitPath: settings.gitPath, log: (line) => log().debug(line) };
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
          store: new ModelStore(git, { ...readSettings(folder).store, readDb: this.readDb, storage: new LocalStorage(git.root, commonDir) }),
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
    return repos;
  }

  override dispose(): void {
    void this.repos?.then((rs) => rs.forEach((r) => r.git.dispose()), () => undefined);
    super.dispose();
  }
}

// Keeps the tree fresh: watches the tag refs, packed-refs and HEAD of each repository and the
// files that declare models — never the whole workspace — and refreshes after a short quiet spell.
import * as vscode from 'vscode';
import { Disposable } from './lifecycle';
import type { Repo, RepositoryManager } from './repositories';
import { readSettings } from './settings';
import type { RunStoreLocations } from '../core/runStores';

const MODEL_FILES = '**/{model.yaml,model.yml,*.model.yaml,*.model.yml,dvc.yaml,dvc.lock,params.yaml,artifacts.yaml,*.dvc,MLmodel,config.json}';
/** MLflow and W&B stores: run and registry metadata, not every logged metric line. */
function runFiles(s: RunStoreLocations): string {
  return `{${s.mlruns}/*/*/meta.yaml,${s.mlruns}/models/**,${s.mlflowDb},${s.wandb}/*/files/wandb-summary.json}`;
}
/** Run stores settle after this many debounce periods without a change. */
const RUN_DELAY_FACTOR = 7;

export class RepositoryWatcher extends Disposable {
  private watchers: vscode.Disposable[] = [];
  private timers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly repos: RepositoryManager,
    private readonly onChange: (repo: Repo, what: 'refs' | 'files') => void,
    private readonly delayMs = 300,
  ) {
    super();
    this.register(repos.onDidChange(() => void this.watch()));
    this.register({ dispose: () => this.clear() });
  }

  /** Starts watching the opened repositories (call once the view has shown them). */
  async watch(): Promise<void> {
    this.clear();
    let repos: Repo[];
    try {
      repos = await this.repos.get();
    } catch {
      return;
    }
    for (const repo of repos) {
      const common = vscode.Uri.file(repo.commonDir);
      const gitDir = vscode.Uri.file(repo.gitDir);
      const add = (base: vscode.Uri, pattern: string, what: 'refs' | 'files' | 'runs') => {
        const w = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(base, pattern));
        const fire = () => this.schedule(repo, what);
        w.onDidChange(fire);
        w.onDidCreate(fire);
        w.onDidDelete(fire);
        this.watchers.push(w);
      };
      add(common, 'refs/tags/**', 'refs');
      add(common, 'packed-refs', 'refs');
      add(gitDir, 'HEAD', 'refs');
      add(vscode.Uri.file(repo.root), MODEL_FILES, 'files');
      for (const glob of readSettings(vscode.Uri.file(repo.root)).manifestGlobs) add(vscode.Uri.file(repo.root), glob, 'files');
      const runs = readSettings(vscode.Uri.file(repo.root)).store.runStores;
      if (runs) add(vscode.Uri.file(repo.root), runFiles(runs), 'runs');
    }
  }

  private schedule(repo: Repo, kind: 'refs' | 'files' | 'runs'): void {
    const key = `${repo.id}\0${kind}`;
    // Runs change on every logged step while training: read them again after a quiet spell.
    const what = kind === 'runs' ? 'files' : kind;
    const delay = kind === 'runs' ? this.delayMs * RUN_DELAY_FACTOR : this.delayMs;
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        this.onChange(repo, what);
      }, delay),
    );
  }

  private clear(): void {
    for (const w of this.watchers.splice(0)) w.dispose();
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }
}

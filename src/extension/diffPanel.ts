// The diff panel host: one webview panel per comparison, restored after a reload by the
// serializer. The webview gets data only after it says it is ready, through the typed protocol.
import { listedVersion } from '../core/types';
import { versionLabel } from '../core/versionLabel';
import * as vscode from 'vscode';
import { comparedRunMetrics } from '../core/diff';
import { compare, type MetricDirections } from '../core/compare';
import { isWorkingTree } from '../core/types';
import type { ResolvedVersion } from '../core/modelStore';
import { parseWebviewMessage, type HostToWebview, type MetricHistory, type PanelState, type WebviewToHost } from '../core/panelProtocol';
import { codeChanges } from '../git/changedFiles';
import { readSettings } from './settings';
import type { DiffViewer } from './commands/compareCommands';
import { openConfigDiff, openFileDiff } from './commands/compareCommands';
import { openFileAtVersion } from './commands/fileCommands';
import { resolveRepoPath } from '../core/repoPath';
import { Disposable } from './lifecycle';
import { loadingBody, webviewPage } from './webviewPage';
import { log, logError } from './logger';
import type { Repo, RepositoryManager } from './repositories';

export const DIFF_VIEW_TYPE = 'modelVersions.diff';

/** The operand text the store resolves back to the same version. */
export function operandOf(v: ResolvedVersion): string {
  // An MLflow version may have no commit; it is named by its number, never the working tree.
  if (v.registryVersion?.mlflow) return `${v.model}@${v.registryVersion.version}`;
  if (isWorkingTree(v)) return `${v.model}@workdir`;
  if (v.registryVersion?.registered) return `${v.model}@${v.registryVersion.version}`;
  return `${v.model}@${v.commit}`;
}

/** The user's metric directions, beyond the built-in name patterns, for this repository's folder. */
function metricDirections(root: string): MetricDirections {
  return readSettings(vscode.Uri.file(root)).metrics;
}

export class DiffPanelManager extends Disposable implements DiffViewer, vscode.WebviewPanelSerializer<Partial<PanelState>> {
  private readonly panels = new Map<string, vscode.WebviewPanel>();
  private readonly onDidOpenEmitter = this.register(new vscode.EventEmitter<{ panel: vscode.WebviewPanel; key: string }>());
  /** Fires when a panel has posted its data (tests wait on it). */
  readonly onDidPostData = this.onDidOpenEmitter.event;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly repos: RepositoryManager,
  ) {
    super();
    this.register(vscode.window.registerWebviewPanelSerializer(DIFF_VIEW_TYPE, this));
  }

  async open(repo: Repo, versions: ResolvedVersion[]): Promise<void> {
    const operands = versions.map(operandOf);
    const key = `${repo.root}\0${operands.join('\0')}`;
    const existing = this.panels.get(key);
    if (existing) {
      existing.reveal();
      return;
    }
    const title = `${versions[0]!.model} ${versions.map((v) => versionLabel({ version: v.version, mlflow: v.registryVersion?.mlflow, workingTree: isWorkingTree(v) })).join(' ↔ ')}`;
    const panel = vscode.window.createWebviewPanel(DIFF_VIEW_TYPE, title, vscode.ViewColumn.Active, this.options());
    this.attach(panel, { repoRoot: repo.root, operands });
  }

  async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: Partial<PanelState> | undefined): Promise<void> {
    if (!state?.repoRoot || !state.operands?.length) {
      panel.dispose();
      return;
    }
    panel.webview.options = this.options();
    this.attach(panel, { repoRoot: state.repoRoot, operands: state.operands });
  }

  private options(): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return {
      enableScripts: true,
      enableFindWidget: true,
      // Only the built script and the panel's stylesheet can be loaded.
      localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'dist'), vscode.Uri.joinPath(this.extensionUri, 'media')],
    };
  }

  private attach(panel: vscode.WebviewPanel, state: { repoRoot: string; operands: string[] }): void {
    const key = `${state.repoRoot}\0${state.operands.join('\0')}`;
    this.panels.set(key, panel);
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'model-versions.svg');
    panel.webview.html = this.html(panel.webview);
    const post = (m: HostToWebview) => void panel.webview.postMessage(m);
    const subs: vscode.Disposable[] = [];
    subs.push(
      panel.webview.onDidReceiveMessage(async (raw: unknown) => {
        const parsed = parseWebviewMessage(raw, state.operands.length);
        if (!parsed.ok) {
          log().warn(`diff panel: ignored a message from the webview (${parsed.reason})`);
          return;
        }
        try {
          await this.onMessage(panel, state, parsed.message, post, key);
        } catch (e) {
          logError('diff panel', e);
          post({ type: 'error', message: (e as Error).message });
        }
      }),
    );
    panel.onDidDispose(() => {
      this.panels.delete(key);
      subs.forEach((s) => s.dispose());
    });
  }

  private async repo(root: string): Promise<Repo> {
    const repo = (await this.repos.get()).find((r) => r.root === root);
    if (!repo) throw new Error(vscode.l10n.t('The repository {0} is not open in this window.', root));
    return repo;
  }

  private async onMessage(panel: vscode.WebviewPanel, state: { repoRoot: string; operands: string[] }, m: WebviewToHost, post: (m: HostToWebview) => void, key: string): Promise<void> {
    switch (m.type) {
      case 'ready': {
        const repo = await this.repo(state.repoRoot);
        const { panel: data } = await compare(repo.store, codeChanges(repo.git), state.operands, metricDirections(repo.root), undefined, repo.git);
        panel.title = data.title;
        post({ type: 'data', data, state });
        this.onDidOpenEmitter.fire({ panel, key });
        return;
      }
      case 'openConfigDiff': {
        const repo = await this.repo(state.repoRoot);
        const left = await repo.store.resolve(this.operand(state, m.left));
        const right = await repo.store.resolve(this.operand(state, m.right));
        await openConfigDiff(this.repos, undefined, { repo, file: m.file, left, right });
        return;
      }
      case 'openFile': {
        const repo = await this.repo(state.repoRoot);
        const version = await repo.store.resolve(this.operand(state, m.column));
        await openFileAtVersion(repo, version, m.path, m.source);
        return;
      }
      case 'openFileDiff': {
        const repo = await this.repo(state.repoRoot);
        const left = await repo.store.resolve(this.operand(state, m.left));
        const right = await repo.store.resolve(this.operand(state, m.right));
        const file = resolveRepoPath('', m.path);
        if (!file.ok) throw new Error(file.reason);
        await openFileDiff({ repo, file: file.path, left, right });
        return;
      }
      case 'copy':
        await vscode.env.clipboard.writeText(m.text);
        vscode.window.setStatusBarMessage(vscode.l10n.t('Copied'), 2000);
        return;
      case 'loadHistory': {
        const repo = await this.repo(state.repoRoot);
        const first = await repo.store.resolve(state.operands[0]!);
        const model = await repo.store.model(first.model);
        // Versions of one kind, oldest first: Git's and MLflow's orders do not interleave.
        const versions = model.versions.filter((v) => v.active && v.registered && !v.mlflow === !first.registryVersion?.mlflow).reverse();
        const metrics: MetricHistory = {};
        for (const v of versions) {
          const record = await repo.store.record(listedVersion(model.name, v));
          // The same keys as the panel's rows: the version's metrics, then its runs' (`mlflow:auc`).
          for (const [k, value] of [...Object.entries(record.metrics), ...Object.entries(comparedRunMetrics(record))]) (metrics[k] ??= []).push({ version: v.version, value, ...(v.stages?.length ? { stages: [...v.stages] } : {}) });
        }
        post({ type: 'history', metrics });
        return;
      }
    }
  }

  /** The operand of a column the webview names; an index it could not have sent is refused. */
  private operand(state: { operands: string[] }, column: number): string {
    const op = Number.isInteger(column) ? state.operands[column] : undefined;
    if (op === undefined) throw new Error(vscode.l10n.t('The panel has no column {0}.', String(column)));
    return op;
  }

  private html(webview: vscode.Webview): string {
    const asset = (...parts: string[]) => vscode.Uri.joinPath(this.extensionUri, ...parts);
    return webviewPage(webview, {
      scripts: [asset('dist', 'charts.js'), asset('dist', 'webview.js')],
      styles: [asset('media', 'panel.css')],
      body: loadingBody(vscode.l10n.t('Reading versions…')),
    });
  }
}

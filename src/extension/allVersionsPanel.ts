// The Compare All Versions panel host: one webview panel per model (or per group of unclaimed
// runs), restored after a reload by its serializer. Data goes out only after the webview says it
// is ready; everything the webview sends is checked before it is acted on.
import * as vscode from 'vscode';
import { buildRunsView, loadAllVersions, type AllVersionsData } from '../core/allVersions';
import { parseFromWebview, type AllVersionsState, type AllVersionsSubject, type AllVersionsToWebview } from '../core/allVersionsProtocol';
import { groupLabel, unclaimedRuns, allRuns } from '../core/unclaimedRuns';
import type { RunSummary } from '../core/types';
import { modelHistoryRows } from '../core/history';
import { Disposable } from './lifecycle';
import { loadingBody, webviewPage } from './webviewPage';
import { log, logError } from './logger';
import type { Repo, RepositoryManager } from './repositories';
import { modelNodeId } from './tree/nodes';

export const ALL_VERSIONS_VIEW_TYPE = 'modelVersions.allVersions';

/** What the panel needs from the rest of the extension, passed in so that it imports no command module. */
export interface AllVersionsActions {
  /** Opens the side-by-side panel on these operands of one model. */
  compare(repo: Repo, model: string, operands: string[]): Promise<void>;
  /** Register as Model Version on a run. */
  register(repo: Repo, run: RunSummary): Promise<void>;
}

/** The unclaimed runs of a repository: all of them, or one group's (by RunGroup id). */
export async function readRuns(repo: Repo, group?: string): Promise<{ title: string; runs: RunSummary[] }> {
  const [listing, stores] = await Promise.all([repo.store.list(), repo.store.runs()]);
  const u = unclaimedRuns([...listing.models, ...listing.datasets], stores);
  if (group === undefined) return { title: vscode.l10n.t('Unclaimed runs'), runs: allRuns(u) };
  const g = u.groups.find((x) => x.id === group);
  return { title: g ? groupLabel(g) : group, runs: g?.runs ?? [] };
}

export class AllVersionsPanelManager extends Disposable implements vscode.WebviewPanelSerializer<Partial<AllVersionsState>> {
  private readonly panels = new Map<string, vscode.WebviewPanel>();
  private readonly posted = this.register(new vscode.EventEmitter<{ panel: vscode.WebviewPanel; data: AllVersionsData }>());
  /** Fires when a panel has posted its data (tests wait on it). */
  readonly onDidPostData = this.posted.event;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly repos: RepositoryManager,
    private readonly actions: AllVersionsActions,
  ) {
    super();
    this.register(vscode.window.registerWebviewPanelSerializer(ALL_VERSIONS_VIEW_TYPE, this));
  }

  /** Opens (or reveals) the view of every version of `model`. */
  openVersions(repo: Repo, model: string): void {
    this.open(repo, { kind: 'versions', model }, vscode.l10n.t('{0}: all versions', model));
  }

  /** Opens (or reveals) the view of the unclaimed runs, one group's or all. */
  openRuns(repo: Repo, group?: string, title?: string): void {
    this.open(repo, { kind: 'runs', ...(group !== undefined ? { group } : {}) }, title ?? vscode.l10n.t('Unclaimed runs'));
  }

  private open(repo: Repo, subject: AllVersionsSubject, title: string): void {
    const key = keyOf(repo.root, subject);
    const existing = this.panels.get(key);
    if (existing) {
      existing.reveal();
      return;
    }
    const panel = vscode.window.createWebviewPanel(ALL_VERSIONS_VIEW_TYPE, title, vscode.ViewColumn.Active, this.options());
    this.attach(panel, { repoRoot: repo.root, subject });
  }

  async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: Partial<AllVersionsState> | undefined): Promise<void> {
    const subject = state?.subject;
    const valid = subject && typeof subject === 'object' && ((subject.kind === 'versions' && typeof subject.model === 'string') || (subject.kind === 'runs' && (subject.group === undefined || typeof subject.group === 'string')));
    if (!state?.repoRoot || typeof state.repoRoot !== 'string' || !valid) {
      panel.dispose();
      return;
    }
    panel.webview.options = this.options();
    this.attach(panel, { repoRoot: state.repoRoot, subject });
  }

  private options(): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return {
      enableScripts: true,
      enableFindWidget: true,
      localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'dist'), vscode.Uri.joinPath(this.extensionUri, 'media')],
    };
  }

  private attach(panel: vscode.WebviewPanel, state: { repoRoot: string; subject: AllVersionsSubject }): void {
    const key = keyOf(state.repoRoot, state.subject);
    this.panels.set(key, panel);
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'model-versions.svg');
    panel.webview.html = this.html(panel.webview);
    const post = (m: AllVersionsToWebview) => void panel.webview.postMessage(m);
    let data: AllVersionsData | undefined;
    let runs: RunSummary[] = [];
    const sub = panel.webview.onDidReceiveMessage(async (raw: unknown) => {
      const m = parseFromWebview(raw);
      if (!m) {
        // A page's message is input: one we do not know is dropped, and said so in the log.
        log().warn(`all-versions view: ignored a message it does not understand: ${JSON.stringify(raw)?.slice(0, 200)}`);
        return;
      }
      try {
        const repo = await this.repo(state.repoRoot);
        switch (m.type) {
          case 'ready': {
            if (state.subject.kind === 'versions') {
              data = await loadAllVersions(repo.store, state.subject.model, { words: { mlflowVersion: (n) => vscode.l10n.t('version {0}', n), workingTree: vscode.l10n.t('Working tree') } });
              // The History tab: the registry's events from the tags the listing already holds.
              data.history = modelHistoryRows((await repo.store.list()).tags, state.subject.model);
            } else {
              const read = await readRuns(repo, state.subject.group);
              runs = read.runs;
              data = buildRunsView(read.title, runs);
            }
            panel.title = data.title;
            post({ type: 'data', data, state });
            this.posted.fire({ panel, data });
            return;
          }
          case 'compare': {
            // Only versions this view shows: the ids are operands the host itself sent.
            const known = new Set(data?.items.map((it) => it.operand).filter(Boolean));
            const operands = m.ids.filter((id) => known.has(id));
            if (state.subject.kind !== 'versions' || operands.length < 2 || operands.length !== m.ids.length) {
              log().warn('all-versions view: Compare asked for versions the view does not show; ignored');
              return;
            }
            await this.actions.compare(repo, state.subject.model, operands);
            return;
          }
          case 'register': {
            const run = runs.find((r) => `run:${r.source}:${r.id}` === m.id);
            if (!run) {
              log().warn('all-versions view: Register asked for a run the view does not show; ignored');
              return;
            }
            await this.actions.register(repo, run);
            return;
          }
        }
      } catch (e) {
        logError('all-versions view', e);
        post({ type: 'error', message: (e as Error).message });
      }
    });
    panel.onDidDispose(() => {
      this.panels.delete(key);
      sub.dispose();
    });
  }

  private async repo(root: string): Promise<Repo> {
    const repo = (await this.repos.get()).find((r) => r.root === root);
    if (!repo) throw new Error(vscode.l10n.t('The repository {0} is not open in this window.', root));
    return repo;
  }

  private html(webview: vscode.Webview): string {
    const asset = (...parts: string[]) => vscode.Uri.joinPath(this.extensionUri, ...parts);
    return webviewPage(webview, {
      scripts: [asset('dist', 'charts.js'), asset('dist', 'allVersions.js')],
      styles: [asset('media', 'allVersions.css')],
      body: loadingBody(vscode.l10n.t('Reading versions…')),
    });
  }
}

function keyOf(root: string, s: AllVersionsSubject): string {
  return `${root}\0${s.kind}\0${s.kind === 'versions' ? s.model : s.group ?? ''}`;
}

/** The tree node compareVersions takes for a model (it re-reads the model from the store). */
export async function modelNodeOf(repo: Repo, model: string) {
  return { kind: 'model' as const, id: modelNodeId(repo, model), repo, model: await repo.store.model(model) };
}

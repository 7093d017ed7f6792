// The "Models" view: repositories → models → versions → what each version is made of. Versions'
// contents are read only when a version is expanded, through the store's batched reader. This
// file holds the view's state (filter, expansion, HEAD, reading) and hands each level to the file
// of its node kind.
import type { ModelSummary } from '../../core/modelStore';
import { runsGroupChildren, runsGroupItem, unclaimedRunsNode, type UnclaimedRunsNode } from './runsGroup';
import * as vscode from 'vscode';
import type { Listing, ModelVersion } from '../../core/modelStore';
import { safeText } from '../../core/render/format';
import { ContextKeys, Commands, MODELS_VIEW } from '../ids';
import { Disposable } from '../lifecycle';
import { logError } from '../logger';
import { RepositoryManager, UntrustedWorkspaceError, type Repo } from '../repositories';
import { readSettings } from '../settings';
import { configItem, configRows } from './configNodes';
import { modelItem, repoItem, versionMatches } from './modelNodes';
import { modelNodeId, type ModelNode, type Node, type VersionNode } from './nodes';
import { message, messageItem, rowItem } from './rowNodes';
import { runItem, runRows } from './runNodes';
import { sectionChildren, sectionItem, sectionRows } from './sectionNodes';
import { modelTooltip, versionTooltip } from './tooltips';
import { moreItem, hiddenChildren, hiddenItem, versionChildren, versionItem, versionNode, workdirItem } from './versionNodes';
import { RemoteStatusService } from './remoteStatus';
import { remoteBadge, remoteFailureMessage, remoteModelItem, remoteName, remoteVersionItem, remoteVersionsOf, standingLines, standingOf } from './remoteMarks';
import { remoteOnlyModels } from '../../core/remoteTree';
import { displayVersion } from './labels';
import { eventItem, heldStages, historyChildren, historyItem, modelState } from './historyNodes';

/** After this long, a read of the repositories offers Cancel in a notification. */
const SLOW_READ_MS = 1500;
/**
 * Model rows made per turn of the event loop. VS Code asks for every row's item in one turn:
 * 5,000 models' items made there held the extension host's loop for 40 ms on top of VS Code's own
 * work on them, so they are made beforehand, a slice at a time, and handed over ready.
 */
const ITEM_SLICE = 250;

export type ViewState = 'loading' | 'untrusted' | 'noRepository' | 'noModels' | 'ready';

export class ModelTreeProvider extends Disposable implements vscode.TreeDataProvider<Node> {
  private readonly changeEmitter = this.register(new vscode.EventEmitter<Node | undefined>());
  readonly onDidChangeTreeData = this.changeEmitter.event;
  private readonly stateEmitter = this.register(new vscode.EventEmitter<ViewState>());
  readonly onDidChangeState = this.stateEmitter.event;
  private readonly readEmitter = this.register(new vscode.EventEmitter<'full' | 'tags'>());
  /**
   * Fires after the tree has read every repository's models and handed over their rows (`full`,
   * in the turn after), or read a few named tags and redrawn their models' rows (`tags`):
   * Problems and the status bar follow.
   */
  readonly onDidRead = this.readEmitter.event;
  private filterText = '';
  private reading: AbortController | undefined;
  private expandedAll = new Set<string>();
  private state: ViewState = 'loading';
  /** The nodes last handed out, by id, so commands and reveal find them. */
  private readonly nodes = new Map<string, Node>();
  /** Each model row's item, made for the model summary it shows (a new read makes new summaries). */
  private readonly madeItems = new WeakMap<ModelNode, { model: ModelNode['model']; item: vscode.TreeItem }>();
  /**
   * What the user expanded (true) or collapsed (false), by node id. VS Code forgets the state of
   * a row that leaves the tree, so a row a filter hid would come back collapsed without this.
   */
  private readonly expansion = new Map<string, boolean>();
  /** The repositories the tree has shown: a refresh forgets what their stores read, at once. */
  private shown: readonly Repo[] = [];
  /** The commit HEAD is at, per repository, until the next refresh (the watcher sees HEAD move). */
  private readonly heads = new Map<string, Promise<string | undefined>>();

  /** Each repository's last comparison with its remote: the marks, remote-only versions and badge. */
  readonly remote: RemoteStatusService;
  private view: vscode.TreeView<Node> | undefined;
  private comparedOnce = false;

  constructor(private readonly repos: RepositoryManager) {
    super();
    this.remote = this.register(new RemoteStatusService(repos));
    this.register(repos.onDidChange(() => this.refresh()));
    this.register(this.remote.onDidChange(() => void this.showRemoteStatus()));
  }

  /** The view this provider fills: it keeps its expansion, and shows the remote's badge and faults. */
  attachView(view: vscode.TreeView<Node>): void {
    this.view = view;
    this.trackExpansion(view);
  }

  /** Redraws the rows with the new comparison (nothing is read again) and sets the badge. */
  private async showRemoteStatus(): Promise<void> {
    this.changeEmitter.fire(undefined);
    if (!this.view) return;
    const repos = await this.repos.peek().catch(() => []);
    const states = repos.map((r) => this.remote.get(r));
    this.view.badge = remoteBadge(states);
    const failures = repos.flatMap((r, i) => {
      const s = states[i];
      return s?.kind === 'failed' ? [{ repo: r.name, remote: s.remote, message: s.message }] : [];
    });
    this.view.message = remoteFailureMessage(failures, repos.length > 1);
  }

  /** What the view shows: drives the welcome views through a context key. */
  get viewState(): ViewState {
    return this.state;
  }

  get filter(): string {
    return this.filterText;
  }

  setFilter(text: string): void {
    this.filterText = text.trim();
    void vscode.commands.executeCommand('setContext', ContextKeys.filtered, this.filterText.length > 0);
    this.changeEmitter.fire(undefined);
  }

  /**
   * HEAD moved or a model file or run changed: the working tree's files are read again and the
   * tags kept (100,000 of them are not read again for a checkout).
   */
  refreshWorkingTree(repo: Repo): void {
    repo.store.refreshWorkingTree();
    this.heads.delete(repo.id);
    this.changeEmitter.fire(undefined);
  }

  /** Re-reads everything (or one repository). */
  refresh(repo?: Repo): void {
    if (repo) {
      repo.store.invalidate();
      this.heads.delete(repo.id);
    } else {
      this.heads.clear();
      // Before the change event: a read the event starts must not get the old listing.
      for (const r of this.shown) r.store.invalidate();
      const shown = new Set(this.shown);
      void this.repos.peek().then((rs) => rs.filter((r) => !shown.has(r)).forEach((r) => r.store.invalidate()));
      // The view's Refresh asks the remote again too (one ls-remote per repository).
      void this.remote.refreshAll();
    }
    this.changeEmitter.fire(undefined);
  }

  /** Draws the tree again from what the stores hold (a display setting changed): no git runs. */
  redraw(): void {
    this.changeEmitter.fire(undefined);
  }

  /** Keeps what the user expands and collapses in `view`, so a filter and its clearing keep it too. */
  trackExpansion(view: vscode.TreeView<Node>): void {
    this.register(view.onDidExpandElement((e) => this.expansion.set(e.element.id, true)));
    this.register(view.onDidCollapseElement((e) => this.expansion.set(e.element.id, false)));
  }

  private headOf(repo: Repo): Promise<string | undefined> {
    // A registry's copy has nothing checked out: its HEAD is the remote's default branch.
    if (repo.readOnly) return Promise.resolve(undefined);
    let head = this.heads.get(repo.id);
    if (!head) {
      // A repository without commits has no HEAD: then nothing is checked out.
      head = repo.git.resolveCommit('HEAD').catch(() => undefined);
      this.heads.set(repo.id, head);
    }
    return head;
  }

  /**
   * After the named tags changed: the store updates its listing in place, and only the rows of
   * their models are drawn again. A model that appeared or went away (or a filter, which may now
   * match otherwise) redraws the list; a listing that could not be updated is read again.
   */
  async refreshTags(repo: Repo, names: readonly string[]): Promise<void> {
    const changed = await repo.store.updateTags(names).catch(() => undefined);
    const listing = changed && (await repo.store.list().catch(() => undefined));
    if (!changed || !listing) return this.changeEmitter.fire(undefined);
    const redraw: ModelNode[] = [];
    for (const name of changed) {
      const node = this.nodes.get(modelNodeId(repo, name));
      const model = listing.models.find((m) => m.name === name);
      if (!node && !model) continue;
      if (node?.kind !== 'model' || !model || this.filterText) return this.changeEmitter.fire(undefined);
      redraw.push(Object.assign(node, { model }));
    }
    for (const node of redraw) this.changeEmitter.fire(node);
    this.readEmitter.fire('tags');
  }

  showAll(node: Node): void {
    if (node.kind === 'more') {
      this.expandedAll.add(modelNodeId(node.repo, node.model.name));
      this.changeEmitter.fire(node.parent);
    }
  }

  getNode(id: string): Node | undefined {
    return this.nodes.get(id);
  }

  private setState(state: ViewState): void {
    if (this.state === state) return;
    this.state = state;
    void vscode.commands.executeCommand('setContext', ContextKeys.state, state);
    this.stateEmitter.fire(state);
  }

  getParent(node: Node): Node | undefined {
    return node.parent;
  }

  async getChildren(node?: Node): Promise<Node[]> {
    try {
      const children = await this.children(node);
      for (const c of children) this.nodes.set(c.id, c);
      // The root's rows are made by roots() itself, before the view's state turns ready.
      if (node) await this.makeItems(children);
      return children;
    } catch (e) {
      if (e instanceof UntrustedWorkspaceError) {
        this.setState('untrusted');
        return [];
      }
      logError('reading the model tree', e);
      return [message(node, 'error', { label: vscode.l10n.t('Could not read: {0}', (e as Error).message), icon: 'error' })];
    }
  }

  private async children(node?: Node): Promise<Node[]> {
    if (!node) return this.roots();
    switch (node.kind) {
      case 'repo':
        return this.withRuns(await this.models(node.repo, node), await unclaimedRunsNode(node.repo, node));
      case 'model':
        return this.versions(node);
      case 'version':
      case 'workdir':
        return sectionChildren(node);
      case 'section':
        return sectionRows(node);
      case 'config':
        return configRows(node);
      case 'run':
        return runRows(node);
      case 'history':
        return historyChildren(node);
      case 'hidden':
        return hiddenChildren(node, await this.headOf(node.repo));
      case 'unclaimedRuns':
      case 'runGroup':
      case 'unclaimedRun':
        return runsGroupChildren(node);
      default:
        return [];
    }
  }

  private async roots(): Promise<Node[]> {
    const repos = await vscode.window.withProgress({ location: { viewId: MODELS_VIEW } }, () => this.repos.get());
    this.shown = repos;
    if (repos.length === 0) {
      this.setState('noRepository');
      return [];
    }
    const listings = await this.readListings(repos);
    if (!listings) {
      return [{ kind: 'message', id: 'cancelled', label: vscode.l10n.t('Reading was cancelled. Refresh to read again.'), icon: 'circle-slash' }];
    }
    try {
      return await this.rowsAfterRead(repos, listings);
    } finally {
      // Problems, the status bar and the remote's comparison follow the rows, in a later turn of
      // the loop, once VS Code has taken them: each starts git processes, and starting one holds
      // a large extension host's loop for 10–25 ms, which the rows would wait behind.
      setTimeout(() => {
        this.readEmitter.fire('full');
        if (!this.comparedOnce) {
          this.comparedOnce = true;
          void this.remote.refreshAll();
        }
      }, 0);
    }
  }

  private async rowsAfterRead(repos: Repo[], listings: Listing[]): Promise<Node[]> {
    // Runs that no version claims are a reason to show the tree too: picking the best of seven
    // MLflow runs and registering it is how a project's first version is made.
    const runGroups = await Promise.all(repos.map((r) => unclaimedRunsNode(r, undefined).catch((e) => void logError('reading unclaimed runs', e))));
    if (listings.every((l) => l.models.length === 0) && runGroups.every((g) => !g)) {
      this.setState('noModels');
      return [];
    }
    const children = await this.rootRows(repos, runGroups[0]);
    // The rows' items are made before the state changes, and nothing waits between the two: the
    // welcome view giving way to the tree makes the workbench ask for the rows again, and a
    // second request supersedes this one's answer.
    await this.makeItems(children);
    this.setState('ready');
    return children;
  }

  private async rootRows(repos: Repo[], firstRuns: UnclaimedRunsNode | undefined): Promise<Node[]> {
    if (repos.length === 1) return this.withRuns(await this.models(repos[0]!, undefined), firstRuns);
    if (!this.filterText) return repos.map((repo) => ({ kind: 'repo', id: repo.id, repo }));
    const matching = await Promise.all(repos.map(async (repo) => ((await this.matchingModels(repo, undefined)).length ? repo : undefined)));
    const shown = matching.filter((r): r is Repo => r !== undefined);
    if (shown.length === 0) return this.noMatch(undefined);
    return shown.map((repo) => ({ kind: 'repo', id: repo.id, repo }));
  }

  /**
   * Reads every repository's models with progress in the view; a read that takes longer than
   * SLOW_READ_MS (100,000 tags, a slow disk) also offers Cancel. Undefined when cancelled.
   */
  private async readListings(repos: Repo[]): Promise<Listing[] | undefined> {
    // The view and a test (or two of the view's own requests) may read at once: one controller,
    // so that Cancel stops the read that is actually running.
    const controller = this.reading && !this.reading.signal.aborted ? this.reading : new AbortController();
    this.reading = controller;
    const work = Promise.all(repos.map((r) => r.store.list(controller.signal)));
    const timer = setTimeout(() => {
      void vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Model Versions: reading tags and model files…'), cancellable: true },
        (_progress, token) => {
          token.onCancellationRequested(() => controller.abort());
          return work.catch(() => undefined);
        },
      );
    }, SLOW_READ_MS);
    try {
      return await vscode.window.withProgress({ location: { viewId: MODELS_VIEW } }, () => work);
    } catch (e) {
      if (controller.signal.aborted) return undefined;
      throw e;
    } finally {
      clearTimeout(timer);
      if (this.reading === controller) this.reading = undefined;
    }
  }

  /** Stops a read in progress (the notification's Cancel, or the command). */
  cancelReading(): boolean {
    if (!this.reading) return false;
    this.reading.abort();
    return true;
  }

  /** A repository's models, then its "Unclaimed runs" group (not while filtering models by name). */
  private withRuns(models: Node[], runs: UnclaimedRunsNode | undefined): Node[] {
    return runs && !this.filterText ? [...models, runs] : models;
  }

  private async models(repo: Repo, parent: Node | undefined): Promise<Node[]> {
    const local = await this.matchingModels(repo, parent);
    const models = [...local, ...(await this.remoteModels(repo, parent))];
    return models.length || !this.filterText ? models : this.noMatch(parent);
  }

  /**
   * Models only the remote has, after the local ones, greyed: a colleague's new model is flagged
   * before a fetch as their new versions are. Their own ids: once fetched, the model is a local one.
   */
  private async remoteModels(repo: Repo, parent: Node | undefined): Promise<ModelNode[]> {
    const remote = this.remote.get(repo);
    if (remote?.kind !== 'compared') return [];
    const { models, datasets } = await repo.store.list();
    const f = this.filterText.toLowerCase();
    // A dataset's tags are not a remote model's.
    return remoteOnlyModels(remote.tree, [...models, ...datasets])
      .filter((m) => !f || m.name.toLowerCase().includes(f))
      .map((m) => ({ kind: 'model', id: `${modelNodeId(repo, m.name)}\u0000remote`, parent, repo, model: m as ModelSummary, apart: 'remote' }));
  }

  /** The models the filter lets through: by name, or by a version's name or stage. */
  private async matchingModels(repo: Repo, parent: Node | undefined): Promise<ModelNode[]> {
    const { models } = await repo.store.list();
    const f = this.filterText.toLowerCase();
    const { showDeregistered } = readSettings();
    return models
      .filter((m) => !f || m.name.toLowerCase().includes(f) || m.versions.some((v) => (showDeregistered || v.active) && versionMatches(v, f)))
      .map((model) => this.modelNode(repo, model, parent));
  }

  /**
   * One node object per model, kept from read to read: VS Code redraws a row by the object it
   * was handed, and refreshTags redraws a model's row with the object it finds here.
   */
  private modelNode(repo: Repo, model: ModelNode['model'], parent: Node | undefined): ModelNode {
    const id = modelNodeId(repo, model.name);
    const known = this.nodes.get(id);
    if (known?.kind === 'model') return Object.assign(known, { parent, repo, model });
    return { kind: 'model', id, parent, repo, model };
  }

  /** What an empty filtered tree says, with the way out one click away. */
  private noMatch(parent: Node | undefined): Node[] {
    const clear = vscode.l10n.t('Clear Filter');
    return [
      message(parent, 'nomatch', { label: vscode.l10n.t("No models match '{0}'", safeText(this.filterText)), icon: 'search', tooltip: vscode.l10n.t('The filter looks in model names, versions and stages.') }),
      message(parent, 'nomatch:clear', { label: clear, icon: 'clear-all', command: { command: Commands.clearFilter, title: clear } }),
    ];
  }

  private async versions(node: ModelNode): Promise<Node[]> {
    if (node.apart === 'remote') return node.model.versions.filter((v) => v.active).map((v) => versionNode(node, v, undefined, 'remote'));
    const settings = readSettings();
    return versionChildren(node, {
      filter: this.filterText.toLowerCase(),
      head: await this.headOf(node.repo),
      limit: this.expandedAll.has(node.id) ? Infinity : settings.versionsPerModel,
      showDeregistered: settings.showDeregistered,
      remoteVersions: remoteVersionsOf(this.remote.get(node.repo), node),
    });
  }

  /** A version's node as the tree makes it (reveal needs one before the model is expanded). */
  versionNode(parent: ModelNode, v: ModelVersion, head?: string): VersionNode {
    return versionNode(parent, v, head);
  }

  getTreeItem(node: Node): vscode.TreeItem {
    const item = this.treeItem(node);
    const expanded = this.expansion.get(node.id);
    if (expanded !== undefined && item.collapsibleState !== vscode.TreeItemCollapsibleState.None) {
      item.collapsibleState = expanded ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed;
    }
    return item;
  }

  /**
   * Hovers are made when the pointer rests on a row. A model's: made up front, 5,000 of them cost
   * the extension host a second (VS Code parses each Markdown tooltip it is sent). A version's
   * names the commit's author, from the record.
   */
  async resolveTreeItem(item: vscode.TreeItem, node: Node): Promise<vscode.TreeItem> {
    if (node.kind === 'model' && node.apart !== 'remote') item.tooltip = modelTooltip(node.model);
    if (node.kind === 'version' && item.tooltip === undefined) {
      const remote = this.remote.get(node.repo);
      const standing = standingOf(remote, node);
      const [code, held] = await Promise.all([
        node.version.commit && node.apart !== 'remote' ? node.repo.store.record(node.resolved).then((r) => r.code, () => undefined) : undefined,
        modelState(node.repo, node.model).then((state) => heldStages(state, node.model.name, node.version.version), () => []),
      ]);
      item.tooltip = versionTooltip(node, code, [...held, ...(standing ? standingLines(standing, remoteName(remote)) : [])]);
    }
    return item;
  }

  /** Makes the model rows' items ahead of getTreeItem, ITEM_SLICE at a time. */
  private async makeItems(nodes: readonly Node[]): Promise<void> {
    let made = 0;
    for (const node of nodes) {
      if (node.kind !== 'model' || node.apart === 'remote' || this.madeItems.get(node)?.model === node.model) continue;
      if (++made % ITEM_SLICE === 0) await new Promise<void>((resolve) => setImmediate(resolve));
      this.madeItems.set(node, { model: node.model, item: modelItem(node) });
    }
  }

  private treeItem(node: Node): vscode.TreeItem {
    switch (node.kind) {
      case 'repo':
        return repoItem(node);
      case 'model': {
        if (node.apart === 'remote') return remoteModelItem(node, remoteName(this.remote.get(node.repo)));
        const made = this.madeItems.get(node);
        return made?.model === node.model ? made.item : modelItem(node);
      }
      case 'version': {
        const remote = this.remote.get(node.repo);
        if (node.apart === 'remote') return remoteVersionItem(node, displayVersion(node.version), remoteName(remote));
        return versionItem(node, standingOf(remote, node), remoteName(remote));
      }
      case 'workdir':
        return workdirItem(node);
      case 'more':
        return moreItem(node);
      case 'history':
        return historyItem(node);
      case 'event':
        return eventItem(node);
      case 'hidden':
        return hiddenItem(node);
      case 'section':
        return sectionItem(node);
      case 'run':
        return runItem(node);
      case 'config':
        return configItem(node);
      case 'row':
        return rowItem(node);
      case 'message':
        return messageItem(node);
      case 'unclaimedRuns':
      case 'runGroup':
      case 'unclaimedRun':
        return runsGroupItem(node);
    }
  }
}

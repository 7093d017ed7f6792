// The "Models" view: repositories → models → versions → what each version is made of. Versions'
// contents are read only when a version is expanded, through the store's batched reader.
import { shortVersion, versionLabel } from '../core/versionLabel';
import * as vscode from 'vscode';
import { flatten, formatValue } from '../core/flatten';
import type { Listing, ModelVersion, ResolvedVersion } from '../core/modelStore';
import { ALGORITHM_LABEL, dayOf, formatNumber, hashSourceLabel, safeText, shortHash } from '../core/render/format';
import type { CodeInfo, HashEntry, VersionRecord } from '../core/types';
import { diffRecords } from '../core/diff';
import { isDefinitionPath } from '../core/discovery';
import { ContextKeys, Commands, MODELS_VIEW } from './ids';
import { Disposable } from './lifecycle';
import { logError } from './logger';
import { READONLY_SUFFIX, RepositoryManager, UntrustedWorkspaceError, type Repo } from './repositories';
import { readSettings } from './settings';
import { modelNodeId, versionNodeId, type MessageNode, type ModelNode, type Node, type RowNode, type RunNode, type SectionKind, type SectionNode, type VersionNode, type WorkdirNode } from './treeNodes';

/** After this long, a read of the repositories offers Cancel in a notification. */
const SLOW_READ_MS = 1500;

export type ViewState = 'loading' | 'untrusted' | 'noRepository' | 'noModels' | 'ready';

export class ModelTreeProvider extends Disposable implements vscode.TreeDataProvider<Node> {
  private readonly changeEmitter = this.register(new vscode.EventEmitter<Node | undefined>());
  readonly onDidChangeTreeData = this.changeEmitter.event;
  private readonly stateEmitter = this.register(new vscode.EventEmitter<ViewState>());
  readonly onDidChangeState = this.stateEmitter.event;
  private readonly readEmitter = this.register(new vscode.EventEmitter<void>());
  /** Fires after the tree has read every repository's models (Problems and the status bar follow). */
  readonly onDidRead = this.readEmitter.event;
  private filterText = '';
  private reading: AbortController | undefined;
  private expandedAll = new Set<string>();
  private state: ViewState = 'loading';
  /** The nodes last handed out, by id, so commands and reveal find them. */
  private readonly nodes = new Map<string, Node>();
  /**
   * What the user expanded (true) or collapsed (false), by node id. VS Code forgets the state of
   * a row that leaves the tree, so a row a filter hid would come back collapsed without this.
   */
  private readonly expansion = new Map<string, boolean>();
  /** The repositories the tree has shown: a refresh forgets what their stores read, at once. */
  private shown: readonly Repo[] = [];
  /** The commit HEAD is at, per repository, until the next refresh (the watcher sees HEAD move). */
  private readonly heads = new Map<string, Promise<string | undefined>>();

  constructor(private readonly repos: RepositoryManager) {
    super();
    this.register(repos.onDidChange(() => this.refresh()));
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
    this.readEmitter.fire();
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
      return children;
    } catch (e) {
      if (e instanceof UntrustedWorkspaceError) {
        this.setState('untrusted');
        return [];
      }
      logError('reading the model tree', e);
      const id = `${node?.id ?? ''}\u0000error`;
      return [{ kind: 'message', id, parent: node, label: vscode.l10n.t('Could not read: {0}', (e as Error).message), icon: 'error' }];
    }
  }

  private async children(node?: Node): Promise<Node[]> {
    if (!node) return this.roots();
    switch (node.kind) {
      case 'repo':
        return this.models(node.repo, node);
      case 'model':
        return this.versions(node);
      case 'version':
      case 'workdir':
        return this.sections(node);
      case 'section':
        return this.sectionRows(node);
      case 'config':
        return this.configRows(node);
      case 'run':
        return this.runRows(node);
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
    this.readEmitter.fire();
    if (listings.every((l) => l.models.length === 0)) {
      this.setState('noModels');
      return [];
    }
    this.setState('ready');
    if (repos.length === 1) return this.models(repos[0]!, undefined);
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
    const controller = new AbortController();
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

  private async models(repo: Repo, parent: Node | undefined): Promise<Node[]> {
    const models = await this.matchingModels(repo, parent);
    return models.length || !this.filterText ? models : this.noMatch(parent);
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
    const id = `${parent?.id ?? ''}\u0000nomatch`;
    return [
      {
        kind: 'message',
        id,
        parent,
        label: vscode.l10n.t("No models match '{0}'", safeText(this.filterText)),
        icon: 'search',
        tooltip: vscode.l10n.t('The filter looks in model names, versions and stages.'),
      },
      { kind: 'message', id: `${id}:clear`, parent, label: vscode.l10n.t('Clear Filter'), icon: 'clear-all', command: { command: Commands.clearFilter, title: vscode.l10n.t('Clear Filter') } },
    ];
  }

  private async versions(node: ModelNode): Promise<Node[]> {
    const { repo, model } = node;
    const settings = readSettings();
    const f = this.filterText.toLowerCase();
    let versions = model.versions.filter((v) => settings.showDeregistered || v.active);
    // A model that matches only by its versions (a stage, a version number) shows those versions.
    const byName = !f || model.name.toLowerCase().includes(f);
    if (!byName) versions = versions.filter((v) => versionMatches(v, f));
    const out: Node[] = [];
    const workdir = byName ? await this.workdirNode(node) : undefined;
    if (workdir) out.push(workdir);
    const head = await this.headOf(repo);
    const limit = this.expandedAll.has(node.id) ? Infinity : settings.versionsPerModel;
    for (const v of versions.slice(0, limit)) out.push(this.versionNode(node, v, head));
    if (versions.length > limit) {
      out.push({ kind: 'more', id: `${node.id}\u0000more`, parent: node, repo, model, hidden: versions.length - limit });
    }
    if (out.length === 0) {
      out.push({ kind: 'message', id: `${node.id}\u0000none`, parent: node, label: vscode.l10n.t('No versions yet: use Tag New Version'), icon: 'info' });
    }
    return out;
  }

  versionNode(parent: ModelNode, v: ModelVersion, head?: string): VersionNode {
    const { repo, model } = parent;
    const resolved: ResolvedVersion = {
      model: model.name,
      version: v.version,
      label: `${model.name}@${shortVersion(v.version)}`,
      // An MLflow version whose run recorded no commit has none (never the working tree's).
      commit: v.commit || null,
      registryVersion: v,
    };
    const checkedOut = !!head && !v.mlflow && v.commit === head;
    return { kind: 'version', id: versionNodeId(repo, model.name, v.version), parent, repo, model, version: v, resolved, checkedOut };
  }

  /**
   * A "Working tree" node when the model's files differ from the version that is checked out
   * (HEAD's version of this model), or from the latest where HEAD is no version of it.
   */
  private async workdirNode(node: ModelNode): Promise<WorkdirNode | MessageNode | undefined> {
    const { repo, model } = node;
    // A registry of another repository is a bare copy: it has no working tree.
    if (repo.readOnly) return undefined;
    // A model only MLflow's registry knows has no files in the working tree to compare.
    if (!model.definition && (!model.latest || model.origin === 'mlflow')) return undefined;
    const id = `${node.id}\u0000workdir`;
    const workdir = workingTreeVersion(model.name);
    const head = await this.headOf(repo);
    const atHead = head ? model.versions.find((v) => v.commit === head && v.registered && v.active && !v.mlflow) : undefined;
    if (!atHead && !model.latest) return { kind: 'workdir', id, parent: node, repo, model, resolved: workdir, changes: 0 };
    const base = atHead
      ? await repo.store.resolve({ model: model.name, kind: 'version', version: atHead.version })
      : await repo.store.resolve({ model: model.name, kind: 'latest' });
    const [wdRecord, baseRecord] = await Promise.all([repo.store.record(workdir), repo.store.record(base)]);
    // Declared at its versions but not in the files checked out (HEAD predates the model): what
    // the working tree would be compared with are some other model's files.
    if (!model.definition && baseRecord.sources.some((s) => isDefinitionPath(s) && !wdRecord.sources.includes(s))) {
      return {
        kind: 'message',
        id,
        parent: node,
        label: vscode.l10n.t('Working tree'),
        description: vscode.l10n.t('not in this checkout'),
        tooltip: vscode.l10n.t('{0} is not declared in the files that are checked out.', model.name),
        icon: 'circle-slash',
      };
    }
    const d = diffRecords([{ label: base.version, record: baseRecord }, { label: 'workdir', record: wdRecord }]);
    const changes = d.rows.length - d.counts.unchanged;
    if (changes === 0) return undefined;
    return { kind: 'workdir', id, parent: node, repo, model, resolved: workdir, changes, base: { version: base.version, checkedOut: !!atHead } };
  }

  private async sections(owner: VersionNode | WorkdirNode): Promise<Node[]> {
    const record = await owner.repo.store.record(owner.resolved);
    const kinds: SectionKind[] = [];
    if (record.diagnostics.some((d) => d.severity !== 'info')) kinds.push('problems');
    // Only sections that hold something: a Hugging Face folder has no data, an MLflow version is
    // mostly its run, and "Configs 0" under every version says nothing.
    const content: SectionKind[] = ['hyperparameters', 'configs', 'data', 'weights', 'outputs', 'metrics', 'pipelineCode', 'runs'];
    kinds.push(...content.filter((k) => sectionCount(record, k) || (k === 'metrics' && record.metricsFiles.some((m) => !m.present))));
    if (owner.kind === 'version' && record.code.commit) kinds.push('commit');
    if (kinds.length === 0) {
      return [{ kind: 'message', id: `${owner.id}\u0000empty`, parent: owner, label: vscode.l10n.t('No model files here'), icon: 'dash' }];
    }
    return kinds.map((section) => ({ kind: 'section', id: `${owner.id}\u0000s:${section}`, parent: owner, owner, section, record }));
  }

  private sectionRows(node: SectionNode): Node[] {
    const { record, owner } = node;
    const rows: Node[] = [];
    const row = (key: string, r: Omit<RowNode, 'kind' | 'id' | 'parent'>): RowNode => ({ kind: 'row', id: `${node.id}\u0000${key}`, parent: node, ...r });
    switch (node.section) {
      case 'hyperparameters':
        for (const [k, v] of flatten(record.hyperparameters)) rows.push(row(k, keyValue(k, formatValue(v))));
        break;
      case 'configs':
        for (const [key, c] of Object.entries(record.configs)) {
          rows.push({ kind: 'config', id: `${node.id}\u0000${key}`, parent: node, owner, config: c, key });
        }
        break;
      case 'data':
      case 'weights':
      case 'outputs':
      case 'pipelineCode':
        for (const e of Object.values(hashEntries(record, node.section))) {
          rows.push(
            row(e.path, {
              label: safeText(e.path) + (e.role ? ` (${vscode.l10n.t(e.role)})` : ''),
              // A URI is remote storage: there is no file to reveal and no Git hash to miss.
              description: e.remote
                ? `${e.hash ? `${shortHash(e.hash)} · ` : ''}${vscode.l10n.t('remote · {0}', safeText(e.remote))}`
                : e.hash ? `${shortHash(e.hash)} · ${safeText(hashSourceLabel(e))}` : vscode.l10n.t('no hash'),
              tooltip: `${e.path}${e.remote ? `\n${vscode.l10n.t('in remote storage ({0}), not in Git', e.remote)}` : ''}\n${e.hash ? `${ALGORITHM_LABEL[e.algorithm]} ${e.hash}` : 'no hash'}${e.size !== undefined ? `\n${e.size} bytes` : ''}${e.nfiles !== undefined ? `, ${e.nfiles} files` : ''}\nfrom ${hashSourceLabel(e)}${e.availability ? `\n${e.availability.note}` : ''}`,
              icon: e.remote ? 'cloud' : node.section === 'weights' ? 'circuit-board' : node.section === 'pipelineCode' ? 'file-code' : e.isDir ? 'folder' : node.section === 'outputs' ? 'output' : 'database',
              contextValue: e.remote ? 'remote' : e.hash ? 'hash' : 'hashless',
              entry: e,
              owner,
              copyValue: e.hash ?? undefined,
            }),
          );
        }
        break;
      case 'metrics':
        for (const [k, v] of Object.entries(record.metrics)) rows.push(row(k, keyValue(k, String(v))));
        for (const m of record.metricsFiles.filter((x) => !x.present)) {
          rows.push(row(`absent:${m.path}`, { label: safeText(m.path), description: m.missing ? safeText(m.missing) : vscode.l10n.t('not in Git at this version'), tooltip: m.missing, icon: 'circle-slash', contextValue: 'absent' }));
        }
        // Metrics read from a DVC output's object rather than Git: say where from.
        for (const m of record.metricsFiles.filter((x) => x.present && x.origin)) {
          const from = m.origin!.kind === 'dvc-cache' ? vscode.l10n.t('from the DVC cache') : vscode.l10n.t("from DVC remote '{0}'", m.origin!.remote ?? '');
          rows.push(row(`origin:${m.path}`, { label: safeText(m.path), description: from, tooltip: `${m.path}\n${from} (${m.origin!.sourceFile}${m.origin!.stage ? `, stage ${m.origin!.stage}` : ''})`, icon: 'database', contextValue: 'info' }));
        }
        break;
      case 'runs':
        // The location too: a resumed W&B run has a second folder, and one MLflow run can be in
        // both mlruns/ and mlflow.db; tree ids must stay unique.
        for (const run of record.runs) rows.push({ kind: 'run', id: `${node.id}\u0000${run.source}:${run.id}:${run.location}`, parent: node, owner, run });
        break;
      case 'commit': {
        const c = record.code;
        if (c.commit) rows.push(row('commit', { label: c.commit.slice(0, 10), description: vscode.l10n.t('commit'), icon: 'git-commit', contextValue: 'commitId', copyValue: c.commit }));
        if (c.tag) rows.push(row('tag', { label: safeText(c.tag), description: vscode.l10n.t('tag'), icon: 'tag', contextValue: 'tagName', copyValue: c.tag }));
        // Labelled: the commit's author and the tag's tagger are often different people.
        if (c.author) {
          const on = c.date ? new Date(c.date).toLocaleString() : '';
          rows.push(row('author', { label: safeText(c.author), description: on ? vscode.l10n.t('commit author · {0}', on) : vscode.l10n.t('commit author'), icon: 'person', contextValue: 'info' }));
        }
        if (c.tagger) rows.push(row('tagger', { label: safeText(c.tagger), description: vscode.l10n.t('tagger'), icon: 'person', contextValue: 'info' }));
        if (c.message) rows.push(row('message', { label: safeText(c.message.split('\n')[0]!), description: vscode.l10n.t('commit message'), tooltip: c.message, icon: 'comment', contextValue: 'info' }));
        if (c.tagMessage) rows.push(row('tagMessage', { label: safeText(c.tagMessage.split('\n')[0]!), description: vscode.l10n.t('tag message'), tooltip: c.tagMessage, icon: 'comment-discussion', contextValue: 'info' }));
        break;
      }
      case 'problems':
        record.diagnostics
          .filter((d) => d.severity !== 'info')
          .forEach((d, i) =>
            rows.push(row(`p${i}`, { label: safeText(d.message), icon: d.severity === 'error' ? 'error' : 'warning', contextValue: 'problem', file: d.file, line: d.line, owner, tooltip: d.message })),
          );
        break;
    }
    if (rows.length === 0) {
      rows.push({ kind: 'message', id: `${node.id}\u0000empty`, parent: node, label: vscode.l10n.t('None at this version'), icon: 'dash' });
    }
    return rows;
  }

  private runRows(node: RunNode): Node[] {
    const { run } = node;
    const rows: Node[] = [];
    const row = (key: string, r: Omit<RowNode, 'kind' | 'id' | 'parent'>): RowNode => ({ kind: 'row', id: `${node.id}\u0000${key}`, parent: node, ...r });
    for (const [k, v] of flatten(run.params)) rows.push(row(`p:${k}`, { ...keyValue(k, formatValue(v)), icon: 'symbol-variable' }));
    for (const [k, v] of Object.entries(run.metrics)) {
      const points = run.history && Object.hasOwn(run.history, k) ? run.history[k]! : undefined;
      rows.push(row(`m:${k}`, { ...keyValue(k, String(v)), icon: 'graph', ...(points ? { description: historyText(points), tooltip: `${k} = ${v}\n${historyTooltip(points)}` } : {}) }));
    }
    rows.push(row('location', { label: safeText(run.location), description: vscode.l10n.t('logged in'), icon: 'folder', contextValue: 'keyValue', copyValue: run.location, tooltip: run.location }));
    return rows;
  }

  private configRows(node: Extract<Node, { kind: 'config' }>): Node[] {
    const c = node.config;
    if (!c.present) return [{ kind: 'message', id: `${node.id}\u0000absent`, parent: node, label: vscode.l10n.t('Not in Git at this version'), icon: 'circle-slash' }];
    if (!c.values) return [{ kind: 'message', id: `${node.id}\u0000blob`, parent: node, label: `blob ${shortHash(c.oid)}`, icon: 'file' }];
    return [...flatten(c.values)].map(([k, v]) => ({ kind: 'row', id: `${node.id}\u0000${k}`, parent: node, ...keyValue(k, formatValue(v)) }) as RowNode);
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
    if (node.kind === 'model') item.tooltip = modelItem(node, true).tooltip;
    if (node.kind === 'version' && item.tooltip === undefined) {
      const code = node.version.commit ? await node.repo.store.record(node.resolved).then((r) => r.code, () => undefined) : undefined;
      item.tooltip = versionTooltip(node, code);
    }
    return item;
  }

  private treeItem(node: Node): vscode.TreeItem {
    switch (node.kind) {
      case 'repo': {
        const item = new vscode.TreeItem(node.repo.name, vscode.TreeItemCollapsibleState.Expanded);
        item.id = node.id;
        item.description = node.repo.root;
        item.iconPath = new vscode.ThemeIcon('repo');
        item.contextValue = `repository${node.repo.readOnly ? READONLY_SUFFIX : ''}`;
        return item;
      }
      case 'model':
        return modelItem(node);
      case 'version':
        return versionItem(node);
      case 'workdir': {
        const item = new vscode.TreeItem(vscode.l10n.t('Working tree'), vscode.TreeItemCollapsibleState.Collapsed);
        item.id = node.id;
        item.description = node.base ? changesSince(node.changes, node.base.version, node.base.checkedOut) : vscode.l10n.t('not tagged yet');
        item.iconPath = new vscode.ThemeIcon('edit');
        item.contextValue = 'workdir';
        return item;
      }
      case 'more': {
        const item = new vscode.TreeItem(node.hidden === 1 ? vscode.l10n.t('1 more version…') : vscode.l10n.t('{0} more versions…', node.hidden), vscode.TreeItemCollapsibleState.None);
        item.id = node.id;
        item.iconPath = new vscode.ThemeIcon('ellipsis');
        item.command = { command: Commands.showAllVersions, title: vscode.l10n.t('Show All Versions'), arguments: [node] };
        item.contextValue = 'more';
        return item;
      }
      case 'section':
        return sectionItem(node);
      case 'run':
        return runItem(node);
      case 'config': {
        const item = new vscode.TreeItem(safeText(node.key), vscode.TreeItemCollapsibleState.Collapsed);
        item.id = node.id;
        // An MLflow version's MLmodel is keyed by name; where the file is goes beside it.
        if (node.key !== node.config.path) item.description = safeText(node.config.path);
        item.iconPath = new vscode.ThemeIcon('settings-gear');
        item.contextValue = node.owner.kind === 'version' ? 'configFile' : 'configFile:workdir';
        item.tooltip = node.config.path;
        return item;
      }
      case 'row': {
        const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.None);
        item.id = node.id;
        item.description = node.description;
        item.tooltip = node.tooltip ?? (node.description ? `${node.label}  ${node.description}` : node.label);
        if (node.icon) item.iconPath = new vscode.ThemeIcon(node.icon);
        item.contextValue = node.contextValue;
        return item;
      }
      case 'message': {
        const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.None);
        item.id = node.id;
        item.description = node.description;
        item.iconPath = new vscode.ThemeIcon(node.icon);
        item.tooltip = node.tooltip;
        item.contextValue = 'message';
        if (node.command) item.command = node.command;
        return item;
      }
    }
  }
}

/** A metric's run in brief: how many steps and where it went (`10 steps · 0.61 → 0.86`). */
function historyText(points: ReadonlyArray<{ value: number }>): string {
  const first = formatNumber(points[0]!.value);
  const last = formatNumber(points[points.length - 1]!.value);
  return points.length === 1 ? vscode.l10n.t('1 step · {0} → {1}', first, last) : vscode.l10n.t('{0} steps · {1} → {2}', points.length, first, last);
}

/** `3 changes since v1.1.0 (checked out)`: a count with its plural, and what it counts from. */
function changesSince(n: number, version: string, checkedOut: boolean): string {
  const v = shortVersion(version);
  if (checkedOut) return n === 1 ? vscode.l10n.t('1 change since {0} (checked out)', v) : vscode.l10n.t('{0} changes since {1} (checked out)', n, v);
  return n === 1 ? vscode.l10n.t('1 change since {0} (latest)', v) : vscode.l10n.t('{0} changes since {1} (latest)', n, v);
}

/** The working tree as an operand: the label says what it is, never a tag-like `churn@workdir`. */
export function workingTreeVersion(model: string): ResolvedVersion {
  return { model, version: 'workdir', label: vscode.l10n.t('{0} · Working tree', model), commit: null };
}

/** The filter (lower case) finds a version by its name or by a stage it holds. */
function versionMatches(v: ModelVersion, f: string): boolean {
  return v.version.toLowerCase().includes(f) || v.stages.some((s) => s.toLowerCase().includes(f));
}

function historyTooltip(points: ReadonlyArray<{ step: number; value: number }>): string {
  // reduce, not Math.min(...): a long run logs more steps than a call can take arguments.
  const min = points.reduce((m, p) => Math.min(m, p.value), Infinity);
  const max = points.reduce((m, p) => Math.max(m, p.value), -Infinity);
  const shown = points.length > 12 ? [...points.slice(0, 6), ...points.slice(-6)] : points;
  return [
    `${vscode.l10n.t('min')} ${formatNumber(min)} · ${vscode.l10n.t('max')} ${formatNumber(max)}`,
    ...shown.map((p, i) => `${points.length > 12 && i === 6 ? '…\n' : ''}${vscode.l10n.t('step')} ${p.step}: ${formatNumber(p.value)}`),
  ].join('\n');
}

function keyValue(key: string, value: string): Omit<RowNode, 'kind' | 'id' | 'parent'> {
  const shown = value.length > 120 ? value.slice(0, 117) + '…' : value;
  return { label: `${safeText(key)} = ${safeText(shown)}`, tooltip: `${key} = ${value}`, contextValue: 'keyValue', copyValue: value };
}


function modelItem(node: ModelNode, withTooltip = false): vscode.TreeItem {
  const m = node.model;
  const item = new vscode.TreeItem(safeText(m.name), vscode.TreeItemCollapsibleState.Collapsed);
  item.id = node.id;
  const stages = Object.entries(m.stages).map(([s, v]) => `${s} ${shortVersion(v)}`);
  const latest = m.latest && m.origin === 'mlflow' ? vscode.l10n.t('version {0}', m.latest) : m.latest;
  const parts = [latest ?? vscode.l10n.t('no versions'), ...stages];
  item.description = (m.deprecated ? `${vscode.l10n.t('deprecated')} · ` : '') + safeText(parts.join(' · '));
  item.iconPath = m.deprecated ? new vscode.ThemeIcon('package', new vscode.ThemeColor('disabledForeground')) : new vscode.ThemeIcon('package');
  item.contextValue = `model${m.deprecated ? ':deprecated' : ''}${m.definition ? ':defined' : ''}${m.origin === 'mlflow' ? ':mlflow' : ''}${node.repo.readOnly ? READONLY_SUFFIX : ''}`;
  if (!withTooltip) return item;
  const md = new vscode.MarkdownString();
  md.appendMarkdown('**');
  md.appendText(m.name);
  md.appendMarkdown('**');
  if (m.deprecated) md.appendMarkdown(` — _${vscode.l10n.t('deprecated')}_`);
  md.appendMarkdown('\n\n');
  md.appendText(`${vscode.l10n.t('Latest')}: ${m.latest ?? '—'}`);
  for (const s of stages) {
    md.appendMarkdown('  \n');
    md.appendText(s);
  }
  if (m.definition) {
    md.appendMarkdown('\n\n');
    md.appendText(`${vscode.l10n.t('Declared in')} ${m.definition.file}`);
  }
  item.tooltip = md;
  return item;
}

/** How a version is named in the tree and in pickers: MLflow's numbers read as `version 3`. */
export function displayVersion(v: ModelVersion): string {
  return versionLabel(v, { mlflowVersion: (n) => vscode.l10n.t('version {0}', n), workingTree: vscode.l10n.t('Working tree') });
}

function versionItem(node: VersionNode): vscode.TreeItem {
  const v = node.version;
  const item = new vscode.TreeItem(displayVersion(v), vscode.TreeItemCollapsibleState.Collapsed);
  item.id = node.id;
  const date = dayOf(v.date);
  const flags = [
    ...v.stages,
    ...(v.active ? [] : [vscode.l10n.t('deregistered')]),
    ...(v.registered ? [] : [vscode.l10n.t('commit')]),
    ...(node.checkedOut ? [vscode.l10n.t('checked out')] : []),
  ];
  item.description = safeText([flags.join(', '), v.mlflow ? 'MLflow' : '', date].filter(Boolean).join(' · '));
  const isLatest = node.model.latest === v.version;
  item.iconPath = node.checkedOut
    ? new vscode.ThemeIcon('check', v.active ? undefined : new vscode.ThemeColor('disabledForeground'))
    : new vscode.ThemeIcon(v.stages.length ? 'rocket' : isLatest ? 'tag' : 'versions', v.active ? undefined : new vscode.ThemeColor('disabledForeground'));
  // MLflow versions have no GTO tags to promote or copy; checkout needs the commit their run recorded.
  item.contextValue = v.mlflow
    ? ['mlflowVersion', v.commit ? 'commit' : '', v.stages.length ? 'staged' : '', isLatest ? 'latest' : ''].filter(Boolean).join(':')
    : ['version', v.registered ? 'registered' : 'commit', v.stages.length ? 'staged' : '', v.active ? '' : 'deregistered', isLatest ? 'latest' : '']
        .filter(Boolean)
        .join(':');
  if (node.repo.readOnly) item.contextValue += READONLY_SUFFIX;
  // The tooltip is left to resolveTreeItem, which reads the commit's author.
  return item;
}

/**
 * A version's hover: the tag (who tagged it, when) and the commit (who wrote it, when), each
 * labelled: the tagger registers a version, the author wrote its code, and they often differ.
 */
export function versionTooltip(node: VersionNode, code?: CodeInfo): vscode.MarkdownString {
  const v = node.version;
  const md = new vscode.MarkdownString();
  md.appendMarkdown('**');
  md.appendText(`${node.model.name} ${shortVersion(v.version)}`);
  md.appendMarkdown('**');
  if (v.stages.length) {
    md.appendMarkdown(' — ');
    md.appendText(v.stages.join(', '));
  }
  md.appendMarkdown('\n\n');
  if (v.message) {
    md.appendText(v.message);
    md.appendMarkdown('\n\n');
  }
  if (v.mlflow) {
    md.appendText(`${vscode.l10n.t('MLflow registry')} (${v.mlflow.store})${v.mlflow.runId ? ` · ${vscode.l10n.t('run')} ${v.mlflow.runId}` : ''}`);
    md.appendMarkdown('\n\n');
  }
  const when = (d: Date) => d.toLocaleString();
  const lines: string[] = [];
  if (v.tag) {
    // A lightweight tag has no tagger: its date is the commit's.
    lines.push(
      v.tagger
        ? v.date
          ? vscode.l10n.t('Tagged by {0} on {1}', v.tagger, when(new Date(v.date * 1000)))
          : vscode.l10n.t('Tagged by {0}', v.tagger)
        : vscode.l10n.t('Lightweight tag (no tagger)'),
    );
    lines.push(`${vscode.l10n.t('Tag')}: ${v.tag}`);
  }
  if (v.commit) {
    const short = v.commit.slice(0, 10);
    lines.push(
      code?.author
        ? code.date
          ? vscode.l10n.t('Commit {0} by {1} on {2}', short, code.author, when(new Date(code.date)))
          : vscode.l10n.t('Commit {0} by {1}', short, code.author)
        : vscode.l10n.t('Commit {0}', short),
    );
    if (code?.message) lines.push(code.message.split('\n')[0]!);
  }
  if (node.checkedOut) lines.push(vscode.l10n.t('Checked out (HEAD is at this commit)'));
  lines.forEach((line, i) => {
    if (i) md.appendMarkdown('  \n');
    md.appendText(line);
  });
  return md;
}

const SECTION_LABEL: Record<SectionKind, string> = {
  hyperparameters: 'Hyperparameters',
  configs: 'Configs',
  data: 'Data',
  weights: 'Weights',
  outputs: 'Outputs',
  pipelineCode: 'Pipeline code',
  metrics: 'Metrics',
  runs: 'Runs',
  commit: 'Commit',
  problems: 'Problems',
};
const SECTION_ICON: Record<SectionKind, string> = {
  hyperparameters: 'symbol-variable',
  configs: 'settings',
  data: 'database',
  weights: 'circuit-board',
  outputs: 'output',
  pipelineCode: 'file-code',
  metrics: 'graph',
  runs: 'beaker',
  commit: 'git-commit',
  problems: 'warning',
};

/**
 * The hashed files a section lists: inputs, weights, the other outputs of the pipeline's stages,
 * and the code files its stages depend on (dvc.lock's deps that are code).
 */
function hashEntries(r: VersionRecord, section: 'data' | 'weights' | 'outputs' | 'pipelineCode'): Record<string, HashEntry> {
  return section === 'pipelineCode' ? (r.code.files ?? {}) : r[section];
}

/** How many rows a section holds (undefined for the commit, which has no count). */
function sectionCount(r: VersionRecord, section: SectionKind): number | undefined {
  switch (section) {
    case 'hyperparameters':
      return flatten(r.hyperparameters).size;
    case 'configs':
      return Object.keys(r.configs).length;
    case 'data':
      return Object.keys(r.data).length;
    case 'weights':
    case 'outputs':
    case 'pipelineCode':
      return Object.keys(hashEntries(r, section)).length;
    case 'metrics':
      return Object.keys(r.metrics).length;
    case 'runs':
      return r.runs.length;
    case 'problems':
      return r.diagnostics.filter((d) => d.severity !== 'info').length;
    case 'commit':
      return undefined;
  }
}

function runItem(node: RunNode): vscode.TreeItem {
  const { run } = node;
  const item = new vscode.TreeItem(safeText(run.name ?? run.id), vscode.TreeItemCollapsibleState.Collapsed);
  item.id = node.id;
  const tool = run.source === 'mlflow' ? 'MLflow' : 'W&B';
  item.description = safeText([tool, run.experiment, run.status?.toLowerCase(), run.startedAt ? run.startedAt.slice(0, 10) : ''].filter(Boolean).join(' · '));
  item.iconPath = new vscode.ThemeIcon(run.status === 'FAILED' || run.status === 'KILLED' ? 'error' : 'beaker');
  item.contextValue = `run:${run.source}`;
  const md = new vscode.MarkdownString();
  md.appendMarkdown('**');
  md.appendText(`${tool} ${vscode.l10n.t('run')} ${run.name ?? run.id}`);
  md.appendMarkdown('**\n\n');
  md.appendText(`${vscode.l10n.t('Run id')}: ${run.id}`);
  if (run.gitCommit) {
    md.appendMarkdown('  \n');
    md.appendText(`${vscode.l10n.t('Commit')}: ${run.gitCommit}`);
  }
  md.appendMarkdown('  \n');
  md.appendText(`${vscode.l10n.t('Logged in')}: ${run.location}`);
  item.tooltip = md;
  return item;
}

function sectionItem(node: SectionNode): vscode.TreeItem {
  const r: VersionRecord = node.record;
  const count = sectionCount(r, node.section);
  const item = new vscode.TreeItem(vscode.l10n.t(SECTION_LABEL[node.section]), vscode.TreeItemCollapsibleState.Collapsed);
  item.id = node.id;
  item.description = count === undefined ? r.code.commit?.slice(0, 7) : String(count);
  item.iconPath = new vscode.ThemeIcon(SECTION_ICON[node.section], node.section === 'problems' ? new vscode.ThemeColor('problemsWarningIcon.foreground') : undefined);
  item.contextValue = `section:${node.section}`;
  if (node.section === 'problems') item.collapsibleState = vscode.TreeItemCollapsibleState.Expanded;
  return item;
}

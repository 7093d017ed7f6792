// Wiring only: creates the services, registers commands and views; everything goes into
// context.subscriptions. No git runs here: the first git call waits for the view to be shown.
import * as vscode from 'vscode';
import { ContextKeys, Commands, CONTENT_SCHEME, MODELS_VIEW } from './ids';
import { createLogger, log } from './logger';
import { logCause } from './errors';
import { RepositoryManager, type Repo } from './repositories';
import { ModelTreeProvider } from './tree/treeProvider';
import { RevisionContentProvider } from './contentProvider';
import { HeadStatusBar } from './statusBar';
import { RepositoryWatcher } from './watcher';
import { ModelDiagnostics } from './diagnostics';
import { tagNewVersion, promoteToStage, type TagArgs, type PromoteArgs } from './commands/tagCommands';
import { checkOutVersion, restoreModelFiles, type CheckoutArgs, type RestoreArgs } from './commands/checkoutCommands';
import { compareVersions, compareWithPrevious, compareWithWorkingTree, openConfigDiff, type DiffViewer } from './commands/compareCommands';
import { DiffPanelManager } from './diffPanel';
import { copyHash, copyTagName, openManifestAtVersion, revealInExplorer } from './commands/fileCommands';
import { createManifest, type CreateManifestArgs } from './commands/createManifest';
import { fetchTags, pushTags, updateRemoteContext, RemoteCommands, type RemoteArgs } from './commands/remoteCommands';
import { versionNodeId, modelNodeId, type Node } from './tree/nodes';
import { WorkerDbReader } from './dbReader';
import { deprecateModel, deregisterVersion, rollBackStage, unassignStage, type LifecycleArgs } from './commands/lifecycleCommands';
import * as path from 'node:path';
import { registerAllVersions } from './commands/allVersionsCommands';
import { commandRegistrar } from './commands/registrar';

/** How long after a few tags were read Problems and the status bar follow (see onDidRead below). */
const AFTER_TAGS_MS = 250;

/** What activate() returns: used by the extension-host tests, and by other extensions. */
export interface ModelVersionsApi {
  repos: RepositoryManager;
  tree: ModelTreeProvider;
  treeView: vscode.TreeView<Node>;
  statusBar: HeadStatusBar;
  diagnostics: ModelDiagnostics;
  viewer: DiffViewer;
  panels: DiffPanelManager;
  /** How long activate() took, in milliseconds. */
  activationMs: number;
  /** The mlflow.db reader (its worker thread). */
  dbReader: WorkerDbReader;
}

export function activate(context: vscode.ExtensionContext): ModelVersionsApi {
  const started = performance.now();
  const logger = createLogger();
  context.subscriptions.push(logger);
  void vscode.commands.executeCommand('setContext', ContextKeys.state, vscode.workspace.isTrusted ? 'loading' : 'untrusted');

  // mlflow.db is parsed in a worker thread: sql.js is synchronous and a big store takes a while.
  const dbReader = new WorkerDbReader(path.join(context.extensionPath, 'dist'));
  context.subscriptions.push(dbReader);
  const repos = new RepositoryManager(dbReader.read, context.globalStorageUri.fsPath);
  const tree = new ModelTreeProvider(repos);
  const treeView = vscode.window.createTreeView(MODELS_VIEW, { treeDataProvider: tree, showCollapseAll: true });
  tree.attachView(treeView);
  const statusBar = new HeadStatusBar(repos, context.workspaceState);
  const diagnostics = new ModelDiagnostics();
  const panels = new DiffPanelManager(context.extensionUri, repos);
  const viewer: DiffViewer = panels;
  context.subscriptions.push(repos, tree, treeView, statusBar, diagnostics, panels);
  context.subscriptions.push(vscode.workspace.registerTextDocumentContentProvider(CONTENT_SCHEME, new RevisionContentProvider(repos)));

  // Problems and the status bar follow each read the view makes: nothing runs git before the
  // view is shown (or a command is run).
  const afterRead = async () => {
    try {
      for (const repo of await repos.get()) if (!repo.readOnly) diagnostics.set(repo, (await repo.store.list()).diagnostics);
      await statusBar.update();
    } catch (e) {
      // Untrusted or no repository: the view says so; nothing to show here.
      logCause('after the tree read', e);
    }
  };
  const refresh = (repo?: Repo) => tree.refresh(repo);
  context.subscriptions.push(repos.onDidChangeDisplay(() => tree.redraw()));
  // After the tree's own read (which can be cancelled), so these never start a read themselves.
  // After a few tags changed, the workbench asks for their models' rows straight away: the status
  // bar's `git describe` waits until it has them (starting a process holds a large extension
  // host's loop for 10–25 ms, and every tag's row would wait behind it).
  let followRead: NodeJS.Timeout | undefined;
  context.subscriptions.push({ dispose: () => clearTimeout(followRead) });
  context.subscriptions.push(
    tree.onDidRead((what) => {
      clearTimeout(followRead);
      if (what === 'full') void afterRead();
      else followRead = setTimeout(() => void afterRead(), AFTER_TAGS_MS);
    }),
  );

  // The first time the view is visible, start watching; no git work happens before.
  const watcher = new RepositoryWatcher(repos, (repo, change) => {
    log().debug(`${change.kind === 'tags' ? change.names.join(', ') : change.kind} changed in ${repo.root}`);
    if (change.kind === 'tags') void tree.refreshTags(repo, change.names);
    else if (change.kind === 'files') tree.refreshWorkingTree(repo);
    else refresh(repo);
  });
  context.subscriptions.push(watcher);
  let watching = false;
  const startWatching = () => {
    if (watching || !vscode.workspace.isTrusted) return;
    watching = true;
    void watcher.watch();
  };
  if (treeView.visible) startWatching();
  context.subscriptions.push(treeView.onDidChangeVisibility((e) => e.visible && startWatching()));
  context.subscriptions.push(vscode.workspace.onDidGrantWorkspaceTrust(() => {
    void vscode.commands.executeCommand('setContext', ContextKeys.state, 'loading');
    if (treeView.visible) startWatching();
  }));

  const { command, writing } = commandRegistrar(context);
  const after = () => refresh();

  command(Commands.refresh, async () => {
    refresh();
    // Registries of other repositories are fetched again; their rows follow when that is done.
    await repos.refreshRegistries();
    for (const repo of await repos.peek()) if (repo.readOnly) refresh(repo);
  });
  // From the view's title bar VS Code passes the selected row: only a string is the text itself.
  command(Commands.filter, async (arg?: unknown) => {
    const given = typeof arg === 'string' ? arg : undefined;
    const value = given ?? (await vscode.window.showInputBox({ prompt: vscode.l10n.t('Show models whose name, versions or stages contain…'), value: tree.filter }));
    if (value === undefined) return;
    tree.setFilter(value);
    treeView.description = tree.filter ? vscode.l10n.t('filter: {0}', tree.filter) : undefined;
  });
  command(Commands.clearFilter, () => {
    tree.setFilter('');
    treeView.description = undefined;
  });
  writing(Commands.tagVersion, (node?: Node, args?: TagArgs) => tagNewVersion(repos, node, args, after));
  writing(Commands.promote, (node?: Node, args?: PromoteArgs) => promoteToStage(repos, node, args, after));
  writing(Commands.checkout, (node?: Node, args?: CheckoutArgs) =>
    checkOutVersion(repos, node, args, (done) => {
      if (done?.resolved.commit) statusBar.noteCheckout(done.repo, done.resolved.model, done.resolved.commit);
      after();
    }),
  );
  writing(Commands.deprecateModel, (node?: Node, args?: LifecycleArgs) => deprecateModel(repos, node, args, after));
  writing(Commands.deregisterVersion, (node?: Node, args?: LifecycleArgs) => deregisterVersion(repos, node, args, after));
  writing(Commands.unassignStage, (node?: Node, args?: LifecycleArgs) => unassignStage(repos, node, args, after));
  writing(Commands.rollBackStage, (node?: Node, args?: LifecycleArgs) => rollBackStage(repos, node, args, after));
  writing(Commands.restoreFiles, (node?: Node, args?: RestoreArgs) => restoreModelFiles(repos, node, args, after));
  command(Commands.compareWithPrevious, (node?: Node) => compareWithPrevious(repos, viewer, node));
  command(Commands.compareVersions, (node?: Node, versions?: string[]) => compareVersions(repos, viewer, node, versions));
  command(Commands.compareWithWorkingTree, (node?: Node) => compareWithWorkingTree(repos, viewer, node));
  command(Commands.openManifest, (node?: Node) => openManifestAtVersion(repos, node));
  command(Commands.openConfigDiff, (node?: Node) => openConfigDiff(repos, node));
  command(Commands.copyTagName, (node?: Node) => copyTagName(repos, node));
  command(Commands.copyHash, (node?: Node) => copyHash(node));
  command(Commands.revealInExplorer, (node?: Node) => revealInExplorer(node));
  command(Commands.createManifest, (args?: CreateManifestArgs) => createManifest(args));
  command(RemoteCommands.fetchTags, (node?: Node, args?: RemoteArgs) => fetchTags(repos, node, args, after));
  writing(RemoteCommands.pushTags, (node?: Node, args?: RemoteArgs) => pushTags(repos, node, args, after));
  // Which remotes there are changes with the repository's config, not with its tags.
  context.subscriptions.push(tree.onDidRead((what) => void (what === 'full' && updateRemoteContext(repos).catch((e: unknown) => logCause('remote context', e)))));
  registerAllVersions(context, repos, after);
  command(Commands.showAllVersions, (node?: Node) => node && tree.showAll(node));
  command(Commands.showLog, () => logger.show());
  command(Commands.cancelReading, () => tree.cancelReading());
  command(Commands.revealHeadVersion, async () => {
    const head = statusBar.current;
    if (!head) return;
    await vscode.commands.executeCommand(`${MODELS_VIEW}.focus`);
    const model = await head.repo.store.model(head.model);
    const version = model.versions.find((v) => v.version === head.version);
    if (!version) return;
    const repos_ = await repos.get();
    const modelNode = { kind: 'model' as const, id: modelNodeId(head.repo, model.name), parent: repos_.length > 1 ? { kind: 'repo' as const, id: head.repo.id, repo: head.repo } : undefined, repo: head.repo, model };
    const node = tree.getNode(versionNodeId(head.repo, model.name, version.version)) ?? tree.versionNode(modelNode, version);
    await treeView.reveal(node, { select: true, focus: true, expand: false });
  });

  const api: ModelVersionsApi = {
    repos,
    tree,
    treeView,
    statusBar,
    diagnostics,
    viewer,
    panels,
    activationMs: 0,
    dbReader,
  };
  api.activationMs = performance.now() - started;
  log().info(`activated in ${api.activationMs.toFixed(1)} ms`);
  return api;
}

export function deactivate(): void {}

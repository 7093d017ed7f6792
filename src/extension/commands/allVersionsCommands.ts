// Compare All Versions (a model's context menu), Compare Runs (the Unclaimed runs group) and
// Register as Model Version (a run): the all-versions panel and its commands, registered by one
// call from extension.ts.
import * as vscode from 'vscode';
import { AllVersionsPanelManager, modelNodeOf } from '../allVersionsPanel';
import type { RepositoryManager } from '../repositories';
import { isRunsGroupNode, runsToCompare } from '../tree/runsGroup';
import type { Node } from '../tree/nodes';
import { commandRegistrar } from './registrar';
import { modelTarget } from './resolveTarget';
import { registerRunAsVersion, RunCommands, runTargetOf, type RegisterRunArgs } from './runCommands';

export const AllVersionsCommands = {
  compareAllVersions: 'modelVersions.compareAllVersions',
  compareRuns: 'modelVersions.compareRuns',
  ...RunCommands,
} as const;

/** The id of the side-by-side comparison command (compareCommands.ts's compareVersions). */
const COMPARE_VERSIONS = 'modelVersions.compareVersions';

/**
 * Registers the panel's serializer and the commands; `refresh` redraws the tree after a tag was
 * created. Returns the panel manager (tests wait on its onDidPostData) with the disposables in `context`.
 */
export function registerAllVersions(context: vscode.ExtensionContext, repos: RepositoryManager, refresh: () => void): AllVersionsPanelManager {
  const panels = new AllVersionsPanelManager(context.extensionUri, repos, {
    compare: async (repo, model, operands) => {
      await vscode.commands.executeCommand(COMPARE_VERSIONS, await modelNodeOf(repo, model), operands);
    },
    register: async (repo, run) => {
      await registerRunAsVersion(repos, { repo, run }, {}, refresh);
    },
  });
  context.subscriptions.push(panels);
  const { command, writing } = commandRegistrar(context);
  command(AllVersionsCommands.compareAllVersions, async (node?: Node) => {
    const target = await modelTarget(repos, node, vscode.l10n.t('Compare all versions of which model?'));
    if (target) panels.openVersions(target.repo, target.model.name);
    return target?.model.name;
  });
  command(AllVersionsCommands.compareRuns, async (node?: unknown) => {
    if (isRunsGroupNode(node)) {
      const { repo, group, title } = runsToCompare(node);
      panels.openRuns(repo, group, title);
      return;
    }
    const all = await repos.get();
    if (!all.length) return;
    const repo = all.length === 1 ? all[0]! : (await vscode.window.showQuickPick(all.map((r) => ({ label: r.name, description: r.root, repo: r })), { placeHolder: vscode.l10n.t('Compare the unclaimed runs of which repository?') }))?.repo;
    if (repo) panels.openRuns(repo);
  });
  writing(AllVersionsCommands.registerRun, (node?: unknown, args?: RegisterRunArgs) => registerRunAsVersion(repos, runTargetOf(node), args, refresh));
  return panels;
}

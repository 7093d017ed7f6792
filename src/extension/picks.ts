// Quick picks used when a command runs from the palette instead of a tree item.
import * as vscode from 'vscode';
import type { ModelSummary, ModelVersion } from '../core/modelStore';
import { dayOf, safeText } from '../core/render/format';
import type { Repo, RepositoryManager } from './repositories';
import { displayVersion } from './tree/labels';
import { shortVersion } from '../core/versionLabel';

export interface ModelChoice {
  repo: Repo;
  model: ModelSummary;
}

export async function pickModel(repos: RepositoryManager, placeHolder: string): Promise<ModelChoice | undefined> {
  const all = await repos.get();
  const items: Array<vscode.QuickPickItem & { choice: ModelChoice }> = [];
  for (const repo of all) {
    const { models } = await repo.store.list();
    for (const model of models) {
      items.push({
        label: safeText(model.name),
        description: [model.latest ?? vscode.l10n.t('no versions'), ...Object.entries(model.stages).map(([s, v]) => `${s} ${shortVersion(v)}`)].join(' · '),
        detail: all.length > 1 ? repo.root : undefined,
        choice: { repo, model },
      });
    }
  }
  if (items.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('No models found in this workspace.'));
    return undefined;
  }
  if (items.length === 1) return items[0]!.choice;
  return (await vscode.window.showQuickPick(items, { placeHolder, matchOnDescription: true }))?.choice;
}

export function versionPickItems(model: ModelSummary, filter: (v: ModelVersion) => boolean = (v) => v.active) {
  return model.versions.filter(filter).map((v) => ({
    label: displayVersion(v),
    description: [v.stages.join(', '), v.mlflow ? 'MLflow' : '', dayOf(v.date)].filter(Boolean).join(' · '),
    detail: v.message ? safeText(v.message) : undefined,
    version: v,
  }));
}

export async function pickVersion(model: ModelSummary, placeHolder: string): Promise<ModelVersion | undefined> {
  const items = versionPickItems(model);
  if (items.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('{0} has no versions yet.', model.name));
    return undefined;
  }
  return (await vscode.window.showQuickPick(items, { placeHolder }))?.version;
}

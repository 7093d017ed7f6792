// Commands run from a tree item or from the palette; both end up with a repository, a model and
// (where needed) a version.
import { listedVersion } from '../../core/types';
import { workingTreeVersion } from '../tree/labels';
import type { ModelSummary, ModelVersion, ResolvedVersion } from '../../core/modelStore';
import { pickModel, pickVersion } from '../picks';
import type { Repo, RepositoryManager } from '../repositories';
import type { Node } from '../tree/nodes';
import { logCause, presentError } from '../errors';

export interface ModelTarget {
  repo: Repo;
  model: ModelSummary;
}

export interface VersionTarget extends ModelTarget {
  version: ModelVersion;
  resolved: ResolvedVersion;
}

export async function modelTarget(repos: RepositoryManager, node: Node | undefined, placeHolder: string): Promise<ModelTarget | undefined> {
  if (node && (node.kind === 'model' || node.kind === 'version' || node.kind === 'workdir' || node.kind === 'more')) {
    // Re-read the model: the node may predate the last refresh.
    const model = await node.repo.store.model(node.model.name).catch((e: unknown) => {
      logCause(`re-reading ${node.model.name}`, e);
      return node.model;
    });
    return { repo: node.repo, model };
  }
  return pickModel(repos, placeHolder);
}

export async function versionTarget(repos: RepositoryManager, node: Node | undefined, placeHolder: string): Promise<VersionTarget | undefined> {
  if (node?.kind === 'version') {
    return { repo: node.repo, model: node.model, version: node.version, resolved: node.resolved };
  }
  const target = await modelTarget(repos, node, placeHolder);
  if (!target) return undefined;
  const version = await pickVersion(target.model, placeHolder);
  if (!version) return undefined;
  return { ...target, version, resolved: resolvedOf(target.model, version) };
}

export function resolvedOf(model: ModelSummary, v: ModelVersion): ResolvedVersion {
  return listedVersion(model.name, v);
}

/** The working tree as an operand, labelled as the tree labels it (never a tag-like `churn@workdir`). */
export function workdirOf(model: ModelSummary): ResolvedVersion {
  return workingTreeVersion(model.name);
}

/** The version just below `v` among the model's active versions (SemVer order). */
export function previousVersion(model: ModelSummary, v: ModelVersion): ModelVersion | undefined {
  // Within one kind: the version before an MLflow version is MLflow's, not the oldest Git tag.
  const list = model.versions.filter((x) => x.active && x.registered && !x.mlflow === !v.mlflow);
  const i = list.findIndex((x) => x.version === v.version);
  return i >= 0 ? list[i + 1] : list.find((x) => x.version !== v.version);
}

/** Shows an error from git or the core as one message (errors.ts), and logs its cause. */
export function showError(e: unknown, files?: string[]): void {
  presentError(e, 'command', files);
}

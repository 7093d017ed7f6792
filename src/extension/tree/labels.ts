// How the tree (and the pickers that list what it lists) names versions, in the user's language:
// the rule itself is src/core/versionLabel.ts, these only pass it the translated words.
import { listedVersion as coreListed, workingTreeVersion as coreWorkingTree } from '../../core/types';
import * as vscode from 'vscode';
import type { ModelVersion, ResolvedVersion } from '../../core/modelStore';
import { versionLabel } from '../../core/versionLabel';

/** How a version is named in the tree and in pickers: MLflow's numbers read as `version 3`. */
export function displayVersion(v: ModelVersion): string {
  return versionLabel(v, { mlflowVersion: (n) => vscode.l10n.t('version {0}', n), workingTree: vscode.l10n.t('Working tree') });
}

/** The working tree as an operand: the label says what it is, never a tag-like `churn@workdir`. */
export function workingTreeVersion(model: string): ResolvedVersion {
  return { ...coreWorkingTree(model), label: vscode.l10n.t('{0} · Working tree', model) };
}

/** A listed version as an operand, built from the version itself: nothing is resolved again by name. */
export function listedVersion(model: string, v: ModelVersion): ResolvedVersion {
  // An MLflow version whose run recorded no commit has none (never the working tree's).
  return coreListed(model, v);
}

/** `3 changes since v1.1.0 (checked out)`: a count with its plural, and what it counts from. */
export function changesSince(n: number, v: ModelVersion, checkedOut: boolean): string {
  const name = displayVersion(v);
  if (checkedOut) return n === 1 ? vscode.l10n.t('1 change since {0} (checked out)', name) : vscode.l10n.t('{0} changes since {1} (checked out)', n, name);
  return n === 1 ? vscode.l10n.t('1 change since {0} (latest)', name) : vscode.l10n.t('{0} changes since {1} (latest)', n, name);
}

// Read-only documents of files at a revision: `model-versions:/<path>?<query>`, read through the
// repository's cat-file process.
import * as nodePath from 'node:path';
import * as vscode from 'vscode';
import type { ResolvedVersion } from '../core/modelStore';
import { isWorkingTree } from '../core/types';
import { CONTENT_SCHEME } from './ids';
import type { RepositoryManager } from './repositories';

interface Query {
  root: string;
  commit: string;
  /** Only for labels: package.json's resourceLabelFormatters shows it after the path (`${query.version}`). */
  version?: string;
}

/** The URI of `path` (repository-relative) at `commit`. */
export function revisionUri(root: string, commit: string, path: string, label?: string): vscode.Uri {
  const query: Query = { root, commit, version: label ?? commit.slice(0, 7) };
  // The fragment only makes editor titles distinct per version; root and commit are what is read.
  return vscode.Uri.from({ scheme: CONTENT_SCHEME, path: `/${path}`, query: JSON.stringify(query), fragment: label ?? commit.slice(0, 7) });
}

/** A version as editor titles name it: `churn v1.2.0`, `fraud-detector version 2`, `churn 1a2b3c4`. */
export function versionName(v: Pick<ResolvedVersion, 'model' | 'version' | 'commit' | 'registryVersion'>): string {
  if (isWorkingTree(v)) return vscode.l10n.t('{0} working tree', v.model);
  if (v.registryVersion?.mlflow) return vscode.l10n.t('{0} version {1}', v.model, v.version);
  return `${v.model} ${/^[0-9a-f]{40,64}$/.test(v.version) ? v.version.slice(0, 7) : v.version}`;
}

/** An editor title for a file at a version, the way VS Code's git extension titles revisions: `dvc.yaml (churn v1.2.0)`. */
export function revisionTitle(path: string, v: Pick<ResolvedVersion, 'model' | 'version' | 'commit' | 'registryVersion'>): string {
  return `${nodePath.posix.basename(path)} (${versionName(v)})`;
}

/**
 * Opens `path` as it is at version `v` (the working tree's file for the working tree) in a
 * preview editor whose tab names the version.
 */
export async function openAtVersion(root: string, path: string, v: Pick<ResolvedVersion, 'model' | 'version' | 'commit' | 'registryVersion' | 'label'>): Promise<void> {
  const uri = v.commit ? revisionUri(root, v.commit, path, versionName(v)) : workingTreeUri(root, path);
  await vscode.commands.executeCommand('vscode.open', uri, { preview: true }, revisionTitle(path, v));
}

/** A repository-relative path (always `/`-separated) as a file in the working tree. */
export function workingTreeUri(root: string, rel: string): vscode.Uri {
  return vscode.Uri.file(nodePath.join(root, ...rel.split('/')));
}

export class RevisionContentProvider implements vscode.TextDocumentContentProvider {
  constructor(private readonly repos: RepositoryManager) {}

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    let query: Query;
    try {
      query = JSON.parse(uri.query) as Query;
    } catch {
      throw new Error(vscode.l10n.t('Not a Model Versions document: {0}', uri.toString()));
    }
    const repo = (await this.repos.get()).find((r) => r.root === query.root);
    if (!repo) throw new Error(vscode.l10n.t('The repository {0} is not open', query.root));
    const path = uri.path.replace(/^\//, '');
    const read = await repo.git.sourceAt(query.commit).read(path, 16 * 1024 * 1024);
    switch (read.kind) {
      case 'file':
        return read.text;
      case 'too-large':
        return vscode.l10n.t('{0} is {1} bytes at this version; too large to show.', path, read.size);
      case 'missing':
        return '';
      default:
        return vscode.l10n.t('{0} is not a file at this version.', path);
    }
  }
}

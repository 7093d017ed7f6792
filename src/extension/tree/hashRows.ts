// A data, weights, outputs or pipeline-code file of a version: its hash, where the hash was read,
// and where its content is.
import * as vscode from 'vscode';
import { ALGORITHM_LABEL, hashSourceLabel, safeText, shortHash } from '../../core/render/format';
import type { HashEntry } from '../../core/types';
import type { VersionNode, WorkdirNode } from './nodes';
import type { RowFields } from './rowNodes';

export type HashSection = 'data' | 'weights' | 'outputs' | 'pipelineCode';

/**
 * Where a version's file content is, in two or three words (`in local cache`, `pointer only`),
 * with the icon and colour that say it at a glance; undefined where nothing needs saying (Git
 * holds it, or nothing was checked).
 */
export function availabilityMark(e: HashEntry): { words: string; icon: string; color?: string } | undefined {
  const a = e.availability;
  if (!a || a.where === 'git' || e.remote) return undefined;
  const lfs = e.source === 'lfs';
  switch (a.state) {
    case 'local':
      return { words: lfs ? vscode.l10n.t('LFS object present') : a.missingFiles ? vscode.l10n.t('in local cache, {0} files missing', a.missingFiles) : vscode.l10n.t('in local cache'), icon: 'pass', color: a.missingFiles ? 'problemsWarningIcon.foreground' : 'testing.iconPassed' };
    case 'remote':
      return { words: a.remote ? vscode.l10n.t("on remote '{0}'", safeText(a.remote)) : vscode.l10n.t('on the DVC remote'), icon: 'cloud' };
    case 'missing':
      return { words: lfs ? vscode.l10n.t('pointer only') : vscode.l10n.t('missing'), icon: 'warning', color: 'problemsWarningIcon.foreground' };
    case 'unknown':
      return { words: vscode.l10n.t('not in local cache'), icon: 'question', color: 'problemsWarningIcon.foreground' };
  }
}

export function hashRow(e: HashEntry, section: HashSection, owner: VersionNode | WorkdirNode): RowFields {
  const mark = availabilityMark(e);
  return {
    label: safeText(e.path) + (e.role ? ` (${vscode.l10n.t(e.role)})` : ''),
    // A URI is remote storage: there is no file to reveal and no Git hash to miss.
    description: e.remote
      ? `${e.hash ? `${shortHash(e.hash)} · ` : ''}${vscode.l10n.t('remote · {0}', safeText(e.remote))}`
      : e.hash ? `${shortHash(e.hash)} · ${safeText(hashSourceLabel(e))}${mark ? ` · ${mark.words}` : ''}` : vscode.l10n.t('no hash'),
    tooltip: `${e.path}${e.remote ? `\n${vscode.l10n.t('in remote storage ({0}), not in Git', e.remote)}` : ''}\n${e.hash ? `${ALGORITHM_LABEL[e.algorithm]} ${e.hash}` : 'no hash'}${e.size !== undefined ? `\n${e.size} bytes` : ''}${e.nfiles !== undefined ? `, ${e.nfiles} files` : ''}\nfrom ${hashSourceLabel(e)}${e.availability ? `\n${e.availability.note}` : ''}`,
    ...(mark?.color ? { color: mark.color } : {}),
    icon: mark ? mark.icon : e.remote ? 'cloud' : section === 'weights' ? 'circuit-board' : section === 'pipelineCode' ? 'file-code' : e.isDir ? 'folder' : section === 'outputs' ? 'output' : 'database',
    contextValue: e.remote ? 'remote' : e.hash ? 'hash' : 'hashless',
    entry: e,
    owner,
    copyValue: e.hash ?? undefined,
  };
}

// A data, weights, outputs or pipeline-code file of a version: its hash, where the hash was read,
// and where its content is.
import * as vscode from 'vscode';
import { ALGORITHM_LABEL, hashSourceLabel, safeText, shortHash } from '../../core/render/format';
import type { HashEntry } from '../../core/types';
import type { VersionNode, WorkdirNode } from './nodes';
import type { RowFields } from './rowNodes';

export type HashSection = 'data' | 'weights' | 'outputs' | 'pipelineCode';

export function hashRow(e: HashEntry, section: HashSection, owner: VersionNode | WorkdirNode): RowFields {
  return {
    label: safeText(e.path) + (e.role ? ` (${vscode.l10n.t(e.role)})` : ''),
    // A URI is remote storage: there is no file to reveal and no Git hash to miss.
    description: e.remote
      ? `${e.hash ? `${shortHash(e.hash)} · ` : ''}${vscode.l10n.t('remote · {0}', safeText(e.remote))}`
      : e.hash ? `${shortHash(e.hash)} · ${safeText(hashSourceLabel(e))}` : vscode.l10n.t('no hash'),
    tooltip: `${e.path}${e.remote ? `\n${vscode.l10n.t('in remote storage ({0}), not in Git', e.remote)}` : ''}\n${e.hash ? `${ALGORITHM_LABEL[e.algorithm]} ${e.hash}` : 'no hash'}${e.size !== undefined ? `\n${e.size} bytes` : ''}${e.nfiles !== undefined ? `, ${e.nfiles} files` : ''}\nfrom ${hashSourceLabel(e)}${e.availability ? `\n${e.availability.note}` : ''}`,
    icon: e.remote ? 'cloud' : section === 'weights' ? 'circuit-board' : section === 'pipelineCode' ? 'file-code' : e.isDir ? 'folder' : section === 'outputs' ? 'output' : 'database',
    contextValue: e.remote ? 'remote' : e.hash ? 'hash' : 'hashless',
    entry: e,
    owner,
    copyValue: e.hash ?? undefined,
  };
}

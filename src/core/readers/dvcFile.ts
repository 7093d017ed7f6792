// `*.dvc` files: the hash of a data file or folder that DVC keeps out of Git.
import { isMap } from '../structuredText';
import { dirOf } from '../repoPath';
import type { Diagnostic, HashEntry } from '../types';
import { hashEntryFrom } from './dvcLock';

/** The outs of a parsed .dvc file; paths are relative to the .dvc file's folder. */
export function readDvcFile(value: unknown, dvcPath: string): { entries: HashEntry[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const entries: HashEntry[] = [];
  if (!isMap(value) || !Array.isArray(value.outs)) {
    diagnostics.push({ severity: 'warning', file: dvcPath, line: 1, message: `${dvcPath} has no outs` });
    return { entries, diagnostics };
  }
  for (const item of value.outs) {
    const e = hashEntryFrom(item, dirOf(dvcPath), dvcPath, 'dvc-file', diagnostics);
    if (e) entries.push(e);
  }
  return { entries, diagnostics };
}

// dvc.lock: per stage, the hashes of its deps and outs and the resolved params.
import { isMap } from '../structuredText';
import { resolveRepoPath } from '../repoPath';
import type { Diagnostic, HashEntry } from '../types';

export interface DvcLock {
  entries: HashEntry[];
  /** `params.yaml` → `{ 'train.lr': 0.1 }` as locked. */
  params: Record<string, Record<string, unknown>>;
  diagnostics: Diagnostic[];
}

/** Reads a parsed dvc.lock at `lockPath`; paths inside are relative to its folder. */
export function readDvcLock(value: unknown, lockPath: string, folder: string): DvcLock {
  const out: DvcLock = { entries: [], params: {}, diagnostics: [] };
  if (!isMap(value)) {
    out.diagnostics.push({ severity: 'warning', file: lockPath, line: 1, message: `${lockPath} holds no stages` });
    return out;
  }
  // Schema 2.0 keeps stages under `stages:`; DVC 1.x put them at the top level.
  const stages = isMap(value.stages) ? value.stages : value.schema === undefined ? value : {};
  for (const [stage, body] of Object.entries(stages)) {
    if (!isMap(body)) continue;
    for (const kind of ['deps', 'outs'] as const) {
      const list = body[kind];
      if (list === undefined) continue;
      if (!Array.isArray(list)) {
        out.diagnostics.push({ severity: 'warning', file: lockPath, message: `${lockPath}: ${stage}.${kind} is not a list` });
        continue;
      }
      for (const item of list) {
        const entry = hashEntryFrom(item, folder, lockPath, 'dvc.lock', out.diagnostics);
        if (entry) out.entries.push({ ...entry, stage });
      }
    }
    if (isMap(body.params)) {
      for (const [file, values] of Object.entries(body.params)) {
        if (isMap(values)) out.params[file] = { ...(out.params[file] ?? {}), ...values };
      }
    }
  }
  return out;
}

/** A dvc.lock or .dvc `{path, md5, hash, size, nfiles}` item as a normalized hash entry. */
export function hashEntryFrom(
  item: unknown,
  folder: string,
  sourceFile: string,
  source: 'dvc.lock' | 'dvc-file',
  diagnostics: Diagnostic[],
): HashEntry | undefined {
  if (!isMap(item)) return undefined;
  const checked = resolveRepoPath(folder, item.path);
  if (!checked.ok) {
    diagnostics.push({ severity: 'warning', file: sourceFile, message: `${sourceFile}: ${checked.reason}` });
    return undefined;
  }
  const md5 = typeof item.md5 === 'string' ? item.md5 : undefined;
  const etag = typeof item.etag === 'string' ? item.etag : undefined;
  const checksum = typeof item.checksum === 'string' ? item.checksum : undefined;
  const hash = md5 ?? etag ?? checksum ?? null;
  // DVC 3 writes `hash: md5` beside md5s of raw bytes; without it the md5 is a DVC 2 one.
  const algorithm = md5 ? (item.hash === 'md5' ? 'md5' : 'md5-dvc2') : etag ? 'etag' : 'unknown';
  const entry: HashEntry = { path: checked.path, hash, algorithm, source, sourceFile };
  if (typeof item.size === 'number') entry.size = item.size;
  if (typeof item.nfiles === 'number') entry.nfiles = item.nfiles;
  if (hash?.endsWith('.dir')) entry.isDir = true;
  return entry;
}

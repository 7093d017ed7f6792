// dvc.lock: per stage, the hashes of its deps and outs and the resolved params.
import { isMap } from '../structuredText';
import { resolveLocation, resolveRepoPath } from '../repoPath';
import type { Diagnostic, HashEntry } from '../types';

/** One stage of a lock: what it read (`deps`) and what it wrote (`outs`). */
export interface LockStage {
  name: string;
  deps: HashEntry[];
  outs: HashEntry[];
}

export interface DvcLock {
  /** Every dep and out of every stage, in the lock's order. */
  entries: HashEntry[];
  stages: LockStage[];
  /** `params.yaml` → `{ 'train.lr': 0.1 }` as locked. */
  params: Record<string, Record<string, unknown>>;
  diagnostics: Diagnostic[];
}

/**
 * Reads a parsed dvc.lock at `lockPath`; paths inside are relative to its folder, or to a stage's
 * `wdir` where dvc.yaml gives one (`stageFolders`: stage name → repository-relative folder).
 */
export function readDvcLock(value: unknown, lockPath: string, folder: string, stageFolders: Readonly<Record<string, string>> = {}): DvcLock {
  const out: DvcLock = { entries: [], stages: [], params: {}, diagnostics: [] };
  const warn = (message: string, line?: number) => out.diagnostics.push({ severity: 'warning', file: lockPath, line, message: `${lockPath}: ${message}` });
  if (!isMap(value)) {
    warn('holds no stages', 1);
    return out;
  }
  // Schema 2.0 keeps stages under `stages:`; DVC 1.x put them at the top level.
  let stages: Record<string, unknown>;
  if (value.schema === undefined && value.stages === undefined) stages = value;
  else if (isMap(value.stages)) stages = value.stages;
  else {
    if (value.stages !== undefined && value.stages !== null) warn("'stages' is not a map of stages");
    stages = {};
  }
  if (value.schema !== undefined && value.schema !== '2.0') {
    out.diagnostics.push({ severity: 'info', file: lockPath, message: `${lockPath}: schema ${JSON.stringify(value.schema)} is newer than this reader knows (2.0); read as 2.0` });
  }
  for (const [stage, body] of Object.entries(stages)) {
    if (!isMap(body)) {
      warn(`stage '${stage}' is not a map`);
      continue;
    }
    const stageFolder = Object.hasOwn(stageFolders, stage) ? stageFolders[stage]! : folder;
    const lockStage: LockStage = { name: stage, deps: [], outs: [] };
    out.stages.push(lockStage);
    for (const kind of ['deps', 'outs'] as const) {
      const list = body[kind];
      if (list === undefined || list === null) continue;
      if (!Array.isArray(list)) {
        warn(`${stage}.${kind} is not a list`);
        continue;
      }
      for (const item of list) {
        const entry = hashEntryFrom(item, stageFolder, lockPath, 'dvc.lock', out.diagnostics);
        if (!entry) continue;
        const staged = { ...entry, stage };
        out.entries.push(staged);
        lockStage[kind].push(staged);
      }
    }
    if (isMap(body.params)) {
      for (const [file, values] of Object.entries(body.params)) {
        if (!isMap(values)) continue;
        const checked = resolveRepoPath(stageFolder, file);
        if (!checked.ok) {
          warn(`params of ${stage}: ${checked.reason}`);
          continue;
        }
        // defineProperty: a params file named __proto__ stays a key.
        const merged = { ...(Object.hasOwn(out.params, checked.path) ? out.params[checked.path] : {}), ...values };
        Object.defineProperty(out.params, checked.path, { value: merged, enumerable: true, writable: true, configurable: true });
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
  if (!isMap(item)) {
    diagnostics.push({ severity: 'warning', file: sourceFile, message: `${sourceFile}: an entry is not a map of path and hash` });
    return undefined;
  }
  // `s3://…` deps of `dvc import-url` stages are remote storage, kept as written.
  const checked = resolveLocation(folder, item.path);
  if (!checked.ok) {
    diagnostics.push({ severity: 'warning', file: sourceFile, message: `${sourceFile}: ${checked.reason}` });
    return undefined;
  }
  const path = checked.path;
  const md5 = typeof item.md5 === 'string' ? item.md5 : undefined;
  const etag = typeof item.etag === 'string' ? item.etag : undefined;
  const checksum = typeof item.checksum === 'string' ? item.checksum : undefined;
  const hash = md5 ?? etag ?? checksum ?? null;
  // DVC 3 writes `hash: md5` beside md5s of raw bytes; without it the md5 is a DVC 2 one.
  const algorithm = md5 ? (item.hash === 'md5' ? 'md5' : 'md5-dvc2') : etag ? 'etag' : 'unknown';
  const entry: HashEntry = { path, hash, algorithm, source, sourceFile };
  if (typeof item.size === 'number') entry.size = item.size;
  if (typeof item.nfiles === 'number') entry.nfiles = item.nfiles;
  if (hash?.endsWith('.dir')) entry.isDir = true;
  if (checked.remote) entry.remote = checked.remote;
  return entry;
}

// Whether the working tree's metrics still describe its params: DVC writes metrics when the
// pipeline runs and records the params it ran with in dvc.lock; a params file edited since then
// means the metrics on disk came from other params (the pipeline was not re-run). Pure.
import type { FileSource } from './fileSource';
import { readDvcLock, type DvcLock } from './readers/dvcLock';
import { isMap, parseStructured } from './structuredText';

/** A param dvc.lock recorded that the params file now holds otherwise (or no longer holds). */
export interface StaleParam {
  file: string;
  /** As dvc.lock names it: a dotted path (`train.learning_rate`). */
  key: string;
  locked: unknown;
  /** Undefined when the key is gone from the file. */
  current: unknown;
}

/** The value at a dotted path of a parsed params file; a key with dots of its own is tried whole first. */
function at(values: unknown, key: string): unknown {
  if (values === null || typeof values !== 'object') return undefined;
  const obj = values as Record<string, unknown>;
  if (Object.hasOwn(obj, key)) return obj[key];
  const dot = key.indexOf('.');
  if (dot < 0) return undefined;
  for (let i = dot; i >= 0; i = key.indexOf('.', i + 1)) {
    const head = key.slice(0, i);
    if (Object.hasOwn(obj, head)) {
      const found = at(obj[head], key.slice(i + 1));
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

/** Equal as YAML values: numbers by value (1.0 is 1), maps whatever their key order. */
function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a === 'number' && typeof b === 'number') return Number.isNaN(a) && Number.isNaN(b);
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => same(x, b[i]));
  if (isMap(a) && isMap(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => Object.hasOwn(b, k) && same(a[k], b[k]));
  }
  return false;
}

/**
 * The params that differ from what dvc.lock recorded. `current` holds each params file as parsed
 * from the working tree; a file that could not be read says nothing (it is not counted stale).
 * Empty: the metrics are the pipeline's for these params.
 */
export function staleParams(lock: Pick<DvcLock, 'params'>, current: Readonly<Record<string, unknown>>): StaleParam[] {
  const stale: StaleParam[] = [];
  for (const [file, locked] of Object.entries(lock.params)) {
    if (!Object.hasOwn(current, file)) continue;
    for (const [key, value] of Object.entries(locked)) {
      const now = at(current[file], key);
      if (!same(now, value)) stale.push({ file, key, locked: value, current: now });
    }
  }
  return stale;
}

/** The stale params named `params.yaml:train.lr`, sorted: what a version record carries and the CLI prints. */
export function staleParamNames(locked: DvcLock['params'], files: Readonly<Record<string, unknown>>): string[] {
  return staleParams({ params: locked }, files).map((p) => `${p.file}:${p.key}`).sort();
}

/**
 * The stale params of the dvc.lock files at `lockPaths` as `source` (the working tree) holds them
 * and their params files; a lock or params file that is missing or does not parse says nothing.
 */
export async function readStaleParams(source: FileSource, lockPaths: readonly string[]): Promise<StaleParam[]> {
  const parsed = async (path: string) => {
    const r = await source.read(path);
    if (r.kind !== 'file') return undefined;
    const p = parseStructured(path, r.text);
    return p.diagnostics.some((d) => d.severity === 'error') ? undefined : p.value;
  };
  const stale: StaleParam[] = [];
  for (const lockPath of lockPaths) {
    const value = await parsed(lockPath);
    if (value === undefined) continue;
    const folder = lockPath.includes('/') ? lockPath.slice(0, lockPath.lastIndexOf('/')) : '';
    const lock = readDvcLock(value, lockPath, folder);
    const current: Record<string, unknown> = {};
    for (const file of Object.keys(lock.params)) {
      const v = await parsed(file);
      if (v !== undefined) Object.defineProperty(current, file, { value: v, enumerable: true });
    }
    stale.push(...staleParams(lock, current));
  }
  return stale;
}

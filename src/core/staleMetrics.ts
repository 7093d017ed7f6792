// Metrics are stale when the params a pipeline ran with (dvc.lock's `params:`) are not the
// params on disk: the pipeline was not re-run, so the metrics describe other params. A working
// tree's metrics are then marked stale rather than coloured better or worse than a version's.
import { isMap } from './structuredText';

/**
 * The params (`params.yaml:train.lr`) whose locked value differs from the params file's value,
 * or that the file no longer has. `locked`: file → dotted key → value, as dvc.lock records them;
 * `files`: file → its parsed content (undefined when it was not read: nothing is said of it).
 */
export function staleParams(locked: Readonly<Record<string, Readonly<Record<string, unknown>>>>, files: Readonly<Record<string, unknown>>): string[] {
  const stale: string[] = [];
  for (const [file, keys] of Object.entries(locked)) {
    if (!Object.hasOwn(files, file) || files[file] === undefined) continue;
    const content = files[file];
    for (const [key, value] of Object.entries(keys)) {
      if (!sameValue(valueAt(content, key), value)) stale.push(`${file}:${key}`);
    }
  }
  return stale.sort();
}

/** `a.b.c` in nested maps; a key with a dot in it is tried whole first, as DVC writes it. */
function valueAt(content: unknown, key: string): unknown {
  if (!isMap(content)) return undefined;
  if (Object.hasOwn(content, key)) return content[key];
  const dot = key.indexOf('.');
  for (let i = dot; i !== -1; i = key.indexOf('.', i + 1)) {
    const head = key.slice(0, i);
    if (Object.hasOwn(content, head)) {
      const v = valueAt(content[head], key.slice(i + 1));
      if (v !== undefined) return v;
    }
  }
  return undefined;
}

/** Equal as YAML values: numbers by value (1.0 is 1), maps whatever their key order. */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a === 'number' && typeof b === 'number') return a === b || (Number.isNaN(a) && Number.isNaN(b));
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
  if (isMap(a) && isMap(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => Object.hasOwn(b, k) && sameValue(a[k], b[k]));
  }
  return false;
}

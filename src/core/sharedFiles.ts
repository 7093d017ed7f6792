// Files several models share (dvc.lock, dvc.yaml, params.yaml) restored per entry: only this
// model's stages, artifact and params take the version's text; every other byte of the file is
// kept as it is. Entries are spliced by the yaml parser's source ranges, so the rest of the file
// is never re-serialised; only where that cannot be done (a flow map, a parent missing) does the
// yaml library write the file, as close to the original as it can.
import type * as YamlLib from 'yaml';

let yamlLib: typeof YamlLib | undefined;
function yaml(): typeof YamlLib {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (yamlLib ??= require('yaml') as typeof YamlLib);
}

/** A key path inside a YAML or JSON file: `['stages', 'train']`, `['train', 'lr']`. */
export type KeyPath = readonly string[];

export interface MergeResult {
  text: string;
  /** The keys whose text changed (added, replaced or removed). */
  changed: string[];
}

/**
 * `current` with the entries at `keys` as `target` has them: replaced, added where `current`
 * lacks them, removed where `target` does. Undefined when either text does not parse as a map.
 */
export function mergeEntries(current: string, target: string, keys: readonly KeyPath[], json = false): MergeResult | undefined {
  if (json) return mergeJson(current, target, keys);
  const Y = yaml();
  const cur = Y.parseDocument(current);
  const tgt = Y.parseDocument(target);
  if (cur.errors.length || tgt.errors.length) return undefined;
  if (!(Y.isMap(cur.contents) || cur.contents === null) || !(Y.isMap(tgt.contents) || tgt.contents === null)) return undefined;
  const changed: string[] = [];
  // Splices from the end backwards, so earlier offsets stay valid; a key a splice cannot do goes to the document API.
  const edits: Array<{ start: number; end: number; text: string }> = [];
  const viaApi: KeyPath[] = [];
  for (const key of keys) {
    const want = tgt.getIn(key, true);
    const have = cur.getIn(key, true);
    const wantText = want === undefined ? undefined : pairText(Y, tgt, target, key);
    const haveText = have === undefined ? undefined : pairText(Y, cur, current, key);
    if (want === undefined && have === undefined) continue;
    if (wantText !== undefined && haveText !== undefined && reindent(wantText.text, haveText.indent - wantText.indent) === haveText.text) continue;
    if (want !== undefined && have !== undefined && wantText === undefined && JSON.stringify(tgt.getIn(key)) === JSON.stringify(cur.getIn(key))) continue;
    changed.push(key.join('.'));
    if (haveText && wantText) edits.push({ start: haveText.start, end: haveText.end, text: reindent(wantText.text, haveText.indent - wantText.indent) });
    else if (haveText && want === undefined) edits.push({ start: haveText.start, end: haveText.end, text: '' });
    else if (!have && wantText) {
      const at = appendPoint(Y, cur, current, key.slice(0, -1));
      if (at) edits.push({ start: at.offset, end: at.offset, text: (at.needsNewline ? '\n' : '') + reindent(wantText.text, at.indent - wantText.indent) });
      else viaApi.push(key);
    } else viaApi.push(key);
  }
  if (viaApi.length) {
    if (edits.length) {
      // Both kinds at once: the document API for all, so that no splice offsets go stale.
      return apiMerge(Y, cur, tgt, keys, changed, current);
    }
    return apiMerge(Y, cur, tgt, viaApi, changed, current);
  }
  let text = current;
  for (const e of edits.sort((a, b) => b.start - a.start)) text = text.slice(0, e.start) + e.text + text.slice(e.end);
  return { text, changed };
}

function apiMerge(Y: typeof YamlLib, cur: YamlLib.Document, tgt: YamlLib.Document, keys: readonly KeyPath[], changed: string[], original: string): MergeResult {
  for (const key of keys) {
    const want = tgt.getIn(key, true);
    if (want === undefined) {
      if (cur.hasIn(key)) cur.deleteIn(key);
    } else cur.setIn(key, Y.isNode(want) ? want.clone() : want);
  }
  return { text: cur.toString({ indentSeq: indentsSequences(original) }), changed };
}

/** Whether a file writes `key:\n  - item` (true) or DVC's `key:\n- item` (false). */
function indentsSequences(src: string): boolean {
  const m = /^( *)[^\s#-][^\n]*:[ \t]*\n( *)- /m.exec(src);
  return m ? m[2]!.length > m[1]!.length : true;
}

interface PairText {
  start: number;
  end: number;
  text: string;
  indent: number;
}

/** The text of the `key: value` lines at `path` in a block map, with its indentation. */
function pairText(Y: typeof YamlLib, doc: YamlLib.Document, src: string, path: KeyPath): PairText | undefined {
  const parent = path.length > 1 ? doc.getIn(path.slice(0, -1), true) : doc.contents;
  if (!Y.isMap(parent) || parent.flow) return undefined;
  const pair = parent.items.find((p) => Y.isScalar(p.key) && String(p.key.value) === path[path.length - 1]);
  if (!pair || !Y.isScalar(pair.key) || !pair.key.range) return undefined;
  const keyStart = pair.key.range[0];
  const start = src.lastIndexOf('\n', keyStart - 1) + 1;
  if (src.slice(start, keyStart).trim() !== '') return undefined; // not at the start of its line
  const value = pair.value as YamlLib.Node | null;
  if (value && Y.isCollection(value) && value.flow === false && value.items.length === 0) return undefined;
  let end = value?.range ? value.range[2] : pair.key.range[2];
  if (src[end - 1] !== '\n') {
    const nl = src.indexOf('\n', end);
    end = nl === -1 ? src.length : nl + 1;
  }
  return { start, end, text: src.slice(start, end), indent: keyStart - start };
}

/** Where a new key of the map at `parentPath` goes: after its last entry, indented like it. */
function appendPoint(Y: typeof YamlLib, doc: YamlLib.Document, src: string, parentPath: KeyPath): { offset: number; indent: number; needsNewline: boolean } | undefined {
  const parent = parentPath.length ? doc.getIn(parentPath, true) : doc.contents;
  if (!Y.isMap(parent) || parent.flow || !parent.items.length) return undefined;
  const last = parent.items[parent.items.length - 1]!;
  const lastKey = Y.isScalar(last.key) ? String(last.key.value) : undefined;
  if (lastKey === undefined) return undefined;
  const t = pairText(Y, doc, src, [...parentPath, lastKey]);
  if (!t) return undefined;
  return { offset: t.end, indent: t.indent, needsNewline: t.end === src.length && !src.endsWith('\n') };
}

/** Shifts every line's indentation by `delta` spaces. */
function reindent(text: string, delta: number): string {
  if (delta === 0) return text;
  return text.replace(/^( *)(?=\S)/gm, (s) => ' '.repeat(Math.max(0, s.length + delta)));
}

function mergeJson(current: string, target: string, keys: readonly KeyPath[]): MergeResult | undefined {
  let cur: unknown;
  let tgt: unknown;
  try {
    cur = JSON.parse(current);
    tgt = JSON.parse(target);
  } catch {
    return undefined;
  }
  if (!isObject(cur) || !isObject(tgt)) return undefined;
  const changed: string[] = [];
  for (const key of keys) {
    const want = getIn(tgt, key);
    const have = getIn(cur, key);
    if (JSON.stringify(want) === JSON.stringify(have)) continue;
    changed.push(key.join('.'));
    setIn(cur, key, want);
  }
  const indent = /^\{\n( +)"/.exec(current)?.[1]?.length ?? 2;
  return { text: JSON.stringify(cur, null, indent) + (current.endsWith('\n') ? '\n' : ''), changed };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function getIn(o: Record<string, unknown>, key: KeyPath): unknown {
  let v: unknown = o;
  for (const k of key) {
    if (!isObject(v) || !Object.hasOwn(v, k)) return undefined;
    v = v[k];
  }
  return v;
}

function setIn(o: Record<string, unknown>, key: KeyPath, value: unknown): void {
  let v = o;
  for (const k of key.slice(0, -1)) {
    if (!isObject(v[k])) Object.defineProperty(v, k, { value: {}, enumerable: true, writable: true, configurable: true });
    v = v[k] as Record<string, unknown>;
  }
  const last = key[key.length - 1]!;
  if (value === undefined) delete v[last];
  else Object.defineProperty(v, last, { value, enumerable: true, writable: true, configurable: true });
}

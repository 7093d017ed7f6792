// Parses YAML and JSON files into plain values, turning every problem into a diagnostic with a
// line number instead of an exception: one bad file must never empty the tree.
import type { CST, Document, LineCounter } from 'yaml';
import type * as YamlLib from 'yaml';

// Loaded on first use: a listing that reads no YAML (the CLI's list) does not pay for it.
let yamlLib: typeof YamlLib | undefined;
function yaml(): typeof YamlLib {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (yamlLib ??= require('yaml') as typeof YamlLib);
}
import type { Diagnostic } from './types';

export interface Parsed {
  value: unknown;
  diagnostics: Diagnostic[];
}

/** Files this large are reported, not parsed: no manifest or params file is anywhere near it. */
export const MAX_STRUCTURED_BYTES = 8 * 1024 * 1024;

/**
 * Deepest nesting read. Real configs stay under ten; the yaml composer recurses per level, and a
 * stack overflow inside it can leave V8's regexp compiler broken so that the next parse aborts
 * the whole process, so depth is checked before composing, never left to a RangeError.
 */
export const MAX_NESTING = 100;

/** At most this many diagnostics per file: a broken file must not flood the Problems view. */
const MAX_DIAGNOSTICS = 20;

const YAML_OPTIONS = {
  // The library's own duplicate-key check compares each key with every earlier one (40,000 keys
  // took 10 s), so duplicates are found afterwards with a set (duplicateKeyOffsets).
  // merge reads `<<: *defaults` as DVC's ruamel.yaml does;
  // logLevel keeps the library from writing warnings to the console.
  uniqueKeys: false,
  strict: true,
  merge: true,
  prettyErrors: false,
  logLevel: 'error',
} as const;

export function isYamlPath(path: string): boolean {
  return /\.ya?ml$/i.test(path) || /(^|\/)(MLmodel|dvc\.lock)$/.test(path);
}

export function isJsonPath(path: string): boolean {
  return /\.json$/i.test(path);
}

/** Parses by file extension; YAML for anything not JSON. */
export function parseStructured(path: string, text: string): Parsed {
  return isJsonPath(path) ? parseJson(path, text) : parseYaml(path, text);
}

/** Parses one YAML document; aliases are limited, depth is limited, and cycles are refused. */
export function parseYaml(path: string, text: string): Parsed {
  text = stripBom(text);
  if (text.includes('\0')) return failed(path, 1, `${path} is not a text file`);
  const { LineCounter, Parser, Composer } = yaml();
  const lineCounter = new LineCounter();
  // The library makes an Error per problem; a megabyte of `"` is 500,000 of them, and capturing
  // their stacks took two thirds of the time. Only their messages and offsets are used.
  const stackTraceLimit = Error.stackTraceLimit;
  try {
    Error.stackTraceLimit = 0;
    // The parser is iterative; only the composer recurses, so the depth is measured in between.
    const tokens = [...new Parser(lineCounter.addNewLine).parse(text)];
    const deep = tooDeepOffset(tokens);
    if (deep !== undefined) {
      const pos = lineCounter.linePos(deep);
      return failed(path, pos.line, `${path}: it is nested more than ${MAX_NESTING} levels deep; it is not read`, pos.col);
    }
    const docs: Document.Parsed[] = [];
    for (const doc of new Composer(YAML_OPTIONS).compose(tokens, true, text.length)) docs.push(doc);
    Error.stackTraceLimit = stackTraceLimit;
    const doc = docs[0]!;
    const diagnostics: Diagnostic[] = [];
    for (const e of doc.errors) diagnostics.push(toDiagnostic(path, 'error', e.message, e.pos?.[0], lineCounter));
    for (const w of doc.warnings) diagnostics.push(toDiagnostic(path, 'warning', w.message, w.pos?.[0], lineCounter));
    for (const offset of duplicateKeyOffsets(doc)) diagnostics.push(toDiagnostic(path, 'error', 'Map keys must be unique', offset, lineCounter));
    if (docs.length > 1) {
      diagnostics.push(toDiagnostic(path, 'error', 'it holds more than one YAML document (---)', docs[1]!.range[0], lineCounter));
    }
    if (diagnostics.some((d) => d.severity === 'error')) return { value: undefined, diagnostics: capped(diagnostics) };
    // maxAliasCount stops alias bombs ("billion laughs").
    const value = doc.toJS({ maxAliasCount: 100 });
    const shape = checkShape(value);
    if (shape) return { value: undefined, diagnostics: capped([...diagnostics, { severity: 'error', file: path, line: 1, message: `${path}: ${shape}` }]) };
    return { value, diagnostics: capped(diagnostics) };
  } catch (e) {
    const message = e instanceof RangeError ? 'it is nested too deeply to read' : (e as Error).message;
    return failed(path, 1, `${path}: ${message}`);
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
  }
}

export function parseJson(path: string, text: string): Parsed {
  text = stripBom(text);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    const message = ((e as Error).message.split('\n')[0] ?? '').replace(/, ".*$/, '');
    const pos = /position (\d+)/.exec(message);
    // V8 gives a position for most errors; "end of input" is at the end; the rest have none.
    const offset = pos ? Number(pos[1]) : /end of JSON input/.test(message) ? text.length : 0;
    const line = text.slice(0, offset).split('\n').length;
    const column = offset - text.lastIndexOf('\n', offset - 1);
    return failed(path, line, `${path}: ${message}`, column);
  }
  // JSON.parse itself never overflows, but everything that walks the value afterwards might.
  const shape = checkShape(value);
  if (shape) return failed(path, 1, `${path}: ${shape}`);
  return { value, diagnostics: [] };
}

/** True for a plain object (not an array, not null). */
export function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date) && !(v instanceof Map) && !(v instanceof Set) && !ArrayBuffer.isView(v);
}

function failed(path: string, line: number, message: string, column?: number): Parsed {
  const d: Diagnostic = { severity: 'error', file: path, line, message };
  if (column !== undefined) d.column = column;
  return { value: undefined, diagnostics: [d] };
}

function capped(diagnostics: Diagnostic[]): Diagnostic[] {
  if (diagnostics.length <= MAX_DIAGNOSTICS) return diagnostics;
  const rest = diagnostics.length - MAX_DIAGNOSTICS;
  const first = diagnostics[0]!;
  return [...diagnostics.slice(0, MAX_DIAGNOSTICS), { severity: 'info', file: first.file, message: `${first.file}: ${rest} more problems are not shown` }];
}

/** Where a map repeats a scalar key, in one pass per map (the YAML library's check is quadratic). */
function duplicateKeyOffsets(doc: Document.Parsed): number[] {
  const { visit, isScalar } = yaml();
  const offsets: number[] = [];
  // Depth is already limited to MAX_NESTING, so the library's recursive visit cannot overflow.
  visit(doc, {
    Map(_, map) {
      const seen = new Set<unknown>();
      for (const pair of map.items) {
        const key = pair.key;
        if (!isScalar(key) || (typeof key.value === 'object' && key.value !== null)) continue;
        if (key.value === '<<' && key.source === '<<') continue;
        if (seen.has(key.value)) offsets.push(key.range?.[0] ?? 0);
        else seen.add(key.value);
        if (offsets.length > MAX_DIAGNOSTICS) return visit.BREAK;
      }
      return undefined;
    },
  });
  return offsets;
}

const COLLECTIONS = new Set(['block-map', 'block-seq', 'flow-collection']);

/** Offset of the first collection nested deeper than MAX_NESTING in a CST, if any. */
function tooDeepOffset(tokens: readonly CST.Token[]): number | undefined {
  const stack: Array<[unknown, number]> = tokens.map((t) => [t, 0]);
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    if (Array.isArray(node)) {
      for (const child of node) if (typeof child === 'object' && child !== null) stack.push([child, depth]);
      continue;
    }
    const n = node as Record<string, unknown>;
    const d = typeof n.type === 'string' && COLLECTIONS.has(n.type) ? depth + 1 : depth;
    if (d > MAX_NESTING) return typeof n.offset === 'number' ? n.offset : 0;
    for (const key of ['value', 'items', 'key', 'props']) {
      const child = n[key];
      if (typeof child === 'object' && child !== null) stack.push([child, d]);
    }
  }
  return undefined;
}

/**
 * Why a parsed value cannot be used, if it cannot: nested deeper than MAX_NESTING (aliases can
 * deepen a value beyond its text), or a self-referencing alias (`a: &a [*a]`), whose cycle would
 * never end a walk.
 */
export function checkShape(value: unknown): string | undefined {
  const onPath = new Set<object>();
  // Entries are [node, depth, leaving]: leaving pops the node off the current path.
  const stack: Array<[unknown, number, boolean]> = [[value, 0, false]];
  while (stack.length) {
    const [node, depth, leaving] = stack.pop()!;
    if (typeof node !== 'object' || node === null || node instanceof Date || ArrayBuffer.isView(node)) continue;
    if (leaving) {
      onPath.delete(node);
      continue;
    }
    if (onPath.has(node)) return 'it refers to itself through an alias; it is not read';
    if (depth >= MAX_NESTING) return `it is nested more than ${MAX_NESTING} levels deep; it is not read`;
    onPath.add(node);
    stack.push([node, depth, true]);
    const children = node instanceof Map || node instanceof Set ? [...node.values()] : Object.values(node);
    for (const c of children) stack.push([c, depth + 1, false]);
  }
  return undefined;
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function toDiagnostic(path: string, severity: 'error' | 'warning', message: string, offset: number | undefined, lc: LineCounter): Diagnostic {
  const pos = offset !== undefined ? lc.linePos(offset) : undefined;
  const firstLine = message.split('\n')[0]!;
  return { severity, file: path, line: pos?.line ?? 1, column: pos?.col, message: `${path}: ${firstLine}` };
}

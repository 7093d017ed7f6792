// Parses YAML and JSON files into plain values, turning every problem into a diagnostic with a
// line number instead of an exception: one bad file must never empty the tree.
import { LineCounter, parseDocument } from 'yaml';
import type { Diagnostic } from './types';

export interface Parsed {
  value: unknown;
  diagnostics: Diagnostic[];
}

/** Files this large are reported, not parsed: no manifest or params file is anywhere near it. */
export const MAX_STRUCTURED_BYTES = 8 * 1024 * 1024;

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

export function parseYaml(path: string, text: string): Parsed {
  const diagnostics: Diagnostic[] = [];
  text = stripBom(text);
  if (text.includes('\0')) {
    return { value: undefined, diagnostics: [{ severity: 'error', file: path, line: 1, message: `${path} is not a text file` }] };
  }
  const lineCounter = new LineCounter();
  try {
    // maxAliasCount stops alias bombs ("billion laughs"); uniqueKeys reports duplicate keys.
    const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, strict: true });
    for (const e of doc.errors) diagnostics.push(toDiagnostic(path, 'error', e.message, e.pos?.[0], lineCounter));
    for (const w of doc.warnings) diagnostics.push(toDiagnostic(path, 'warning', w.message, w.pos?.[0], lineCounter));
    if (doc.errors.length) return { value: undefined, diagnostics };
    const value = doc.toJS({ maxAliasCount: 100 });
    return { value, diagnostics };
  } catch (e) {
    // Deep nesting overflows the stack; alias expansion over the limit throws.
    const message = e instanceof RangeError ? 'it is nested too deeply to read' : (e as Error).message;
    diagnostics.push({ severity: 'error', file: path, line: 1, message: `${path}: ${message}` });
    return { value: undefined, diagnostics };
  }
}

export function parseJson(path: string, text: string): Parsed {
  text = stripBom(text);
  try {
    return { value: JSON.parse(text), diagnostics: [] };
  } catch (e) {
    const message = e instanceof RangeError ? 'it is nested too deeply to read' : (e as Error).message;
    const pos = /position (\d+)/.exec(message);
    const offset = pos ? Number(pos[1]) : 0;
    const line = text.slice(0, offset).split('\n').length;
    const column = offset - text.lastIndexOf('\n', offset - 1);
    return { value: undefined, diagnostics: [{ severity: 'error', file: path, line, column, message: `${path}: ${message}` }] };
  }
}

/** True for a plain object (not an array, not null). */
export function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function toDiagnostic(path: string, severity: 'error' | 'warning', message: string, offset: number | undefined, lc: LineCounter): Diagnostic {
  const pos = offset !== undefined ? lc.linePos(offset) : undefined;
  const firstLine = message.split('\n')[0]!;
  return { severity, file: path, line: pos?.line, column: pos?.col, message: `${path}: ${firstLine}` };
}

// The plain YAML most manifests are written in — `key: value` lines, nested maps, lists of plain
// words and numbers — read without the YAML library, which spends about a millisecond per small
// file building a document, its tokens and its error machinery: 500 model.yaml files were most of
// the editor's wait for its tree. Anything outside this subset (quotes with escapes, anchors,
// block scalars, tabs, comments after values, numbers in another spelling, a repeated key) is
// left to the library, so every problem is still reported by it, with its line and column.

/** Deepest nesting read here; deeper files go to the library, which checks depth itself. */
const MAX_DEPTH = 32;

const MAP_LINE = /^( *)([A-Za-z_][A-Za-z0-9_.-]*):(?: +(.*))?$/;
const SEQ_LINE = /^( *)- +(.*)$/;
/** Plain text that can only be a string in YAML 1.2's core schema (the library's default). */
const PLAIN = /^[A-Za-z_/][A-Za-z0-9_ .,/()+=-]*$/;
const INT = /^(0|-?[1-9][0-9]{0,14})$/;
const FLOAT = /^-?(0|[1-9][0-9]{0,14})\.[0-9]{1,15}$/;
/** Words the core schema reads as null or booleans (as keys the library would not give strings). */
const SPECIAL = /^(null|Null|NULL|true|True|TRUE|false|False|FALSE)$/;

interface Line {
  indent: number;
  text: string;
}

class NotSimple extends Error {}

/**
 * The value of a YAML document whose top level is a map written in the plain subset; undefined
 * when the document is anything else (then the YAML library must read it).
 */
export function parseSimpleYaml(text: string): Record<string, unknown> | undefined {
  if (/[\t\r\0#'"&*!|>%@`{}\\?]/.test(text.replace(/^ *#.*$/gm, '')) || text.charCodeAt(0) === 0xfeff) return undefined;
  const lines: Line[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.replace(/ +$/, '');
    const body = line.trimStart();
    if (body === '' || body.startsWith('#')) continue;
    lines.push({ indent: line.length - body.length, text: line });
  }
  if (lines.length === 0 || lines[0]!.indent !== 0) return undefined;
  try {
    const at = { i: 0 };
    const value = readMap(lines, at, 0, 0);
    return at.i === lines.length ? value : undefined;
  } catch (e) {
    if (e instanceof NotSimple) return undefined;
    throw e;
  }
}

function readMap(lines: Line[], at: { i: number }, indent: number, depth: number): Record<string, unknown> {
  if (depth > MAX_DEPTH) throw new NotSimple();
  const map: Record<string, unknown> = {};
  while (at.i < lines.length) {
    const line = lines[at.i]!;
    if (line.indent < indent) break;
    if (line.indent > indent) throw new NotSimple();
    const m = MAP_LINE.exec(line.text);
    if (!m) throw new NotSimple();
    const key = m[2]!;
    if (SPECIAL.test(key) || key === '__proto__' || Object.hasOwn(map, key)) throw new NotSimple();
    at.i++;
    const rest = m[3];
    if (rest !== undefined) {
      map[key] = readValue(rest);
      continue;
    }
    const next = lines[at.i];
    if (next && next.indent > indent) {
      map[key] = SEQ_LINE.test(next.text) ? readSeq(lines, at, next.indent) : readMap(lines, at, next.indent, depth + 1);
    } else if (next && next.indent === indent && SEQ_LINE.test(next.text)) {
      // A list may sit at its key's own indentation.
      map[key] = readSeq(lines, at, indent);
    } else {
      map[key] = null;
    }
  }
  return map;
}

/** A list of scalars, one `- item` a line. */
function readSeq(lines: Line[], at: { i: number }, indent: number): unknown[] {
  const items: unknown[] = [];
  while (at.i < lines.length) {
    const line = lines[at.i]!;
    if (line.indent !== indent) {
      if (line.indent > indent) throw new NotSimple();
      break;
    }
    const m = SEQ_LINE.exec(line.text);
    if (!m) break;
    // `- key: value` (a map in a list) is left to the library.
    if (/: |:$/.test(m[2]!)) throw new NotSimple();
    items.push(readValue(m[2]!));
    at.i++;
  }
  return items;
}

/** A value after `key: `: a scalar, or a flow list of scalars. */
function readValue(text: string): unknown {
  if (text.startsWith('[')) {
    if (!text.endsWith(']')) throw new NotSimple();
    const inner = text.slice(1, -1).trim();
    if (inner === '') return [];
    return inner.split(',').map((part) => {
      const item = part.trim();
      // Inside brackets `[`, `]` and `,` are the list's own; an empty item is an error.
      if (item === '' || /[[\]]/.test(item)) throw new NotSimple();
      return scalar(item);
    });
  }
  if (text.includes(': ') || text.endsWith(':') || text.includes('[') || text.includes(']')) throw new NotSimple();
  return scalar(text);
}

function scalar(text: string): unknown {
  if (INT.test(text)) return Number(text);
  if (FLOAT.test(text)) return Number(text);
  if (SPECIAL.test(text)) return text.startsWith('n') || text.startsWith('N') ? null : text[0] === 't' || text[0] === 'T';
  if (PLAIN.test(text) && !/ ,|, *$/.test(text)) return text;
  throw new NotSimple();
}

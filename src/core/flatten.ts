// Nested maps to dotted key paths, the unit the diff compares.

/** A leaf value after flattening: scalars as they are, empty maps and lists as `{}` / `[]`. */
export type Leaf = string | number | boolean | null | bigint | Date | Uint8Array | Record<string, never> | never[];

/**
 * Flattens `{a: {b: 1}, l: [x, y]}` to `a.b`, `l[0]`, `l[1]`, keeping first-seen order.
 * Keys that contain `.`, `[` or `]` are quoted (`["a.b"]`) so paths stay unambiguous.
 */
export function flatten(value: unknown, prefix = '', out: Map<string, unknown> = new Map()): Map<string, unknown> {
  const stack: Array<[string, unknown]> = [[prefix, value]];
  // Iterative so a deeply nested document cannot overflow the stack.
  while (stack.length) {
    const [path, raw] = stack.pop()!;
    // YAML's !!set and !!omap arrive as Set and Map: read them as the list and map they write.
    const v = raw instanceof Set ? [...raw] : raw instanceof Map ? mapToObject(raw) : raw;
    if (Array.isArray(v)) {
      if (v.length === 0 && path) out.set(path, []);
      for (let i = v.length - 1; i >= 0; i--) stack.push([`${path}[${i}]`, v[i]]);
    } else if (typeof v === 'object' && v !== null && !(v instanceof Date) && !ArrayBuffer.isView(v)) {
      const keys = Object.keys(v);
      if (keys.length === 0 && path) out.set(path, {});
      for (let i = keys.length - 1; i >= 0; i--) stack.push([joinKey(path, keys[i]!), (v as Record<string, unknown>)[keys[i]!]]);
    } else if (path) {
      out.set(path, v);
    }
  }
  return out;
}

function mapToObject(m: Map<unknown, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of m) Object.defineProperty(out, String(k), { value: v, enumerable: true, writable: true, configurable: true });
  return out;
}

/** Appends one key to a path, quoting keys that hold `.`, `[`, `]` or are empty. */
export function joinKey(prefix: string, key: string): string {
  const part = /[.[\]]/.test(key) || key === '' ? `["${key.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"]` : key;
  if (!prefix) return part;
  return part.startsWith('[') ? prefix + part : `${prefix}.${part}`;
}

/** A stable text form of a leaf for display and equality. */
export function formatValue(v: unknown): string {
  if (v === undefined) return '';
  if (v === null) return 'null';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return Number.isNaN(v) ? 'NaN' : String(v);
  if (typeof v === 'bigint' || typeof v === 'boolean') return String(v);
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? 'Invalid Date' : v.toISOString();
  // YAML !!binary: shown and compared by content, not as a list of byte values.
  if (v instanceof Uint8Array) return `!!binary ${Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64')}`;
  if (Array.isArray(v) && v.length === 0) return '[]';
  if (typeof v === 'object' && Object.keys(v).length === 0) return '{}';
  try {
    return JSON.stringify(v);
  } catch {
    return String(v);
  }
}

/** Equality of two leaves by kind and value: `1` and `"1"` differ, NaN equals NaN. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b) return false;
  if (typeof a === 'number') return Number.isNaN(a) && Number.isNaN(b as number);
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime() || (Number.isNaN(a.getTime()) && Number.isNaN(b.getTime()));
  if (a === null || b === null) return false;
  if (typeof a === 'object') return formatValue(a) === formatValue(b) && Array.isArray(a) === Array.isArray(b) && a instanceof Uint8Array === b instanceof Uint8Array;
  return false;
}

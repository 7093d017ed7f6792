// Nested maps to dotted key paths, the unit the diff compares.

/** A leaf value after flattening: scalars as they are, empty maps and lists as `{}` / `[]`. */
export type Leaf = string | number | boolean | null | bigint | Date | Record<string, never> | never[];

/**
 * Flattens `{a: {b: 1}, l: [x, y]}` to `a.b`, `l[0]`, `l[1]`, keeping first-seen order.
 * Keys that contain `.`, `[` or `]` are quoted (`["a.b"]`) so paths stay unambiguous.
 */
export function flatten(value: unknown, prefix = '', out: Map<string, unknown> = new Map()): Map<string, unknown> {
  const stack: Array<[string, unknown]> = [[prefix, value]];
  // Iterative so a deeply nested document cannot overflow the stack.
  while (stack.length) {
    const [path, v] = stack.pop()!;
    if (Array.isArray(v)) {
      if (v.length === 0 && path) out.set(path, []);
      for (let i = v.length - 1; i >= 0; i--) stack.push([`${path}[${i}]`, v[i]]);
    } else if (typeof v === 'object' && v !== null && !(v instanceof Date)) {
      const keys = Object.keys(v);
      if (keys.length === 0 && path) out.set(path, {});
      for (let i = keys.length - 1; i >= 0; i--) stack.push([joinKey(path, keys[i]!), (v as Record<string, unknown>)[keys[i]!]]);
    } else if (path) {
      out.set(path, v);
    }
  }
  return out;
}

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
  if (typeof a === 'object') return formatValue(a) === formatValue(b) && Array.isArray(a) === Array.isArray(b);
  return false;
}

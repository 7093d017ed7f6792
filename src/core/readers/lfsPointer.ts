// Git LFS pointer files (git-lfs docs/spec.md): the oid is the real file's sha256.

export interface LfsPointer {
  oid: string;
  size: number;
  /** Every key of the pointer, unknown ones included (the spec says to keep them). */
  fields: Record<string, string>;
}

/** Pointer files are tiny; anything larger is the real content. */
export const MAX_POINTER_BYTES = 1024;

/** Parses a pointer file, or undefined when the text is not one. */
export function parseLfsPointer(text: string): LfsPointer | undefined {
  if (text.length > MAX_POINTER_BYTES || !text.startsWith('version ')) return undefined;
  const fields: Record<string, string> = {};
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const sp = line.indexOf(' ');
    // The spec allows keys of [a-z0-9.-] only; anything else is a file that starts with "version ".
    const key = sp > 0 ? line.slice(0, sp) : '';
    if (!/^[a-z0-9.-]+$/.test(key) || Object.hasOwn(fields, key)) return undefined;
    fields[key] = line.slice(sp + 1);
  }
  if (!/^https:\/\/(git-lfs\.github\.com\/spec\/v1|hawser\.github\.com\/spec\/v1)$/.test(fields.version ?? '')) return undefined;
  const oid = /^sha256:([0-9a-f]{64})$/.exec(fields.oid ?? '');
  const size = fields.size;
  if (!oid || !size || !/^\d+$/.test(size)) return undefined;
  return { oid: oid[1]!, size: Number(size), fields };
}

/** Paths marked `filter=lfs` in a .gitattributes text, as glob patterns. */
export function lfsPatterns(gitattributes: string): string[] {
  const patterns: string[] = [];
  for (const raw of gitattributes.split(/\r?\n/)) {
    const line = raw.trim();
    // `[attr]name …` defines a macro, not a pattern.
    if (!line || line.startsWith('#') || line.startsWith('[attr]')) continue;
    const [pattern, ...attrs] = line.split(/\s+/);
    if (pattern && attrs.includes('filter=lfs')) patterns.push(pattern);
  }
  return patterns;
}

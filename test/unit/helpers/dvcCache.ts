// DVC caches and remotes laid out as DVC writes them, by the tests themselves: DVC 3 objects at
// `<cache>/files/md5/ab/cdef…`, DVC 2 ("legacy") objects at `<cache>/ab/cdef…`, folders as `.dir`
// objects (the JSON list DVC writes, sorted by relpath), objects read-only as DVC leaves them.
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

export type Layout = 'dvc3' | 'dvc2';

export const md5 = (b: string | Buffer): string => createHash('md5').update(b).digest('hex');

/** The md5 DVC 2 gives a text file: of its bytes with CRLF turned into LF (dos2unix). */
export const md5Dvc2 = (text: string): string => md5(text.replace(/\r\n/g, '\n'));

export function objectPath(base: string, hash: string, layout: Layout): string {
  return path.join(base, ...(layout === 'dvc3' ? ['files', 'md5'] : []), hash.slice(0, 2), hash.slice(2));
}

/** Writes one file's object below a cache or remote folder; returns its md5. */
export function putFile(base: string, content: string | Buffer, layout: Layout = 'dvc3'): string {
  const hash = layout === 'dvc2' && typeof content === 'string' ? md5Dvc2(content) : md5(content);
  const p = objectPath(base, hash, layout);
  if (existsSync(p)) return hash;
  mkdirSync(path.dirname(p), { recursive: true });
  // DVC 2 hashed text after dos2unix but kept the file's own bytes.
  writeFileSync(p, content);
  chmodSync(p, 0o444);
  return hash;
}

export interface FolderOut {
  /** `<md5>.dir`, as dvc.lock and .dvc files record it. */
  hash: string;
  nfiles: number;
  size: number;
  /** relpath → md5 of each file. */
  files: Record<string, string>;
  /** The listing's text, exactly as DVC writes it. */
  listing: string;
}

/** The `.dir` listing of a folder, as dvc-data serialises it: json.dumps(sorted, sort_keys=True). */
export function dirListing(files: Record<string, string | Buffer>, layout: Layout = 'dvc3'): FolderOut {
  const entries = Object.keys(files)
    .sort()
    .map((relpath) => {
      const c = files[relpath]!;
      return { md5: layout === 'dvc2' && typeof c === 'string' ? md5Dvc2(c) : md5(c), relpath };
    });
  const listing = `[${entries.map((e) => `{"md5": "${e.md5}", "relpath": "${e.relpath}"}`).join(', ')}]`;
  const size = Object.values(files).reduce((n, c) => n + Buffer.byteLength(c), 0);
  return { hash: `${md5(listing)}.dir`, nfiles: entries.length, size, files: Object.fromEntries(entries.map((e) => [e.relpath, e.md5])), listing };
}

/**
 * Writes a folder output's objects (each file, then the listing) below a cache or remote folder.
 * `only`: write just these relpaths' objects (a folder pulled in part); the listing always.
 */
export function putFolder(base: string, files: Record<string, string | Buffer>, layout: Layout = 'dvc3', only?: readonly string[]): FolderOut {
  const out = dirListing(files, layout);
  for (const [rel, content] of Object.entries(files)) if (!only || only.includes(rel)) putFile(base, content, layout);
  const p = objectPath(base, out.hash, layout);
  if (!existsSync(p)) {
    mkdirSync(path.dirname(p), { recursive: true });
    writeFileSync(p, out.listing);
    chmodSync(p, 0o444);
  }
  return out;
}

/** One dvc.lock / .dvc out entry as DVC 3 writes it (DVC 2 leaves out `hash: md5`). */
export function outEntry(p: string, hash: string, size: number, layout: Layout = 'dvc3', nfiles?: number, indent = '    '): string {
  return `${indent}- path: ${p}\n${layout === 'dvc3' ? `${indent}  hash: md5\n` : ''}${indent}  md5: ${hash}\n${indent}  size: ${size}\n${nfiles !== undefined ? `${indent}  nfiles: ${nfiles}\n` : ''}`;
}

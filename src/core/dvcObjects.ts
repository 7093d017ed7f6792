// How DVC names the objects of its cache and remotes, and what a folder's `.dir` object holds.
// dvc-objects keeps an object at `<odb>/<first 2 hex>/<rest>`; DVC 3's odb is `<cache>/files/md5`,
// the DVC 2 ("legacy", md5 of text normalised to LF) odb is the cache folder itself.
import type { HashAlgorithm } from './types';
import { resolveRepoPath } from './repoPath';

export type ObjectLayout = 'dvc3' | 'dvc2';

/** An object of a DVC cache or remote: its md5 (ending `.dir` for a folder) and its layout. */
export interface ObjectRef {
  hash: string;
  layout: ObjectLayout;
}

const OBJECT_ID = /^[0-9a-f]{32}(\.dir)?$/;

/** The object a DVC hash names, or undefined when the hash is no md5 DVC stores objects under. */
export function objectRef(hash: string | null | undefined, algorithm: HashAlgorithm): ObjectRef | undefined {
  if (!hash || !OBJECT_ID.test(hash)) return undefined;
  if (algorithm === 'md5') return { hash, layout: 'dvc3' };
  if (algorithm === 'md5-dvc2') return { hash, layout: 'dvc2' };
  return undefined;
}

/** Path segments of an object below a cache folder or remote URL. */
export function objectSegments(ref: ObjectRef): string[] {
  const parts = [ref.hash.slice(0, 2), ref.hash.slice(2)];
  return ref.layout === 'dvc3' ? ['files', 'md5', ...parts] : parts;
}

/** One file of a folder output, as its `.dir` object lists it. */
export interface DirEntry {
  /** Path inside the folder, `/`-separated. */
  relpath: string;
  md5: string;
}

export interface DirListing {
  entries: DirEntry[];
  /** Entries refused: a relpath leaving the folder, a hash that is no md5. */
  refused: number;
}

/**
 * Parses a `.dir` object (a JSON list of `{md5, relpath}` sorted by relpath). Undefined when the
 * text is not such a list; entries whose path would leave the folder are refused, never joined.
 */
export function parseDirObject(text: string): DirListing | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!Array.isArray(raw)) return undefined;
  const listing: DirListing = { entries: [], refused: 0 };
  for (const item of raw) {
    const md5 = item && typeof item === 'object' ? (item as Record<string, unknown>).md5 : undefined;
    const relpath = item && typeof item === 'object' ? (item as Record<string, unknown>).relpath : undefined;
    const checked = resolveRepoPath('', relpath);
    if (typeof md5 !== 'string' || !/^[0-9a-f]{32}$/.test(md5) || !checked.ok || checked.path !== relpath) {
      listing.refused++;
      continue;
    }
    listing.entries.push({ relpath: checked.path, md5 });
  }
  return listing;
}

/** The entry of `relpath` in a listing (sorted by relpath, as DVC writes it; unsorted still works). */
export function findEntry(listing: DirListing, relpath: string): DirEntry | undefined {
  const { entries } = listing;
  let lo = 0;
  let hi = entries.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const e = entries[mid]!;
    if (e.relpath === relpath) return e;
    if (e.relpath < relpath) lo = mid + 1;
    else hi = mid - 1;
  }
  return entries.find((e) => e.relpath === relpath);
}

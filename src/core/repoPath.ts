// Paths named by manifests come from anyone with push rights: they must stay inside the repo.
// A URI (s3://, gs://, https://, DVC's remote://…) names remote storage: it is kept whole and
// never joined, normalised or looked up as a repository path.
import { posix } from 'node:path';

export type PathCheck = { ok: true; path: string } | { ok: false; reason: string };

/** A path or a URI: `remote` is set (to the URI's scheme, `s3`) when `path` is remote storage. */
export type LocationCheck = { ok: true; path: string; remote?: string } | { ok: false; reason: string };

// Two letters at least: `C://x` is a drive letter (refused as absolute), not a scheme.
const REMOTE_URI = /^([a-zA-Z][a-zA-Z0-9+.-]+):\/\//;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\0-\x1f\x7f]/;

/** The scheme of a remote-storage URI (`s3` for `s3://bucket/key`); undefined for anything else. */
export function remoteScheme(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const m = REMOTE_URI.exec(value);
  return m ? m[1]!.toLowerCase() : undefined;
}

/**
 * Joins `base` (a repository-relative folder, '' for the root) and `rel`, refusing absolute paths,
 * any `..` segment, drive letters, backslashes, control characters, `.git` internals and URIs
 * (remote storage is not a file of the repository; see resolveLocation).
 */
export function resolveRepoPath(base: string, rel: unknown): PathCheck {
  if (typeof rel !== 'string' || rel.trim() === '') return { ok: false, reason: 'a path must be a non-empty string' };
  if (CONTROL.test(rel)) return { ok: false, reason: `the path ${JSON.stringify(rel)} holds control characters` };
  const scheme = remoteScheme(rel);
  if (scheme) return { ok: false, reason: `${JSON.stringify(rel)} is remote storage (${scheme}), not a file in the repository` };
  if (rel.startsWith('/') || rel.startsWith('~') || /^[a-zA-Z]:/.test(rel) || rel.startsWith('\\\\')) {
    return { ok: false, reason: `the path ${JSON.stringify(rel)} is absolute; paths are relative to the repository` };
  }
  if (rel.includes('\\')) return { ok: false, reason: `the path ${JSON.stringify(rel)} uses backslashes; use /` };
  const segments = rel.split('/');
  if (segments.includes('..')) return { ok: false, reason: `the path ${JSON.stringify(rel)} leaves its folder with '..'; it is refused` };
  const joined = posix.normalize(base ? `${base}/${rel}` : rel).replace(/\/+$/, '');
  if (joined === '.' || joined === '') return { ok: false, reason: `the path ${JSON.stringify(rel)} names the repository itself` };
  if (joined.split('/').some((s) => s.toLowerCase() === '.git')) return { ok: false, reason: `the path ${JSON.stringify(rel)} points into .git` };
  return { ok: true, path: joined };
}

/**
 * Where a data or weights entry lives: a URI is remote storage, kept exactly as written (joining
 * `s3://b/k` to a folder would make it `s3:/b/k`); anything else goes through resolveRepoPath.
 */
export function resolveLocation(base: string, rel: unknown): LocationCheck {
  const scheme = remoteScheme(rel);
  if (scheme === undefined) return resolveRepoPath(base, rel);
  const uri = rel as string;
  if (CONTROL.test(uri)) return { ok: false, reason: `the URI ${JSON.stringify(uri)} holds control characters` };
  return { ok: true, path: uri, remote: scheme };
}

/** The folder part of a repository-relative path ('' at the root). */
export function dirOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

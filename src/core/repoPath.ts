// Paths named by manifests come from anyone with push rights: they must stay inside the repo.
import { posix } from 'node:path';

export type PathCheck = { ok: true; path: string } | { ok: false; reason: string };

/**
 * Joins `base` (a repository-relative folder, '' for the root) and `rel`, refusing absolute paths,
 * any `..` segment, drive letters, backslashes, control characters and `.git` internals.
 */
export function resolveRepoPath(base: string, rel: unknown): PathCheck {
  if (typeof rel !== 'string' || rel.trim() === '') return { ok: false, reason: 'a path must be a non-empty string' };
  if (/[\0-\x1f\x7f]/.test(rel)) return { ok: false, reason: `the path ${JSON.stringify(rel)} holds control characters` };
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

/** The folder part of a repository-relative path ('' at the root). */
export function dirOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

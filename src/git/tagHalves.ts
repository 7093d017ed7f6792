// Every tag read by two `git for-each-ref` processes at once, each over half of the names.
//
// for-each-ref spends ~90% of its run reading tag objects before it writes a byte, on one core.
// Two processes over disjoint halves take that on two cores (0.20 → 0.12 s on 13,500 annotated
// tags, 1.0 → 0.7 s on 100,000, on two cores). The halves are "names below a pivot" and "names at
// or above it", both as for-each-ref patterns, so the first process's output followed by the
// second's is byte for byte the one process's (git sorts each by name). The pivot only balances
// the halves; whatever string it is, together they list every tag exactly once, in order.
import { closeSync, fstatSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import * as path from 'node:path';

const TAGS = 'refs/tags/';

/** Below this many bytes of tags in packed-refs (~2,000 annotated tags) one process is as quick. */
export const MIN_PACKED_TAG_BYTES = 200_000;

/**
 * Patterns for the tags whose names (without `refs/tags/`) sort below `pivot` and for those at or
 * above it, byte by byte as git sorts them; undefined when `pivot` holds a character that cannot be
 * written in a pattern here (anything but printable ASCII, or one of git's glob characters), or
 * when nothing can sort below it.
 *
 * for-each-ref matches a pattern two ways (ref-filter.c, match_name_as_path): as a literal prefix
 * followed by `/`, or by wildmatch with WM_PATHNAME, where `*` and a `[…]` class never match `/`
 * and a trailing `/**` matches everything below. Every pattern here holds `*`, `[` or `\`, which no
 * ref name can, so only wildmatch applies. For each position i of the pivot, a name that agrees
 * with its first i characters is decided by its next one: smaller (a class), `/` (a folder of
 * tags, `/**`), larger (the negated class, which takes every byte above, UTF-8 included), or none
 * (the name is the pivot's first i characters, matched exactly).
 */
export function splitPatterns(pivot: string): { below: string[]; atOrAbove: string[] } | undefined {
  if (pivot === '' || !/^[!-~]+$/.test(pivot) || /[*?[\\]/.test(pivot)) return undefined;
  const below: string[] = [];
  const atOrAbove: string[] = [];
  for (let i = 0; i < pivot.length; i++) {
    const prefix = TAGS + pivot.slice(0, i);
    const c = pivot.charCodeAt(i);
    // A folder's name is never a tag's name, and a name never starts with '/' or holds '//'.
    const folderOk = i > 0 && pivot[i - 1] !== '/';
    if (folderOk) below.push(exact(prefix));
    if (c > 0x21) below.push(`${prefix}[\\!-${escapeInClass(c - 1)}]*`, `${prefix}[\\!-${escapeInClass(c - 1)}]*/**`);
    atOrAbove.push(`${prefix}[!\\!-${escapeInClass(c)}]*`, `${prefix}[!\\!-${escapeInClass(c)}]*/**`);
    if (folderOk && c !== 0x2f) (0x2f < c ? below : atOrAbove).push(`${prefix}/**`);
  }
  atOrAbove.push(`${TAGS}${pivot}*`, `${TAGS}${pivot}*/**`);
  // Nothing sorts below '!': and for-each-ref with no pattern would list every ref there is.
  return below.length > 0 ? { below, atOrAbove } : undefined;
}

/** A pattern matching exactly this ref: its last character escaped, so it is no literal prefix. */
function exact(ref: string): string {
  return `${ref.slice(0, -1)}\\${ref.slice(-1)}`;
}

function escapeInClass(code: number): string {
  return `\\${String.fromCharCode(code)}`;
}

/**
 * The two halves' patterns for the repository at `root`, or undefined where one process is as good:
 * few tags, no packed-refs (reftable, or tags not yet packed), or a pivot that cannot be written.
 * Reads a few kilobytes of packed-refs (sorted by name) around the middle of its tags.
 */
export function tagHalves(root: string): { below: string[]; atOrAbove: string[] } | undefined {
  const file = packedRefsOf(root);
  if (!file) return undefined;
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return undefined;
  }
  try {
    const size = fstatSync(fd).size;
    const start = firstLineAtOrAfter(fd, size, TAGS);
    const end = firstLineAtOrAfter(fd, size, 'refs/tags0');
    if (start === undefined || end === undefined || end - start < MIN_PACKED_TAG_BYTES) return undefined;
    const lo = refAt(fd, size, start + Math.floor((end - start) * 0.4));
    const mid = refAt(fd, size, start + Math.floor((end - start) * 0.5));
    if (!lo?.name.startsWith(TAGS) || !mid?.name.startsWith(TAGS)) return undefined;
    return splitPatterns(pivotBetween(lo.name.slice(TAGS.length), mid.name.slice(TAGS.length)));
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}

/**
 * The shortest start of `mid` that sorts after `lo` (so that at least the names up to `lo` fall
 * below it), cut before the first character a pattern cannot hold: shorter pivots, fewer patterns.
 */
export function pivotBetween(lo: string, mid: string): string {
  let same = 0;
  while (same < lo.length && same < mid.length && lo[same] === mid[same]) same++;
  const pivot = mid.slice(0, same + 1);
  const bad = pivot.search(/[^!-~]|[*?[\\]/);
  return bad < 0 ? pivot : pivot.slice(0, bad);
}

/** packed-refs of the repository whose working tree (or bare git folder) is `root`. */
function packedRefsOf(root: string): string | undefined {
  const dotGit = path.join(root, '.git');
  try {
    const st = statSync(dotGit, { throwIfNoEntry: false });
    let gitDir: string;
    if (st?.isDirectory()) gitDir = dotGit;
    else if (st?.isFile()) {
      // A linked worktree or a submodule: `gitdir: <path>`, and the refs in its common folder.
      const m = /^gitdir: (.+)$/m.exec(readFileSync(dotGit, 'utf8'));
      if (!m) return undefined;
      gitDir = path.resolve(root, m[1]!.trim());
      const common = statSync(path.join(gitDir, 'commondir'), { throwIfNoEntry: false }) ? readFileSync(path.join(gitDir, 'commondir'), 'utf8').trim() : '';
      if (common) gitDir = path.resolve(gitDir, common);
    } else gitDir = root;
    const file = path.join(gitDir, 'packed-refs');
    return statSync(file, { throwIfNoEntry: false })?.isFile() ? file : undefined;
  } catch {
    return undefined;
  }
}

const WINDOW = 8192;

/** The first ref line starting at or after byte `offset` (a line start, or inside a line: the next). */
function refAt(fd: number, size: number, offset: number): { name: string; at: number } | undefined {
  let at = offset;
  const buf = Buffer.allocUnsafe(WINDOW);
  for (let tries = 0; tries < 64 && at < size; tries++) {
    const n = readSync(fd, buf, 0, WINDOW, at);
    if (n <= 0) return undefined;
    let p = 0;
    // Inside a line: from the next one.
    if (at > 0 && tries === 0) {
      const prev = Buffer.allocUnsafe(1);
      readSync(fd, prev, 0, 1, at - 1);
      if (prev[0] !== 0x0a) {
        const nl = buf.indexOf(0x0a);
        if (nl < 0 || nl >= n) return undefined;
        p = nl + 1;
      }
    }
    while (p < n) {
      const nl = buf.indexOf(0x0a, p);
      if (nl < 0 || nl >= n) break;
      // `# pack-refs with: …` and `^<peeled id>` lines name no ref.
      if (buf[p] !== 0x23 && buf[p] !== 0x5e) {
        const sp = buf.indexOf(0x20, p);
        if (sp > p && sp < nl) return { name: buf.toString('utf8', sp + 1, nl), at: at + p };
      }
      p = nl + 1;
    }
    if (p === 0) return undefined;
    at += p;
  }
  return undefined;
}

/** The byte offset of the first ref line whose name is ≥ `name` (packed-refs is sorted); size when none. */
function firstLineAtOrAfter(fd: number, size: number, name: string): number | undefined {
  let lo = 0;
  let hi = size;
  // Invariant: every ref line starting before lo is < name; the answer is a line start in [lo, hi].
  let answer = size;
  for (let i = 0; i < 64 && lo < hi; i++) {
    const mid = lo + Math.floor((hi - lo) / 2);
    const ref = refAt(fd, size, mid);
    if (!ref) {
      hi = mid;
      continue;
    }
    if (ref.name >= name) {
      answer = ref.at;
      hi = mid;
    } else lo = ref.at + 1;
  }
  return answer;
}

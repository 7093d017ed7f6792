// A repository as the core sees it: tags, revisions, files at revisions (cat-file) and the
// working tree. Implements the core's RepoBackend.
import { hashFileInPlace } from './hashFile';
import { closeSync, constants as fsConstants, fstatSync, openSync, promises as fs, readFileSync, type Dirent } from 'node:fs';
import * as path from 'node:path';
import type { RepoBackend, HeadState } from '../core/backend';
import type { PrefixTagReader } from '../core/modelStore';
import type { NamedTagReader } from '../core/tagUpdates';
import type { BytesRead, FileInfo, FileRead, FileSource, WalkResult } from '../core/fileSource';
import type { CodeInfo, TagRef } from '../core/types';
import { CatFile } from './catFile';
import { GitError, noFilterConfig, runGit, type ConfigPair, type GitConfig } from './exec';
import { parseTagRefs, readNamedTags, readTagTable, readTags, TAG_FORMAT } from './refs';
import type { TagTable } from '../core/store/tagTable';
import { assertSafeRevision } from './revision';

export class NotARepositoryError extends Error {
  constructor(folder: string, why = 'is not in a Git repository') {
    super(`${folder} ${why}; run it inside one or pass --repo DIR`);
    this.name = 'NotARepositoryError';
  }
}

/** Commands of ours that can run a filter driver on the working tree. */
const FILTERING_COMMANDS = new Set(['status', 'switch', 'checkout', 'restore', 'stash', 'diff', 'reset', 'add']);

/** Files a run-store walk lists at most: a store this large is shown in part, with a warning. */
const DEFAULT_WALK_LIMIT = 500_000;
/** Folders a walk reads at once. */
const WALK_BATCH = 64;

export class GitRepository implements RepoBackend, PrefixTagReader, NamedTagReader {
  readonly catFile: CatFile;
  private readonly sources = new Map<string, FileSource>();
  private workdirSource: FileSource | undefined;

  private constructor(
    readonly root: string,
    readonly config: GitConfig,
    /** True for a repository with no working tree. */
    readonly bare: boolean,
  ) {
    this.catFile = new CatFile(root, config);
  }

  /** Opens the repository that contains `folder`. */
  static async open(folder: string, config: GitConfig, signal?: AbortSignal): Promise<GitRepository> {
    const st = await fs.stat(folder).catch(() => undefined);
    if (!st) throw new NotARepositoryError(folder, 'does not exist');
    if (!st.isDirectory()) throw new NotARepositoryError(folder, 'is not a folder');
    let out: string;
    try {
      out = (await runGit(['rev-parse', '--is-bare-repository', '--show-toplevel'], { cwd: folder, signal }, config)).stdout;
    } catch (e) {
      if (e instanceof GitError && /not a git repository/i.test(e.stderr)) throw new NotARepositoryError(folder);
      // git 2.39's --show-toplevel fails in a bare repository (and inside a .git folder).
      if (e instanceof GitError && /must be run in a work tree/.test(e.stderr)) return GitRepository.openWithoutWorktree(folder, config, signal);
      if (e instanceof GitError && e.exitCode === null && /not found/.test(e.message)) throw e;
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new NotARepositoryError(folder);
      throw e;
    }
    const [bareLine, top] = out.split('\n');
    const bare = bareLine === 'true';
    return new GitRepository(bare ? path.resolve(folder) : top!, config, bare);
  }

  private static async openWithoutWorktree(folder: string, config: GitConfig, signal?: AbortSignal): Promise<GitRepository> {
    const [bareLine, gitDir] = (await runGit(['rev-parse', '--is-bare-repository', '--absolute-git-dir'], { cwd: folder, signal }, config)).stdout.split('\n');
    if (bareLine !== 'true') throw new NotARepositoryError(folder, 'is inside a .git folder, not a working tree');
    return new GitRepository(gitDir!, config, true);
  }

  /** The repository's git folder and the common one (they differ in a linked worktree), absolute. */
  async gitDirs(signal?: AbortSignal): Promise<{ gitDir: string; commonDir: string }> {
    const [gitDir, common] = (await this.run(['rev-parse', '--absolute-git-dir', '--git-common-dir'], signal)).stdout.split('\n');
    return { gitDir: gitDir!, commonDir: path.resolve(this.root, common || gitDir!) };
  }

  async run(args: readonly string[], signal?: AbortSignal, extra?: { input?: string; okExitCodes?: number[]; env?: Record<string, string> }) {
    const config = FILTERING_COMMANDS.has(args[0]!) ? await this.noFilters(signal) : undefined;
    return runGit(args, { cwd: this.root, signal, ...extra, config }, this.config);
  }

  private filtersOff: Promise<ConfigPair[]> | undefined;

  /**
   * Overrides that switch off every clean/smudge filter driver the config names. A driver is a
   * program from the repository's config, and git runs it on our status (clean), switch and
   * restore (smudge): those are our operations, not the user's, so none of theirs runs. The cost:
   * files are written as committed (as LFS pointers already are), and a file whose stat data is
   * stale may be taken as changed, which makes a checkout refuse, never lose work.
   */
  private noFilters(signal?: AbortSignal): Promise<ConfigPair[]> {
    this.filtersOff ??= runGit(['config', '-z', '--name-only', '--get-regexp', '^filter\\.'], { cwd: this.root, signal, okExitCodes: [1] }, this.config)
      .then((r) => noFilterConfig(new Set(r.stdout.split('\0').filter(Boolean).map((key) => key.slice('filter.'.length, key.lastIndexOf('.'))))))
      .catch((e: unknown) => {
        this.filtersOff = undefined;
        throw e;
      });
    return this.filtersOff;
  }

  readTags(signal?: AbortSignal, onTag?: (tag: TagRef) => void): Promise<TagRef[]> {
    return readTags(this.root, this.config, signal, onTag);
  }

  /** Every tag as rows of a table (ModelStore's TableTagReader): what a listing keeps. */
  readTagTable(signal?: AbortSignal, onRow?: (table: TagTable, row: number) => void): Promise<TagTable> {
    return readTagTable(this.root, this.config, signal, onRow);
  }

  /** The tags of exactly these names; the ones that no longer exist are left out (NamedTagReader). */
  readNamedTags(names: readonly string[], signal?: AbortSignal): Promise<TagRef[]> {
    return readNamedTags(this.root, this.config, names, signal);
  }

  /** Only the tags whose names start with one of `prefixes` (ModelStore's PrefixTagReader). */
  async readTagsWithPrefixes(prefixes: readonly string[], signal?: AbortSignal): Promise<TagRef[]> {
    // A glob character would make the pattern match more (or less) than the prefix: read all.
    if (prefixes.length === 0) return [];
    if (prefixes.some((p) => /[*?[\\\0-\x20\x7f]/.test(p) || p === '')) {
      return (await this.readTags(signal)).filter((t) => prefixes.some((p) => t.name.startsWith(p)));
    }
    // `*` stops at '/', so each prefix also needs `*/**` for names like `churn#team/prod#3`.
    const patterns = prefixes.flatMap((p) => [`refs/tags/${p}*`, `refs/tags/${p}*/**`]);
    let stdout: string;
    try {
      ({ stdout } = await this.run(['for-each-ref', `--format=${TAG_FORMAT}`, '--end-of-options', ...patterns], signal));
    } catch (e) {
      // A tag whose commit this (shallow) clone lacks stops for-each-ref; readTags reads around it.
      if (e instanceof GitError && /missing object/.test(e.stderr)) return (await this.readTags(signal)).filter((t) => prefixes.some((p) => t.name.startsWith(p)));
      throw e;
    }
    return parseTagRefs(stdout).filter((t) => prefixes.some((p) => t.name.startsWith(p)));
  }

  async resolveCommit(rev: string, signal?: AbortSignal): Promise<string | undefined> {
    assertSafeRevision(rev);
    const r = await this.run(['rev-parse', '--verify', '--quiet', '--end-of-options', `${rev}^{commit}`], signal, { okExitCodes: [1, 128] });
    const oid = r.stdout.trim();
    return r.exitCode === 0 && /^[0-9a-f]{40,64}$/.test(oid) ? oid : undefined;
  }

  sourceAt(commit: string): FileSource {
    let s = this.sources.get(commit);
    if (!s) {
      s = new CommitSource(this, commit);
      this.sources.set(commit, s);
    }
    return s;
  }

  workdir(): FileSource {
    return (this.workdirSource ??= new WorkdirSource(this));
  }

  async codeInfo(commit: string, tag?: TagRef): Promise<CodeInfo> {
    const info: CodeInfo = { commit };
    const c = await this.catFile.read(commit, 1024 * 1024);
    if (c.kind === 'found' && c.type === 'commit') Object.assign(info, parseCommitObject(c.content.toString('utf8')));
    if (tag) {
      info.tag = tag.name;
      if (tag.tagObject) {
        const t = await this.catFile.read(tag.tagObject, 1024 * 1024);
        if (t.kind === 'found' && t.type === 'tag') {
          const parsed = parseTagObject(t.content.toString('utf8'));
          info.tagMessage = parsed.message;
          info.tagger = parsed.tagger;
        }
      }
    }
    return info;
  }

  async head(signal?: AbortSignal): Promise<HeadState> {
    // One process for both (each start blocks the extension host): the commit, then HEAD's full
    // name, which is HEAD itself when detached.
    const r = await this.run(['rev-parse', 'HEAD^{commit}', '--symbolic-full-name', 'HEAD'], signal, { okExitCodes: [128] });
    const [oid, name] = r.stdout.split('\n');
    const commit = r.exitCode === 0 && oid && /^[0-9a-f]{40,64}$/.test(oid) ? oid : null;
    if (commit && name === 'HEAD') return { commit, branch: null };
    if (commit && name?.startsWith('refs/heads/')) return { commit, branch: name.slice('refs/heads/'.length) };
    // An unborn branch (no commit yet: git names no branch above), or HEAD naming something other than a branch.
    const b = await this.run(['symbolic-ref', '--quiet', '--short', 'HEAD'], signal, { okExitCodes: [1, 128] });
    return { commit, branch: b.exitCode === 0 ? b.stdout.trim() : null };
  }

  /** True in a shallow clone, where older commits (and the versions on them) are missing. */
  async isShallow(signal?: AbortSignal): Promise<boolean> {
    const r = await this.run(['rev-parse', '--is-shallow-repository'], signal, { okExitCodes: [128] });
    return r.stdout.trim() === 'true';
  }

  dispose(): void {
    this.catFile.dispose();
  }
}

/** Files at one commit, through the repository's long-lived cat-file processes. */
class CommitSource implements FileSource {
  readonly kind = 'commit' as const;
  private files: Promise<string[]> | undefined;

  constructor(
    private readonly repo: GitRepository,
    readonly commit: string,
  ) {}

  async read(p: string, maxBytes = Number.POSITIVE_INFINITY): Promise<FileRead> {
    const r = await this.repo.catFile.read(`${this.commit}:${p}`, maxBytes);
    if (r.kind === 'missing') return r;
    if (r.type !== 'blob') return { kind: 'not-a-file' };
    if (r.kind === 'too-large') return { kind: 'too-large', size: r.size, oid: r.oid };
    return { kind: 'file', text: decode(r.content), size: r.size, oid: r.oid };
  }

  /** A blob's bytes as git holds them (an image plot, say): no text decoding. */
  async readBytes(p: string, maxBytes = Number.POSITIVE_INFINITY): Promise<BytesRead> {
    const r = await this.repo.catFile.read(`${this.commit}:${p}`, maxBytes);
    if (r.kind === 'missing') return r;
    if (r.type !== 'blob') return { kind: 'not-a-file' };
    if (r.kind === 'too-large') return { kind: 'too-large', size: r.size, oid: r.oid };
    return { kind: 'file', bytes: r.content };
  }

  async info(p: string): Promise<FileInfo> {
    const r = await this.repo.catFile.info(`${this.commit}:${p}`);
    if (r.kind === 'missing') return r;
    return r.type === 'blob' ? { kind: 'file', size: r.size, oid: r.oid } : { kind: 'not-a-file' };
  }

  listFiles(): Promise<string[]> {
    this.files ??= this.repo.run(['ls-tree', '-r', '-z', '--name-only', '--full-tree', this.commit]).then((r) => r.stdout.split('\0').filter(Boolean));
    return this.files;
  }
}

/** Files as they are on disk now; never follows a link out of the repository. */
class WorkdirSource implements FileSource {
  readonly kind = 'workdir' as const;
  readonly commit = null;
  private realRoot: Promise<string> | undefined;
  /** Paths from the last listFiles(): git never lists a path below a symlinked folder. */
  private listed: Set<string> | undefined;
  /**
   * Paths found by the last walk() of each folder: plain files in real folders when listed, like
   * git's. A new walk of a folder replaces its set, so nothing stale keeps the fast path.
   */
  private readonly walked = new Map<string, Set<string>>();

  constructor(private readonly repo: GitRepository) {}

  /**
   * A listed path can only be a link in its last part; opening it with O_NOFOLLOW reads it in
   * one open and one fstat, without resolving every folder on the way (discovery reads hundreds).
   */
  private async readListed(p: string, maxBytes: number): Promise<FileRead | undefined> {
    // Synchronous on purpose: a model file is small and local (git listed it), and hundreds of
    // them read in one go cost far less than four promises each.
    let fd: number;
    try {
      fd = openSync(path.join(this.repo.root, ...p.split('/')), fsConstants.O_RDONLY | fsConstants.O_NOFOLLOW);
    } catch {
      return undefined; // a link (ELOOP), or gone: the careful path decides
    }
    try {
      const st = fstatSync(fd);
      if (!st.isFile()) return { kind: 'not-a-file' };
      if (st.size > maxBytes) return { kind: 'too-large', size: st.size };
      const buf = readFileSync(fd);
      return { kind: 'file', text: decode(buf), size: buf.length };
    } catch (e) {
      return { kind: 'unreadable', reason: errorCode(e) };
    } finally {
      closeSync(fd);
    }
  }

  /** The real path of `p`; 'outside' when a link takes it out of the repository. */
  private async resolve(p: string): Promise<string | 'outside' | undefined> {
    const root = await (this.realRoot ??= fs.realpath(this.repo.root));
    const abs = path.join(root, ...p.split('/'));
    let real: string;
    try {
      real = await fs.realpath(abs);
    } catch {
      return undefined;
    }
    return real === root || real.startsWith(root + path.sep) ? real : 'outside';
  }

  async read(p: string, maxBytes = Number.POSITIVE_INFINITY): Promise<FileRead> {
    if (this.listed?.has(p) || this.wasWalked(p)) {
      const fast = await this.readListed(p, maxBytes);
      if (fast) return fast;
    }
    const read = await this.readBytes(p, maxBytes);
    if (read.kind !== 'file') return read;
    const buf = Buffer.from(read.bytes.buffer, read.bytes.byteOffset, read.bytes.byteLength);
    return { kind: 'file', text: decode(buf), size: buf.length };
  }

  async info(p: string): Promise<FileInfo> {
    const real = await this.resolve(p);
    if (real === 'outside') return { kind: 'outside' };
    const st = real ? await fs.stat(real).catch(() => undefined) : undefined;
    if (!st) return { kind: 'missing' };
    if (!st.isFile()) return { kind: 'not-a-file' };
    // The blob id of the file as git would store it, so unchanged files compare equal to a commit.
    const oid = st.size <= 64 * 1024 * 1024 ? await this.hashObject(p) : undefined;
    return { kind: 'file', size: st.size, oid };
  }

  private async hashObject(p: string): Promise<string | undefined> {
    try {
      const r = await this.repo.run(['hash-object', '--no-filters', '--', p]);
      return r.stdout.trim() || undefined;
    } catch {
      return undefined;
    }
  }

  async walk(folder: string, { limit = DEFAULT_WALK_LIMIT, maxDepth = Number.POSITIVE_INFINITY } = {}): Promise<WalkResult> {
    const out: WalkResult = { files: [], truncated: false };
    const seen = new Set<string>();
    this.walked.set(folder, seen);
    const top = await this.resolve(folder);
    if (!top) return out;
    if (top === 'outside') return { ...out, outside: true };
    // readdir's file types: links are neither followed nor listed, so nothing outside the
    // repository is reached through them. Folders are read a batch at a time (a run store has
    // thousands; one await each is slow).
    let pending: Array<[string, number]> = [[folder, 0]];
    while (pending.length) {
      const batch = pending.splice(0, WALK_BATCH);
      const listed = await Promise.all(
        // A folder that vanished while we walked is simply not there.
        batch.map(([rel]) => fs.readdir(path.join(this.repo.root, ...rel.split('/')), { withFileTypes: true }).catch((): Dirent[] => [])),
      );
      const next: Array<[string, number]> = [];
      for (let b = 0; b < batch.length; b++) {
        const [rel, depth] = batch[b]!;
        for (const e of listed[b]!) {
          const child = `${rel}/${e.name}`;
          if (e.isDirectory()) {
            if (depth < maxDepth) next.push([child, depth + 1]);
          } else if (e.isFile()) {
            if (out.files.length >= limit) {
              out.truncated = true;
              return out;
            }
            out.files.push(child);
            seen.add(child);
          }
        }
      }
      pending = [...next, ...pending];
    }
    return out;
  }

  private wasWalked(p: string): boolean {
    for (const set of this.walked.values()) if (set.has(p)) return true;
    return false;
  }

  async sha256(p: string): Promise<string | undefined> {
    const real = await this.resolve(p);
    if (!real || real === 'outside') return undefined;
    return (await hashFileInPlace(real, true).catch(() => undefined))?.sha256;
  }

  async readBytes(p: string, maxBytes = Number.POSITIVE_INFINITY): Promise<BytesRead> {
    const real = await this.resolve(p);
    if (!real) return { kind: 'missing' };
    if (real === 'outside') return { kind: 'outside' };
    try {
      const st = await fs.stat(real);
      if (!st.isFile()) return { kind: 'not-a-file' };
      if (st.size > maxBytes) return { kind: 'too-large', size: st.size };
      return { kind: 'file', bytes: await fs.readFile(real) };
    } catch (e) {
      // Gone since we looked is missing; anything else (EACCES, EMFILE) is said, never thrown.
      return (e as NodeJS.ErrnoException).code === 'ENOENT' ? { kind: 'missing' } : { kind: 'unreadable', reason: errorCode(e) };
    }
  }

  async listFiles(): Promise<string[]> {
    const r = await this.repo.run(['ls-files', '-z', '--cached', '--others', '--exclude-standard', '--deduplicate']);
    const files = r.stdout.split('\0').filter(Boolean);
    this.listed = new Set(files);
    return files;
  }
}

function errorCode(e: unknown): string {
  return (e as NodeJS.ErrnoException).code ?? (e instanceof Error ? e.message : String(e));
}

/** Text of a file; invalid UTF-8 becomes U+FFFD rather than an exception. */
function decode(buf: Buffer): string {
  return buf.toString('utf8');
}

/** Author, date and message from a raw commit object. */
export function parseCommitObject(text: string): Omit<CodeInfo, 'commit'> {
  const blank = text.indexOf('\n\n');
  const header = blank < 0 ? text : text.slice(0, blank);
  const message = blank < 0 ? '' : text.slice(blank + 2).replace(/\n+$/, '');
  const author = /^author (.*) <([^>]*)> (\d+) ([+-]\d{4})$/m.exec(header);
  return {
    author: author?.[1],
    authorEmail: author?.[2],
    date: author ? new Date(Number(author[3]) * 1000).toISOString() : undefined,
    message,
  };
}

/** Tagger and message from a raw tag object (a PGP signature is left out). */
export function parseTagObject(text: string): { tagger?: string; message: string } {
  const blank = text.indexOf('\n\n');
  const header = blank < 0 ? text : text.slice(0, blank);
  let message = blank < 0 ? '' : text.slice(blank + 2);
  const sig = message.indexOf('-----BEGIN PGP SIGNATURE-----');
  if (sig >= 0) message = message.slice(0, sig);
  const tagger = /^tagger (.*) <[^>]*> \d+ [+-]\d{4}$/m.exec(header);
  return { tagger: tagger?.[1], message: message.replace(/\n+$/, '') };
}

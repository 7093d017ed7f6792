// Operations that change the repository: tags, stash, checkout, files-only restore. Each one
// keeps the user's work: git is never run with --force, untracked files are never touched, and a
// dirty tree stops the operation unless the caller chose to stash.
import { promises as fs } from 'node:fs';
import { GitError } from './exec';
import type { GitRepository } from './repository';
import { printable, isValidTagName } from './revision';
import * as path from 'node:path';
import { lfsPatterns, MAX_POINTER_BYTES, parseLfsPointer } from '../core/readers/lfsPointer';
import { hashFileInPlace } from './hashFile';
import type { CheckoutOptions, CheckoutPort, CheckoutResult, HeadPlace, StashEntry } from '../core/checkoutPort';
import type { StoragePort } from '../core/storagePort';
import { FileHasher } from './fileHasher';
import { LocalWorkspace } from './workspace';

export interface FileStatus {
  path: string;
  /** Two-letter porcelain code: index then worktree (' M', 'M ', '??', '!!', …). */
  code: string;
}

export interface WorktreeStatus {
  /** Tracked files with staged or unstaged changes (conflicts included). */
  changed: FileStatus[];
  untracked: FileStatus[];
  /** Ignored files, one by one; only read when asked for. */
  ignored: FileStatus[];
}

/**
 * Checkouts leave Git LFS files as pointers instead of downloading them: a download can need
 * credentials (no prompt may hang us) and a failed one aborts git halfway through the checkout.
 * `git lfs pull` fetches them afterwards; the messages say so.
 */
export const NO_LFS_DOWNLOAD: Record<string, string> = { GIT_LFS_SKIP_SMUDGE: '1' };

export const LFS_NOTE = 'Git LFS files are left as pointers; download them with: git lfs pull';

/** Whether the commit's .gitattributes routes any path through Git LFS. */
export async function usesLfs(repo: GitRepository, commit: string): Promise<boolean> {
  const r = await repo.catFile.read(`${commit}:.gitattributes`, 1024 * 1024).catch(() => undefined);
  return r?.kind === 'found' && lfsPatterns(r.content.toString('utf8')).length > 0;
}

export class SafetyError extends Error {
  constructor(
    message: string,
    readonly files: string[] = [],
  ) {
    super(message);
    this.name = 'SafetyError';
  }
}

/**
 * Git refused a checkout because files are in the way: `changed` are tracked files with
 * uncommitted changes (a stash moves them), `untracked` are files not in Git (only moving them
 * helps). Nothing was changed.
 */
export class OverwriteError extends SafetyError {
  constructor(
    message: string,
    readonly changed: string[],
    readonly untracked: string[],
  ) {
    super(message, [...changed, ...untracked]);
    this.name = 'OverwriteError';
  }
}

/**
 * The files git lists after "would be overwritten by checkout:" (tab-indented, one a line), by
 * kind: "Your local changes to the following files" or "The following untracked working tree
 * files". Undefined when the stderr is not such a refusal.
 */
export function overwrittenFiles(stderr: string): { changed: string[]; untracked: string[] } | undefined {
  const out = { changed: [] as string[], untracked: [] as string[] };
  let list: string[] | undefined;
  let found = false;
  for (const line of stderr.split('\n')) {
    if (/would be (overwritten|removed) by checkout:\s*$/.test(line)) {
      found = true;
      list = /untracked/.test(line) ? out.untracked : out.changed;
    } else if (line.startsWith('\t') && list) list.push(line.slice(1));
    else list = undefined;
  }
  return found ? out : undefined;
}

/** `git status` of tracked changes and untracked files, and of ignored files when `ignored` is set. */
export async function readStatus(repo: GitRepository, paths?: readonly string[], signal?: AbortSignal, { ignored = false } = {}): Promise<WorktreeStatus> {
  // Nothing here runs with --recurse-submodules, so no operation of ours writes inside a
  // submodule: its modified or untracked files are not in the way (a moved submodule commit
  // still counts as a change).
  const args = ['status', '--porcelain=v1', '-z', '--untracked-files=all', '--no-renames', '--ignore-submodules=dirty'];
  // 'traditional' with --untracked-files=all lists each ignored file rather than its folder.
  if (ignored) args.push('--ignored=traditional');
  if (paths?.length) args.push('--', ...paths.map(literalPathspec));
  const r = await repo.run(args, signal);
  const status: WorktreeStatus = { changed: [], untracked: [], ignored: [] };
  for (const entry of r.stdout.split('\0')) {
    if (entry.length < 4) continue;
    const code = entry.slice(0, 2);
    const path = entry.slice(3);
    if (code === '??') status.untracked.push({ path, code });
    else if (code === '!!') status.ignored.push({ path, code });
    else status.changed.push({ path, code });
  }
  return status;
}

/** A pathspec that matches exactly this path: no globs, no magic from the file name. */
export function literalPathspec(path: string): string {
  return `:(literal)${path}`;
}

export interface TagOptions {
  name: string;
  commit: string;
  message: string;
  signal?: AbortSignal;
}

/** NAME_MAX (255) minus '.lock'. */
const MAX_REF_PART_BYTES = 250;

/** Creates an annotated tag; refuses a name git would reject or one that already exists. */
export async function createAnnotatedTag(repo: GitRepository, { name, commit, message, signal }: TagOptions): Promise<void> {
  if (!(await isValidTagName(repo.root, name, repo.config))) {
    throw new SafetyError(`'${printable(name)}' is not a valid tag name (git check-ref-format refuses it)`);
  }
  // check-ref-format has no length limit, but a loose ref is a file (plus '.lock' while it is
  // written): a longer part fails halfway with "File name too long" and a path-sized message.
  if (name.split('/').some((part) => Buffer.byteLength(part) > MAX_REF_PART_BYTES)) {
    throw new SafetyError(`the tag name ${printable(name).slice(0, 40)}… is too long (at most ${MAX_REF_PART_BYTES} bytes between slashes)`);
  }
  const exists = await repo.run(['rev-parse', '--verify', '--quiet', '--end-of-options', `refs/tags/${name}`], signal, { okExitCodes: [1] });
  if (exists.exitCode === 0) throw new SafetyError(`the tag ${name} already exists`);
  // -F - : the message goes through stdin, so no text of the user's is ever an argument.
  await repo.run(['tag', '-a', '-F', '-', '--end-of-options', name, commit], signal, { input: message.endsWith('\n') ? message : message + '\n' });
}

/** Pushes one tag to a remote (default: the branch's remote, else origin). */
export async function pushTag(repo: GitRepository, name: string, remote = 'origin', signal?: AbortSignal): Promise<void> {
  if (remote.startsWith('-') || !/^[A-Za-z0-9._\-/]+$/.test(remote)) throw new SafetyError(`'${printable(remote)}' is not a remote name`);
  await repo.run(['push', '--end-of-options', remote, `refs/tags/${name}:refs/tags/${name}`], signal);
}

export type { CheckoutOptions, CheckoutResult, HeadPlace, StashEntry } from '../core/checkoutPort';

/** Checks out a version; on a dirty tree refuses unless stashing or carrying changes to a new branch. */
export async function checkoutVersion(repo: GitRepository, opts: CheckoutOptions): Promise<CheckoutResult> {
  const { commit, label, signal } = opts;
  const messages: string[] = [];
  const changed = await checkCheckout(repo, opts);
  let stashed = false;
  const previous = await headPlace(repo, signal);
  let stash: StashEntry | undefined;
  const smudged = await smudgedLfs(repo, (await readStatus(repo, undefined, signal)).changed, signal);
  return withSmudgedAsPointers(repo, smudged, async () => {
  if (changed.length && opts.stash) {
    const before = await stashTop(repo, signal);
    // Untracked files stay where they are: only tracked changes go into the stash.
    await repo.run(['stash', 'push', '--message', `model-versions: before checking out ${label}`], signal);
    const after = await stashTop(repo, signal);
    stashed = after !== undefined && after.oid !== before?.oid;
    if (stashed) stash = after;
    // Popping here would apply the changes on top of the old version: go back first.
    if (stashed) messages.push(`Your changes are saved in ${after!.ref} ("${after!.subject}"); get them back with: git switch - && git stash pop`);
  }
  try {
    if (opts.branch !== undefined) {
      // Without --force git refuses rather than overwrite changes or untracked files in the way;
      // --no-overwrite-ignore makes it refuse for ignored files too (by default it replaces them).
      await repo.run(['switch', '--no-overwrite-ignore', '--create', opts.branch, '--no-track', '--end-of-options', commit], signal, { env: NO_LFS_DOWNLOAD });
      messages.unshift(`Switched to a new branch ${opts.branch} at ${label} (${commit.slice(0, 7)})`);
    } else {
      await repo.run(['switch', '--no-overwrite-ignore', '--detach', '--end-of-options', commit], signal, { env: NO_LFS_DOWNLOAD });
      messages.unshift(`HEAD is now detached at ${label} (${commit.slice(0, 7)}); return with: git switch -`);
    }
  } catch (e) {
    if (stashed) messages.push('The checkout failed; your changes are still in the stash (git stash pop).');
    throw Object.assign(inTheWay(e), { messages, stash });
  }
  const lfs = await usesLfs(repo, commit);
  if (lfs) messages.push(LFS_NOTE);
  const moved = [...(await gitlinks(repo, (await readStatus(repo, undefined, signal)).changed.map((f) => f.path), signal))];
  if (moved.length) messages.push(`Submodules stay at their commits (${moved.slice(0, 3).join(', ')}${moved.length > 3 ? ', …' : ''}); move them with: git submodule update`);
  return { messages, stashed, detached: opts.branch === undefined, previous, stash, lfs, submodules: moved };
  });
}

/**
 * What checkoutVersion refuses before it changes anything: an interrupted git, uncommitted
 * changes with neither stash nor a new branch, a branch name git rejects or one that exists.
 * Returns the files with uncommitted changes.
 */
export async function checkCheckout(repo: GitRepository, opts: CheckoutOptions): Promise<string[]> {
  const { signal } = opts;
  await assertNotInterrupted(repo, signal);
  const changed = await uncommittedChanges(repo, signal);
  if (changed.length && !opts.stash && !opts.branch) {
    throw new SafetyError(`${filesHave(changed.length)} uncommitted changes; commit them, or check out with --stash or --branch NAME`, changed);
  }
  if (opts.branch !== undefined) {
    if (!(await isValidBranchName(repo, opts.branch))) throw new SafetyError(`'${printable(opts.branch)}' is not a valid branch name`);
    const exists = await repo.run(['rev-parse', '--verify', '--quiet', '--end-of-options', `refs/heads/${opts.branch}`], signal, { okExitCodes: [1] });
    if (exists.exitCode === 0) throw new SafetyError(`the branch ${opts.branch} already exists`);
  }
  return changed;
}

/**
 * git's "would be overwritten by checkout:" names the files only on the lines after it: an
 * OverwriteError carries them by kind (a stash helps with changes, only moving with untracked
 * files). Its message stays git's own line, which the CLI prints above the files.
 */
function inTheWay(e: unknown): Error {
  const files = e instanceof GitError ? overwrittenFiles(e.stderr) : undefined;
  return files ? new OverwriteError((e as Error).message, files.changed, files.untracked) : (e as Error);
}

function filesHave(n: number): string {
  return `${n} file${n === 1 ? ' has' : 's have'}`;
}

/**
 * Tracked files with uncommitted changes. A submodule at another commit than recorded is no work
 * a switch could lose (it never moves a submodule without --recurse-submodules), and it would
 * block every checkout after the first.
 */
async function uncommittedChanges(repo: GitRepository, signal?: AbortSignal): Promise<string[]> {
  const status = await readStatus(repo, undefined, signal);
  const submodules = await gitlinks(repo, status.changed.map((f) => f.path), signal);
  const smudged = new Set((await smudgedLfs(repo, status.changed, signal)).map((f) => f.path));
  return status.changed.map((f) => f.path).filter((p) => !submodules.has(p) && !smudged.has(p));
}

/** A working-tree file that is its index pointer's LFS object (git runs no filters for us, so it looks changed). */
interface Smudged {
  path: string;
  pointer: Buffer;
  object: string;
}

/**
 * The changed files that are only smudged LFS files: the index holds a pointer, the file's
 * sha256 is that pointer's oid and the object is in .git/lfs/objects. They are no uncommitted
 * work (git lfs itself would call them clean), and their content can always be had again.
 */
async function smudgedLfs(repo: GitRepository, changed: readonly FileStatus[], signal?: AbortSignal): Promise<Smudged[]> {
  const candidates = changed.filter((f) => f.code === ' M');
  if (!candidates.length) return [];
  const lfsDir = path.join((await repo.gitDirs(signal)).commonDir, 'lfs', 'objects');
  const out: Smudged[] = [];
  for (const f of candidates) {
    const r = await repo.catFile.read(`:${f.path}`, MAX_POINTER_BYTES).catch(() => undefined);
    if (r?.kind !== 'found') continue;
    const pointer = parseLfsPointer(r.content.toString('utf8'));
    if (!pointer) continue;
    const abs = path.join(repo.root, ...f.path.split('/'));
    const st = await fs.lstat(abs).catch(() => undefined);
    const object = path.join(lfsDir, pointer.oid.slice(0, 2), pointer.oid.slice(2, 4), pointer.oid);
    if (!st?.isFile() || st.size !== pointer.size || !(await fs.stat(object).catch(() => undefined))?.isFile()) continue;
    const h = await hashFileInPlace(abs, true, signal).catch(() => undefined);
    if (h?.sha256 === pointer.oid) out.push({ path: f.path, pointer: Buffer.from(r.content), object });
  }
  return out;
}

/**
 * Runs a git command that would refuse (or stash the bytes of) smudged LFS files with those files
 * back as their pointers, as git lfs would have them; afterwards each one git left as that
 * pointer gets its object again. Nothing is lost: every one's object is in .git/lfs/objects.
 */
async function withSmudgedAsPointers<T>(repo: GitRepository, smudged: readonly Smudged[], fn: () => Promise<T>): Promise<T> {
  const abs = (p: string) => path.join(repo.root, ...p.split('/'));
  const written: Smudged[] = [];
  const resmudge = async () => {
    for (const f of written) {
      const now = await fs.readFile(abs(f.path)).catch(() => undefined);
      if (!now || !now.equals(f.pointer)) continue;
      const tmp = `${abs(f.path)}.mv-${process.pid}.tmp`;
      await fs.copyFile(f.object, tmp);
      await fs.chmod(tmp, 0o644);
      await fs.rename(tmp, abs(f.path));
    }
  };
  try {
    for (const f of smudged) {
      const tmp = `${abs(f.path)}.mv-${process.pid}.tmp`;
      await fs.writeFile(tmp, f.pointer);
      await fs.rename(tmp, abs(f.path));
      written.push(f);
    }
    return await fn();
  } finally {
    await resmudge();
  }
}

async function headPlace(repo: GitRepository, signal?: AbortSignal): Promise<HeadPlace | null> {
  const head = await repo.head(signal);
  return head.commit ? { branch: head.branch, commit: head.commit } : null;
}

/**
 * Goes back to where a checkout started: its branch, or its commit (detached). Refuses on a
 * dirty tree like checkoutVersion, and git refuses rather than overwrite anything in the way.
 */
export async function switchBack(repo: GitRepository, previous: HeadPlace, signal?: AbortSignal): Promise<string> {
  await assertNotInterrupted(repo, signal);
  const changed = await uncommittedChanges(repo, signal);
  if (changed.length) throw new SafetyError(`${filesHave(changed.length)} uncommitted changes; commit or stash them before switching back`, changed);
  const where = previous.branch ?? previous.commit.slice(0, 7);
  const smudged = await smudgedLfs(repo, (await readStatus(repo, undefined, signal)).changed, signal);
  try {
    await withSmudgedAsPointers(repo, smudged, async () => {
    if (previous.branch !== null) {
      await repo.run(['switch', '--no-overwrite-ignore', '--no-guess', '--end-of-options', previous.branch], signal, { env: NO_LFS_DOWNLOAD });
    } else {
      await repo.run(['switch', '--no-overwrite-ignore', '--detach', '--end-of-options', previous.commit], signal, { env: NO_LFS_DOWNLOAD });
    }
    });
  } catch (e) {
    throw inTheWay(e);
  }
  return previous.branch !== null ? `Switched back to ${previous.branch}` : `HEAD is back at ${where} (detached)`;
}

/**
 * Pops the stash a checkout made, found by its object id wherever it now is in the list (other
 * stashes may have come since). Refuses on a dirty tree; git keeps the stash when it conflicts.
 */
export async function popStash(repo: GitRepository, oid: string, signal?: AbortSignal): Promise<string> {
  await assertNotInterrupted(repo, signal);
  const r = await repo.run(['stash', 'list', '--format=%H%x00%gd'], signal);
  const ref = r.stdout.split('\n').map((l) => l.split('\0')).find(([h]) => h === oid)?.[1];
  if (!ref) throw new SafetyError(`the stash ${oid.slice(0, 7)} is no longer in the stash list; see git stash list`);
  const changed = await uncommittedChanges(repo, signal);
  if (changed.length) throw new SafetyError(`${filesHave(changed.length)} uncommitted changes; commit or stash them before popping ${ref}`, changed);
  await repo.run(['stash', 'pop', '--end-of-options', ref], signal, { env: NO_LFS_DOWNLOAD });
  return `Popped ${ref}: your changes are back`;
}

/**
 * A git that was killed while writing (a checkout stopped midway) leaves index.lock behind, and
 * the files it had already written look like uncommitted changes. Say so before anything else,
 * rather than call them the user's changes or stash them.
 */
async function assertNotInterrupted(repo: GitRepository, signal?: AbortSignal): Promise<void> {
  const lock = (await repo.run(['rev-parse', '--path-format=absolute', '--git-path', 'index.lock'], signal)).stdout.trim();
  if (lock && (await fs.stat(lock).catch(() => undefined))) {
    throw new SafetyError(`a git command is running here or was interrupted (${lock} exists); if none is running, remove that file, then see what it left with: git status`);
  }
}

/** Which of `paths` are submodules (gitlinks, mode 160000) in the index. */
async function gitlinks(repo: GitRepository, paths: readonly string[], signal?: AbortSignal): Promise<Set<string>> {
  if (!paths.length) return new Set();
  const r = await repo.run(['ls-files', '--stage', '-z', '--', ...paths.map(literalPathspec)], signal);
  return new Set(r.stdout.split('\0').filter((e) => e.startsWith('160000 ')).map((e) => e.slice(e.indexOf('\t') + 1)));
}

async function stashTop(repo: GitRepository, signal?: AbortSignal): Promise<StashEntry | undefined> {
  const r = await repo.run(['stash', 'list', '-n', '1', '--format=%H%x00%gd%x00%gs'], signal);
  const [oid, ref, subject] = r.stdout.trim().split('\0');
  return oid ? { oid, ref: ref!, subject: subject ?? '' } : undefined;
}

async function isValidBranchName(repo: GitRepository, name: string): Promise<boolean> {
  if (name.startsWith('-') || /[\0-\x1f\x7f]/.test(name)) return false;
  const r = await repo.run(['check-ref-format', '--branch', name], undefined, { okExitCodes: [1, 128] });
  return r.exitCode === 0;
}

/**
 * Restores only `paths` (a model's files) as they were at `commit`, leaving HEAD, the index and
 * every other file alone. Refuses when any of those files has uncommitted changes, or when an
 * untracked or ignored file would be overwritten.
 */
export async function restoreFiles(repo: GitRepository, commit: string, paths: readonly string[], signal?: AbortSignal): Promise<string[]> {
  const present = await checkRestore(repo, commit, paths, signal);
  await restorePaths(repo, commit, present, signal);
  return present;
}

/** Runs git restore of paths checkRestore let through. */
export async function restorePaths(repo: GitRepository, commit: string, paths: readonly string[], signal?: AbortSignal): Promise<void> {
  if (!paths.length) return;
  await repo.run(['restore', `--source=${commit}`, '--worktree', '--', ...paths.map(literalPathspec)], signal, { env: NO_LFS_DOWNLOAD });
}

/**
 * What restoreFiles refuses before it changes anything; returns the paths that exist at `commit`
 * (restoring a missing one would fail the whole call). `allowNone`: the version's outside-Git
 * files may be all there is to restore.
 */
export async function checkRestore(repo: GitRepository, commit: string, paths: readonly string[], signal?: AbortSignal, { allowNone = false } = {}): Promise<string[]> {
  if (paths.length === 0 && allowNone) {
    await assertNotInterrupted(repo, signal);
    return [];
  }
  if (paths.length === 0) throw new SafetyError('this version names no files to restore');
  await assertNotInterrupted(repo, signal);
  const status = await readStatus(repo, paths, signal, { ignored: true });
  // A tracked file with changes would be overwritten (or removed when the version lacks it);
  // an untracked or ignored one only when the version has a file at the same path.
  const inTheWay = await Promise.all(
    [...status.untracked, ...status.ignored].map(async (f) => {
      // A path cat-file cannot be asked about (a line break in it) counts as in the way.
      const info = await repo.catFile.info(`${commit}:${f.path}`).catch(() => undefined);
      return info?.kind === 'missing' ? undefined : f.path;
    }),
  );
  // A smudged LFS file is its object's bytes, which stay in .git/lfs/objects: not in the way.
  const smudged = new Set((await smudgedLfs(repo, status.changed, signal)).map((f) => f.path));
  const blocked = [...status.changed.map((f) => f.path).filter((p) => !smudged.has(p)), ...inTheWay.filter((p): p is string => p !== undefined)];
  if (blocked.length) {
    const one = blocked.length === 1;
    throw new SafetyError(
      `${blocked.length} of the model's files ${one ? 'has' : 'have'} uncommitted changes or ${one ? 'is' : 'are'} not in Git and would be overwritten; commit, stash or move ${one ? 'it' : 'them'} first`,
      blocked,
    );
  }
  // Only the paths that exist at that commit: restoring a missing one would fail the whole call.
  const present: string[] = [];
  for (const p of paths) {
    const info = await repo.catFile.info(`${commit}:${p}`);
    if (info.kind === 'found') present.push(p);
  }
  if (present.length === 0 && !allowNone) throw new SafetyError('none of the model\'s files exist at that version');
  return present;
}

/** The core's CheckoutPort on this repository: git for what Git holds, the disk for the rest. */
export class GitCheckoutPort implements CheckoutPort {
  readonly workspace: LocalWorkspace;
  private readonly hasher: FileHasher;

  constructor(
    private readonly repo: GitRepository,
    storage: Pick<StoragePort, 'lfsObjectsDir'>,
    hasher?: FileHasher,
  ) {
    this.hasher = hasher ?? new FileHasher();
    this.workspace = new LocalWorkspace(repo.root, this.hasher, storage);
  }

  async checkCheckout(opts: CheckoutOptions): Promise<void> {
    await checkCheckout(this.repo, opts);
  }

  checkout(opts: CheckoutOptions): Promise<CheckoutResult> {
    return checkoutVersion(this.repo, opts);
  }

  checkRestore(commit: string, paths: readonly string[], signal?: AbortSignal): Promise<string[]> {
    return checkRestore(this.repo, commit, paths, signal);
  }

  restore(commit: string, paths: readonly string[], signal?: AbortSignal): Promise<void> {
    return restorePaths(this.repo, commit, paths, signal);
  }

  dispose(): void {
    this.hasher.dispose();
  }
}

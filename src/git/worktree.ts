// Operations that change the repository: tags, stash, checkout, files-only restore. Each one
// keeps the user's work: git is never run with --force, untracked files are never touched, and a
// dirty tree stops the operation unless the caller chose to stash.
import { promises as fs } from 'node:fs';
import type { GitRepository } from './repository';
import { printable, isValidTagName } from './revision';
import { lfsPatterns } from '../core/readers/lfsPointer';

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

export interface CheckoutOptions {
  commit: string;
  /** What the user asked for, for messages: `churn@v1.2.0`. */
  label: string;
  stash?: boolean;
  branch?: string;
  signal?: AbortSignal;
}

export interface CheckoutResult {
  /** Lines to show the user: where they are and how to get their work back. */
  messages: string[];
  stashed: boolean;
  detached: boolean;
}

/** Checks out a version; on a dirty tree refuses unless stashing or carrying changes to a new branch. */
export async function checkoutVersion(repo: GitRepository, opts: CheckoutOptions): Promise<CheckoutResult> {
  const { commit, label, signal } = opts;
  const messages: string[] = [];
  await assertNotInterrupted(repo, signal);
  const status = await readStatus(repo, undefined, signal);
  // A submodule at another commit than recorded is no work switch could lose (it never moves a
  // submodule without --recurse-submodules), and it would block every checkout after the first.
  const submodules = await gitlinks(repo, status.changed.map((f) => f.path), signal);
  status.changed = status.changed.filter((f) => !submodules.has(f.path));
  let stashed = false;
  if (status.changed.length && !opts.stash && !opts.branch) {
    throw new SafetyError(
      `${status.changed.length} file${status.changed.length === 1 ? ' has' : 's have'} uncommitted changes; commit them, or check out with --stash or --branch NAME`,
      status.changed.map((f) => f.path),
    );
  }
  if (opts.branch !== undefined) {
    if (!(await isValidBranchName(repo, opts.branch))) throw new SafetyError(`'${printable(opts.branch)}' is not a valid branch name`);
    const exists = await repo.run(['rev-parse', '--verify', '--quiet', '--end-of-options', `refs/heads/${opts.branch}`], signal, { okExitCodes: [1] });
    if (exists.exitCode === 0) throw new SafetyError(`the branch ${opts.branch} already exists`);
  }
  if (status.changed.length && opts.stash) {
    const before = await stashTop(repo, signal);
    // Untracked files stay where they are: only tracked changes go into the stash.
    await repo.run(['stash', 'push', '--message', `model-versions: before checking out ${label}`], signal);
    const after = await stashTop(repo, signal);
    stashed = after !== before && after !== undefined;
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
    throw Object.assign(e as Error, { messages });
  }
  if (await usesLfs(repo, commit)) messages.push(LFS_NOTE);
  const moved = await gitlinks(repo, (await readStatus(repo, undefined, signal)).changed.map((f) => f.path), signal);
  if (moved.size) messages.push(`Submodules stay at their commits (${[...moved].slice(0, 3).join(', ')}${moved.size > 3 ? ', …' : ''}); move them with: git submodule update`);
  return { messages, stashed, detached: opts.branch === undefined };
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

async function stashTop(repo: GitRepository, signal?: AbortSignal): Promise<{ ref: string; subject: string; oid: string } | undefined> {
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
  const blocked = [...status.changed.map((f) => f.path), ...inTheWay.filter((p): p is string => p !== undefined)];
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
  if (present.length === 0) throw new SafetyError('none of the model\'s files exist at that version');
  await repo.run(['restore', `--source=${commit}`, '--worktree', '--', ...present.map(literalPathspec)], signal, { env: NO_LFS_DOWNLOAD });
  return present;
}

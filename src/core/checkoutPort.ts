// What the checkout and restore use cases need from git and the disk: src/git implements it
// (worktree.ts for git, workspace.ts for the files DVC and Git LFS keep outside Git).
import type { FileHashes } from './contentHash';

/** Where HEAD was: a branch, or a commit (detached). */
export interface HeadPlace {
  branch: string | null;
  commit: string;
}

export interface StashEntry {
  ref: string;
  subject: string;
  oid: string;
}

export interface CheckoutOptions {
  commit: string;
  /** What the user asked for, for messages: `churn@v1.2.0`. */
  label: string;
  stash?: boolean;
  branch?: string;
  signal?: AbortSignal;
  /** First pull the DVC objects the local cache lacks from the project's folder or HTTP(S) remote. */
  pull?: boolean;
}

export interface CheckoutResult {
  /** Lines to show the user: where they are and how to get their work back. */
  messages: string[];
  stashed: boolean;
  detached: boolean;
  /** Where HEAD was before: what switchBack() returns to. */
  previous: HeadPlace | null;
  /** The stash made for the checkout: popStash() takes its oid. */
  stash?: StashEntry;
  /** The version's files route some paths through Git LFS (left as pointers by git). */
  lfs: boolean;
  /** Submodules that stayed at their commits. */
  submodules: string[];
}

/** A working-tree path as the disk has it; `blocked`: a link out of the repository, a file as a parent folder. */
export type WorkingState =
  | { kind: 'missing' }
  | { kind: 'file'; size: number; mtimeMs: number }
  | { kind: 'folder' }
  | { kind: 'blocked'; reason: string };

/** A DVC remote's object, where it is copied from into the cache (`dvc pull` from a folder or HTTP). */
export type ObjectSource = { kind: 'local'; path: string } | { kind: 'http'; url: string };

/** The working tree's files outside Git: read, hash, replace. Paths are repository-relative. */
export interface WorkspacePort {
  stat(path: string): Promise<WorkingState>;
  /** Every file below a folder (links not followed), relative to it. */
  listFolder(path: string): Promise<string[]>;
  /** Hashes a working-tree file (repository-relative) or, with `absolute`, a cache object. */
  hash(path: string, opts?: { sha256?: boolean; absolute?: boolean; signal?: AbortSignal; onBytes?: (n: number) => void }): Promise<FileHashes>;
  /** A small working-tree file's text (an LFS pointer), undefined when it is not one or larger. */
  readText(path: string, maxBytes: number): Promise<string | undefined>;
  /** Whether an absolute path (a cache or LFS object) is a file; its size. */
  objectSize(absPath: string): Promise<number | undefined>;
  /**
   * Puts a copy of `fromAbs` at `path` (never a link into the cache): written beside it, then
   * renamed over it, and only when the path is still as `expected` says.
   */
  place(path: string, fromAbs: string, expected: WorkingState, signal?: AbortSignal, onBytes?: (n: number) => void): Promise<void>;
  /** Removes a file, only when it is still as `expected` says; empty folders it leaves go too. */
  remove(path: string, expected: WorkingState): Promise<void>;
  /** Replaces a text file's content (a shared dvc.lock restored per entry), when still `expected`. */
  writeText(path: string, text: string, expected: WorkingState): Promise<void>;
  /** The folder Git LFS keeps objects in. */
  lfsObjectsDir(): Promise<string | undefined>;
  /**
   * Copies a remote's object into the DVC cache at `cacheAbs`: written beside it and renamed in
   * only when `accept` (given the written copy's absolute path) says its bytes are the object;
   * else the copy is deleted and this throws. Returns the bytes copied.
   */
  storeObject(source: ObjectSource, cacheAbs: string, accept: (tmpAbs: string) => Promise<boolean>, signal?: AbortSignal, onBytes?: (n: number) => void): Promise<number>;
}

/** What checkout and restore ask of git; each refusal is thrown before anything changes. */
export interface CheckoutPort {
  /** Refuses what checkout() would refuse up front: an interrupted git, uncommitted changes without stash or branch, a bad branch. */
  checkCheckout(opts: CheckoutOptions): Promise<void>;
  checkout(opts: CheckoutOptions): Promise<CheckoutResult>;
  /** Refuses when one of `paths` has uncommitted changes or is untracked in the way; returns those the commit has. */
  checkRestore(commit: string, paths: readonly string[], signal?: AbortSignal): Promise<string[]>;
  restore(commit: string, paths: readonly string[], signal?: AbortSignal): Promise<void>;
  readonly workspace: WorkspacePort;
}

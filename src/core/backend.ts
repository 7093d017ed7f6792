// What the core needs from a repository, implemented by src/git (real git) so the core itself
// never starts a process and stays testable on its own.
import type { FileSource } from './fileSource';
import type { CodeInfo, TagRef } from './types';

export interface HeadState {
  commit: string | null;
  /** Branch name, or null when HEAD is detached. */
  branch: string | null;
}

export interface RepoBackend {
  /** Absolute path of the working tree's top folder. */
  readonly root: string;
  /** Every tag; `onTag` sees each one as it is read, before the whole list is there. */
  readTags(signal?: AbortSignal, onTag?: (tag: TagRef) => void): Promise<TagRef[]>;
  /** The commit a revision names, or undefined when it names none. */
  resolveCommit(rev: string, signal?: AbortSignal): Promise<string | undefined>;
  sourceAt(commit: string): FileSource;
  workdir(): FileSource;
  /** Author, date and message of a commit, and of the annotated tag when one is given. */
  codeInfo(commit: string, tag?: TagRef): Promise<CodeInfo>;
  head(signal?: AbortSignal): Promise<HeadState>;
}

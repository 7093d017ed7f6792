// What readers need from a version: files by repository-relative path. Git implements it at a
// commit (through cat-file), the working tree implements it from disk; readers never know which.
import type { ContentOrigin } from './types';

export type FileRead =
  /** `origin`: set when the content came from a DVC output's object rather than Git or the disk. */
  | { kind: 'file'; text: string; size: number; oid?: string; origin?: ContentOrigin }
  /** `reason`: why a file that a DVC output holds could not be read, with the fix. */
  | { kind: 'missing'; reason?: string }
  | { kind: 'too-large'; size: number; oid?: string }
  | { kind: 'not-a-file' }
  /** A working-tree path that leads out of the repository through a symbolic link: never read. */
  | { kind: 'outside' }
  /** A working-tree file the system would not let us read (permissions, too many open files). */
  | { kind: 'unreadable'; reason: string };

export type FileInfo = { kind: 'file'; size: number; oid?: string } | { kind: 'missing' } | { kind: 'not-a-file' } | { kind: 'outside' };

/** The diagnostic for a path refused because a link takes it out of the repository. */
export function outsideMessage(path: string): string {
  return `${path} leads out of the repository through a symbolic link; it is not read`;
}

export interface FileSource {
  /** `commit` for a git revision, `workdir` for the working tree. */
  readonly kind: 'commit' | 'workdir';
  readonly commit: string | null;
  /** Reads a text file; files over `maxBytes` are reported, never read. */
  read(path: string, maxBytes?: number): Promise<FileRead>;
  /** Size and id without reading the content. */
  info(path: string): Promise<FileInfo>;
  /** Every file path at this version (expensive: one tree walk; only for discovery). */
  listFiles(): Promise<string[]>;
  /**
   * Working tree only: every file under `folder`, ignored ones included (run stores such as
   * mlruns/ and wandb/ are usually in .gitignore, so git does not list them). Links are not
   * followed; at most `limit` paths, at most `maxDepth` folders deep. Empty when the folder is
   * missing.
   */
  walk?(folder: string, options?: { limit?: number; maxDepth?: number }): Promise<WalkResult>;
  /** Working tree only: a file's sha256, streamed (a smudged Git LFS file is compared by it). */
  sha256?(path: string): Promise<string | undefined>;
  /** Working tree only: a binary file's bytes (an SQLite database, say). */
  readBytes?(path: string, maxBytes: number): Promise<BytesRead>;
}

export interface WalkResult {
  files: string[];
  /** True when the walk stopped at its limit. */
  truncated: boolean;
  /** True when the folder is a link out of the repository (nothing is listed then). */
  outside?: boolean;
}

export type BytesRead = { kind: 'file'; bytes: Uint8Array; origin?: ContentOrigin } | Exclude<FileRead, { kind: 'file' }>;

/** Readers read at most this much of a file they parse. */
export const MAX_READ_BYTES = 8 * 1024 * 1024;

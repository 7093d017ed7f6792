// What the core's use cases need from a repository, and nothing more: src/git implements these,
// so a plan is decided without git and carried out through one narrow door.
import type { TagRef } from './types';

/** A tag with what GTO's history shows of it: the tagger's e-mail, time zone and whole message. */
export interface TagDetail extends TagRef {
  /** The tagger's e-mail without the angle brackets ('' for a lightweight tag). */
  taggerEmail: string;
  /** The tagger's UTC offset in minutes (east positive): GTO prints each event in its own zone. */
  tzMinutes: number;
  /** The whole tag message as git stores it. */
  message: string;
}

/** A commit as GTO's enrichment events describe it. */
export interface CommitDetail {
  commit: string;
  date: number;
  tzMinutes: number;
  author: string;
  authorEmail: string;
  committer: string;
  committerEmail: string;
  message: string;
}

export interface RepoReader {
  readTagDetails(signal?: AbortSignal): Promise<TagDetail[]>;
  commitDetails(commits: readonly string[], signal?: AbortSignal): Promise<CommitDetail[]>;
}

export interface RepoWriter {
  /** Refuses a name git rejects or one that exists; never overwrites. */
  createAnnotatedTag(name: string, commit: string, message: string, signal?: AbortSignal): Promise<void>;
  /** Deletes the tag only while it still is `expected` (the tag object or commit listed before). */
  deleteTag(name: string, expected: string, signal?: AbortSignal): Promise<void>;
  /** Pushes the tags to a remote, or deletes them there; one push for all of them. */
  pushTags(names: readonly string[], opts?: { delete?: boolean; remote?: string }, signal?: AbortSignal): Promise<void>;
}

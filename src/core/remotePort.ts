// What the remote use cases (status, fetch, push) need from git, and the faults they can meet.
// src/git/remote.ts implements it; the core only plans, calls and words the outcome.
import type { RemoteTagRef } from './remoteState';
import type { TagRef } from './types';

/**
 * Why talking to a remote failed, as the messages tell it apart:
 * - no-remote: none configured (no upstream, no origin); unknown-remote: the name given is not one
 * - unreachable: no connection (host unknown, refused, network down, not a repository there)
 * - auth: the remote wants credentials (or a key) and we never prompt
 * - timeout: no answer within the time allowed; cancelled: the user stopped it
 * - failed: anything else git said
 */
export type RemoteFaultKind = 'no-remote' | 'unknown-remote' | 'unreachable' | 'auth' | 'timeout' | 'cancelled' | 'failed';

export class RemoteError extends Error {
  constructor(
    readonly kind: RemoteFaultKind,
    message: string,
    readonly remote?: string,
    /** git's own words (first lines of stderr, already made printable), when it said anything. */
    readonly detail?: string,
  ) {
    super(message);
    this.name = 'RemoteError';
  }
}

/** What happened to one tag of a push, as `git push --porcelain` reports it. */
export interface PushOutcome {
  tag: string;
  /**
   * pushed: created (or updated) on the remote; up-to-date: it had this tag already;
   * rejected: git refused before sending (the remote has the tag as another object);
   * remote-rejected: the remote refused it (a hook, a protected tag: `reason` says);
   * failed: git reported nothing for it (the push stopped).
   */
  status: 'pushed' | 'up-to-date' | 'rejected' | 'remote-rejected' | 'failed';
  reason?: string;
}

export interface PushReport {
  outcomes: PushOutcome[];
  /** `remote:` lines the server sent (a hook's explanation), printable. */
  remoteMessages: string[];
}

export interface FetchRequest {
  /** Tags to create here from the remote; a local tag of the same name is never replaced. */
  create: readonly string[];
  /** Every registry tag the remote has: remembered as what it had at this fetch. */
  seen: readonly RemoteTagRef[];
}

export interface FetchReport {
  /** Tags git would not write (one appeared here meanwhile, say), with its words. */
  refused: Array<{ tag: string; reason: string }>;
}

export interface RemotePort {
  /** The remote fetch and push use by default: the current branch's upstream remote, else origin, else none. */
  defaultRemote(signal?: AbortSignal): Promise<string | undefined>;
  /** The configured remotes' names. */
  remotes(signal?: AbortSignal): Promise<string[]>;
  /** Every local tag. */
  localTags(signal?: AbortSignal): Promise<TagRef[]>;
  /** The remote's tags, from one bounded `git ls-remote --tags`; a RemoteError when it cannot say. */
  remoteTags(remote: string, signal?: AbortSignal): Promise<RemoteTagRef[]>;
  /** Tag → object as the remote had them at the last fetch or push (empty when never fetched). */
  lastSeen(remote: string, signal?: AbortSignal): Promise<Map<string, string>>;
  fetchTags(remote: string, request: FetchRequest, signal?: AbortSignal): Promise<FetchReport>;
  /** Pushes these local tags, each under its own name, never forced. */
  pushTags(remote: string, tags: readonly string[], signal?: AbortSignal): Promise<PushReport>;
  /** The ref where a fetch keeps the remote's object of a tag (so a user can look at theirs). */
  lastSeenRef(remote: string, tag: string): string;
}

/**
 * The sentence for each fault. `detail` is git's own words, or for unknown-remote the remotes
 * there are, or for timeout the seconds allowed.
 */
export function faultMessage(kind: RemoteFaultKind, remote: string, detail?: string): string {
  const said = detail ? `: ${detail}` : '';
  switch (kind) {
    case 'no-remote':
      return 'this repository has no remote: the current branch has no upstream and there is no origin (add one with: git remote add origin URL)';
    case 'unknown-remote':
      return `there is no remote named '${remote}'${detail ? ` (remotes: ${detail})` : ' (this repository has none)'}`;
    case 'unreachable':
      return `cannot reach the remote ${remote}${said}`;
    case 'auth':
      return `the remote ${remote} asks for credentials, and model-versions never prompts for them${said}; set up a credential helper or an SSH key (running git fetch ${remote} in a terminal asks once)`;
    case 'timeout':
      return `the remote ${remote} gave no answer within ${detail ?? '?'} s; it was stopped (try again later)`;
    case 'cancelled':
      return `talking to the remote ${remote} was cancelled`;
    case 'failed':
      return `git failed talking to the remote ${remote}${said}`;
  }
}

// Which registry tags are on the remote, which only here, which only there, and which differ:
// the local tags against one `git ls-remote --tags`, compared without git.
import type { RepoBackend } from './backend';
import type { RegistryVersion } from './registry';
import { parseTag, DEFAULT_CONVENTIONS, type TagConventions } from './tagGrammar';
import type { TagRef } from './types';

/** A tag as `git ls-remote --tags` lists it: the object its ref names and, when annotated, the object that one peels to. */
export interface RemoteTagRef {
  name: string;
  object: string;
  peeled?: string;
}

/** Where a tag (or a version, from its tags) stands against a remote. */
export type RemoteState = 'pushed' | 'local-only' | 'remote-only' | 'differs';

export interface TagComparison {
  name: string;
  state: RemoteState;
  /** The object the local ref names (the tag object of an annotated tag). */
  local?: string;
  /** The commit (or other object) the local tag finally names. */
  localTarget?: string;
  remote?: string;
  remoteTarget?: string;
  /**
   * Local-only, yet the remote had this very tag at the last fetch or push: someone deleted it
   * there since (GTO's `--delete`, say), rather than it never having been pushed.
   */
  deletedOnRemote?: boolean;
}

export interface RemoteComparison {
  remote: string;
  /** Registry tags only (the names the tag conventions read), local and remote. */
  tags: ReadonlyMap<string, TagComparison>;
  /**
   * The remote-only tags as the registry reads tags, so the versions and stages they make can be
   * listed before a fetch. ls-remote gives no dates: see placeRemoteOnly.
   */
  remoteOnlyRefs: TagRef[];
}

/** The object a local tag's ref names: what ls-remote shows for the same tag on a remote. */
export function localObject(t: TagRef): string {
  return t.tagObject ?? t.target;
}

/**
 * Compares the registry tags here with the remote's. `lastSeen` (tag → object) is what the remote
 * had at the last fetch or push; it only tells a tag deleted there from one never pushed.
 */
export function compareTags(
  remote: string,
  local: readonly TagRef[],
  remoteTags: readonly RemoteTagRef[],
  lastSeen: ReadonlyMap<string, string> = new Map(),
  conventions: TagConventions = DEFAULT_CONVENTIONS,
): RemoteComparison {
  const isRegistryTag = (name: string) => parseTag(name, conventions) !== undefined;
  const tags = new Map<string, TagComparison>();
  const there = new Map<string, RemoteTagRef>();
  for (const r of remoteTags) if (isRegistryTag(r.name)) there.set(r.name, r);
  for (const t of local) {
    if (!isRegistryTag(t.name)) continue;
    const r = there.get(t.name);
    const mine = localObject(t);
    if (!r) {
      const deleted = lastSeen.get(t.name) === mine;
      tags.set(t.name, { name: t.name, state: 'local-only', local: mine, localTarget: t.target, ...(deleted ? { deletedOnRemote: true } : {}) });
    } else {
      tags.set(t.name, { name: t.name, state: r.object === mine ? 'pushed' : 'differs', local: mine, localTarget: t.target, remote: r.object, remoteTarget: r.peeled ?? r.object });
    }
  }
  const remoteOnly: RemoteTagRef[] = [];
  for (const r of there.values()) {
    if (tags.has(r.name)) continue;
    tags.set(r.name, { name: r.name, state: 'remote-only', remote: r.object, remoteTarget: r.peeled ?? r.object });
    remoteOnly.push(r);
  }
  return { remote, tags, remoteOnlyRefs: placeRemoteOnly(remoteOnly, local, conventions) };
}

/**
 * Remote-only tags as TagRefs. The registry orders events by tagger date, which ls-remote does
 * not give (the tag objects are not here). GTO's counters only grow within a model, so a tag
 * with counter N is dated like the newest local event of its model with a lower counter (the tie
 * then goes to the counter); without a counter (a registration) it is dated like the model's
 * newest local event. So a colleague's `churn#prod#5` wins over our `churn#prod#3`, as it will
 * once fetched. Annotated when ls-remote shows a peeled line; the peeled object is taken to be a
 * commit (a fetch lets the registry check).
 */
function placeRemoteOnly(remoteOnly: readonly RemoteTagRef[], local: readonly TagRef[], conventions: TagConventions): TagRef[] {
  if (remoteOnly.length === 0) return [];
  const byModel = new Map<string, Array<{ date: number; counter: number | undefined }>>();
  for (const t of local) {
    const p = parseTag(t.name, conventions);
    if (!p || t.date === null) continue;
    (byModel.get(p.model) ?? byModel.set(p.model, []).get(p.model)!).push({ date: t.date, counter: p.counter });
  }
  return remoteOnly.map((r) => {
    const p = parseTag(r.name, conventions)!;
    const events = byModel.get(p.model) ?? [];
    let date: number | null = null;
    for (const e of events) {
      const follows = p.counter === undefined || (e.counter !== undefined && e.counter < p.counter);
      if (follows && (date === null || e.date > date)) date = e.date;
    }
    // A counter below all of ours: it comes before them (a spread of every date could overflow the stack).
    if (date === null) for (const e of events) if (date === null || e.date < date) date = e.date;
    const annotated = r.peeled !== undefined;
    return { name: r.name, annotated, tagObject: annotated ? r.object : null, targetType: 'commit', target: r.peeled ?? r.object, date, tagger: '', subject: '' };
  });
}

/**
 * A version's standing from its tags (registration and stage tags): remote-only when all of them
 * are only on the remote; otherwise the most pressing of differs, local-only (work not pushed),
 * remote-only (the remote has news about it), pushed. Undefined for a version without tags.
 */
export function versionRemoteState(v: Pick<RegistryVersion, 'tag' | 'stageTags'>, cmp: RemoteComparison): RemoteState | undefined {
  const states = versionTags(v).map((t) => cmp.tags.get(t)?.state).filter((s): s is RemoteState => s !== undefined);
  if (states.length === 0) return undefined;
  if (states.every((s) => s === 'remote-only')) return 'remote-only';
  for (const s of ['differs', 'local-only', 'remote-only'] as const) if (states.includes(s)) return s;
  return 'pushed';
}

/** The tags that make a version: its registration, then the tags of its stage events. */
export function versionTags(v: Pick<RegistryVersion, 'tag' | 'stageTags'>): string[] {
  return v.tag ? [v.tag, ...v.stageTags.filter((t) => t !== v.tag)] : [...v.stageTags];
}

export interface RemoteCounts {
  pushed: number;
  localOnly: number;
  remoteOnly: number;
  differs: number;
  deletedOnRemote: number;
}

/** How many registry tags are in each state: the view's badge, the CLI's summary line. */
export function countStates(cmp: RemoteComparison): RemoteCounts {
  const counts: RemoteCounts = { pushed: 0, localOnly: 0, remoteOnly: 0, differs: 0, deletedOnRemote: 0 };
  for (const t of cmp.tags.values()) {
    if (t.state === 'pushed') counts.pushed++;
    else if (t.state === 'local-only') counts.localOnly++;
    else if (t.state === 'remote-only') counts.remoteOnly++;
    else counts.differs++;
    if (t.deletedOnRemote) counts.deletedOnRemote++;
  }
  return counts;
}

/**
 * The backend with these tags in place of reading its own (the local tags already read, and the
 * remote-only ones): a ModelStore over it lists the versions and stages the remote has as well.
 * Nothing of a remote-only version can be read at its commit: its objects are not here until a fetch.
 */
export function withTags(backend: RepoBackend, tags: readonly TagRef[]): RepoBackend {
  return {
    root: backend.root,
    async readTags(_signal, onTag) {
      if (onTag) for (const t of tags) onTag(t);
      return [...tags];
    },
    resolveCommit: (rev, signal) => backend.resolveCommit(rev, signal),
    sourceAt: (commit) => backend.sourceAt(commit),
    workdir: () => backend.workdir(),
    codeInfo: (commit, tag) => backend.codeInfo(commit, tag),
    head: (signal) => backend.head(signal),
  };
}

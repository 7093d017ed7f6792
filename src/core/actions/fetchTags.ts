// Fetch Tags: the remote's registry tags that are not here, and nothing else. A local tag that
// differs from the remote's is never replaced: both objects are reported and ours stays.
import { localObject, type RemoteComparison, type RemoteTagRef, type TagComparison } from '../remoteState';
import type { RemotePort } from '../remotePort';
import type { TagConventions } from '../tagGrammar';
import { readRemoteStatus } from './remoteStatus';

export interface FetchPlan {
  remote: string;
  /** Remote-only tags: created here. */
  create: TagComparison[];
  /** Same name, another object: left alone, reported. */
  differs: TagComparison[];
  /** Here, and on the remote at the last fetch, gone from it now: kept, reported. */
  deletedOnRemote: TagComparison[];
  /** Every registry tag the remote has, to remember as this fetch saw them. */
  seen: RemoteTagRef[];
  upToDate: number;
}

/** What a fetch will do, from the comparison alone. */
export function planFetch(cmp: RemoteComparison): FetchPlan {
  const plan: FetchPlan = { remote: cmp.remote, create: [], differs: [], deletedOnRemote: [], seen: [], upToDate: 0 };
  for (const t of cmp.tags.values()) {
    if (t.remote) plan.seen.push({ name: t.name, object: t.remote, ...(t.remoteTarget && t.remoteTarget !== t.remote ? { peeled: t.remoteTarget } : {}) });
    if (t.state === 'remote-only') plan.create.push(t);
    else if (t.state === 'differs') plan.differs.push(t);
    else if (t.state === 'pushed') plan.upToDate++;
    else if (t.deletedOnRemote) plan.deletedOnRemote.push(t);
  }
  return plan;
}

export interface FetchResult extends Omit<FetchPlan, 'seen' | 'create'> {
  /** Tags now here with the remote's object. */
  fetched: TagComparison[];
  /** Planned but not written, with why (a tag of that name appeared here meanwhile). */
  refused: Array<{ tag: string; reason: string }>;
  /** Where the remote's object of each differing tag can be looked at here. */
  theirs: Map<string, string>;
}

/** Fetches the registry tags the remote has and this repository has not. */
export async function runFetch(port: RemotePort, opts: { remote?: string; conventions?: TagConventions } = {}, signal?: AbortSignal): Promise<FetchResult> {
  const { comparison } = await readRemoteStatus(port, opts, signal);
  const plan = planFetch(comparison);
  const report = await port.fetchTags(plan.remote, { create: plan.create.map((t) => t.name), seen: plan.seen }, signal);
  // Say what is really here now, not what was asked for.
  const after = new Map((await port.localTags(signal)).map((t) => [t.name, localObject(t)]));
  const fetched = plan.create.filter((t) => after.get(t.name) === t.remote);
  const refused = [...report.refused];
  for (const t of plan.create) {
    if (after.get(t.name) !== t.remote && !refused.some((r) => r.tag === t.name)) refused.push({ tag: t.name, reason: after.has(t.name) ? 'a tag of that name was made here meanwhile' : 'git did not fetch it' });
  }
  const theirs = new Map(plan.differs.map((t) => [t.name, port.lastSeenRef(plan.remote, t.name)]));
  return { remote: plan.remote, fetched, refused, differs: plan.differs, deletedOnRemote: plan.deletedOnRemote, upToDate: plan.upToDate, theirs };
}

export interface Messages {
  /** What was done. */
  info: string[];
  /** What needs the user's eye (nothing was lost). */
  warnings: string[];
}

/** The fetch's outcome in sentences, for the CLI and the extension alike. */
export function fetchMessages(r: FetchResult): Messages {
  const info: string[] = [];
  const warnings: string[] = [];
  if (r.fetched.length) {
    info.push(`Fetched ${r.fetched.length} tag${r.fetched.length === 1 ? '' : 's'} from ${r.remote}: ${r.fetched.map((t) => t.name).join(', ')}`);
  } else {
    info.push(`Nothing to fetch from ${r.remote}: ${r.upToDate ? `its ${r.upToDate} registry tag${r.upToDate === 1 ? ' is' : 's are'} here already` : 'it has no registry tags that are not here'}`);
  }
  for (const t of r.differs) {
    warnings.push(
      `${t.name} differs on ${r.remote}: here ${describeObject(t.local, t.localTarget)}, there ${describeObject(t.remote, t.remoteTarget)}; yours is kept` +
        ` (theirs: ${r.theirs.get(t.name)}; take theirs with: git fetch ${r.remote} +refs/tags/${t.name}:refs/tags/${t.name})`,
    );
  }
  for (const t of r.deletedOnRemote) {
    warnings.push(`${t.name} was deleted on ${r.remote} since the last fetch; it is kept here (delete it with: git tag -d ${t.name}, or push it again with: git push ${r.remote} refs/tags/${t.name})`);
  }
  for (const x of r.refused) warnings.push(`${x.tag} was not fetched from ${r.remote}: ${x.reason}`);
  return { info, warnings };
}

/** `a3d21fd (on 1234567)`: a tag object and the commit it names, or just the commit. */
export function describeObject(object: string | undefined, target: string | undefined): string {
  if (!object) return 'nothing';
  return target && target !== object ? `${object.slice(0, 7)} (on ${target.slice(0, 7)})` : object.slice(0, 7);
}

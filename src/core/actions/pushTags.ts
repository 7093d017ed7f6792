// Push: the tags of a version (its registration and stage tags) or of a whole model that the
// remote does not have yet. Never forced; a tag the remote has as another object is reported.
import type { RegistryVersion } from '../registry';
import type { RemoteComparison, TagComparison } from '../remoteState';
import { RemoteError, type PushOutcome, type RemotePort } from '../remotePort';
import { parseTag, DEFAULT_CONVENTIONS, type TagAction, type TagConventions } from '../tagGrammar';
import type { TagRef } from '../types';
import { chooseRemote, readRemoteStatus } from './remoteStatus';
import { describeObject, type Messages } from './fetchTags';

/** A whole model, or one of its versions. */
export interface PushTarget {
  model: string;
  version?: Pick<RegistryVersion, 'version' | 'commit' | 'tag' | 'stageTags'>;
}

/**
 * The local tags that make the target, as the registry reads them (GTO's annotated tags; any
 * tag of the other conventions): for a version its registrations and deregistrations on its
 * commit and its stage tags; for a model every one of its events, deprecations included.
 */
export function targetTags(target: PushTarget, local: readonly TagRef[], conventions: TagConventions = DEFAULT_CONVENTIONS): string[] {
  const v = target.version;
  const names: Array<{ name: string; rank: number }> = [];
  for (const t of local) {
    const p = parseTag(t.name, conventions);
    if (!p || p.model !== target.model) continue;
    if (p.convention === 'gto' && !t.annotated) continue;
    if (v) {
      const ownEvent = (p.action === 'register' || p.action === 'deregister') && p.version === v.version && t.target === v.commit;
      if (!ownEvent && !v.stageTags.includes(t.name)) continue;
    }
    names.push({ name: t.name, rank: ACTION_ORDER[p.action] });
  }
  // Registrations first, as a person reads a version (stable: same kinds stay in tag order).
  return names.sort((a, b) => a.rank - b.rank).map((n) => n.name);
}

const ACTION_ORDER: Record<TagAction, number> = { register: 0, deregister: 1, assign: 2, unassign: 2, deprecate: 3, create: 4 };

export interface PushPlan {
  remote: string;
  /** Not on the remote: pushed. */
  push: string[];
  /** On the remote already, as the same object. */
  already: string[];
  /** On the remote as another object: not pushed (git would refuse; a force would lose theirs). */
  differs: TagComparison[];
  /** Of the target, only on the remote: nothing to push, a fetch brings them. */
  remoteOnly: string[];
}

/** What a push of these tags will do, from the comparison alone. */
export function planPush(cmp: RemoteComparison, tags: readonly string[], model: string, conventions: TagConventions = DEFAULT_CONVENTIONS, version?: PushTarget['version']): PushPlan {
  const plan: PushPlan = { remote: cmp.remote, push: [], already: [], differs: [], remoteOnly: [] };
  for (const name of tags) {
    const t = cmp.tags.get(name);
    if (!t || t.state === 'local-only') plan.push.push(name);
    else if (t.state === 'pushed') plan.already.push(name);
    else if (t.state === 'differs') plan.differs.push(t);
  }
  for (const t of cmp.tags.values()) {
    if (t.state !== 'remote-only') continue;
    const p = parseTag(t.name, conventions);
    if (p?.model !== model) continue;
    if (version && !(p.version === version.version || t.remoteTarget === version.commit)) continue;
    plan.remoteOnly.push(t.name);
  }
  return plan;
}

export interface PushResult {
  remote: string;
  pushed: string[];
  already: string[];
  differs: TagComparison[];
  remoteOnly: string[];
  /** Refused (by git or by the remote) or not reported: each still exists here. */
  failed: PushOutcome[];
  /** What the server said (a hook's reason), printable. */
  remoteMessages: string[];
}

/** Pushes the target's tags that the remote lacks, after one ls-remote to know which. */
export async function runPush(port: RemotePort, target: PushTarget, opts: { remote?: string; conventions?: TagConventions } = {}, signal?: AbortSignal): Promise<PushResult> {
  const { comparison, localTags } = await readRemoteStatus(port, opts, signal);
  const tags = targetTags(target, localTags, opts.conventions);
  const plan = planPush(comparison, tags, target.model, opts.conventions, target.version);
  const sent = plan.push.length ? await port.pushTags(plan.remote, plan.push, signal) : { outcomes: [], remoteMessages: [] };
  return outcome(plan, sent.outcomes, sent.remoteMessages);
}

/**
 * Pushes tags just made (Tag, Promote with push): no ls-remote first, git itself refuses a
 * name the remote has. A push that cannot start says so as a failure of each tag, so the caller
 * can tell the user the tags exist here.
 */
export async function pushNewTags(port: RemotePort, tags: readonly string[], opts: { remote?: string } = {}, signal?: AbortSignal): Promise<PushResult> {
  const remote = await chooseRemote(port, opts.remote, signal);
  const plan: PushPlan = { remote, push: [...tags], already: [], differs: [], remoteOnly: [] };
  try {
    const sent = await port.pushTags(remote, tags, signal);
    return outcome(plan, sent.outcomes, sent.remoteMessages);
  } catch (e) {
    if (e instanceof RemoteError) return outcome(plan, tags.map((tag) => ({ tag, status: 'failed', reason: e.message })), []);
    throw e;
  }
}

function outcome(plan: PushPlan, outcomes: readonly PushOutcome[], remoteMessages: string[]): PushResult {
  const pushed = outcomes.filter((o) => o.status === 'pushed').map((o) => o.tag);
  // "Up to date" from git: the remote had it as this very object (a colleague pushed the same).
  const already = [...plan.already, ...outcomes.filter((o) => o.status === 'up-to-date').map((o) => o.tag)];
  const failed = outcomes.filter((o) => o.status !== 'pushed' && o.status !== 'up-to-date');
  return { remote: plan.remote, pushed, already, differs: plan.differs, remoteOnly: plan.remoteOnly, failed, remoteMessages };
}

/** The push's outcome in sentences. `retry` is how to push again later (a command or a button's name). */
export function pushMessages(r: PushResult, what: string, retry: string): Messages {
  const info: string[] = [];
  const warnings: string[] = [];
  if (r.pushed.length) info.push(`Pushed ${list(r.pushed)} to ${r.remote}`);
  if (r.already.length && !r.pushed.length && !r.failed.length && !r.differs.length) info.push(`Nothing to push: ${what} is on ${r.remote} already (${list(r.already)})`);
  else if (r.already.length) info.push(`Already on ${r.remote}: ${list(r.already)}`);
  if (!r.pushed.length && !r.already.length && !r.failed.length && !r.differs.length) info.push(`Nothing to push: ${what} has no tags here${r.remoteOnly.length ? '' : ' yet'}`);
  for (const t of r.differs) {
    warnings.push(`${t.name} was not pushed: ${r.remote} has another tag of that name (there ${describeObject(t.remote, t.remoteTarget)}, here ${describeObject(t.local, t.localTarget)}); fetch and compare before changing either`);
  }
  if (r.failed.length) {
    const reasons = r.failed.map((f) => `${f.tag}: ${failureReason(f)}`);
    warnings.push(
      `${r.failed.length === 1 ? `${r.failed[0]!.tag} was` : `${r.failed.length} tags were`} not pushed to ${r.remote}` +
        `${r.failed.length === 1 ? ` (${failureReason(r.failed[0]!)})` : ''}. ${r.failed.length === 1 ? 'The tag exists' : 'The tags exist'} here; push later with: ${retry}`,
    );
    if (r.failed.length > 1) warnings.push(...reasons.map((x) => `  ${x}`));
    for (const m of r.remoteMessages) warnings.push(`  remote: ${m}`);
  }
  if (r.remoteOnly.length) info.push(`${r.remote} has ${r.remoteOnly.length === 1 ? 'a tag' : `${r.remoteOnly.length} tags`} of ${what} that ${r.remoteOnly.length === 1 ? 'is' : 'are'} not here (${list(r.remoteOnly)}): fetch to see ${r.remoteOnly.length === 1 ? 'it' : 'them'}`);
  return { info, warnings };
}

function failureReason(o: PushOutcome): string {
  if (o.status === 'remote-rejected') return `the remote refused it${o.reason ? `: ${o.reason}` : ''}`;
  if (o.status === 'rejected') return o.reason === 'already exists' ? 'the remote has a tag of that name already' : `git refused it${o.reason ? `: ${o.reason}` : ''}`;
  return o.reason ?? 'git did not push it';
}

function list(names: readonly string[]): string {
  return names.length <= 6 ? names.join(', ') : `${names.slice(0, 6).join(', ')} and ${names.length - 6} more`;
}

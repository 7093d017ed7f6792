// What a lifecycle use case decides: one tag to create, or tags to delete. Plans are made
// without git (from the tags already read) and run through the RepoWriter port.
import type { RepoWriter } from '../ports';
import { RemoteError, type RemotePort } from '../remotePort';
import { pushNewTags, type PushResult } from './pushTags';
import { chooseRemote } from './remoteStatus';
import { PlanError } from '../versionPlans';
import { formatGtoTag, isValidModelName, type ParsedTag } from '../tagGrammar';
import { nextCounter, type GtoArtifact, type GtoEvent, type GtoState } from '../gtoState';

export interface CreateTagPlan {
  kind: 'create';
  tag: string;
  commit: string;
  message: string;
  /** What the tag does, for the confirmation and the result line: `deregisters churn v1.2.0`. */
  summary: string;
}

export interface DeleteTagsPlan {
  kind: 'delete';
  /** Oldest first, as GTO lists them; `expected` is the object the tag named when the plan was made. */
  tags: { name: string; expected: string }[];
  summary: string;
}

export type TagPlan = CreateTagPlan | DeleteTagsPlan;

export interface RunOptions {
  /** Push what was written, to `remote` or the default one (the branch's upstream remote, else origin). */
  push?: { port: RemotePort; remote?: string };
  /** Called once the tags are written here, before any push (a front end refreshes then). */
  onWritten?: () => void;
  signal?: AbortSignal;
}

export interface RunResult {
  plan: TagPlan;
  /** The push's outcome per tag, when a push was asked and a remote was found. */
  push?: PushResult;
  /**
   * Why nothing was pushed (no remote, an unreachable one, a refused deletion): the tags are
   * written here all the same.
   */
  pushFault?: Error;
}

/**
 * Carries a plan out: creates (or deletes) the tags, then pushes them when asked. A push that
 * fails never undoes the local write; the result says what reached the remote.
 */
export async function runTagPlan(plan: TagPlan, writer: RepoWriter, { push, onWritten, signal }: RunOptions = {}): Promise<RunResult> {
  if (plan.kind === 'create') await writer.createAnnotatedTag(plan.tag, plan.commit, plan.message, signal);
  else for (const t of plan.tags) await writer.deleteTag(t.name, t.expected, signal);
  onWritten?.();
  if (!push) return { plan };
  if (plan.kind === 'create') {
    try {
      return { plan, push: await pushNewTags(push.port, [plan.tag], { remote: push.remote }, signal) };
    } catch (e) {
      if (e instanceof RemoteError) return { plan, pushFault: e };
      throw e;
    }
  }
  if (!plan.tags.length) return { plan };
  try {
    const remote = await chooseRemote(push.port, push.remote, signal);
    await writer.pushTags(plan.tags.map((t) => t.name), { delete: true, remote }, signal);
    return { plan, push: { remote, pushed: plan.tags.map((t) => t.name), already: [], differs: [], remoteOnly: [], failed: [], remoteMessages: [] } };
  } catch (e) {
    return { plan, pushFault: e as Error };
  }
}

export function assertModelName(name: string): void {
  if (!isValidModelName(name)) throw new PlanError(`'${name}' is not a valid model name (letters, digits, '-', '_', '/'; a folder may prefix it as folder:name)`);
}

/** The model's index entry, or GTO's refusal for a model with no tags. */
export function requireArtifact(state: GtoState, name: string): GtoArtifact {
  const a = state.artifacts.get(name);
  if (!a) {
    const known = [...state.artifacts.keys()].sort();
    throw new PlanError(`cannot find model '${name}': it has no GTO tags${known.length ? ` (models with tags: ${known.slice(0, 10).join(', ')}${known.length > 10 ? ', …' : ''})` : ''}`);
  }
  return a;
}

/**
 * GTO's simple tag name (`churn@v1.2.0!`, `churn@deprecated`) unless `counted` or unless that
 * name is taken (by an earlier round of the same event): then the form with the next counter.
 */
export function tagName(state: GtoState, t: Pick<ParsedTag, 'model' | 'action' | 'version' | 'stage'>, counted: boolean): string {
  const simple = formatGtoTag(t);
  if (!counted && !state.tagNames.has(simple)) return simple;
  return formatGtoTag({ ...t, counter: nextCounter(state, t.model) });
}

/** A delete plan for events' tags, each once, oldest first (GTO's distinct over ascending events). */
export function deletePlan(events: readonly GtoEvent[], summary: string): DeleteTagsPlan {
  const seen = new Set<string>();
  const tags: DeleteTagsPlan['tags'] = [];
  for (const e of [...events].sort((a, b) => a.date - b.date)) {
    if (seen.has(e.tag)) continue;
    seen.add(e.tag);
    tags.push({ name: e.tag, expected: e.source.tagObject ?? e.source.target });
  }
  if (!tags.length) throw new PlanError(`${summary}: there are no tags to delete`);
  return { kind: 'delete', tags, summary };
}

/** The user's message, or GTO's default when none (or only blanks) was given. */
export function messageOr(message: string | undefined, fallback: string): string {
  return message?.trim() ? message : fallback;
}

// Builds the model registry from tags the way `gto show` does (iterative/gto base.py and
// registry.py; notes in docs/tag-conventions.md): annotated tags only, events in tagger-date
// order, latest = highest active SemVer, each stage held by its most recent active assignment.
import { compareSemVer, type SemVer } from './semver';
import { parseTag, type ParsedTag, type TagAction, type TagConventions, DEFAULT_CONVENTIONS } from './tagGrammar';
import type { Diagnostic, TagRef } from './types';

export interface RegistryVersion {
  /** `v1.2.0`, or a commit id for a stage assigned to a commit with no registered version. */
  version: string;
  semver?: SemVer;
  commit: string;
  /** The registration tag (the newest one if the version was registered again). */
  tag?: string;
  /** Unix seconds of the registration. */
  date: number | null;
  tagger?: string;
  /** Subject of the registration tag's message. */
  message?: string;
  registered: boolean;
  /** False once deregistered (until registered again). */
  active: boolean;
  /** Stages this version holds now, in the order they were assigned. */
  stages: string[];
  /** Stage tags pointing at this version (for context menus and history). */
  stageTags: string[];
}

export interface StageEvent {
  stage: string;
  action: 'assign' | 'unassign';
  tag: string;
  commit: string;
  date: number | null;
  counter?: number;
}

export interface RegistryModel {
  /** `churn`, or `nlp:churn` for an artifact declared in `nlp/dvc.yaml`. */
  name: string;
  /** The folder part of `dirname:name`, when there is one. */
  dirname?: string;
  latest: string | null;
  deprecated: boolean;
  /** Stage → the version (or commit id) holding it, as `gto show` prints it. */
  stages: Record<string, string>;
  /** Registered and discovered versions, highest SemVer first; deregistered ones included (active: false). */
  versions: RegistryVersion[];
  stageEvents: StageEvent[];
  /** The highest `#N` among this model's tags, lightweight ones included (GTO counts them). */
  maxCounter: number;
  /** Which tag convention the model's tags use. */
  convention: ParsedTag['convention'];
}

export interface Registry {
  models: RegistryModel[];
  /** Tags that looked like GTO events but were ignored, with why (lightweight, non-commit target, …). */
  diagnostics: Diagnostic[];
  /** How many tags were read. */
  tagCount: number;
  /**
   * The highest `#N` per model name over every tag GTO would read, including models that have no
   * events at all (only lightweight tags, say): the next tag's counter must be above it.
   */
  maxCounters: ReadonlyMap<string, number>;
}

interface Event {
  ref: TagRef;
  parsed: ParsedTag;
}

/** Builds the registry from every tag of a repository. */
export function buildRegistry(tags: readonly TagRef[], conventions: TagConventions = DEFAULT_CONVENTIONS): Registry {
  const builder = new RegistryBuilder(conventions);
  for (const ref of tags) builder.add(ref);
  return builder.finish();
}

/**
 * The same, one tag at a time: tags can be added while `git for-each-ref` is still writing them,
 * and only the per-model work waits for the last one.
 */
export class RegistryBuilder {
  private readonly diagnostics: Diagnostic[] = [];
  private readonly byModel = new Map<string, { events: Event[]; maxCounter: number; convention: ParsedTag['convention'] }>();
  private lightweight = 0;
  private count = 0;

  constructor(private readonly conventions: TagConventions = DEFAULT_CONVENTIONS) {}

  add(ref: TagRef): void {
    this.count++;
    const parsed = parseTag(ref.name, this.conventions);
    if (!parsed) return;
    let m = this.byModel.get(parsed.model);
    if (!m) this.byModel.set(parsed.model, (m = { events: [], maxCounter: 0, convention: parsed.convention }));
    if (parsed.counter !== undefined && parsed.counter > m.maxCounter) m.maxCounter = parsed.counter;
    // GTO counts only annotated tags as events; other conventions accept lightweight tags.
    if (parsed.convention === 'gto' && !ref.annotated) {
      this.lightweight++;
      return;
    }
    if (ref.targetType !== 'commit') {
      this.diagnostics.push({ severity: 'warning', message: `tag ${ref.name} points to a ${ref.targetType}, not a commit; it is ignored` });
      return;
    }
    if (parsed.action === 'create') return; // matches GTO's grammar but carries no event
    m.events.push({ ref, parsed });
  }

  finish(): Registry {
    const diagnostics = [...this.diagnostics];
    const lightweight = this.lightweight;
    if (lightweight) {
      diagnostics.push({
        severity: 'info',
        message: `${lightweight} lightweight tag${lightweight === 1 ? '' : 's'} in GTO's form ignored: GTO counts only annotated tags (git tag -a)`,
      });
    }
    const models: RegistryModel[] = [];
    for (const [name, { events, maxCounter, convention }] of this.byModel) {
      if (events.length === 0) continue;
      models.push(buildModel(name, events, maxCounter, convention, diagnostics));
    }
    models.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const maxCounters = new Map<string, number>();
    for (const [name, m] of this.byModel) maxCounters.set(name, m.maxCounter);
    return { models, diagnostics, tagCount: this.count, maxCounters };
  }
}

// Within one second and without counters to tell, GTO's lists end up putting a removal after the
// addition it cancels (deregister after register, unassign after assign) and a deprecation before
// any version event, so the version event is the newest.
const ACTION_RANK: Record<TagAction, number> = { create: 0, deprecate: 1, register: 2, deregister: 3, assign: 4, unassign: 5 };

/** Event order: tagger date (1 s resolution), then GTO's counter, then the kind of event, then tag name. */
function compareEvents(a: Event, b: Event): number {
  const da = a.ref.date ?? 0;
  const db = b.ref.date ?? 0;
  if (da !== db) return da - db;
  const ca = a.parsed.counter;
  const cb = b.parsed.counter;
  if (ca !== undefined && cb !== undefined && ca !== cb) return ca - cb;
  const ra = ACTION_RANK[a.parsed.action];
  const rb = ACTION_RANK[b.parsed.action];
  if (ra !== rb) return ra - rb;
  return a.ref.name < b.ref.name ? -1 : a.ref.name > b.ref.name ? 1 : 0;
}

/** What building a version needs besides the version itself; kept apart so no copy is made. */
interface VersionEvents {
  direct: Event[];
  /** Per stage: assignment/unassignment events on this version, oldest first (made on demand). */
  stageEventsByStage?: Map<string, Event[]>;
}

type VersionState = RegistryVersion;

function buildModel(
  name: string,
  events: Event[],
  maxCounter: number,
  convention: ParsedTag['convention'],
  diagnostics: Diagnostic[],
): RegistryModel {
  events.sort(compareEvents);
  const colon = name.indexOf(':');
  // GTO keys a version by (name, commit): the same name tagged on two commits is two versions.
  const versions = new Map<string, VersionState>();
  const versionKey = (version: string, commit: string) => `${version}\0${commit}`;
  const byCommit = new Map<string, VersionState[]>();
  const eventsOf = new Map<VersionState, VersionEvents>();
  const newVersion = (version: string, commit: string, semver?: SemVer): VersionState => {
    const v: VersionState = { version, semver, commit, date: null, registered: false, active: true, stages: [], stageTags: [] };
    eventsOf.set(v, { direct: [] });
    versions.set(versionKey(version, commit), v);
    const list = byCommit.get(commit) ?? [];
    list.push(v);
    byCommit.set(commit, list);
    return v;
  };

  // Registrations first, whatever their dates: GTO indexes every version before any stage.
  for (const e of events) {
    const p = e.parsed;
    if (p.action !== 'register' && p.action !== 'deregister') continue;
    // A deregistration with no registration on its commit still makes a (deregistered) version
    // there, as in GTO: stage tags on that commit then go to it and stay hidden.
    const v = versions.get(versionKey(p.version!, e.ref.target)) ?? newVersion(p.version!, e.ref.target, p.semver);
    eventsOf.get(v)!.direct.push(e);
    if (p.action === 'register') {
      v.registered = true;
      v.tag = e.ref.name;
      v.date = e.ref.date;
      v.tagger = e.ref.tagger;
      v.message = e.ref.subject;
    }
  }
  const commitsByName = new Map<string, string[]>();
  for (const v of versions.values()) {
    const direct = eventsOf.get(v)!.direct;
    const newest = direct[direct.length - 1];
    v.active = !newest || newest.parsed.action === 'register';
    if (!v.registered) {
      diagnostics.push({
        severity: 'warning',
        message: `tag ${newest!.ref.name} deregisters ${name} ${v.version}, which is not registered on commit ${v.commit.slice(0, 7)}`,
      });
    } else {
      const commits = commitsByName.get(v.version) ?? [];
      commits.push(v.commit.slice(0, 7));
      commitsByName.set(v.version, commits);
    }
  }
  for (const [version, commits] of commitsByName) {
    if (commits.length > 1) {
      diagnostics.push({ severity: 'warning', message: `${name} ${version} is registered on ${commits.length} commits (${commits.join(', ')}); each is a separate version` });
    }
  }

  // Stage events go to the version registered on the tag's commit.
  const stageEvents: StageEvent[] = [];
  for (const e of events) {
    const p = e.parsed;
    if (p.action !== 'assign' && p.action !== 'unassign') continue;
    stageEvents.push({ stage: p.stage!, action: p.action, tag: e.ref.name, commit: e.ref.target, date: e.ref.date, counter: p.counter });
    const onCommit = byCommit.get(e.ref.target) ?? [];
    let v: VersionState | undefined;
    if (onCommit.length > 1) {
      // GTO raises ManyVersions here; we pick the highest active SemVer and say so.
      v = [...onCommit].sort((a, b) => Number(b.active) - Number(a.active) || compareVersionsDesc(a, b))[0];
      diagnostics.push({
        severity: 'warning',
        message: `tag ${e.ref.name}: commit ${e.ref.target.slice(0, 7)} has ${onCommit.length} versions of ${name}; the stage goes to ${v!.version}`,
      });
    } else {
      v = onCommit[0] ?? newVersion(e.ref.target, e.ref.target);
    }
    const ev = eventsOf.get(v!)!;
    const byStage = (ev.stageEventsByStage ??= new Map());
    const list = byStage.get(p.stage!) ?? [];
    list.push(e);
    byStage.set(p.stage!, list);
    v!.stageTags.push(e.ref.name);
  }

  // Each stage: the active version whose newest active assignment is the most recent.
  interface Holding { version: VersionState; stage: string; at: Event }
  const holdings: Holding[] = [];
  for (const v of versions.values()) {
    const byStage = eventsOf.get(v)!.stageEventsByStage;
    if (!v.active || !byStage) continue;
    for (const [stage, list] of byStage) {
      const newest = list[list.length - 1]!;
      if (newest.parsed.action !== 'assign') continue;
      holdings.push({ version: v, stage, at: newest });
    }
  }
  holdings.sort((a, b) => compareEvents(b.at, a.at));
  // A Map, not an object: stage names such as `constructor` are valid.
  const holders = new Map<string, VersionState>();
  for (const h of holdings) {
    if (!holders.has(h.stage)) holders.set(h.stage, h.version);
  }
  for (const h of [...holdings].reverse()) {
    if (holders.get(h.stage) === h.version && !h.version.stages.includes(h.stage)) h.version.stages.push(h.stage);
  }
  const stages: Record<string, string> = Object.fromEntries([...holders].map(([stage, v]) => [stage, v.version]));

  const all = [...versions.values()];
  const latest = all.filter((v) => v.active && v.registered && v.semver).sort(compareVersionsDesc)[0];
  // Deprecated when the newest event of all is the deprecation; any later event revives it.
  const newest = events[events.length - 1]!;
  const deprecated = newest.parsed.action === 'deprecate';

  return {
    name,
    dirname: colon > 0 ? name.slice(0, colon) : undefined,
    latest: latest?.version ?? null,
    deprecated,
    stages,
    versions: all.sort(compareVersionsDesc),
    stageEvents,
    maxCounter,
    convention,
  };
}

/** Highest SemVer first; versions that are commit ids after, by id. */
export function compareVersionsDesc(a: Pick<RegistryVersion, 'semver' | 'version'>, b: Pick<RegistryVersion, 'semver' | 'version'>): number {
  if (a.semver && b.semver) return compareSemVer(b.semver, a.semver);
  if (a.semver) return -1;
  if (b.semver) return 1;
  return a.version < b.version ? -1 : a.version > b.version ? 1 : 0;
}

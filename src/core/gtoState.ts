// The registry exactly as GTO indexes it (iterative/gto tag.py, base.py): deprecation tags first,
// then registrations, then stages, each group in tagger-time order; every list GTO keeps is
// sorted by time and read newest first, so events in the same second come out in the order GTO's
// stable sorts and reversals leave them. History, check-ref, the `--gto` JSON and the lifecycle
// plans all read this one index, so they agree with each other and with `gto`.
import { parseGtoTag } from './tagGrammar';
import type { TagRef } from './types';

export type GtoEventKind = 'deprecation' | 'registration' | 'deregistration' | 'assignment' | 'unassignment';

/** GTO's priorities: the second key of its history sort. */
export const PRIORITY: Record<GtoEventKind, number> = { deprecation: 2, registration: 3, deregistration: 4, assignment: 5, unassignment: 6 };

/** A tag as the index reads it: a TagRef, with the details of a TagDetail when they were read. */
export type GtoTag = TagRef & { taggerEmail?: string; tzMinutes?: number; message?: string };

export interface GtoEvent {
  kind: GtoEventKind;
  artifact: string;
  /** The version the event is about: for stage events, the version registered on the tag's commit (or the commit id). */
  version?: string;
  stage?: string;
  tag: string;
  commit: string;
  date: number;
  counter?: number;
  source: GtoTag;
}

export interface GtoVStage {
  stage: string;
  version: string;
  commit: string;
  assignments: GtoEvent[];
  unassignments: GtoEvent[];
}

export interface GtoVersion {
  artifact: string;
  version: string;
  commit: string;
  registrations: GtoEvent[];
  deregistrations: GtoEvent[];
  /** Stage name → its events on this version, in the order the stages first appeared. */
  stages: Map<string, GtoVStage>;
}

export interface GtoArtifact {
  name: string;
  deprecations: GtoEvent[];
  versions: GtoVersion[];
}

export interface GtoState {
  /** In the order GTO first met them: a Map keeps it (GTO's show --json prints in this order). */
  artifacts: Map<string, GtoArtifact>;
  /** The highest `#N` per model over every tag in GTO's form, lightweight ones too (GTO's name_tag counts them). */
  maxCounters: Map<string, number>;
  /** Every tag name read, lightweight ones too: a new tag must not take one of them. */
  tagNames: Set<string>;
}

/** Python's `sorted(xs, key=created_at)[::-1]`: newest first, and ties in reverse of the input order. */
export function newestFirst<T extends { date: number }>(xs: readonly T[]): T[] {
  return [...xs].sort((a, b) => a.date - b.date).reverse();
}

/** Keeps a list sorted by time the way GTO's add_event does (append, then a stable sort). */
function insertByTime(list: GtoEvent[], e: GtoEvent): void {
  list.push(e);
  list.sort((a, b) => a.date - b.date);
}

/** Indexes every tag as GTO does; tags other than annotated GTO tags on commits are left out. */
export function buildGtoState(tags: readonly GtoTag[]): GtoState {
  const maxCounters = new Map<string, number>();
  const tagNames = new Set<string>();
  const groups: Record<'artifact' | 'version' | 'stage', { tag: GtoTag; parsed: NonNullable<ReturnType<typeof parseGtoTag>> }[]> = { artifact: [], version: [], stage: [] };
  // GTO lists tags by name before its stable sort by time: name order breaks same-second ties.
  const sorted = [...tags].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const tag of sorted) {
    tagNames.add(tag.name);
    const parsed = parseGtoTag(tag.name);
    if (!parsed) continue;
    if (parsed.counter !== undefined && parsed.counter > (maxCounters.get(parsed.model) ?? 0)) maxCounters.set(parsed.model, parsed.counter);
    if (!tag.annotated || tag.targetType !== 'commit') continue;
    if (parsed.action === 'deprecate') groups.artifact.push({ tag, parsed });
    else if (parsed.action === 'register' || parsed.action === 'deregister') groups.version.push({ tag, parsed });
    else if (parsed.action === 'assign' || parsed.action === 'unassign') groups.stage.push({ tag, parsed });
    // `@created` matches GTO's grammar but GTO indexes no event for it.
  }
  for (const g of Object.values(groups)) g.sort((a, b) => (a.tag.date ?? 0) - (b.tag.date ?? 0));

  const artifacts = new Map<string, GtoArtifact>();
  const artifactOf = (name: string) => {
    let a = artifacts.get(name);
    if (!a) artifacts.set(name, (a = { name, deprecations: [], versions: [] }));
    return a;
  };
  const event = (kind: GtoEventKind, tag: GtoTag, parsed: { model: string; counter?: number }, extra: { version?: string; stage?: string }): GtoEvent => ({
    kind,
    artifact: parsed.model,
    ...extra,
    tag: tag.name,
    commit: tag.target,
    date: tag.date ?? 0,
    counter: parsed.counter,
    source: tag,
  });
  const newVersion = (a: GtoArtifact, version: string, commit: string): GtoVersion => {
    const v: GtoVersion = { artifact: a.name, version, commit, registrations: [], deregistrations: [], stages: new Map() };
    a.versions.push(v);
    return v;
  };

  for (const { tag, parsed } of groups.artifact) insertByTime(artifactOf(parsed.model).deprecations, event('deprecation', tag, parsed, {}));
  for (const { tag, parsed } of groups.version) {
    const a = artifactOf(parsed.model);
    const v = a.versions.find((x) => x.version === parsed.version && x.commit === tag.target && !isDiscovered(x)) ?? newVersion(a, parsed.version!, tag.target);
    if (parsed.action === 'register') insertByTime(v.registrations, event('registration', tag, parsed, { version: v.version }));
    else insertByTime(v.deregistrations, event('deregistration', tag, parsed, { version: v.version }));
  }
  for (const { tag, parsed } of groups.stage) {
    const a = artifactOf(parsed.model);
    // The version registered on the commit; a commit with none becomes a version named by its id.
    // (GTO raises ManyVersions for several on one commit; the first one is taken here.)
    const v =
      a.versions.find((x) => x.commit === tag.target && !isDiscovered(x)) ??
      a.versions.find((x) => x.commit === tag.target && x.version === tag.target) ??
      newVersion(a, tag.target, tag.target);
    let vs = v.stages.get(parsed.stage!);
    if (!vs) v.stages.set(parsed.stage!, (vs = { stage: parsed.stage!, version: v.version, commit: v.commit, assignments: [], unassignments: [] }));
    const kind = parsed.action === 'assign' ? 'assignment' : 'unassignment';
    insertByTime(kind === 'assignment' ? vs.assignments : vs.unassignments, event(kind, tag, parsed, { version: v.version, stage: parsed.stage }));
  }
  return { artifacts, maxCounters, tagNames };
}

/** A version with no registration or deregistration: one GTO made up for a stage on a bare commit. */
export function isDiscovered(v: GtoVersion): boolean {
  return v.registrations.length === 0 && v.deregistrations.length === 0;
}

export function vstageEvents(s: GtoVStage): GtoEvent[] {
  return newestFirst([...s.assignments, ...s.unassignments]);
}

/** Whether the stage is in effect on this version: its newest event there is an assignment. */
export function isVStageActive(s: GtoVStage): boolean {
  return vstageEvents(s)[0]?.kind === 'assignment';
}

export function versionEvents(v: GtoVersion): GtoEvent[] {
  return newestFirst([...v.registrations, ...v.deregistrations, ...[...v.stages.values()].flatMap(vstageEvents)]);
}

export function isVersionActive(v: GtoVersion): boolean {
  const direct = newestFirst([...v.registrations, ...v.deregistrations]);
  if (direct.length) return direct[0]!.kind === 'registration';
  return v.stages.size > 0;
}

export function isRegistered(v: GtoVersion): boolean {
  return v.registrations.length > 0;
}

/** Every event of an artifact, newest first, in GTO's order (Artifact.get_events). */
export function artifactEvents(a: GtoArtifact): GtoEvent[] {
  return newestFirst([...a.deprecations, ...a.versions.flatMap(versionEvents)]);
}

/** GTO's Artifact.is_active: it has events and the newest is not a deprecation. */
export function isArtifactActive(a: GtoArtifact): boolean {
  const events = artifactEvents(a);
  return events.length > 0 && events[0]!.kind !== 'deprecation';
}

/** The event GTO takes a version's or stage's date, author and message from (authoring_event). */
export function authoringEvent(direct: readonly GtoEvent[], indirect: readonly GtoEvent[]): GtoEvent | undefined {
  const additions = newestFirst(direct).filter((e) => e.kind === 'registration' || e.kind === 'assignment');
  return additions[0] ?? newestFirst(indirect)[0];
}

/** A version's time for GTO's timestamp sort: its newest registration, else its newest event. */
export function versionCreatedAt(v: GtoVersion): number {
  return authoringEvent([...v.registrations, ...v.deregistrations], [...v.stages.values()].flatMap(vstageEvents))?.date ?? 0;
}

/** The next `#N` for a model's tag: 1 + the highest counter among its tags. */
export function nextCounter(state: GtoState, model: string): number {
  return (state.maxCounters.get(model) ?? 0) + 1;
}

/**
 * Who holds each stage, as `gto show` computes it (Artifact.get_vstages with its defaults: every
 * active version, one version per stage, newest assignment first).
 */
export function stageHolders(a: GtoArtifact, versionsPerStage = 1): Map<string, GtoVStage[]> {
  const versions = newestFirst(a.versions.filter(isVersionActive).map((v) => ({ v, date: versionCreatedAt(v) }))).map((x) => x.v);
  const active: { s: GtoVStage; date: number }[] = [];
  for (const v of versions) {
    const own = [...v.stages.values()].filter(isVStageActive).map((s) => ({ s, date: vstageEvents(s)[0]!.date }));
    // get_vstages(ascending=True): Python's sorted(...) without the reversal.
    active.push(...own.sort((x, y) => x.date - y.date));
  }
  const holders = new Map<string, GtoVStage[]>();
  for (const { s } of newestFirst(active)) {
    const list = holders.get(s.stage) ?? holders.set(s.stage, []).get(s.stage)!;
    if (versionsPerStage > -1 && list.length >= versionsPerStage) continue;
    if (!list.some((x) => x.version === s.version)) list.push(s);
  }
  return holders;
}

/** Stage names in use (held by some active version), sorted as GTO's `stages --used` sorts them. */
export function usedStages(state: GtoState): string[] {
  const used = new Set<string>();
  for (const a of state.artifacts.values()) for (const s of stageHolders(a).keys()) used.add(s);
  return [...used].sort();
}

/** GTO's find_version by name, among versions it did not make up for a bare commit. */
export function findVersion(a: GtoArtifact | undefined, version: string): GtoVersion | undefined {
  return a?.versions.find((v) => v.version === version && !isDiscovered(v));
}

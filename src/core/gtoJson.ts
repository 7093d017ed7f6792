// The JSON GTO prints, in its shapes and key orders, for scripts written for `gto`: `gto show
// --json` (the registry, or one model's versions), `gto check-ref --json`, and Python's
// `json.dumps(..., indent=4)` spelling of it all (ASCII only, `\uXXXX` escapes).
import type { CommitDetail } from './ports';
import {
  artifactEvents,
  authoringEvent,
  isArtifactActive,
  isDiscovered,
  isRegistered,
  isVersionActive,
  isVStageActive,
  newestFirst,
  stageHolders,
  usedStages,
  vstageEvents,
  type GtoArtifact,
  type GtoEvent,
  type GtoState,
  type GtoVersion,
  type GtoVStage,
} from './gtoState';
import { isoTimestamp } from './history';
import { compareSemVer, parseSemVer } from './semver';

/** Python's `json.dumps(value, indent=4)`: the same text byte for byte for JSON-able values. */
export function pythonJson(value: unknown): string {
  return JSON.stringify(value, null, 4).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

const when = (e: GtoEvent) => isoTimestamp(e.date, e.source.tzMinutes ?? 0);

/** An event as pydantic dumps it (`model_dump`): its fields in GTO's declaration order. */
function eventDump(e: GtoEvent, { withPriority = true } = {}): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (withPriority) {
    out.priority = { deprecation: 2, registration: 3, deregistration: 4, assignment: 5, unassignment: 6 }[e.kind];
    out.addition = e.kind === 'registration' || e.kind === 'assignment';
  }
  out.artifact = e.artifact;
  out.created_at = when(e);
  out.author = e.source.tagger;
  out.author_email = e.source.taggerEmail ?? '';
  out.message = (e.source.message ?? e.source.subject).trim();
  out.commit_hexsha = e.commit;
  out.tag = e.tag;
  if (e.version !== undefined) out.version = e.version;
  if (e.stage !== undefined) out.stage = e.stage;
  return out;
}

/** An event's `dict_state()`: the dump and its event name. */
function eventState(e: GtoEvent, opts?: { withPriority?: boolean }): Record<string, unknown> {
  return { ...eventDump(e, opts), event: e.kind };
}

/** `gto check-ref --json`: the event without priority and addition. */
export function checkRefJson(e: GtoEvent): Record<string, unknown> {
  return eventState(e, { withPriority: false });
}

/** The line `gto check-ref` prints for an event. */
export function checkRefText(e: GtoEvent): string {
  const q = (s: string | undefined) => `"${s ?? ''}"`;
  switch (e.kind) {
    case 'deprecation':
      return `✅  Artifact ${q(e.artifact)} was deprecated`;
    case 'registration':
      return `✅  Version ${q(e.version)} of artifact ${q(e.artifact)} was registered`;
    case 'deregistration':
      return `✅  Version ${q(e.version)} of artifact ${q(e.artifact)} was deregistered`;
    case 'assignment':
      return `✅  Stage ${q(e.stage)} was assigned to version ${q(e.version)} of artifact ${q(e.artifact)}`;
    case 'unassignment':
      return `✅  Stage ${q(e.stage)} was unassigned from version ${q(e.version)} of artifact ${q(e.artifact)}`;
  }
}

/** The events a ref made (GTO's check_ref): the tag's own event, found by the tag's name. */
export function checkRef(state: GtoState, ref: string): GtoEvent[] {
  const name = ref.startsWith('refs/tags/') ? ref.slice('refs/tags/'.length) : ref;
  for (const a of state.artifacts.values()) {
    const found = artifactEvents(a).filter((e) => e.tag === name);
    if (found.length) return found;
  }
  return [];
}

/** Artifacts to print: the active ones, and the deprecated too when asked (`--deprecated`). */
function shown(state: GtoState, deprecated: boolean): GtoArtifact[] {
  return [...state.artifacts.values()].filter((a) => deprecated || isArtifactActive(a));
}

/** The latest registered version, highest SemVer first (get_latest_version(registered_only=True)). */
function latestRegistered(a: GtoArtifact): GtoVersion | undefined {
  return sortVersions(a.versions.filter((v) => isVersionActive(v) && isRegistered(v) && !isDiscovered(v)))[0];
}

/** GTO's sort_versions by SemVer: SemVer ones highest first, then the others by name, descending. */
function sortVersions(versions: readonly GtoVersion[]): GtoVersion[] {
  const semver = versions.filter((v) => parseSemVer(v.version.slice(1)) && v.version.startsWith('v'));
  const other = versions.filter((v) => !semver.includes(v));
  semver.sort((a, b) => compareSemVer(parseSemVer(b.version.slice(1))!, parseSemVer(a.version.slice(1))!));
  other.sort((a, b) => (a.version < b.version ? 1 : a.version > b.version ? -1 : 0));
  return [...semver, ...other];
}

/** `gto show --json`: each model's latest version and who holds each stage. */
export function gtoShowRegistry(state: GtoState, { stages, deprecated = false }: { stages?: readonly string[]; deprecated?: boolean } = {}): Record<string, unknown> {
  const columns = stages ?? usedStages(state);
  const out: Record<string, unknown> = {};
  for (const a of shown(state, deprecated)) {
    const holders = stageHolders(a);
    const stage: Record<string, string | null> = {};
    for (const s of columns) setOwn(stage, s, holders.get(s)?.map((x) => x.version).join(', ') || null);
    setOwn(out, a.name, { version: latestRegistered(a)?.version ?? null, stage, registered: true, active: isArtifactActive(a) });
  }
  return out;
}

/** What `gto show <model> --json` narrows to: all versions, `@latest`, `@vX.Y.Z` or `#stage`. */
export type GtoShortcut = { kind: 'all' } | { kind: 'latest' } | { kind: 'version'; version: string } | { kind: 'stage'; stage: string };

/** `gto show <model> --json`: the model's versions with their registrations and the stages they hold. */
export function gtoShowVersions(state: GtoState, model: string, shortcut: GtoShortcut, commits: ReadonlyMap<string, CommitDetail>, { deprecated = false } = {}): Record<string, unknown>[] | undefined {
  const a = state.artifacts.get(model);
  if (!a) return undefined;
  if (!deprecated && !isArtifactActive(a)) return [];
  const holders = stageHolders(a);
  let versions = sortVersions(a.versions.filter(isVersionActive)).map((v) => versionState(v, holders, commits));
  if (shortcut.kind === 'latest') versions = versions.slice(0, 1);
  else if (shortcut.kind === 'version') versions = versions.filter((v) => v.version === shortcut.version);
  else if (shortcut.kind === 'stage') versions = versions.filter((v) => (v.stages as { stage: string }[]).some((s) => s.stage === shortcut.stage));
  return versions;
}

/** The commits whose details gtoShowVersions needs. */
export function commitsOf(state: GtoState, model: string): string[] {
  return [...new Set(state.artifacts.get(model)?.versions.map((v) => v.commit) ?? [])];
}

function versionState(v: GtoVersion, holders: Map<string, GtoVStage[]>, commits: ReadonlyMap<string, CommitDetail>): Record<string, unknown> & { version: string } {
  const c = commits.get(v.commit);
  // Every version carries its commit as an enrichment event (GTO's EnrichmentManager); the
  // annotations GTO reads from artifacts.yaml are not reproduced, so their list is empty.
  const enrichments = c
    ? [
        {
          priority: 0,
          addition: true,
          artifact: v.artifact,
          created_at: isoTimestamp(c.date, c.tzMinutes),
          author: c.author,
          author_email: c.authorEmail,
          message: c.message,
          commit_hexsha: c.commit,
          version: v.version,
          enrichments: [],
          committer: c.committer,
          committer_email: c.committerEmail,
        },
      ]
    : [];
  const stageEvents = [...v.stages.values()].flatMap(vstageEvents);
  const commitEvent: Authored[] = c ? [{ date: c.date, tz: c.tzMinutes, author: c.author, email: c.authorEmail, message: c.message, ref: c.commit }] : [];
  // authoring_event: the newest registration, else the newest of the commit and the stage events.
  const author = newestFirst(v.registrations)[0] ? authored(newestFirst(v.registrations)[0]!) : newestFirst([...commitEvent, ...stageEvents.map(authored)])[0];
  // activated_at: the first registration, else the oldest event of all.
  const oldest = [...v.deregistrations.map(authored), ...commitEvent, ...stageEvents.map(authored)].sort((x, y) => x.date - y.date)[0];
  const activated = v.registrations.length ? authored(v.registrations[0]!) : oldest;
  return {
    artifact: v.artifact,
    commit_hexsha: v.commit,
    version: v.version,
    enrichments,
    registrations: v.registrations.map((e) => eventDump(e)),
    deregistrations: v.deregistrations.map((e) => eventDump(e)),
    stages: [...holders.values()].flat().filter((s) => s.version === v.version && s.commit === v.commit).map(vstageState),
    is_active: isVersionActive(v),
    activated_at: activated ? isoTimestamp(activated.date, activated.tz) : null,
    created_at: author ? isoTimestamp(author.date, author.tz) : null,
    author: author?.author ?? null,
    author_email: author?.email ?? null,
    message: author?.message ?? null,
    ref: author?.ref ?? v.commit,
    discovered: isDiscovered(v),
  };
}

/** What a version or stage takes its date, author and message from: an event, or its commit. */
interface Authored {
  date: number;
  tz: number;
  author: string;
  email: string;
  message: string;
  ref: string;
}

function authored(e: GtoEvent): Authored {
  return { date: e.date, tz: e.source.tzMinutes ?? 0, author: e.source.tagger, email: e.source.taggerEmail ?? '', message: (e.source.message ?? e.source.subject).trim(), ref: e.tag };
}

function vstageState(s: GtoVStage): Record<string, unknown> {
  const events = vstageEvents(s);
  const author = authoringEvent(events, []);
  const active = isVStageActive(s);
  return {
    artifact: events[0]?.artifact,
    commit_hexsha: s.commit,
    version: s.version,
    stage: s.stage,
    assignments: s.assignments.map((e) => eventState(e)),
    unassignments: s.unassignments.map((e) => eventState(e)),
    is_active: active,
    activated_at: active ? when(events[0]!) : null,
    created_at: author ? when(author) : null,
    author: author?.source.tagger ?? null,
    author_email: author?.source.taggerEmail ?? null,
    message: author ? (author.source.message ?? author.source.subject).trim() : null,
    ref: author?.tag ?? s.commit,
  };
}

/** Sets a key on a plain object even when it is `__proto__` or `constructor` (names GTO allows). */
function setOwn(o: Record<string, unknown>, k: string, v: unknown): void {
  Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
}

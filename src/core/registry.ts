// Builds the model registry from tags the way `gto show` does (iterative/gto base.py and
// registry.py; notes in docs/tag-conventions.md): annotated tags only, events in tagger-date
// order, latest = highest active SemVer, each stage held by its most recent active assignment.
import { compareSemVer, type SemVer } from './semver';
import { parseTag, type ParsedTag, type TagAction, type TagConventions, DEFAULT_CONVENTIONS } from './tagGrammar';
import type { TagTable, TargetStrings } from './store/tagTable';
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
  /** How many tags in GTO's form were ignored for being lightweight (the info diagnostic's count). */
  lightweight: number;
  /** Which model each warning is about: an update that rebuilds a few models replaces theirs. */
  owners: ReadonlyMap<Diagnostic, DiagnosticOwner>;
}

/**
 * The model a registry warning belongs to. `first` is the model's first tag in reading order
 * (models' warnings follow that order); `tag` is set for a warning about one tag, which comes
 * before every model's own warnings.
 */
export interface DiagnosticOwner {
  model: string;
  first: string;
  tag?: string;
}

/** A tag that is a registry event: the tag with what its name says, in one object of one shape. */
interface Event {
  ref: TagRef;
  action: TagAction;
  version: string | undefined;
  semver: SemVer | undefined;
  stage: string | undefined;
  counter: number | undefined;
}

/** Builds the registry from every tag of a repository. */
export function buildRegistry(tags: readonly TagRef[], conventions: TagConventions = DEFAULT_CONVENTIONS): Registry {
  return builderOf(tags, conventions).finish();
}

/** The same with a turn of the event loop every `sliceMs` (see RegistryBuilder.finishInSlices). */
export function buildRegistryInSlices(tags: readonly TagRef[], conventions: TagConventions = DEFAULT_CONVENTIONS, sliceMs = 10, signal?: AbortSignal): Promise<Registry> {
  return builderOf(tags, conventions).finishInSlices(sliceMs, signal);
}

function builderOf(tags: readonly TagRef[], conventions: TagConventions): RegistryBuilder {
  const builder = new RegistryBuilder(conventions);
  for (const ref of tags) builder.add(ref);
  return builder;
}

/**
 * The same, one tag at a time: tags can be added while `git for-each-ref` is still writing them,
 * and only the per-model work waits for the last one.
 */
export class RegistryBuilder {
  private readonly diagnostics: Diagnostic[] = [];
  private readonly byModel = new Map<string, { events: Event[]; rows: number[]; parsed: ParsedTag[]; maxCounter: number; convention: ParsedTag['convention']; first: string }>();
  /** The table of the rows added by addRow (one per builder). */
  private table: TagTable | undefined;
  private readonly owners = new Map<Diagnostic, DiagnosticOwner>();
  private lightweight = 0;
  private count = 0;

  constructor(
    private readonly conventions: TagConventions = DEFAULT_CONVENTIONS,
    /** Whether models of rows build their versions when first read (else now, whole). */
    private readonly versionsOnRead = false,
  ) {}

  add(ref: TagRef): void {
    const m = this.check(ref.name, ref.annotated, ref.targetType);
    // Every tag of the registry stays in memory until the models are built: one object each, not two.
    if (m) m.model.events.push({ ref, action: m.parsed.action, version: m.parsed.version, semver: m.parsed.semver, stage: m.parsed.stage, counter: m.parsed.counter });
  }

  /**
   * A row of a TagTable. Only its row number is kept; the model it belongs to is built from the
   * table when the registry is finished, and its versions again when someone asks for them.
   */
  addRow(table: TagTable, row: number): void {
    this.table = table;
    const m = this.check(table.name(row), table.annotated(row), table.targetType(row));
    if (m) m.model.rows.push(row), m.model.parsed.push(m.parsed);
  }

  /** Counts a tag; its model and what its name says when it is an event of the registry. */
  private check(name: string, annotated: boolean, targetType: string) {
    this.count++;
    const parsed = parseTag(name, this.conventions);
    if (!parsed) return undefined;
    let m = this.byModel.get(parsed.model);
    if (!m) this.byModel.set(parsed.model, (m = { events: [], rows: [], parsed: [], maxCounter: 0, convention: parsed.convention, first: name }));
    if (parsed.counter !== undefined && parsed.counter > m.maxCounter) m.maxCounter = parsed.counter;
    // GTO counts only annotated tags as events; other conventions accept lightweight tags.
    if (parsed.convention === 'gto' && !annotated) {
      this.lightweight++;
      return undefined;
    }
    if (targetType !== 'commit') {
      const d: Diagnostic = { severity: 'warning', message: `tag ${name} points to a ${targetType}, not a commit; it is ignored` };
      this.diagnostics.push(d);
      this.owners.set(d, { model: parsed.model, first: m.first, tag: name });
      return undefined;
    }
    if (parsed.action === 'create') return undefined; // matches GTO's grammar but carries no event
    return { model: m, parsed };
  }

  finish(): Registry {
    const steps = this.build();
    for (;;) {
      const step = steps.next();
      if (step.done) return step.value;
    }
  }

  /**
   * The same registry, with a turn of the event loop whenever building has taken `sliceMs`:
   * 5,000 models take long enough to freeze an editor's extension host. A read cancelled
   * meanwhile stops here too.
   */
  async finishInSlices(sliceMs = 10, signal?: AbortSignal): Promise<Registry> {
    const steps = this.build();
    let until = performance.now() + sliceMs;
    for (;;) {
      const step = steps.next();
      if (step.done) return step.value;
      if (performance.now() < until) continue;
      await new Promise<void>((resolve) => setImmediate(resolve));
      signal?.throwIfAborted();
      until = performance.now() + sliceMs;
    }
  }

  /** Builds the models one by one, pausing (yield) after each. */
  private *build(): Generator<void, Registry> {
    const diagnostics = [...this.diagnostics];
    const owners = new Map(this.owners);
    const lightweight = this.lightweight;
    if (lightweight) diagnostics.push(lightweightNote(lightweight));
    const models: RegistryModel[] = [];
    const own: Diagnostic[] = [];
    const table = this.table;
    // Every model's rows in one array: an Int32Array of its own cost each model 200 bytes of
    // objects (the view and its ArrayBuffer) beside its 20 rows' 80 bytes. The array lives as
    // long as any model of this read does, as the table they all read from does.
    let total = 0;
    if (table) for (const m of this.byModel.values()) total += m.rows.length;
    const pool = new Int32Array(total);
    let at = 0;
    for (const [name, { events, rows, parsed, maxCounter, convention, first }] of this.byModel) {
      if (events.length === 0 && rows.length === 0) continue;
      if (table && rows.length) {
        pool.set(rows, at);
        const source: RowSource = { name, table, pool, from: at, to: (at += rows.length), parsed, events, maxCounter, convention, conventions: this.conventions };
        models.push(this.versionsOnRead ? modelOfRows(source, own) : buildSource(source, own));
      } else {
        models.push(buildModel(name, events, maxCounter, convention, own));
      }
      for (const d of own) {
        diagnostics.push(d);
        owners.set(d, { model: name, first });
      }
      own.length = 0;
      yield;
    }
    models.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const maxCounters = new Map<string, number>();
    for (const [name, m] of this.byModel) maxCounters.set(name, m.maxCounter);
    return { models, diagnostics, tagCount: this.count, maxCounters, lightweight, owners };
  }
}

/** What a lazy model's versions are built from: its rows and how its first build was made. */
interface RowSource {
  name: string;
  table: TagTable;
  /** The model's rows are pool[from, to): one array shared by every model of the build. */
  pool: Int32Array;
  from: number;
  to: number;
  events: readonly Event[];
  maxCounter: number;
  convention: ParsedTag['convention'];
  conventions: TagConventions;
  /** What the rows' names say, from reading them: used by the first build, then dropped. */
  parsed?: ParsedTag[];
  built?: RegistryModel;
}

/** Where a lazy model keeps its source: a symbol, not enumerable, so no comparison or JSON sees it. */
const SOURCE = Symbol('rows');

/**
 * A model built from its rows now for its summary (latest, stages, warnings), its versions and
 * stage events built again the first time they are read (the tree reads them when the model is
 * expanded): 5,000 models of 20 versions each kept 170 bytes a tag for rows nobody had opened.
 * Reading them gives what a full build gives. The accessors are shared by every model; a copy of
 * the property descriptors (copyModel, not a spread, which reads them) keeps them unread.
 */
function modelOfRows(source: RowSource, diagnostics: Diagnostic[]): RegistryModel {
  // The summary needs no messages (they are the versions'): the first build leaves them out.
  const built = buildSource(source, diagnostics, false);
  const m = {} as RegistryModel;
  for (const [key, value] of Object.entries(built)) {
    if (key === 'versions' || key === 'stageEvents') Object.defineProperty(m, key, LAZY[key]);
    else (m as unknown as Record<string, unknown>)[key] = value;
  }
  Object.defineProperty(m, SOURCE, { value: source, enumerable: false, writable: true, configurable: true });
  return m;
}

function buildSource(s: RowSource, diagnostics: Diagnostic[], subjects = true): RegistryModel {
  const parsed = s.parsed;
  s.parsed = undefined;
  return buildModel(s.name, eventsOf(s.table, s.pool.subarray(s.from, s.to), s.conventions, s.events, subjects, parsed), s.maxCounter, s.convention, diagnostics);
}

function lazyAccessor(key: 'versions' | 'stageEvents'): PropertyDescriptor {
  return {
    enumerable: true,
    configurable: true,
    get(this: RegistryModel & { [SOURCE]: RowSource }) {
      const source = this[SOURCE];
      const value = (source.built ??= buildSource(source, []))[key];
      Object.defineProperty(this, key, { value, writable: true, enumerable: true, configurable: true });
      return value;
    },
    set(this: RegistryModel, value: unknown) {
      Object.defineProperty(this, key, { value, writable: true, enumerable: true, configurable: true });
    },
  };
}

const LAZY = { versions: lazyAccessor('versions'), stageEvents: lazyAccessor('stageEvents') };

/**
 * The events of a model's rows (with any events added as TagRefs), parsed again from their names.
 * Their refs leave out the tag objects' ids (nothing a build makes reads them) and share one
 * string per commit.
 */
function eventsOf(table: TagTable, rows: Int32Array, conventions: TagConventions, also: readonly Event[], subjects: boolean, parsed?: readonly ParsedTag[]): Event[] {
  const events: Event[] = also.slice();
  const targets: TargetStrings = new Map();
  for (let i = 0; i < rows.length; i++) {
    const ref = table.ref(rows[i]!, subjects, false, targets);
    const p = parsed?.[i] ?? parseTag(ref.name, conventions)!;
    events.push({ ref, action: p.action, version: p.version, semver: p.semver, stage: p.stage, counter: p.counter });
  }
  return events;
}

/** A copy of a model that leaves lazy versions unread (a spread would read them). */
export function copyModel<T extends object, U extends object>(m: T, extra: U): T & U {
  const out: Record<string | symbol, unknown> = {};
  const source = (m as { [SOURCE]?: RowSource })[SOURCE];
  for (const k of Object.keys(m)) {
    const lazy = source && (k === 'versions' || k === 'stageEvents') ? Object.getOwnPropertyDescriptor(m, k) : undefined;
    if (lazy?.get) Object.defineProperty(out, k, lazy);
    else out[k] = (m as Record<string, unknown>)[k];
  }
  if (source) Object.defineProperty(out, SOURCE, { value: source, enumerable: false, writable: true, configurable: true });
  return Object.assign(out, extra) as T & U;
}

/** The note on lightweight tags GTO ignores. */
export function lightweightNote(count: number): Diagnostic {
  return { severity: 'info', message: `${count} lightweight tag${count === 1 ? '' : 's'} in GTO's form ignored: GTO counts only annotated tags (git tag -a)` };
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
  const ca = a.counter;
  const cb = b.counter;
  if (ca !== undefined && cb !== undefined && ca !== cb) return ca - cb;
  const ra = ACTION_RANK[a.action];
  const rb = ACTION_RANK[b.action];
  if (ra !== rb) return ra - rb;
  return a.ref.name < b.ref.name ? -1 : a.ref.name > b.ref.name ? 1 : 0;
}

/** A version while its model is built, with the events that made it (kept apart from the version). */
interface Slot {
  version: string;
  semver: SemVer | undefined;
  commit: string;
  /** The newest registration or deregistration: it says whether the version is active. */
  newest: Event | undefined;
  /** The newest registration: the version's tag, date, tagger and message. */
  registration: Event | undefined;
  /** Per stage: the newest assignment or unassignment of it on this version. */
  byStage: Map<string, Event> | undefined;
  /** The next version on the same commit (rare: GTO calls it ManyVersions). */
  next: Slot | undefined;
  /** On the first version of a commit: the last one, where the next is appended. */
  tail: Slot | undefined;
  /** Made once the registrations are all read, in one piece (properties added later cost a second object each). */
  v: RegistryVersion | undefined;
}

/**
 * The stages and stage tags of a version that has none, shared by all such versions (most of
 * them): frozen, so a push anywhere but here fails loudly instead of changing every version.
 */
const NO_STRINGS: string[] = Object.freeze([]) as unknown as string[];

function pushOwn(v: RegistryVersion, key: 'stages' | 'stageTags', item: string): void {
  if (v[key] === NO_STRINGS) v[key] = [item];
  else v[key].push(item);
}

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
  // Found through its commit (a commit holds one version, rarely more), in order of creation.
  const slots: Slot[] = [];
  /** The first version made on each commit; the others follow it through `next`. */
  const byCommit = new Map<string, Slot>();
  /** Each version name's version, or (registered on several commits) its versions by commit. */
  const byName = new Map<string, Slot | Map<string, Slot>>();
  const slotOf = (version: string, commit: string): Slot | undefined => {
    const named = byName.get(version);
    if (named instanceof Map) return named.get(commit);
    return named?.commit === commit ? named : undefined;
  };
  const newSlot = (version: string, commit: string, semver?: SemVer): Slot => {
    const slot: Slot = { version, semver, commit, newest: undefined, registration: undefined, byStage: undefined, next: undefined, tail: undefined, v: undefined };
    slots.push(slot);
    const first = byCommit.get(commit);
    if (!first) {
      byCommit.set(commit, slot);
      slot.tail = slot;
    } else {
      first.tail!.next = slot;
      first.tail = slot;
    }
    const named = byName.get(version);
    if (!named) byName.set(version, slot);
    else if (named instanceof Map) named.set(commit, slot);
    else byName.set(version, new Map([[named.commit, named], [commit, slot]]));
    return slot;
  };

  // Registrations first, whatever their dates: GTO indexes every version before any stage.
  for (const e of events) {
    if (e.action !== 'register' && e.action !== 'deregister') continue;
    // A deregistration with no registration on its commit still makes a (deregistered) version
    // there, as in GTO: stage tags on that commit then go to it and stay hidden.
    const slot = slotOf(e.version!, e.ref.target) ?? newSlot(e.version!, e.ref.target, e.semver);
    slot.newest = e;
    if (e.action === 'register') slot.registration = e;
  }
  for (const slot of slots) {
    const { version, semver, commit, newest, registration: r } = slot;
    const active = !newest || newest.action === 'register';
    // The properties in the order they always had: registered versions gained tag, tagger and message last.
    slot.v = r
      ? { version, semver, commit, date: r.ref.date, registered: true, active, stages: NO_STRINGS, stageTags: NO_STRINGS, tag: r.ref.name, tagger: r.ref.tagger, message: r.ref.subject }
      : { version, semver, commit, date: null, registered: false, active, stages: NO_STRINGS, stageTags: NO_STRINGS };
  }
  for (const { v, newest } of slots) {
    if (v!.registered) continue;
    diagnostics.push({
      severity: 'warning',
      message: `tag ${newest!.ref.name} deregisters ${name} ${v!.version}, which is not registered on commit ${v!.commit.slice(0, 7)}`,
    });
  }
  // A version name on several commits is in byName as a Map; only then can one be registered twice.
  let severalCommits = false;
  for (const named of byName.values()) if (named instanceof Map) severalCommits = true;
  if (severalCommits) {
    const commitsByName = new Map<string, string[]>();
    for (const { v } of slots) {
      if (!v!.registered) continue;
      const commits = commitsByName.get(v!.version) ?? [];
      commits.push(v!.commit.slice(0, 7));
      commitsByName.set(v!.version, commits);
    }
    for (const [version, commits] of commitsByName) {
      if (commits.length > 1) {
        diagnostics.push({ severity: 'warning', message: `${name} ${version} is registered on ${commits.length} commits (${commits.join(', ')}); each is a separate version` });
      }
    }
  }

  // Stage events go to the version registered on the tag's commit.
  const stageEvents: StageEvent[] = [];
  for (const e of events) {
    if (e.action !== 'assign' && e.action !== 'unassign') continue;
    stageEvents.push({ stage: e.stage!, action: e.action, tag: e.ref.name, commit: e.ref.target, date: e.ref.date, counter: e.counter });
    const first = byCommit.get(e.ref.target);
    let slot: Slot;
    if (first?.next) {
      const onCommit: Slot[] = [];
      for (let s: Slot | undefined = first; s; s = s.next) onCommit.push(s);
      // GTO raises ManyVersions here; we pick the highest active SemVer and say so.
      slot = onCommit.sort((a, b) => Number(b.v!.active) - Number(a.v!.active) || compareVersionsDesc(a.v!, b.v!))[0]!;
      diagnostics.push({
        severity: 'warning',
        message: `tag ${e.ref.name}: commit ${e.ref.target.slice(0, 7)} has ${onCommit.length} versions of ${name}; the stage goes to ${slot.version}`,
      });
    } else if (first) {
      slot = first;
    } else {
      // A stage on a commit with no registered version: that commit is shown as the version.
      slot = newSlot(e.ref.target, e.ref.target);
      slot.v = { version: slot.version, semver: undefined, commit: slot.commit, date: null, registered: false, active: true, stages: NO_STRINGS, stageTags: NO_STRINGS };
    }
    // Events come oldest first: the last one set for a stage is its newest.
    (slot.byStage ??= new Map()).set(e.stage!, e);
    pushOwn(slot.v!, 'stageTags', e.ref.name);
  }

  // Each stage: the active version whose newest active assignment is the most recent.
  interface Holding { version: RegistryVersion; stage: string; at: Event }
  const holdings: Holding[] = [];
  for (const { v, byStage } of slots) {
    if (!v!.active || !byStage) continue;
    for (const [stage, newest] of byStage) {
      if (newest.action !== 'assign') continue;
      holdings.push({ version: v!, stage, at: newest });
    }
  }
  holdings.sort((a, b) => compareEvents(b.at, a.at));
  // A Map, not an object: stage names such as `constructor` are valid.
  const holders = new Map<string, RegistryVersion>();
  for (const h of holdings) {
    if (!holders.has(h.stage)) holders.set(h.stage, h.version);
  }
  for (let i = holdings.length - 1; i >= 0; i--) {
    const h = holdings[i]!;
    if (holders.get(h.stage) === h.version && !h.version.stages.includes(h.stage)) pushOwn(h.version, 'stages', h.stage);
  }
  const stages: Record<string, string> = Object.fromEntries([...holders].map(([stage, v]) => [stage, v.version]));

  // One sort serves both: a stable sort of all versions keeps, among the active registered ones,
  // the order a sort of those alone would give, so the first of them is the latest.
  const versions = slots.map((slot) => slot.v!).sort(compareVersionsDesc);
  const latest = versions.find((v) => v.active && v.registered && v.semver);
  // Deprecated when the newest event of all is the deprecation; any later event revives it.
  const newest = events[events.length - 1]!;
  const deprecated = newest.action === 'deprecate';

  return {
    name,
    dirname: colon > 0 ? name.slice(0, colon) : undefined,
    latest: latest?.version ?? null,
    deprecated,
    stages,
    versions,
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

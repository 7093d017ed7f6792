// A model's journal: every registration, deregistration, assignment, unassignment and
// deprecation, as `gto history` lists them (iterative/gto api.py history): sorted by time and
// then GTO's priority, newest first unless ascending, same-second ties where GTO leaves them.
import { artifactEvents, buildGtoState, PRIORITY, type GtoEvent, type GtoState, type GtoTag } from './gtoState';
import { parseGtoTag } from './tagGrammar';

export interface HistoryOptions {
  artifact?: string;
  ascending?: boolean;
}

/** The events of every model (or one), in `gto history`'s order. */
export function history(state: GtoState, { artifact, ascending = false }: HistoryOptions = {}): GtoEvent[] {
  const events = [...state.artifacts.values()].flatMap(artifactEvents);
  events.sort((a, b) => a.date - b.date || PRIORITY[a.kind] - PRIORITY[b.kind]);
  if (!ascending) events.reverse();
  return artifact === undefined ? events : events.filter((e) => e.artifact === artifact);
}

/**
 * One model's journal oldest first, as `gto history --ascending` rows: what the all-versions view's
 * History tab shows. `tags` may hold every model's; only this model's are read.
 */
export function modelHistoryRows(tags: readonly GtoTag[], model: string): HistoryRow[] {
  return history(buildGtoState(tags.filter((t) => parseGtoTag(t.name)?.model === model)), { artifact: model, ascending: true }).map(historyRow);
}

/** The same from tags directly. */
export function historyOfTags(tags: readonly GtoTag[], opts?: HistoryOptions): GtoEvent[] {
  return history(buildGtoState(tags), opts);
}

/** One row of `gto history --json`, keys in GTO's order. */
export interface HistoryRow {
  timestamp: string;
  artifact: string;
  event: string;
  priority: number;
  version: string | null;
  stage: string | null;
  commit: string;
  author: string;
  author_email: string;
  message: string;
  ref: string;
}

export function historyRow(e: GtoEvent): HistoryRow {
  return {
    timestamp: isoTimestamp(e.date, e.source.tzMinutes ?? 0),
    artifact: e.artifact,
    event: e.kind,
    priority: PRIORITY[e.kind],
    version: e.version ?? null,
    stage: e.stage ?? null,
    commit: e.commit,
    author: e.source.tagger,
    author_email: e.source.taggerEmail ?? '',
    // GTO strips the message (Python's str.strip()).
    message: (e.source.message ?? e.source.subject).trim(),
    ref: e.tag,
  };
}

/** Python's `datetime.isoformat()` of an aware datetime: `2026-01-05T10:00:00+01:00`. */
export function isoTimestamp(seconds: number, tzMinutes: number, sep = 'T'): string {
  const local = new Date((seconds + tzMinutes * 60) * 1000);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  const sign = tzMinutes < 0 ? '-' : '+';
  const off = Math.abs(tzMinutes);
  return (
    `${p(local.getUTCFullYear(), 4)}-${p(local.getUTCMonth() + 1)}-${p(local.getUTCDate())}${sep}` +
    `${p(local.getUTCHours())}:${p(local.getUTCMinutes())}:${p(local.getUTCSeconds())}${sign}${p(Math.floor(off / 60))}:${p(off % 60)}`
  );
}

/** The columns of `gto history`'s table, in its order. */
export const HISTORY_COLUMNS = ['timestamp', 'artifact', 'event', 'version', 'stage', 'commit', 'ref'] as const;

/** The table `gto history` prints (its timestamp as Python's str(datetime), commits shortened, '-' for none). */
export function historyTable(events: readonly GtoEvent[]): string[][] {
  const short = (s: string | undefined) => (s && /^[0-9a-f]{40}$/.test(s) ? s.slice(0, 7) : s);
  return events.map((e) => [isoTimestamp(e.date, e.source.tzMinutes ?? 0, ' '), e.artifact, e.kind, short(e.version) ?? '-', e.stage ?? '-', e.commit.slice(0, 7), e.tag]);
}

/** One stretch of time during which a version held a stage. */
export interface StageSpan {
  stage: string;
  version: string;
  commit: string;
  /** Unix seconds of the assignment that gave it the stage. */
  from: number;
  /** When it lost the stage (null: it still holds it), and to which version (null: to none). */
  until: number | null;
  then: string | null;
}

/**
 * Who held each stage of a model, and from when until when: the registry replayed event by
 * event (a newer assignment takes the stage, an unassignment or deregistration gives it back to
 * the previous holder still assigned). What "prod until 2026-01-10, then v1.2.0" and Roll Back need.
 */
export function stageTimeline(state: GtoState, artifact: string): StageSpan[] {
  const events = history(state, { artifact, ascending: true });
  // Per version: registered-and-active flag; per (version, stage): the newest event there.
  const active = new Map<string, boolean>();
  const newest = new Map<string, GtoEvent>();
  const spans: StageSpan[] = [];
  const open = new Map<string, StageSpan>();
  const key = (version: string, stage: string) => `${version}\0${stage}`;
  const stages = new Set<string>();
  for (const e of events) {
    if (e.kind === 'deprecation') continue;
    if (e.kind === 'registration' || e.kind === 'deregistration') active.set(e.version!, e.kind === 'registration');
    else {
      newest.set(key(e.version!, e.stage!), e);
      stages.add(e.stage!);
    }
    for (const stage of stages) {
      // The holder now: the active version whose assignment of the stage is the newest.
      let holder: GtoEvent | undefined;
      for (const [k, ev] of newest) {
        if (ev.stage !== stage || ev.kind !== 'assignment' || active.get(ev.version!) === false) continue;
        if (!k.endsWith(`\0${stage}`)) continue;
        if (!holder || ev.date >= holder.date) holder = ev;
      }
      const current = open.get(stage);
      if (current && current.version === holder?.version) continue;
      if (current) {
        current.until = e.date;
        current.then = holder?.version ?? null;
        open.delete(stage);
      }
      if (holder) {
        const span: StageSpan = { stage, version: holder.version!, commit: holder.commit, from: e.date, until: null, then: null };
        spans.push(span);
        open.set(stage, span);
      }
    }
  }
  return spans;
}

/** The version that held `stage` before its holder now and can hold it again (registered, not deregistered). */
export function previousHolder(state: GtoState, artifact: string, stage: string): StageSpan | undefined {
  const spans = stageTimeline(state, artifact).filter((s) => s.stage === stage);
  const current = spans.at(-1);
  if (!current || current.until !== null) return undefined;
  const a = state.artifacts.get(artifact);
  const stillThere = (version: string) => {
    const v = a?.versions.find((x) => x.version === version);
    if (!v) return false;
    const direct = [...v.registrations, ...v.deregistrations].sort((x, y) => x.date - y.date);
    return direct.length > 0 && direct.at(-1)!.kind === 'registration';
  };
  for (let i = spans.length - 2; i >= 0; i--) {
    if (spans[i]!.version !== current.version && stillThere(spans[i]!.version)) return spans[i];
  }
  return undefined;
}

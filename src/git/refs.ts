// Every tag of a repository from `git for-each-ref`: one call, or two at once over halves of the names.
import { GitError, runGit, type GitConfig } from './exec';
import { TagTable } from '../core/store/tagTable';
import { latin1Slice, utf8Slice } from '../core/store/slicers';
import { tagHalves } from './tagHalves';
import type { TagRef } from '../core/types';

// NUL between fields and after the last one; subjects may hold anything but NUL.
const FIELDS = [
  '%(refname)',
  '%(objecttype)',
  '%(objectname)',
  '%(*objecttype)',
  '%(*objectname)',
  '%(taggerdate:unix)',
  '%(creatordate:unix)',
  '%(taggername)',
  '%(contents:subject)',
];
export const TAG_FORMAT = FIELDS.join('%00') + '%00';

const TAG_ARGS = ['for-each-ref', `--format=${TAG_FORMAT}`, 'refs/tags'];

/** targetType of a tag whose object (or the commit it names) is not in the repository. */
export const MISSING_OBJECT = 'missing object';

/**
 * Reads all tags (name, type, peeled target, tagger date, subject) in one process. `onTag` sees
 * each tag as soon as git has written it, so callers can do their work while git still runs.
 */
export async function readTags(cwd: string, config: GitConfig, signal?: AbortSignal, onTag?: (tag: TagRef) => void): Promise<TagRef[]> {
  const tags: TagRef[] = [];
  const parser = new TagParser((t) => {
    tags.push(t);
    onTag?.(t);
  });
  if (await streamTags(cwd, config, signal, (chunk) => parser.write(chunk))) {
    parser.end();
    return tags;
  }
  // A shallow (or damaged) clone has tags whose commits it never fetched, and for-each-ref
  // stops at the first one. Read the rest without them; they come back as MISSING_OBJECT.
  const seen = new Set(tags.map((t) => t.name));
  for (const t of await readTagsAroundMissing(cwd, config, signal)) {
    if (seen.has(t.name)) continue;
    tags.push(t);
    onTag?.(t);
  }
  return tags;
}

/**
 * readTags into a TagTable: rows instead of TagRefs, for a listing that keeps every tag. A clone
 * with missing objects is read as readTags reads it, and its tags put in a table afterwards.
 */
export async function readTagTable(cwd: string, config: GitConfig, signal?: AbortSignal, onRow?: (table: TagTable, row: number) => void): Promise<TagTable> {
  const parser = new TableTagParser(new TagTable(), onRow);
  const table = parser.table;
  if (await streamTags(cwd, config, signal, (chunk) => parser.write(chunk))) {
    parser.end();
  } else {
    const seen = new Set<string>();
    for (let i = 0; i < table.size; i++) seen.add(table.name(i));
    for (const t of await readTagsAroundMissing(cwd, config, signal)) {
      if (seen.has(t.name)) continue;
      onRow?.(table, table.push(t));
    }
  }
  table.trim();
  return table;
}

/**
 * The for-each-ref of every tag, its output to `feed` (an early read started for this root is
 * adopted instead of new processes); false when git stopped at a tag whose object is missing.
 */
async function streamTags(cwd: string, config: GitConfig, signal: AbortSignal | undefined, feed: (chunk: Buffer) => void): Promise<boolean> {
  const early = earlyReads.get(cwd);
  earlyReads.delete(cwd);
  try {
    await (early ?? new TagStream(cwd, config)).attach(feed, signal);
    return true;
  } catch (e) {
    if (!(e instanceof GitError && /missing object/.test(e.stderr))) throw e;
    return false;
  }
}

/** Names read per `for-each-ref` by readNamedTags. */
const NAMED_BATCH = 1000;

/**
 * The tags of exactly these names (without `refs/tags/`), in for-each-ref's order; a name with no
 * tag is left out. What a watcher needs after a few refs changed: git looks up each name instead
 * of listing every tag. Names git could take as a pattern (`*`, `?`, `[`, `\`) cannot be tags
 * and are skipped.
 */
export async function readNamedTags(cwd: string, config: GitConfig, names: readonly string[], signal?: AbortSignal): Promise<TagRef[]> {
  const wanted = [...new Set(names)].filter((n) => n !== '' && !/[*?[\\\0-\x20\x7f]/.test(n));
  const tags: TagRef[] = [];
  for (let i = 0; i < wanted.length; i += NAMED_BATCH) {
    const batch = wanted.slice(i, i + NAMED_BATCH);
    const r = await runGit(['for-each-ref', `--format=${TAG_FORMAT}`, '--end-of-options', ...batch.map((n) => `${TAGS_PREFIX}${n}`)], { cwd, signal }, config);
    // A pattern also matches the refs below it (a folder of that name): only the names asked for.
    const asked = new Set(batch);
    for (const t of parseTagRefs(r.stdout)) if (asked.has(t.name)) tags.push(t);
  }
  return tags;
}

/** Early reads adopted by a repository root, each waiting for its one readTags call. */
const earlyReads = new Map<string, EarlyTagRead>();

/**
 * The for-each-ref of every tag: one process, or two over the two halves of the names where the
 * repository has enough tags (tagHalves), run at once. Output is held until a sink attaches, then
 * handed on in git's order: the second half's after the first half's, which makes it byte for
 * byte what one process writes.
 */
class TagStream {
  private readonly held: Buffer[][];
  private readonly ended: boolean[];
  /** The half whose output goes to the sink now; the later one's waits for it. */
  private live = 0;
  private sink: ((chunk: Buffer) => void) | undefined;
  private draining = false;
  private delivered!: () => void;
  protected readonly abort = new AbortController();
  readonly done: Promise<unknown>;

  constructor(cwd: string, config: GitConfig) {
    const halves = tagHalves(cwd);
    const argLists = halves ? [halves.below, halves.atOrAbove].map((patterns) => ['for-each-ref', `--format=${TAG_FORMAT}`, '--end-of-options', ...patterns]) : [TAG_ARGS];
    this.held = argLists.map(() => []);
    this.ended = argLists.map(() => false);
    const allDelivered = new Promise<void>((resolve) => (this.delivered = resolve));
    const runs = argLists.map((args, i) =>
      runGit(args, { cwd, signal: this.abort.signal, onStdout: (chunk) => this.take(i, chunk) }, config).then(
        () => {
          this.ended[i] = true;
          this.drain();
        },
        (e: unknown) => {
          // The first failure stops the other half and is the one reported.
          this.abort.abort();
          throw e;
        },
      ),
    );
    this.done = Promise.all(runs).then(() => allDelivered);
    // Never attached when the folder turns out not to be a repository: that error is open()'s to report.
    this.done.catch(() => undefined);
  }

  attach(sink: (chunk: Buffer) => void, signal?: AbortSignal): Promise<unknown> {
    this.sink = sink;
    if (signal?.aborted) this.abort.abort();
    else signal?.addEventListener('abort', () => this.abort.abort(), { once: true });
    this.drain();
    return this.done;
  }

  protected get attached(): boolean {
    return this.sink !== undefined;
  }

  private take(half: number, chunk: Buffer): void {
    // Straight on only when nothing held is still to go before it.
    if (this.sink && half === this.live && !this.draining && this.held[half]!.length === 0) this.sink(chunk);
    else {
      this.held[half]!.push(chunk);
      this.drain();
    }
  }

  /**
   * Hands on what is held, one chunk a turn of the event loop: the second half's output is held
   * whole while the first half's is read (megabytes at 100,000 tags), and parsing it in one go
   * would hold the extension host's loop for a quarter of a second.
   */
  private drain(): void {
    if (!this.sink || this.draining) return;
    this.draining = true;
    const step = (): void => {
      if (this.abort.signal.aborted) return;
      for (;;) {
        const held = this.held[this.live];
        if (!held) {
          this.draining = false;
          this.delivered();
          return;
        }
        if (held.length > 0) {
          this.sink!(held.shift()!);
          setImmediate(step);
          return;
        }
        if (!this.ended[this.live]) {
          // Its next chunks go straight on.
          this.draining = false;
          return;
        }
        this.live++;
      }
    };
    step();
  }
}

/**
 * The tag read started in the folder the user gave, before the repository's root is known: git
 * spends most of its time on the tags before it writes a byte, so starting it alongside
 * `rev-parse` (rather than after) takes that time off the command. The same processes, arguments
 * and environment readTags would start; their output waits in memory until readTags takes it over.
 */
export class EarlyTagRead extends TagStream {
  /** The next readTags(root) uses this read instead of starting its own. */
  adopt(root: string): void {
    earlyReads.set(root, this);
  }

  /** Stops git if the read was not taken over, and forgets it: a later readTags starts afresh. */
  cancel(): void {
    for (const [root, read] of earlyReads) if (read === this) earlyReads.delete(root);
    if (!this.attached) this.abort.abort();
  }
}

/** The slow path of readTags: find the tags git cannot peel first, then read the others in batches. */
async function readTagsAroundMissing(cwd: string, config: GitConfig, signal?: AbortSignal): Promise<TagRef[]> {
  // %(objectname) needs no object read, so this lists every tag even when objects are missing.
  const listed = (await runGit(['for-each-ref', '--format=%(refname)%00%(objectname)', 'refs/tags'], { cwd, signal }, config)).stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => line.split('\0') as [string, string]);
  // `<oid>^{}` is missing when the object or anything it peels to is missing.
  const check = await runGit(['cat-file', '--batch-check=%(objectname)'], { cwd, signal, input: listed.map(([, oid]) => `${oid}^{}\n`).join('') }, config);
  const answers = check.stdout.split('\n');
  const missing = new Map<string, string>();
  listed.forEach(([ref, oid], i) => {
    if (/ missing$/.test(answers[i] ?? ' missing')) missing.set(ref, oid);
  });
  const tags: TagRef[] = [...missing].map(([ref, oid]) => missingTag(ref, oid));
  const present = listed.map(([ref]) => ref).filter((ref) => !missing.has(ref));
  // A pattern matches its ref and the refs below it, and git allows no refs below a ref
  // (refs/tags/a and refs/tags/a/b cannot both exist): each name matches only itself.
  for (let i = 0; i < present.length; i += 1000) {
    const r = await runGit(['for-each-ref', `--format=${TAG_FORMAT}`, '--end-of-options', ...present.slice(i, i + 1000)], { cwd, signal }, config);
    tags.push(...parseTagRefs(r.stdout));
  }
  return tags;
}

function missingTag(ref: string, oid: string): TagRef {
  // Whether it was annotated cannot be told without the object; counted as annotated, the
  // registry warns about it instead of skipping it as a lightweight GTO tag.
  return { name: ref.slice('refs/tags/'.length), annotated: true, tagObject: null, targetType: MISSING_OBJECT, target: oid, date: null, tagger: '', subject: '' };
}

/** Parses the output of `git for-each-ref --format=TAG_FORMAT`. */
export function parseTagRefs(stdout: string | Buffer): TagRef[] {
  const tags: TagRef[] = [];
  const parser = new TagParser((t) => tags.push(t));
  parser.write(typeof stdout === 'string' ? Buffer.from(stdout, 'utf8') : stdout);
  parser.end();
  return tags;
}

const TAGS_PREFIX = 'refs/tags/';
const TAGS_PREFIX_BYTES = Buffer.from(TAGS_PREFIX);
const FIELD_COUNT = FIELDS.length;
const NUL = 0;
const LF = 10;

/**
 * Parses for-each-ref's records from its bytes as they arrive, whole records only (the rest waits
 * for the next chunk). Each field is decoded on its own, straight from the bytes: the strings a
 * TagRef keeps are then its own, where substrings of a decoded chunk would each keep that whole
 * chunk alive (V8 slices rather than copies). Strings shared by many tags are kept once: 'commit',
 * 'tag', the tagger's name, and each commit id. A hundred thousand tags stay in memory as long as
 * the listing, and the garbage collector's work grows with every byte they hold.
 */
export class TagParser {
  /** The start of a record that the last chunk ended inside. */
  private pending: Buffer | undefined;
  private readonly ends = new Int32Array(FIELD_COUNT);
  protected get fieldEnds(): Int32Array {
    return this.ends;
  }
  protected get taggerName(): string {
    return this.tagger;
  }
  private tagger = '';
  private taggerBytes: Buffer = Buffer.alloc(0);
  private readonly commits = new Map<string, string>();

  constructor(private readonly each: (tag: TagRef) => void) {}

  write(chunk: Buffer): void {
    let from = 0;
    if (this.pending) {
      // Only the record cut in two is joined up, not the whole chunk.
      let nuls = 0;
      for (let i = 0; i < this.pending.length; i++) if (this.pending[i] === NUL) nuls++;
      let p = 0;
      for (; nuls < FIELD_COUNT; nuls++) {
        const e = chunk.indexOf(NUL, p);
        if (e < 0) {
          this.pending = Buffer.concat([this.pending, chunk]);
          return;
        }
        p = e + 1;
      }
      const head = Buffer.concat([this.pending, chunk.subarray(0, p)]);
      this.pending = undefined;
      this.parse(head, 0);
      from = p;
    }
    const used = this.parse(chunk, from);
    if (used < chunk.length) this.pending = Buffer.from(chunk.subarray(used));
  }

  /** The output has ended: what is left is no whole record. */
  end(): void {
    this.pending = undefined;
  }

  /** Parses the whole records of `b` from `pos`; returns where the first incomplete one starts. */
  private parse(b: Buffer, pos: number): number {
    const ends = this.ends;
    for (;;) {
      // Records are separated by the LF that for-each-ref writes after each.
      if (b[pos] === LF) pos++;
      const start = pos;
      let p = pos;
      for (let f = 0; f < FIELD_COUNT; f++) {
        const e = b.indexOf(NUL, p);
        if (e < 0) return start;
        ends[f] = e;
        p = e + 1;
      }
      pos = p;
      if (!bytesAt(b, start, ends[0], TAGS_PREFIX_BYTES)) continue;
      const objectType = typeName(b, ends[0] + 1, ends[1]);
      const annotated = objectType === 'tag';
      const taggerDate = unixTime(b, ends[4] + 1, ends[5]);
      const creatorDate = unixTime(b, ends[5] + 1, ends[6]);
      if (ends[7] - ends[6] - 1 !== this.taggerBytes.length || !bytesAt(b, ends[6] + 1, ends[7], this.taggerBytes)) {
        this.tagger = utf8Slice(b, ends[6] + 1, ends[7]);
        this.taggerBytes = Buffer.from(b.subarray(ends[6] + 1, ends[7]));
      }
      this.emit(b, start, annotated, objectType, taggerDate ?? creatorDate);
    }
  }

  /** Hands on one record whose field ends are in `this.ends`. */
  protected emit(b: Buffer, start: number, annotated: boolean, objectType: string, date: number | null): void {
    const ends = this.ends;
    const id = annotated ? latin1Slice(b, ends[3] + 1, ends[4]) : latin1Slice(b, ends[1] + 1, ends[2]);
    let target = this.commits.get(id);
    if (target === undefined) this.commits.set(id, (target = id));
    this.each({
      name: utf8Slice(b, start + TAGS_PREFIX_BYTES.length, ends[0]),
      annotated,
      tagObject: annotated ? latin1Slice(b, ends[1] + 1, ends[2]) : null,
      targetType: annotated ? typeName(b, ends[2] + 1, ends[3]) : objectType,
      target,
      date,
      tagger: this.tagger,
      subject: utf8Slice(b, ends[7] + 1, ends[8]),
    });
  }
}

/**
 * The same parser writing rows of a TagTable: no string is made for a tag's name, ids or subject
 * (the table keeps their bytes), only for a tagger not seen just before.
 */
export class TableTagParser extends TagParser {
  constructor(
    readonly table: TagTable,
    private readonly onRow?: (table: TagTable, row: number) => void,
  ) {
    super(() => undefined);
  }

  protected override emit(b: Buffer, start: number, annotated: boolean, objectType: string, date: number | null): void {
    const e = this.fieldEnds;
    const targetType = annotated ? typeName(b, e[2]! + 1, e[3]!) : objectType;
    // The peeled id for annotated tags, the tag's own object for lightweight ones.
    const [ts, te] = annotated ? [e[3]! + 1, e[4]!] : [e[1]! + 1, e[2]!];
    const row = this.table.pushBytes(b, start + TAGS_PREFIX_BYTES.length, e[0]!, e[7]! + 1, e[8]!, annotated, e[1]! + 1, e[2]!, ts, te, targetType, date, this.taggerName);
    this.onRow?.(this.table, row);
  }
}

/** Whether b[start, end) begins with `bytes`. */
function bytesAt(b: Buffer, start: number, end: number, bytes: Buffer): boolean {
  if (end - start < bytes.length) return false;
  for (let i = 0; i < bytes.length; i++) if (b[start + i] !== bytes[i]) return false;
  return true;
}

/** A `%(…date:unix)` field: seconds, or null when empty (a lightweight tag has no tagger date). */
function unixTime(b: Buffer, start: number, end: number): number | null {
  if (end <= start) return null;
  let n = 0;
  for (let i = start; i < end; i++) {
    const d = b[i]! - 0x30;
    // Anything but plain digits (a sign, say) is left to Number.
    if (d < 0 || d > 9) return Number(latin1Slice(b, start, end));
    n = n * 10 + d;
  }
  return n;
}

const COMMIT_BYTES = Buffer.from('commit');

/** An object type: 'commit' and 'tag' as one string for all tags rather than a copy per tag. */
function typeName(b: Buffer, start: number, end: number): string {
  const n = end - start;
  if (n === 6 && bytesAt(b, start, end, COMMIT_BYTES)) return 'commit';
  if (n === 3 && b[start] === 0x74 && b[start + 1] === 0x61 && b[start + 2] === 0x67) return 'tag';
  return latin1Slice(b, start, end);
}

// Every tag of a full read, column by column: names and subjects as UTF-8 bytes in one array,
// object ids as bytes, dates as numbers. A TagRef per tag cost 266 bytes of heap at 100,000 tags
// (and the garbage collector walked every one of them on each full collection); a row here is
// about 120 bytes outside the heap. TagRefs are made when asked for, for the few tags a caller needs.
import type { TagRef } from '../types';
import { hexSlice, utf8Slice } from './slicers';

/** A backend that can fill a TagTable straight from git's output (GitRepository can). */
export interface TableTagReader {
  /** Every tag; `onRow` sees each row as soon as it is in the table, while git still writes. */
  readTagTable(signal?: AbortSignal, onRow?: (table: TagTable, row: number) => void): Promise<TagTable>;
}

/**
 * Commit ids already made into strings, by the id's first 30 bits: a version's tags share their
 * commit, and a registry build keys versions by it (hex-decoding every row's id was a tenth of
 * building 5,000 models' summaries). One per build, not one per table: a table's own would keep
 * a string per distinct commit, 100 bytes a tag where most tags are on a commit of their own.
 */
export type TargetStrings = Map<number, { slot: number; text: string }>;

const ANNOTATED = 1;
const HAS_TAG_OBJECT = 2;
/** The row's ids or type did not fit the columns (not hex, an unknown length, an odd type): kept as strings. */
const ODD = 4;
const HAS_DATE = 8;

const COMMIT = 'commit';

/** Grows a typed array to hold at least `need` elements, doubling. */
function grown<T extends Uint8Array | Int32Array | Float64Array | Uint32Array | Uint16Array>(a: T, need: number): T {
  if (need <= a.length) return a;
  const next = new (a.constructor as new (n: number) => T)(Math.max(need, a.length * 2, 64));
  next.set(a);
  return next;
}

/**
 * The same for bytes kept as a Buffer (whose toString decodes a range without a view object).
 * Not zero-filled (filling 16 MB was a block of its own at 100,000 tags): every byte past the
 * copied ones is written before it is read (text up to textLength; an id slot only when its row
 * has that id).
 */
function grownBytes(a: Buffer, need: number): Buffer {
  if (need <= a.length) return a;
  const next = Buffer.allocUnsafeSlow(Math.max(need, a.length * 2, 1024));
  a.copy(next);
  return next;
}

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  return -1; // upper case never comes from git; anything else is not an id we can pack
}

const utf8 = new TextEncoder();

/** Copies src[s, e) to dst at `at`: a loop, for the short fields of a tag (no view object made). */
function copyInto(dst: Uint8Array, at: number, src: Uint8Array, s: number, e: number): void {
  for (let i = s; i < e; i++) dst[at++] = src[i]!;
}

/**
 * Append-only rows of tags. Rows never move, so a view (TagList) of an older read stays valid
 * when an update appends the refs it read again; what a view no longer lists is just not listed.
 */
export class TagTable {
  private text: Buffer = Buffer.alloc(0);
  private textLength = 0;
  /**
   * Row i's name is text[start[i], nameEnd[i]); its subject is the first shared[i] bytes of the
   * previous row's subject, then text[nameEnd[i], start[i + 1]). Tags come sorted by name, so a
   * model's tags follow each other and their subjects ("Assigning stage dev to artifact churn
   * version …") mostly differ at the end: front coding keeps 70 of their 80 bytes out.
   */
  private start = new Int32Array(1);
  private nameEnd = new Int32Array(0);
  private shared = new Uint16Array(0);
  /** The last subject decoded (front coding reads the rows before it), and its row. */
  private scratch: Buffer = Buffer.alloc(0);
  private decodedRow = -1;
  private decodedLength = 0;
  /** The last row's whole subject (its first lastSubjectLength bytes), what the next one is coded against. */
  private lastSubject: Buffer = Buffer.alloc(0);
  private lastSubjectLength = 0;
  private ids: Buffer = Buffer.alloc(0);
  /** Rows the per-row columns have room for. */
  private capacity = 0;
  private dates = new Float64Array(0);
  private flags = new Uint8Array(0);
  private taggerOf = new Uint32Array(0);
  private readonly taggers: string[] = [];
  private readonly taggerIds = new Map<string, number>();
  private readonly odd = new Map<number, { tagObject: string | null; target: string; targetType: string }>();
  /** Bytes per object id: 20 (SHA-1), or 32 (SHA-256) once the first id says so. */
  private idBytes = 0;
  private rows = 0;

  get size(): number {
    return this.rows;
  }

  /** Appends a tag; returns its row. */
  push(t: TagRef): number {
    const name = utf8.encode(t.name);
    const subject = utf8.encode(t.subject);
    const row = this.addText(name, 0, name.length, subject, 0, subject.length);
    const tagObject = t.tagObject === null ? undefined : Buffer.from(t.tagObject, 'latin1');
    const target = Buffer.from(t.target, 'latin1');
    this.finishRow(row, t.annotated, tagObject, 0, tagObject?.length ?? 0, target, 0, target.length, t.targetType, t.date, t.tagger);
    return row;
  }

  /** A new row with its name and (front-coded) subject. */
  private addText(nb: Uint8Array, ns: number, ne: number, sb: Uint8Array, ss: number, se: number): number {
    const nameLength = ne - ns;
    const subjectLength = se - ss;
    const row = this.rows;
    const last = this.lastSubject;
    let same = 0;
    // Every 16th row is coded whole, so reading one subject goes back 15 rows at most.
    if (row % 16 !== 0) {
      const n = Math.min(this.lastSubjectLength, subjectLength, 0xffff);
      while (same < n && last[same] === sb[ss + same]) same++;
    }
    this.beginRow(nameLength + subjectLength - same);
    copyInto(this.text, this.textLength, nb, ns, ne);
    this.nameEnd[row] = this.textLength + nameLength;
    copyInto(this.text, this.textLength + nameLength, sb, ss + same, se);
    this.textLength += nameLength + subjectLength - same;
    this.start[row + 1] = this.textLength;
    this.shared[row] = same;
    // Its first `same` bytes are already this subject's (kept when it grows).
    this.lastSubject = grownBytes(last, subjectLength);
    copyInto(this.lastSubject, same, sb, ss + same, se);
    this.lastSubjectLength = subjectLength;
    return row;
  }

  /**
   * Appends a tag from for-each-ref's bytes without making a string of its name, subject or ids.
   * The ranges are [start, end) of `b`.
   */
  pushBytes(
    b: Uint8Array,
    nameStart: number, nameEnd: number,
    subjectStart: number, subjectEnd: number,
    annotated: boolean,
    tagObjectStart: number, tagObjectEnd: number,
    targetStart: number, targetEnd: number,
    targetType: string, date: number | null, tagger: string,
  ): number {
    const row = this.addText(b, nameStart, nameEnd, b, subjectStart, subjectEnd);
    this.finishRow(row, annotated, annotated ? b : undefined, tagObjectStart, tagObjectEnd, b, targetStart, targetEnd, targetType, date, tagger);
    return row;
  }

  private beginRow(textBytes: number): number {
    const row = this.rows++;
    this.text = grownBytes(this.text, this.textLength + textBytes);
    if (this.rows > this.capacity) {
      const n = Math.max(64, this.capacity * 2);
      this.capacity = n;
      this.shared = grown(this.shared, n);
      this.start = grown(this.start, n + 1);
      this.nameEnd = grown(this.nameEnd, n);
      this.dates = grown(this.dates, n);
      this.flags = grown(this.flags, n);
      this.taggerOf = grown(this.taggerOf, n);
      if (this.idBytes) this.ids = grownBytes(this.ids, n * 2 * this.idBytes);
    }
    return row;
  }

  private finishRow(
    row: number, annotated: boolean,
    tb: Uint8Array | undefined, ts: number, te: number,
    cb: Uint8Array, cs: number, ce: number,
    targetType: string, date: number | null, tagger: string,
  ): void {
    let f = annotated ? ANNOTATED : 0;
    if (tb) f |= HAS_TAG_OBJECT;
    if (date !== null) {
      f |= HAS_DATE;
      this.dates[row] = date;
    }
    if (!this.idBytes && (ce - cs === 40 || ce - cs === 64)) this.idBytes = (ce - cs) / 2;
    const width = this.idBytes;
    if (width && this.ids.length < this.capacity * 2 * width) this.ids = grownBytes(this.ids, this.capacity * 2 * width);
    const packed = targetType === COMMIT && width > 0 && this.pack(cb, cs, ce, row * 2 + 1) && (!tb || this.pack(tb, ts, te, row * 2));
    if (!packed) {
      f |= ODD;
      const str = (a: Uint8Array, s: number, e: number) => Buffer.from(a.buffer, a.byteOffset + s, e - s).toString('latin1');
      this.odd.set(row, { tagObject: tb ? str(tb, ts, te) : null, target: str(cb, cs, ce), targetType });
    }
    this.flags[row] = f;
    let t = this.taggerIds.get(tagger);
    if (t === undefined) {
      t = this.taggers.push(tagger) - 1;
      this.taggerIds.set(tagger, t);
    }
    this.taggerOf[row] = t;
  }

  /** Writes the hex id b[s, e) as bytes into id slot `slot`; false when it is not one. */
  private pack(b: Uint8Array, s: number, e: number, slot: number): boolean {
    const width = this.idBytes;
    if (e - s !== width * 2) return false;
    const at = slot * width;
    for (let i = 0; i < width; i++) {
      const hi = hexValue(b[s + 2 * i]!);
      const lo = hexValue(b[s + 2 * i + 1]!);
      if (hi < 0 || lo < 0) return false;
      this.ids[at + i] = (hi << 4) | lo;
    }
    return true;
  }

  private id(slot: number): string {
    const width = this.idBytes;
    return hexSlice(this.ids, slot * width, (slot + 1) * width);
  }

  /** A target's id; through `known`, one string for every row of the same commit. */
  private targetId(slot: number, known?: TargetStrings): string {
    if (!known) return this.id(slot);
    const width = this.idBytes;
    const ids = this.ids;
    const at = slot * width;
    const key = ids[at]! | (ids[at + 1]! << 8) | (ids[at + 2]! << 16) | ((ids[at + 3]! & 0x3f) << 24);
    const seen = known.get(key);
    if (seen) {
      const k = seen.slot * width;
      let i = 0;
      while (i < width && ids[k + i] === ids[at + i]) i++;
      if (i === width) return seen.text;
      return this.id(slot); // another id with the same first 30 bits: rare, and left out
    }
    const text = this.id(slot);
    known.set(key, { slot, text });
    return text;
  }

  private str(s: number, e: number): string {
    return utf8Slice(this.text, s, e);
  }

  name(row: number): string {
    return this.str(this.start[row]!, this.nameEnd[row]!);
  }

  subject(row: number): string {
    if (this.shared[row] === 0) return this.str(this.nameEnd[row]!, this.start[row + 1]!);
    // Decoded forward from the nearest whole subject, or from the last one decoded when it is
    // on the way (rows are mostly read in order): in one scratch buffer, nothing allocated.
    let from = row;
    while (this.shared[from]! > 0 && from !== this.decodedRow) from--;
    let length = from === this.decodedRow ? this.decodedLength : 0;
    if (from !== this.decodedRow) {
      length = this.appendSuffix(from, 0);
    }
    for (let r = from + 1; r <= row; r++) length = this.appendSuffix(r, this.shared[r]!);
    this.decodedRow = row;
    this.decodedLength = length;
    return utf8Slice(this.scratch, 0, length);
  }

  /** Puts row r's stored subject bytes after the first `keep` bytes of the scratch buffer. */
  private appendSuffix(r: number, keep: number): number {
    const s = this.nameEnd[r]!;
    const e = this.start[r + 1]!;
    if (this.scratch.length < keep + e - s) {
      const next = Buffer.alloc(Math.max(2 * this.scratch.length, keep + e - s, 256));
      this.scratch.copy(next, 0, 0, keep);
      this.scratch = next;
    }
    this.text.copy(this.scratch, keep, s, e);
    return keep + e - s;
  }

  annotated(row: number): boolean {
    return (this.flags[row]! & ANNOTATED) !== 0;
  }

  targetType(row: number): string {
    return this.flags[row]! & ODD ? this.odd.get(row)!.targetType : COMMIT;
  }

  target(row: number): string {
    return this.flags[row]! & ODD ? this.odd.get(row)!.target : this.id(row * 2 + 1);
  }

  /** The rows whose target is the commit (or object) `id`: a scan of the packed ids, no string made. */
  rowsTargeting(id: string, rows: Iterable<number>): number[] {
    const width = this.idBytes;
    const packed = width && id.length === width * 2 && /^[0-9a-f]+$/.test(id) ? Buffer.from(id, 'hex') : undefined;
    const out: number[] = [];
    for (const row of rows) {
      if (this.flags[row]! & ODD || !packed) {
        if (this.target(row) === id) out.push(row);
        continue;
      }
      const at = (row * 2 + 1) * width;
      let i = 0;
      while (i < width && this.ids[at + i] === packed[i]) i++;
      if (i === width) out.push(row);
    }
    return out;
  }

  date(row: number): number | null {
    return this.flags[row]! & HAS_DATE ? this.dates[row]! : null;
  }

  /**
   * The tag of a row, as a TagRef of its own; without its subject ('') when `subject` is false,
   * and without its tag object's id (null) when `tagObject` is false (building a registry needs
   * neither). Refs made with the same `targets` share one string per commit.
   */
  ref(row: number, subject = true, tagObject = true, targets?: TargetStrings): TagRef {
    const f = this.flags[row]!;
    const odd = f & ODD ? this.odd.get(row)! : undefined;
    return {
      name: this.name(row),
      annotated: (f & ANNOTATED) !== 0,
      tagObject: odd ? odd.tagObject : tagObject && f & HAS_TAG_OBJECT ? this.id(row * 2) : null,
      targetType: odd ? odd.targetType : COMMIT,
      target: odd ? odd.target : this.targetId(row * 2 + 1, targets),
      date: f & HAS_DATE ? this.dates[row]! : null,
      tagger: this.taggers[this.taggerOf[row]!]!,
      subject: subject ? this.subject(row) : '',
    };
  }

  /** git's order of two rows' names: their UTF-8 bytes, compared as bytes. */
  compareRows(a: number, b: number): number {
    const t = this.text;
    const as = this.start[a]!;
    const bs = this.start[b]!;
    const al = this.nameEnd[a]! - as;
    const bl = this.nameEnd[b]! - bs;
    const n = Math.min(al, bl);
    for (let i = 0; i < n; i++) {
      const d = t[as + i]! - t[bs + i]!;
      if (d !== 0) return d;
    }
    return al - bl;
  }

  /** git's order of a row's name against a name's UTF-8 bytes. */
  compareName(row: number, name: Uint8Array): number {
    const t = this.text;
    const s = this.start[row]!;
    const l = this.nameEnd[row]! - s;
    const n = Math.min(l, name.length);
    for (let i = 0; i < n; i++) {
      const d = t[s + i]! - name[i]!;
      if (d !== 0) return d;
    }
    return l - name.length;
  }

  /** Whether a row's name starts with these bytes. */
  nameStartsWith(row: number, prefix: Uint8Array): boolean {
    const s = this.start[row]!;
    if (this.nameEnd[row]! - s < prefix.length) return false;
    for (let i = 0; i < prefix.length; i++) if (this.text[s + i] !== prefix[i]) return false;
    return true;
  }

  /** Gives back the room grown for rows that never came (up to half of each column). */
  trim(): void {
    const n = this.rows;
    // Buffer.from copies (a Buffer's slice would keep the whole of it).
    this.text = Buffer.from(this.text.subarray(0, this.textLength));
    this.ids = Buffer.from(this.ids.subarray(0, n * 2 * this.idBytes));
    this.start = this.start.slice(0, n + 1);
    this.nameEnd = this.nameEnd.slice(0, n);
    this.shared = this.shared.slice(0, n);
    this.dates = this.dates.slice(0, n);
    this.flags = this.flags.slice(0, n);
    this.taggerOf = this.taggerOf.slice(0, n);
    this.capacity = n;
  }
}

/**
 * The tags of one read, in git's order: rows of a TagTable. What a listing's `tags` used to be
 * as an array; `at` and iteration make TagRefs one at a time.
 */
export class TagList implements Iterable<TagRef> {
  constructor(
    readonly table: TagTable,
    /** Rows in order; `length` of them are used. */
    private readonly order: Int32Array,
    readonly length: number,
    /** Whether the rows are in git's order of names (a read around missing objects is not). */
    readonly sorted: boolean,
  ) {}

  /** Every row of a table, in the order they were read. */
  static of(table: TagTable): TagList {
    const n = table.size;
    const order = new Int32Array(n);
    let sorted = true;
    for (let i = 0; i < n; i++) {
      order[i] = i;
      if (i > 0 && sorted && table.compareRows(i - 1, i) >= 0) sorted = false;
    }
    return new TagList(table, order, n, sorted);
  }

  static fromRefs(tags: readonly TagRef[]): TagList {
    const table = new TagTable();
    for (const t of tags) table.push(t);
    table.trim();
    return TagList.of(table);
  }

  row(i: number): number {
    return this.order[i]!;
  }

  at(i: number): TagRef {
    return this.table.ref(this.order[i]!);
  }

  name(i: number): string {
    return this.table.name(this.order[i]!);
  }

  /** The rows of the list, in order. */
  *rows(): Generator<number> {
    for (let i = 0; i < this.length; i++) yield this.order[i]!;
  }

  *[Symbol.iterator](): Iterator<TagRef> {
    for (let i = 0; i < this.length; i++) yield this.at(i);
  }

  /** Every tag as a TagRef: each call makes them anew (keeping them would keep them all). */
  toArray(): TagRef[] {
    const out = new Array<TagRef>(this.length);
    for (let i = 0; i < this.length; i++) out[i] = this.at(i);
    return out;
  }

  /** The first position whose name is not below `name` (sorted lists only). */
  lowerBound(name: string | Uint8Array): number {
    const bytes = typeof name === 'string' ? utf8.encode(name) : name;
    let lo = 0;
    let hi = this.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.table.compareName(this.order[mid]!, bytes) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The position of the tag of that name, or -1 (sorted lists only). */
  indexOf(name: string): number {
    const bytes = utf8.encode(name);
    const i = this.lowerBound(bytes);
    return i < this.length && this.table.compareName(this.order[i]!, bytes) === 0 ? i : -1;
  }

  /** The positions whose names start with `prefix`, in order (sorted lists only). */
  *withPrefix(prefix: string): Generator<number> {
    const bytes = utf8.encode(prefix);
    for (let i = this.lowerBound(bytes); i < this.length && this.table.nameStartsWith(this.order[i]!, bytes); i++) yield i;
  }

  /**
   * This list with the named tags taken out and `fresh` put in, each in its place by name
   * (sorted lists only). The fresh tags become rows of the same table.
   */
  withChanges(names: Iterable<string>, fresh: readonly TagRef[]): TagList {
    const drop = new Set<number>();
    for (const n of names) {
      const i = this.indexOf(n);
      if (i >= 0) drop.add(i);
    }
    const rows = fresh.map((t) => this.table.push(t)).sort((a, b) => this.table.compareRows(a, b));
    const order = new Int32Array(this.length - drop.size + rows.length);
    let o = 0;
    let r = 0;
    for (let i = 0; i < this.length; i++) {
      if (drop.has(i)) continue;
      const row = this.order[i]!;
      while (r < rows.length && this.table.compareRows(rows[r]!, row) < 0) order[o++] = rows[r++]!;
      order[o++] = row;
    }
    while (r < rows.length) order[o++] = rows[r++]!;
    return new TagList(this.table, order, o, true);
  }
}

// Every tag of a repository in one `git for-each-ref` call.
import { StringDecoder } from 'node:string_decoder';
import { GitError, runGit, type GitConfig } from './exec';
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
  const early = earlyReads.get(cwd);
  earlyReads.delete(cwd);
  const tags: TagRef[] = [];
  const decoder = new StringDecoder('utf8');
  let pending = '';
  const take = (text: string, final: boolean) => {
    // A record ends with NUL then LF; parse only whole records, keep the rest for the next chunk.
    const end = final ? text.length : text.lastIndexOf('\0\n') + 2;
    if (end <= 1) return text;
    parseTagRecords(text, end, (t) => {
      tags.push(t);
      onTag?.(t);
    });
    return text.slice(end);
  };
  try {
    const feed = (chunk: Buffer) => (pending = take(pending + decoder.write(chunk), false));
    if (early) await early.attach(feed, signal);
    else await runGit(TAG_ARGS, { cwd, signal, onStdout: feed }, config);
  } catch (e) {
    if (!(e instanceof GitError && /missing object/.test(e.stderr))) throw e;
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
  take(pending + decoder.end(), true);
  return tags;
}

/** Early reads adopted by a repository root, each waiting for its one readTags call. */
const earlyReads = new Map<string, EarlyTagRead>();

/**
 * `git for-each-ref` started in the folder the user gave, before the repository's root is known:
 * git spends most of its time on the tags before it writes a byte, so starting it alongside
 * `rev-parse` (rather than after) takes that time off the command. The same process, arguments and
 * environment readTags would start; its output waits in memory until readTags takes it over.
 */
export class EarlyTagRead {
  private chunks: Buffer[] | undefined = [];
  private sink: ((chunk: Buffer) => void) | undefined;
  private readonly abort = new AbortController();
  private readonly done: Promise<unknown>;

  constructor(folder: string, config: GitConfig) {
    this.done = runGit(TAG_ARGS, { cwd: folder, signal: this.abort.signal, onStdout: (chunk) => (this.sink ? this.sink(chunk) : this.chunks!.push(chunk)) }, config);
    // Never taken over when the folder turns out not to be a repository: that error is open()'s to report.
    this.done.catch(() => undefined);
  }

  /** The next readTags(root) uses this process instead of starting its own. */
  adopt(root: string): void {
    earlyReads.set(root, this);
  }

  /** Stops git if the read was not taken over, and forgets it: a later readTags starts afresh. */
  cancel(): void {
    for (const [root, read] of earlyReads) if (read === this) earlyReads.delete(root);
    if (!this.sink) this.abort.abort();
  }

  attach(sink: (chunk: Buffer) => void, signal?: AbortSignal): Promise<unknown> {
    for (const chunk of this.chunks!) sink(chunk);
    this.chunks = undefined;
    this.sink = sink;
    if (signal?.aborted) this.abort.abort();
    else signal?.addEventListener('abort', () => this.abort.abort(), { once: true });
    return this.done;
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
export function parseTagRefs(stdout: string): TagRef[] {
  const tags: TagRef[] = [];
  parseTagRecords(stdout, stdout.length, (t) => tags.push(t));
  return tags;
}

const TAGS_PREFIX = 'refs/tags/';
const FIELD_COUNT = FIELDS.length;

/**
 * Parses the records in text[0, end) field by field with indexOf: thirteen thousand tags would
 * otherwise make a hundred thousand strings and arrays that list only throws away, and the garbage
 * collector's work grows with them. Only the fields a TagRef keeps become strings.
 */
function parseTagRecords(text: string, end: number, each: (tag: TagRef) => void): void {
  const starts = new Array<number>(FIELD_COUNT);
  const ends = new Array<number>(FIELD_COUNT);
  let pos = 0;
  let tagger = '';
  for (;;) {
    // A record is FIELD_COUNT fields, each ended by NUL; the last may instead end with the text.
    let complete = true;
    for (let f = 0; f < FIELD_COUNT; f++) {
      let nul = text.indexOf('\0', pos);
      if (nul < 0 || nul >= end) {
        if (f < FIELD_COUNT - 1) {
          complete = false;
          break;
        }
        nul = end;
      }
      starts[f] = pos;
      ends[f] = nul;
      pos = nul + 1;
    }
    if (!complete) return;
    // Each record after the first starts with the LF that ended the previous one.
    let refStart = starts[0]!;
    if (text.charCodeAt(refStart) === 10) refStart++;
    if (ends[0]! - refStart >= TAGS_PREFIX.length && text.startsWith(TAGS_PREFIX, refStart)) {
      const annotated = ends[1]! - starts[1]! === 3 && text.startsWith('tag', starts[1]!);
      const taggerDate = dateField(text, starts[5]!, ends[5]!);
      // Most tags of a registry share their tagger: one string for all of them.
      const taggerLength = ends[7]! - starts[7]!;
      if (taggerLength !== tagger.length || !text.startsWith(tagger, starts[7]!)) tagger = text.slice(starts[7]!, ends[7]!);
      each({
        name: text.slice(refStart + TAGS_PREFIX.length, ends[0]!),
        annotated,
        tagObject: annotated ? text.slice(starts[2]!, ends[2]!) : null,
        targetType: annotated ? objectType(text, starts[3]!, ends[3]!) : objectType(text, starts[1]!, ends[1]!),
        target: annotated ? text.slice(starts[4]!, ends[4]!) : text.slice(starts[2]!, ends[2]!),
        date: taggerDate ?? dateField(text, starts[6]!, ends[6]!),
        tagger,
        subject: text.slice(starts[8]!, ends[8]!),
      });
    }
    if (pos > end) return;
  }
}

/** The object type named by text[start, end), the common one without a new string. */
function objectType(text: string, start: number, end: number): string {
  if (end - start === 6 && text.startsWith('commit', start)) return 'commit';
  return text.slice(start, end);
}

/** A `:unix` date field: null when empty, otherwise Number() of it. */
function dateField(text: string, start: number, end: number): number | null {
  if (start === end) return null;
  let n = 0;
  for (let i = start; i < end; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9 || i - start > 14) return Number(text.slice(start, end));
    n = n * 10 + d;
  }
  return n;
}

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
 * Parses the records in text[0, end). One split (native, and cheaper than walking the NULs in
 * script); what a TagRef keeps is the parts themselves, and the parts that would otherwise be
 * kept once per tag ('commit', the tagger's name) are shared: thirteen thousand tags stay in
 * memory until list prints, and the garbage collector's work grows with every object they hold.
 */
function parseTagRecords(text: string, end: number, each: (tag: TagRef) => void): void {
  const parts = (end === text.length ? text : text.slice(0, end)).split('\0');
  let tagger = '';
  for (let i = 0; i + FIELD_COUNT <= parts.length; i += FIELD_COUNT) {
    // Each record after the first starts with the LF that ended the previous one.
    const refname = parts[i]!;
    const lf = refname.charCodeAt(0) === 10 ? 1 : 0;
    if (!refname.startsWith(TAGS_PREFIX, lf)) continue;
    const objectType = parts[i + 1]!;
    const annotated = objectType === 'tag';
    const taggerDate = parts[i + 5] ? Number(parts[i + 5]) : null;
    const creatorDate = parts[i + 6] ? Number(parts[i + 6]) : null;
    if (parts[i + 7] !== tagger) tagger = parts[i + 7]!;
    each({
      name: refname.slice(lf + TAGS_PREFIX.length),
      annotated,
      tagObject: annotated ? parts[i + 2]! : null,
      targetType: sharedType(annotated ? parts[i + 3]! : objectType),
      target: annotated ? parts[i + 4]! : parts[i + 2]!,
      date: taggerDate ?? creatorDate,
      tagger,
      subject: parts[i + 8]!,
    });
  }
}

/** 'commit' as one string for all tags rather than a copy per tag. */
function sharedType(type: string): string {
  return type === 'commit' ? 'commit' : type;
}

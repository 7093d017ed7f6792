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

/** targetType of a tag whose object (or the commit it names) is not in the repository. */
export const MISSING_OBJECT = 'missing object';

/**
 * Reads all tags (name, type, peeled target, tagger date, subject) in one process. `onTag` sees
 * each tag as soon as git has written it, so callers can do their work while git still runs.
 */
export async function readTags(cwd: string, config: GitConfig, signal?: AbortSignal, onTag?: (tag: TagRef) => void): Promise<TagRef[]> {
  const tags: TagRef[] = [];
  const decoder = new StringDecoder('utf8');
  let pending = '';
  const take = (text: string, final: boolean) => {
    // A record ends with NUL then LF; parse only whole records, keep the rest for the next chunk.
    const end = final ? text.length : text.lastIndexOf('\0\n') + 2;
    if (end <= 1) return text;
    for (const t of parseTagRefs(text.slice(0, end))) {
      tags.push(t);
      onTag?.(t);
    }
    return text.slice(end);
  };
  try {
    await runGit(['for-each-ref', `--format=${TAG_FORMAT}`, 'refs/tags'], { cwd, signal, onStdout: (chunk) => (pending = take(pending + decoder.write(chunk), false)) }, config);
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
  const parts = stdout.split('\0');
  const tags: TagRef[] = [];
  const n = FIELDS.length;
  for (let i = 0; i + n <= parts.length; i += n) {
    // Each record after the first starts with the LF that ended the previous one.
    let refname = parts[i]!;
    if (refname.charCodeAt(0) === 10) refname = refname.slice(1);
    if (!refname.startsWith('refs/tags/')) continue;
    const objectType = parts[i + 1]!;
    const objectName = parts[i + 2]!;
    const peeledType = parts[i + 3]!;
    const peeledName = parts[i + 4]!;
    const annotated = objectType === 'tag';
    const taggerDate = parts[i + 5] ? Number(parts[i + 5]) : null;
    const creatorDate = parts[i + 6] ? Number(parts[i + 6]) : null;
    tags.push({
      name: refname.slice('refs/tags/'.length),
      annotated,
      tagObject: annotated ? objectName : null,
      targetType: annotated ? peeledType : objectType,
      target: annotated ? peeledName : objectName,
      date: taggerDate ?? creatorDate,
      tagger: parts[i + 7] ?? '',
      subject: parts[i + 8] ?? '',
    });
  }
  return tags;
}

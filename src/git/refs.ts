// Every tag of a repository in one `git for-each-ref` call.
import { StringDecoder } from 'node:string_decoder';
import { runGit, type GitConfig } from './exec';
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
  await runGit(['for-each-ref', `--format=${TAG_FORMAT}`, 'refs/tags'], { cwd, signal, onStdout: (chunk) => (pending = take(pending + decoder.write(chunk), false)) }, config);
  take(pending + decoder.end(), true);
  return tags;
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

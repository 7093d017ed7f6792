// Every tag of a repository in one `git for-each-ref` call.
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

/** Reads all tags (name, type, peeled target, tagger date, subject) in one process. */
export async function readTags(cwd: string, config: GitConfig, signal?: AbortSignal): Promise<TagRef[]> {
  const { stdout } = await runGit(['for-each-ref', `--format=${TAG_FORMAT}`, 'refs/tags'], { cwd, signal }, config);
  return parseTagRefs(stdout);
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

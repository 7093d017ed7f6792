// The registry as it stood at a moment: the same reads, with only the tags made by then.
import type { RepoBackend } from './backend';
import type { PrefixTagReader } from './modelStore';
import type { TagRef } from './types';

export class AtDateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AtDateError';
  }
}

/**
 * Unix seconds for `--at`: `2026-03-03` is the end of that day (UTC), so "on 3 March" includes
 * what was done that day; `2026-03-03T12:00:00+01:00` (or `…Z`) is that instant; `@1767603600` seconds.
 */
export function parseAtDate(text: string): number {
  const t = text.trim();
  if (/^@\d+$/.test(t)) return Number(t.slice(1));
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t);
  if (day) {
    const ms = Date.UTC(Number(day[1]), Number(day[2]) - 1, Number(day[3]), 23, 59, 59);
    if (new Date(ms).getUTCDate() === Number(day[3])) return ms / 1000;
  }
  if (/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2})?(\.\d+)?(Z|[+-]\d{2}:?\d{2})$/.test(t)) {
    const ms = Date.parse(t.replace(' ', 'T').replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
    if (!Number.isNaN(ms)) return Math.floor(ms / 1000);
  }
  throw new AtDateError(`'${text}' is not a date: use 2026-03-03 (the end of that day, UTC), 2026-03-03T12:00:00Z, an offset like +01:00, or @<unix seconds>`);
}

/** Tags made at or before `at` (by tagger date; a tag with no date counts as made). */
export function tagsAt<T extends TagRef>(tags: readonly T[], at: number): T[] {
  return tags.filter((t) => t.date === null || t.date <= at);
}

/** A backend whose tags are only those made by `at`: a ModelStore over it lists the registry as it stood then. */
export function backendAt(backend: RepoBackend & Partial<PrefixTagReader>, at: number): RepoBackend & Partial<PrefixTagReader> {
  const narrowed: RepoBackend & Partial<PrefixTagReader> = {
    root: backend.root,
    async readTags(signal, onTag) {
      const tags = tagsAt(await backend.readTags(signal), at);
      if (onTag) for (const t of tags) onTag(t);
      return tags;
    },
    resolveCommit: (rev, signal) => backend.resolveCommit(rev, signal),
    sourceAt: (commit) => backend.sourceAt(commit),
    workdir: () => backend.workdir(),
    codeInfo: (commit, tag) => backend.codeInfo(commit, tag),
    head: (signal) => backend.head(signal),
  };
  if (backend.readTagsWithPrefixes) {
    const read = backend.readTagsWithPrefixes.bind(backend);
    narrowed.readTagsWithPrefixes = async (prefixes, signal) => tagsAt(await read(prefixes, signal), at);
  }
  return narrowed;
}

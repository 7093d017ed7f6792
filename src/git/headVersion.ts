// Where HEAD is among the version tags: the nearest one at or before it, and how far past it.
import type { GitRepository } from './repository';

export interface DescribedHead {
  /** The nearest tag matching one of the patterns (HEAD or an ancestor). */
  tag: string;
  /** Commits between that tag and HEAD (0 when HEAD is the tagged commit). */
  ahead: number;
}

/** `git describe --tags --long` limited to `patterns`; undefined when no tag matches (or no commits). */
export async function describeHead(repo: GitRepository, patterns: readonly string[], signal?: AbortSignal): Promise<DescribedHead | undefined> {
  if (patterns.length === 0) return undefined;
  const r = await repo.run(['describe', '--tags', '--long', '--abbrev=7', ...patterns.flatMap((p) => ['--match', p]), 'HEAD'], signal, { okExitCodes: [128] });
  const m = /^(.*)-(\d+)-g[0-9a-f]+$/.exec(r.stdout.trim());
  if (r.exitCode !== 0 || !m) return undefined;
  return { tag: m[1]!, ahead: Number(m[2]) };
}

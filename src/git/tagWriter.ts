// The core's RepoWriter: annotated tags created, deleted and pushed with git, never forced.
import type { RepoWriter } from '../core/ports';
import type { GitRepository } from './repository';
import { printable, isValidTagName } from './revision';
import { createAnnotatedTag, SafetyError } from './worktree';

function assertRemote(remote: string): void {
  if (remote.startsWith('-') || !/^[A-Za-z0-9._\-/]+$/.test(remote)) throw new SafetyError(`'${printable(remote)}' is not a remote name`);
}

/** Deletes refs/tags/<name> only while it still names `expected`: a tag moved since it was listed stays. */
export async function deleteTag(repo: GitRepository, name: string, expected: string, signal?: AbortSignal): Promise<void> {
  if (!(await isValidTagName(repo.root, name, repo.config))) throw new SafetyError(`'${printable(name)}' is not a valid tag name`);
  if (!/^[0-9a-f]{40,64}$/.test(expected)) throw new SafetyError(`'${printable(expected)}' is not an object id`);
  const r = await repo.run(['update-ref', '-d', `refs/tags/${name}`, expected], signal, { okExitCodes: [1, 128] });
  if (r.exitCode !== 0) throw new SafetyError(`the tag ${name} was not deleted: it no longer names ${expected.slice(0, 7)} (${r.stderr.trim().split('\n')[0] ?? ''})`);
}

/** One `git push` for all the tags (or their deletion on the remote). */
export async function pushTags(repo: GitRepository, names: readonly string[], { delete: del = false, remote = 'origin' } = {}, signal?: AbortSignal): Promise<void> {
  assertRemote(remote);
  if (!names.length) return;
  const specs = names.map((n) => (del ? `:refs/tags/${n}` : `refs/tags/${n}:refs/tags/${n}`));
  await repo.run(['push', '--end-of-options', remote, ...specs], signal);
}

export function gitRepoWriter(repo: GitRepository): RepoWriter {
  return {
    createAnnotatedTag: (name, commit, message, signal) => createAnnotatedTag(repo, { name, commit, message, signal }),
    deleteTag: (name, expected, signal) => deleteTag(repo, name, expected, signal),
    pushTags: (names, opts, signal) => pushTags(repo, names, opts, signal),
  };
}

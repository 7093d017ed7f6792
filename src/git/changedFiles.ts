// Files changed between two commits (or a commit and the working tree), for the panel's Code section.
import type { ChangedFile } from '../core/diffTable';
import type { GitRepository } from './repository';
import type { CodeChangesPort } from '../core/compare';

/** `git diff --name-status` in one process; `to` null means the working tree. */
export async function changedFiles(repo: GitRepository, from: string, to: string | null, signal?: AbortSignal): Promise<ChangedFile[]> {
  const args = ['diff', '--name-status', '-z', '--no-renames', '--no-ext-diff', '--no-textconv', from];
  if (to) args.push(to);
  args.push('--');
  const r = await repo.run(args, signal);
  const parts = r.stdout.split('\0');
  const files: ChangedFile[] = [];
  for (let i = 0; i + 1 < parts.length; i += 2) {
    if (!parts[i]) break;
    files.push({ status: parts[i]!.charAt(0), path: parts[i + 1]! });
  }
  return files;
}

/** The core's port for a comparison's Code section, over one repository. */
export function codeChanges(repo: GitRepository): CodeChangesPort {
  return { changedFiles: (from, to, signal) => changedFiles(repo, from, to, signal) };
}

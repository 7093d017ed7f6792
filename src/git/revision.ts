// User-typed revisions and names are validated here before they reach git.
import { runGit, type GitConfig } from './exec';

/** Refuses anything git could read as an option, and characters no revision contains. */
export function assertSafeRevision(rev: string): void {
  if (rev === '' || rev.startsWith('-') || /[\0-\x1f\x7f]/.test(rev) || rev.length > 1024) {
    throw new RevisionError(`'${printable(rev)}' is not a valid revision`);
  }
}

export class RevisionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RevisionError';
  }
}

/** Asks `git check-ref-format` whether `refs/tags/<name>` is a valid tag name. */
export async function isValidTagName(cwd: string, name: string, config: GitConfig): Promise<boolean> {
  // '@' alone is check-ref-format-valid as refs/tags/@, but every revision '@' means HEAD.
  if (name.startsWith('-') || name === '@' || /[\0-\x1f\x7f]/.test(name)) return false;
  const r = await runGit(['check-ref-format', `refs/tags/${name}`], { cwd, okExitCodes: [1] }, config);
  return r.exitCode === 0;
}

export function printable(s: string): string {
  return s.replace(/[\0-\x1f\x7f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`).slice(0, 200);
}

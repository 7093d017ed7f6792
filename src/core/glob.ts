// Glob patterns as VS Code settings write them (`**/*.model.yaml`, `models/*/card.{yml,yaml}`),
// matched against repository-relative paths with '/' separators.

/** Converts a glob to an anchored regular expression: `**` any folders, `*` and `?` within a name, `{a,b}` either. */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  let braces = 0;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') {
      if (glob[i + 1] === '*') {
        // `**/` matches zero or more folders; a trailing `**` matches everything below.
        const slash = glob[i + 2] === '/';
        re += slash ? '(?:[^/]*/)*' : '.*';
        i += slash ? 2 : 1;
      } else {
        re += '[^/]*';
      }
    } else if (c === '?') re += '[^/]';
    else if (c === '{') {
      braces++;
      re += '(?:';
    } else if (c === '}' && braces > 0) {
      braces--;
      re += ')';
    } else if (c === ',' && braces > 0) re += '|';
    else re += c.replace(/[.+^$()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}${')'.repeat(braces)}$`);
}

/** A predicate for several globs; invalid ones are skipped. */
export function globMatcher(globs: readonly string[]): (path: string) => boolean {
  const res: RegExp[] = [];
  for (const g of globs) {
    const trimmed = g.trim().replace(/^\.?\//, '');
    if (!trimmed) continue;
    try {
      res.push(globToRegExp(trimmed));
    } catch {
      // a pattern that makes no regular expression matches nothing
    }
  }
  return (path) => res.some((r) => r.test(path));
}

// Real git repositories in temp folders for tests: real commits, real annotated and lightweight
// tags with chosen dates. Never a mock.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

export interface TestRepo {
  dir: string;
  git(...args: string[]): string;
  /** Writes files (path → content; null deletes) relative to the repository. */
  write(files: Record<string, string | Buffer | null>): void;
  /** Writes, stages everything and commits; returns the commit id. */
  commit(message: string, files?: Record<string, string | Buffer | null>, date?: string): string;
  /** Annotated tag on `rev` (default HEAD) with a tagger date (ISO or unix seconds). */
  tag(name: string, opts?: { rev?: string; date?: string | number; message?: string }): void;
  lightweightTag(name: string, rev?: string): void;
  head(): string;
  remove(): void;
}

const BASE_ENV = {
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_AUTHOR_NAME: 'Ada Lovelace',
  GIT_AUTHOR_EMAIL: 'ada@example.com',
  GIT_COMMITTER_NAME: 'Ada Lovelace',
  GIT_COMMITTER_EMAIL: 'ada@example.com',
  GIT_TERMINAL_PROMPT: '0',
};

/** Unix seconds for a date: ISO text or seconds. */
function gitDate(d: string | number): string {
  return typeof d === 'number' ? `@${d} +0000` : d;
}

/** A new repository in a new temp folder, or in `at` (an empty folder) when given. */
export function makeRepo(prefix = 'mv-test-', at?: string): TestRepo {
  const dir = at ?? mkdtempSync(path.join(tmpdir(), prefix));
  mkdirSync(dir, { recursive: true });
  const home = mkdtempSync(path.join(tmpdir(), 'mv-home-'));
  const env = { ...process.env, ...BASE_ENV, HOME: home, XDG_CONFIG_HOME: home };
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, env, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
  const gitEnvRun = (extra: Record<string, string>, ...args: string[]) =>
    execFileSync('git', args, { cwd: dir, env: { ...env, ...extra }, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
  git('init', '-q', '-b', 'main');
  git('config', 'commit.gpgsign', 'false');
  git('config', 'tag.gpgsign', 'false');
  // The repository's own identity: the CLI and the core run git with the machine's environment,
  // and a new machine (CI with an empty HOME) has no ~/.gitconfig to take one from.
  git('config', 'user.name', BASE_ENV.GIT_COMMITTER_NAME);
  git('config', 'user.email', BASE_ENV.GIT_COMMITTER_EMAIL);
  const write = (files: Record<string, string | Buffer | null>) => {
    for (const [p, content] of Object.entries(files)) {
      const abs = path.join(dir, p);
      if (content === null) rmSync(abs, { force: true, recursive: true });
      else {
        mkdirSync(path.dirname(abs), { recursive: true });
        writeFileSync(abs, content);
      }
    }
  };
  return {
    dir,
    git,
    write,
    commit(message, files, date) {
      if (files) write(files);
      git('add', '-A');
      const extra: Record<string, string> = date ? { GIT_AUTHOR_DATE: gitDate(date), GIT_COMMITTER_DATE: gitDate(date) } : {};
      gitEnvRun(extra, 'commit', '-q', '--allow-empty', '-m', message);
      return git('rev-parse', 'HEAD').trim();
    },
    tag(name, opts = {}) {
      const extra: Record<string, string> = opts.date !== undefined ? { GIT_COMMITTER_DATE: gitDate(opts.date) } : {};
      gitEnvRun(extra, 'tag', '-a', '-m', opts.message ?? `tag ${name}`, name, opts.rev ?? 'HEAD');
    },
    lightweightTag(name, rev = 'HEAD') {
      git('tag', name, rev);
    },
    head() {
      return git('rev-parse', 'HEAD').trim();
    },
    remove() {
      rmSync(dir, { recursive: true, force: true });
      rmSync(home, { recursive: true, force: true });
    },
  };
}

#!/usr/bin/env node
// `model-versions`: the command-line front end over the same core as the extension.
import { NotFoundError } from '../core/modelStore';
import { OperandError } from '../core/operand';
import { PlanError } from '../core/versionPlans';
import { GitError } from '../git/exec';
import { NotARepositoryError } from '../git/repository';
import { MISSING_OBJECT } from '../git/refs';
import { RevisionError } from '../git/revision';
import { SafetyError } from '../git/worktree';
import { parseArgs, UsageError } from './args';
import { openContext, type CliContext, type Io } from './context';
import { diffCommand, type DiffFormat } from './diffCommand';
import { listCommand } from './listCommand';
import { checkoutCommand, promoteCommand, tagCommand } from './mutateCommands';
import { showCommand } from './showCommand';
import { fetchCommand, pushCommand, remoteFlag, remoteListCommand, repositoryFolder, timeoutFlag } from './remoteCommands';
import { RemoteError } from '../core/remotePort';
import { safeText } from '../core/render/format';
import type { TagConventions } from '../core/tagGrammar';

export const USAGE = `Usage: model-versions <command> [options]

Commands:
  list [--json] [--all] [--remote [NAME]]      models, versions (newest first), latest, stages;
                                                with --remote, each version against the remote
  show <model>@<version> [--json]               what one version is made of
  diff <A> <B> [<C>…] [--json|--markdown|--html] [--all]
                                                what changed between versions (only changes unless --all)
  tag <model> <major|minor|patch|vX.Y.Z> [-m MSG] [--push]
                                                register a new version on HEAD (annotated GTO tag)
  promote <model>@<version> <stage> [-m MSG] [--push]
                                                assign a stage (GTO tag with the next counter)
  checkout <model>@<version> [--stash] [--branch NAME] [--files-only]
                                                check out a version without losing uncommitted work
  fetch [--remote NAME]                         fetch the remote's registry tags that are not here
                                                (never replaces a local tag)
  push <model>[@<version>] [--remote NAME]      push the tags of a version (or a whole model)
                                                that the remote does not have

Versions: <model>@v1.2.0, <model>#prod, <model>@latest, <model>@<git revision>, <model>@workdir

Options:
  --repo DIR|URL      the repository (default: the current folder); a Git URL (https://,
                      ssh://, file://, user@host:path) reads a copy of it, cached and
                      refreshed on each use (list, show, diff, fetch)
  --cache-dir DIR     where those copies are kept (default: $XDG_CACHE_HOME/model-versions)
  --plain-model NAME  also read plain vX.Y.Z tags as versions of model NAME
  --tag-prefix P      also read P/<model>/vX.Y.Z tags
  --no-gto            do not read GTO tags
  --remote NAME       the remote for list, fetch, push, tag/promote --push (default: the
                      branch's upstream remote, else origin)
  --timeout SECONDS   the limit for each network command (default 20 for ls-remote, 120 to fetch or push)
  -h, --help          this help;  --version  the version

Exit codes: 0 ok, 1 the operation failed, 2 bad usage.
`;

const FLAGS: Record<string, boolean | 'optional'> = {
  repo: true, json: false, all: false, markdown: false, html: false, message: true, push: false, stash: false, branch: true,
  'files-only': false, help: false, version: false, 'plain-model': true, 'tag-prefix': true, 'no-gto': false,
  remote: 'optional', timeout: true, 'cache-dir': true,
};
const ALIASES = { m: 'message', h: 'help', C: 'repo' };

const COMMANDS: Record<string, { min: number; max: number; flags: string[] }> = {
  list: { min: 0, max: 0, flags: ['json', 'all', 'remote', 'timeout'] },
  show: { min: 1, max: 1, flags: ['json'] },
  diff: { min: 2, max: 64, flags: ['json', 'markdown', 'html', 'all'] },
  tag: { min: 2, max: 2, flags: ['message', 'push', 'remote', 'timeout'] },
  promote: { min: 2, max: 2, flags: ['message', 'push', 'remote', 'timeout'] },
  checkout: { min: 1, max: 1, flags: ['stash', 'branch', 'files-only'] },
  fetch: { min: 0, max: 0, flags: ['remote', 'timeout'] },
  push: { min: 1, max: 1, flags: ['remote', 'timeout'] },
};
const COMMON = ['repo', 'plain-model', 'tag-prefix', 'no-gto', 'cache-dir', 'timeout'];

/** Runs the CLI; returns the exit code instead of exiting, so tests can call it in-process. */
export async function main(argv: readonly string[], io: Io, cwd = process.cwd()): Promise<number> {
  let ctx: CliContext | undefined;
  try {
    const args = parseArgs(argv, FLAGS, ALIASES);
    const [command, ...rest] = args.positionals;
    if (args.flags.has('version')) {
      io.out(`${VERSION}\n`);
      return 0;
    }
    if (args.flags.has('help') || command === 'help') {
      io.out(USAGE);
      return 0;
    }
    if (!command) throw new UsageError('no command given; try: model-versions list');
    const spec = COMMANDS[command];
    if (!spec) throw new UsageError(`unknown command '${command}'; the commands are ${Object.keys(COMMANDS).join(', ')}`);
    for (const flag of args.flags.keys()) {
      if (!spec.flags.includes(flag) && !COMMON.includes(flag)) throw new UsageError(`${command} does not take --${flag}`);
    }
    if (rest.length < spec.min || rest.length > spec.max) {
      throw new UsageError(`${command} takes ${spec.min === spec.max ? spec.min : `${spec.min} or more`} argument${spec.max === 1 ? '' : 's'}; see model-versions --help`);
    }
    const formats = (['json', 'markdown', 'html'] as const).filter((f) => args.flags.has(f));
    if (formats.length > 1) throw new UsageError(`choose one of --${formats.join(', --')}`);
    const str = (k: string) => {
      const v = args.flags.get(k);
      return typeof v === 'string' ? v : undefined;
    };
    const conventions: TagConventions = { gto: !args.flags.has('no-gto'), plainModel: str('plain-model'), prefix: str('tag-prefix') };
    const remote = { remote: remoteFlag(args.flags.get('remote'), command !== 'list'), timeoutMs: timeoutFlag(args.flags.get('timeout')) };
    const folder = await repositoryFolder(str('repo'), cwd, command, io, { cacheDir: str('cache-dir'), timeoutMs: remote.timeoutMs });
    ctx = await openContext(folder, io, conventions, { readsAllTags: command === 'list' });
    switch (command) {
      case 'list':
        if (args.flags.has('remote')) return await remoteListCommand(ctx, conventions, { ...remote, json: args.flags.has('json'), all: args.flags.has('all') });
        return await listCommand(ctx, { json: args.flags.has('json'), all: args.flags.has('all') });
      case 'show':
        return await showCommand(ctx, rest[0]!, { json: args.flags.has('json') });
      case 'diff':
        return await diffCommand(ctx, rest, { format: (formats[0] ?? 'text') as DiffFormat, all: args.flags.has('all') });
      case 'tag':
        return await tagCommand(ctx, rest[0]!, rest[1]!, { message: str('message'), push: args.flags.has('push'), ...remote });
      case 'promote':
        return await promoteCommand(ctx, rest[0]!, rest[1]!, { message: str('message'), push: args.flags.has('push'), ...remote });
      case 'checkout':
        return await checkoutCommand(ctx, rest[0]!, { stash: args.flags.has('stash'), branch: str('branch'), filesOnly: args.flags.has('files-only') });
      case 'fetch':
        return await fetchCommand(ctx, conventions, remote);
      case 'push':
        return await pushCommand(ctx, conventions, rest[0]!, remote);
    }
    return 2;
  } catch (e) {
    if (e instanceof NotFoundError && ctx && (await ctx.repo.isShallow().catch(() => false))) {
      e.message += `; this is a shallow clone, so older commits and tags may be missing${await missingTagsNote(ctx)} (git fetch --unshallow --tags)`;
    }
    if (e instanceof GitError && ctx?.repo.bare && /must be run in a work tree/.test(e.stderr)) {
      e.message = 'this is a bare repository: it has no working tree (workdir) to read';
    }
    return reportError(e, io);
  } finally {
    ctx?.earlyTagRead?.cancel();
    ctx?.repo.dispose();
  }
}

/** Which tags name commits the clone does not have, so the user sees what is missing. */
async function missingTagsNote(ctx: CliContext): Promise<string> {
  const missing = (await ctx.repo.readTags().catch(() => [])).filter((t) => t.targetType === MISSING_OBJECT).map((t) => t.name);
  if (!missing.length) return '';
  const shown = missing.slice(0, 3).join(', ') + (missing.length > 3 ? `, +${missing.length - 3} more` : '');
  return `: ${missing.length === 1 ? 'the tag' : `${missing.length} tags`} ${shown} name${missing.length === 1 ? 's a commit' : ' commits'} not fetched`;
}

declare const __VERSION__: string | undefined;
const VERSION = typeof __VERSION__ === 'string' ? __VERSION__ : 'dev';

/** One line on stderr saying what went wrong and what to do; the exit code says what kind. */
function reportError(e: unknown, io: Io): number {
  const err = e as Error & { files?: string[]; messages?: string[] };
  if (e instanceof UsageError || e instanceof OperandError) {
    io.err(`model-versions: ${safeText(err.message)}\n`);
    return 2;
  }
  for (const m of err.messages ?? []) io.err(`${safeText(m)}\n`);
  if (e instanceof SafetyError || e instanceof PlanError) {
    io.err(`model-versions: ${safeText(err.message)}\n`);
    for (const f of err.files ?? []) io.err(`  ${safeText(f)}\n`);
    return 1;
  }
  if (e instanceof NotFoundError || e instanceof NotARepositoryError || e instanceof RevisionError || e instanceof GitError || e instanceof RemoteError) {
    io.err(`model-versions: ${safeText(err.message)}\n`);
    // git names the files in its way on tab-indented lines after the message ("would be overwritten").
    if (e instanceof GitError) for (const f of e.stderr.split('\n').filter((l) => l.startsWith('\t'))) io.err(`  ${safeText(f.slice(1))}\n`);
    return 1;
  }
  io.err(`model-versions: unexpected error: ${safeText(err?.stack ?? String(e))}\n`);
  return 1;
}

if (require.main === module) {
  main(process.argv.slice(2), { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s), interactive: process.stdout.isTTY === true }).then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      process.stderr.write(`model-versions: ${String(e)}\n`);
      process.exitCode = 1;
    },
  );
}

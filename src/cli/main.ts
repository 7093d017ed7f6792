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
import { runsCommand } from './runsCommand';
import { promoteCommand, tagCommand } from './mutateCommands';
import { checkoutCommand } from './checkoutCommand';
import { showCommand } from './showCommand';
import { deprecateCommand, deregisterCommand, unassignCommand, type LifecycleFlags } from './lifecycleCommands';
import { checkRefCommand, contextAt, historyCommand, type CheckRefField } from './historyCommand';
import { gtoListJson, gtoShowJson } from './gtoCommands';
import { fetchCommand, pushCommand, remoteFlag, remoteListCommand, repositoryFolder, timeoutFlag } from './remoteCommands';
import { RemoteError } from '../core/remotePort';
import { safeText } from '../core/render/format';
import type { TagConventions } from '../core/tagGrammar';

export const USAGE = `Usage: model-versions <command> [options]

Commands:
  list [--json [--gto]] [--all] [--at DATE] [--remote [NAME]]
                                                models, versions (newest first), latest, stages
                                                (--remote: each version against the remote)
                                                (--at: as the registry stood then; --gto: gto show --json)
  show <model>@<version> [--json] [--at DATE]   what one version is made of (<model>#prod --at DATE:
                                                what was in prod then)
  show <model> [--json]                         one model's versions and stages (gto show <model>)
  show <model>[@…|#…] --json --gto              the versions as gto show <model> --json prints them
  diff <A> <B> [<C>…] [--json|--markdown|--html] [--all]
                                                what changed between versions (only changes unless --all)
  diff <model>@all [--json|--markdown|--html] [--all]
                                                every version at once: versions × params and metrics
                                                (changed columns first; --all: unchanged ones too)
  runs [--json]                                 MLflow and W&B runs that no version claims, per experiment
  tag <model> <major|minor|patch|vX.Y.Z> [-m MSG] [--push]
                                                register a new version on HEAD (annotated GTO tag)
  promote <model>@<version> <stage> [-m MSG] [--push] [--enforce-order]
                                                assign a stage (GTO tag with the next counter); .gto's
                                                stages are the allowed ones; --enforce-order: only after
                                                the stages before it in .gto
  unassign <model>@<version> <stage> [-m MSG] [--push] [--force] [--delete]
                                                take a stage away (<model>#<stage>!#N)
  deregister <model>@<version> [-m MSG] [--push] [--force] [--delete]
                                                withdraw a version (<model>@<version>!)
  deprecate <model> [<version> [<stage>]] [-m MSG] [--push] [--force] [--delete]
                                                deprecate a model (<model>@deprecated); with a version or
                                                a stage, GTO's spelling of deregister and unassign
                                                (--delete: remove the tags instead, listed first)
  history [<model>] [--json] [--ascending]      every registry event, newest first (gto history)
  check-ref <tag> [--json|--name|--version|--stage|--event]
                                                what a tag did (gto check-ref), for CI
  checkout <model>@<version> [--stash] [--branch NAME] [--files-only] [--pull]
                                                check out a version without losing uncommitted work
                                                (--pull: first copy its DVC objects the cache lacks
                                                from the project's folder or HTTP(S) remote)
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
  'files-only': false, pull: false, help: false, version: false, 'plain-model': true, 'tag-prefix': true, 'no-gto': false,
  delete: false, force: false, ascending: false, gto: false, at: true, 'enforce-order': false, name: false, stage: false, event: false,
  remote: 'optional', timeout: true, 'cache-dir': true,
};
const ALIASES = { m: 'message', h: 'help', C: 'repo' };

const COMMANDS: Record<string, { min: number; max: number; flags: string[] }> = {
  list: { min: 0, max: 0, flags: ['json', 'all', 'at', 'gto', 'remote', 'timeout'] },
  show: { min: 1, max: 1, flags: ['json', 'at', 'gto', 'all'] },
  diff: { min: 1, max: 64, flags: ['json', 'markdown', 'html', 'all'] },
  tag: { min: 2, max: 2, flags: ['message', 'push', 'remote', 'timeout'] },
  promote: { min: 2, max: 2, flags: ['message', 'push', 'enforce-order', 'remote', 'timeout'] },
  checkout: { min: 1, max: 1, flags: ['stash', 'branch', 'files-only', 'pull'] },
  unassign: { min: 2, max: 2, flags: ['message', 'push', 'force', 'delete'] },
  deregister: { min: 1, max: 1, flags: ['message', 'push', 'force', 'delete'] },
  deprecate: { min: 1, max: 3, flags: ['message', 'push', 'force', 'delete'] },
  history: { min: 0, max: 1, flags: ['json', 'ascending'] },
  'check-ref': { min: 1, max: 1, flags: ['json', 'name', 'version', 'stage', 'event'] },
  fetch: { min: 0, max: 0, flags: ['remote', 'timeout'] },
  push: { min: 1, max: 1, flags: ['remote', 'timeout'] },
  runs: { min: 0, max: 0, flags: ['json'] },
};
const COMMON = ['repo', 'plain-model', 'tag-prefix', 'no-gto', 'cache-dir', 'timeout'];

/** Runs the CLI; returns the exit code instead of exiting, so tests can call it in-process. */
export async function main(argv: readonly string[], io: Io, cwd = process.cwd()): Promise<number> {
  let ctx: CliContext | undefined;
  try {
    const args = parseArgs(argv, FLAGS, ALIASES);
    const [command, ...rest] = args.positionals;
    // check-ref --version is GTO's: the version the tag is about.
    if (args.flags.has('version') && command !== 'check-ref') {
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
    if (args.flags.has('gto') && !args.flags.has('json')) throw new UsageError('--gto is a shape of --json: use both');
    if (args.flags.has('gto') && args.flags.has('at')) throw new UsageError('--gto shows the registry as it is now; it cannot be combined with --at');
    if (args.flags.has('all') && command === 'show' && !args.flags.has('gto')) throw new UsageError('show does not take --all (only with --json --gto: include a deprecated model)');
    const at = str('at');
    const lifecycle: LifecycleFlags = { message: str('message'), push: args.flags.has('push'), delete: args.flags.has('delete'), force: args.flags.has('force') };
    switch (command) {
      case 'list':
        if (args.flags.has('gto')) return await gtoListJson(ctx, { all: args.flags.has('all') });
        if (args.flags.has('remote')) return await remoteListCommand(ctx, conventions, { ...remote, json: args.flags.has('json'), all: args.flags.has('all') });
        return await listCommand(at !== undefined ? contextAt(ctx, at, conventions).ctx : ctx, { json: args.flags.has('json'), all: args.flags.has('all') });
      case 'show':
        if (args.flags.has('gto')) return await gtoShowJson(ctx, rest[0]!, { all: args.flags.has('all') });
        return await showCommand(at !== undefined ? contextAt(ctx, at, conventions).ctx : ctx, rest[0]!, { json: args.flags.has('json') });
      case 'unassign':
        return await unassignCommand(ctx, rest[0]!, rest[1]!, lifecycle);
      case 'deregister':
        return await deregisterCommand(ctx, rest[0]!, lifecycle);
      case 'deprecate':
        return await deprecateCommand(ctx, rest, lifecycle);
      case 'history':
        return await historyCommand(ctx, rest[0], { json: args.flags.has('json'), ascending: args.flags.has('ascending') });
      case 'check-ref': {
        const fields = (['name', 'version', 'stage', 'event'] as const).filter((f) => args.flags.has(f));
        if (fields.length + (args.flags.has('json') ? 1 : 0) > 1) throw new UsageError('Only one output formatting flags is allowed');
        return await checkRefCommand(ctx, rest[0]!, { json: args.flags.has('json'), field: fields[0] as CheckRefField | undefined });
      }
      case 'diff':
        return await diffCommand(ctx, rest, { format: (formats[0] ?? 'text') as DiffFormat, all: args.flags.has('all') });
      case 'tag':
        return await tagCommand(ctx, rest[0]!, rest[1]!, { message: str('message'), push: args.flags.has('push'), ...remote });
      case 'promote':
        return await promoteCommand(ctx, rest[0]!, rest[1]!, { message: str('message'), push: args.flags.has('push'), enforceOrder: args.flags.has('enforce-order'), ...remote });
      case 'checkout':
        return await checkoutCommand(ctx, rest[0]!, { stash: args.flags.has('stash'), branch: str('branch'), filesOnly: args.flags.has('files-only'), pull: args.flags.has('pull') });
      case 'runs':
        return await runsCommand(ctx, { json: args.flags.has('json') });
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
  // A reader that stops early (`| head`, `| jq -e 'first'`) closes the pipe: that is the reader
  // done, not an error of ours, so no stack trace. The command still runs to its end and its exit
  // code stands: a tag or push under way is not cut short or reported as done by a closed pipe.
  let readerGone = false;
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
    readerGone = true;
  });
  const out = (s: string) => void (readerGone || process.stdout.write(s));
  main(process.argv.slice(2), { out, err: (s) => process.stderr.write(s), interactive: process.stdout.isTTY === true }).then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      process.stderr.write(`model-versions: ${String(e)}\n`);
      process.exitCode = 1;
    },
  );
}

// `list --remote`, `fetch` and `push`: the registry as the team shares it through a remote.
import { ModelStore, NotFoundError, type ModelSummary } from '../core/modelStore';
import { countStates, versionRemoteState, versionTags, withTags, type RemoteComparison } from '../core/remoteState';
import { RemoteError } from '../core/remotePort';
import { readRemoteStatus } from '../core/actions/remoteStatus';
import { fetchMessages, runFetch, type Messages } from '../core/actions/fetchTags';
import { pushMessages, runPush, type PushResult, type PushTarget } from '../core/actions/pushTags';
import { dayOf, safeText } from '../core/render/format';
import { setOwn } from '../core/readers/sourceText';
import type { TagConventions } from '../core/tagGrammar';
import { isWorkingTree, type TagRef } from '../core/types';
import { GitRemote, type RemoteOptions } from '../git/remote';
import { defaultCacheDir, isRepositoryUrl, openRegistryCopy, registryCopyInfo } from '../git/registryClone';
import { UsageError } from './args';
import { reportDiagnostics, toJson, type CliContext, type Io } from './context';
import { modelJson } from './listCommand';

export interface RemoteCliOptions {
  /** `--remote NAME`; undefined: the default remote. */
  remote?: string;
  /** `--timeout SECONDS` as milliseconds: the limit of every network command. */
  timeoutMs?: number;
}

/** `--remote` as given: a name, or (on list only) nothing for the default remote. */
export function remoteFlag(value: string | true | undefined, nameRequired: boolean): string | undefined {
  if (value === undefined || (value === true && !nameRequired)) return undefined;
  if (value === true || value === '') throw new UsageError('--remote needs the name of a remote (see: git remote)');
  return value;
}

/** `--timeout SECONDS`. */
export function timeoutFlag(value: string | true | undefined): number | undefined {
  if (value === undefined) return undefined;
  const seconds = Number(value);
  if (value === true || !Number.isFinite(seconds) || seconds <= 0) throw new UsageError('--timeout takes a number of seconds greater than 0');
  return Math.round(seconds * 1000);
}

function portOf(ctx: CliContext, opts: RemoteCliOptions): GitRemote {
  const limits: RemoteOptions = opts.timeoutMs !== undefined ? { listTimeoutMs: opts.timeoutMs, transferTimeoutMs: opts.timeoutMs } : {};
  return new GitRemote(ctx.repo, limits);
}

/**
 * Runs `fn` with a signal that Ctrl-C aborts: network commands run in process groups of their
 * own, which the terminal's interrupt does not reach, so the CLI stops them itself.
 */
async function interruptible<T>(fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const abort = new AbortController();
  const onInterrupt = () => abort.abort();
  process.once('SIGINT', onInterrupt);
  try {
    return await fn(abort.signal);
  } finally {
    process.removeListener('SIGINT', onInterrupt);
  }
}

function fault(io: Io, e: unknown): number {
  if (!(e instanceof RemoteError)) throw e;
  io.err(`model-versions: ${safeText(e.message)}\n`);
  return 1;
}

function print(io: Io, m: Messages): void {
  for (const line of m.info) io.out(`${safeText(line)}\n`);
  for (const line of m.warnings) io.err(`${line.startsWith('  ') ? '' : 'warning: '}${safeText(line)}\n`);
}

/** `list --remote [NAME]`: every version with where it stands against the remote, remote-only ones included. */
export async function remoteListCommand(ctx: CliContext, conventions: TagConventions, opts: RemoteCliOptions & { json: boolean; all: boolean }): Promise<number> {
  let comparison: RemoteComparison | undefined;
  let failure: RemoteError | undefined;
  let tags: TagRef[];
  try {
    const status = await interruptible((signal) => readRemoteStatus(portOf(ctx, opts), { remote: opts.remote, conventions }, signal));
    comparison = status.comparison;
    tags = [...status.localTags, ...comparison.remoteOnlyRefs];
  } catch (e) {
    if (!(e instanceof RemoteError)) throw e;
    // No remote to ask: the listing of the local tags still stands, and the fault is said.
    failure = e;
    tags = await ctx.repo.readTags();
  }
  const store = new ModelStore(withTags(ctx.repo, tags), { conventions, namesOnly: true });
  const listing = await store.list();
  const models = opts.all || opts.json ? listing.models : listing.models.filter((m) => !m.deprecated);
  if (opts.json) {
    ctx.io.out(
      toJson(ctx.io, {
        repository: ctx.repo.root,
        remote: comparison ? remoteSummaryJson(comparison) : { name: failure!.remote ?? null, error: { kind: failure!.kind, message: failure!.message } },
        models: models.map((m) => modelWithRemoteJson(m, comparison)),
        diagnostics: listing.diagnostics,
      }),
    );
  } else {
    reportDiagnostics(ctx.io, listing.diagnostics);
    if (comparison) printRemoteSummary(ctx.io, comparison);
    printListing(ctx.io, models, comparison, opts.all);
  }
  if (failure) {
    ctx.io.err(`model-versions: ${safeText(failure.message)}; listed the local tags only\n`);
    return 1;
  }
  return 0;
}

/** The `list --remote --json` object of a model: list's, each version with `remote` and its tags' states. */
function modelWithRemoteJson(m: ModelSummary, cmp: RemoteComparison | undefined) {
  const json = modelJson(m);
  if (!cmp) return json;
  json.versions.forEach((out, i) => {
    const v = m.versions[i]!;
    out.remote = versionRemoteState(v, cmp) ?? null;
    const remoteTags: Record<string, string> = {};
    for (const t of versionTags(v)) {
      const state = cmp.tags.get(t)?.state;
      if (state) setOwn(remoteTags, t, state);
    }
    out.remoteTags = remoteTags;
  });
  return json;
}

function remoteSummaryJson(cmp: RemoteComparison) {
  const counts = countStates(cmp);
  const all = [...cmp.tags.values()];
  return {
    name: cmp.remote,
    tags: { pushed: counts.pushed, localOnly: counts.localOnly, remoteOnly: counts.remoteOnly, differs: counts.differs },
    differs: all.filter((t) => t.state === 'differs').map((t) => ({ tag: t.name, local: t.local, localTarget: t.localTarget, remote: t.remote, remoteTarget: t.remoteTarget })),
    deletedOnRemote: all.filter((t) => t.deletedOnRemote).map((t) => t.name),
  };
}

function printRemoteSummary(io: Io, cmp: RemoteComparison): void {
  const c = countStates(cmp);
  const parts = [
    c.localOnly ? `${c.localOnly} only here (push with: model-versions push <model>)` : '',
    c.remoteOnly ? `${c.remoteOnly} only on ${cmp.remote} (fetch with: model-versions fetch)` : '',
    c.differs ? `${c.differs} differ${c.differs === 1 ? 's' : ''} from ${cmp.remote}'s` : '',
  ].filter(Boolean);
  io.out(`${safeText(cmp.remote)}: ${parts.length ? `registry tags ${parts.join(', ')}` : `all ${c.pushed} registry tag${c.pushed === 1 ? ' is' : 's are'} pushed`}\n`);
  for (const t of cmp.tags.values()) if (t.deletedOnRemote) io.err(`warning: ${safeText(t.name)} was deleted on ${safeText(cmp.remote)} since the last fetch; it is kept here\n`);
}

const MARK = { pushed: '', 'local-only': 'not pushed', 'remote-only': 'only on the remote', differs: 'differs from the remote' } as const;

function printListing(io: Io, models: readonly ModelSummary[], cmp: RemoteComparison | undefined, all: boolean): void {
  if (models.length === 0) {
    io.out('No models found: no GTO tags, model.yaml manifests or dvc.yaml artifacts.\n');
    return;
  }
  const lines: string[] = [];
  for (const m of models) {
    const stages = Object.entries(m.stages).map(([s, v]) => `${s}: ${short(v)}`).join(', ');
    lines.push(`${safeText(m.name)}${m.deprecated ? ' (deprecated)' : ''}  latest ${m.latest ?? '—'}${stages ? `  ${safeText(stages)}` : ''}`);
    for (const v of all ? m.versions : m.versions.filter((x) => x.active)) {
      const state = cmp ? versionRemoteState(v, cmp) : undefined;
      const flags = [v.stages.length ? `[${v.stages.join(', ')}]` : '', !v.active ? '(deregistered)' : '', state ? MARK[state] : ''].filter(Boolean).join(' ');
      lines.push(`  ${short(v.version).padEnd(12)} ${dayOf(v.date).padEnd(10)}  ${v.commit ? v.commit.slice(0, 7) : 'no commit'}  ${safeText(flags)}`.trimEnd());
    }
  }
  io.out(lines.join('\n') + '\n');
}

function short(v: string): string {
  return /^[0-9a-f]{40,64}$/.test(v) ? v.slice(0, 7) : v;
}

/** Commands that only read, and so can run on the copy of a repository given by URL. */
const READ_ONLY = new Set(['list', 'show', 'diff', 'fetch']);

/**
 * The folder `--repo` names: a folder as given, or for a Git URL the local copy of that
 * repository, cloned or refreshed now. A copy that could not be refreshed is used as it is, with
 * a warning, except by `fetch`, whose whole job the refresh was.
 */
export async function repositoryFolder(repo: string | undefined, cwd: string, command: string, io: Io, opts: { cacheDir?: string; timeoutMs?: number }): Promise<string> {
  if (repo === undefined) return cwd;
  if (!isRepositoryUrl(repo)) {
    if (opts.cacheDir !== undefined) throw new UsageError('--cache-dir goes with --repo URL');
    return repo;
  }
  if (!READ_ONLY.has(command)) throw new UsageError(`--repo URL reads a copy of that repository; ${command} changes one: clone it and run ${command} there`);
  const config = { gitPath: process.env.MODEL_VERSIONS_GIT || 'git', log: process.env.MODEL_VERSIONS_DEBUG ? (line: string) => io.err(`[git] ${line}\n`) : undefined };
  const copy = await interruptible((signal) => openRegistryCopy(repo, { cacheDir: opts.cacheDir ?? defaultCacheDir(), config, timeoutMs: opts.timeoutMs, signal }));
  if (copy.staleBecause) {
    if (command === 'fetch') throw copy.staleBecause;
    io.err(`warning: could not refresh the copy of ${safeText(copy.shownUrl)} (${safeText(copy.staleBecause.message)}); showing it as fetched ${copy.fetchedAt ? `at ${copy.fetchedAt}` : 'last'}\n`);
  }
  return copy.dir;
}

/** `fetch [--remote NAME]`: the remote's registry tags that are not here; never replaces one that is. */
export async function fetchCommand(ctx: CliContext, conventions: TagConventions, opts: RemoteCliOptions): Promise<number> {
  const copy = await registryCopyInfo(ctx.repo.root);
  if (copy) {
    // --repo URL: the refresh before the command was the fetch.
    if (opts.remote !== undefined) throw new UsageError('--remote does not go with --repo URL: the copy has one remote, the URL');
    const tags = await ctx.repo.readTags();
    ctx.io.out(`Fetched ${safeText(copy.url)} into ${ctx.repo.root} (${tags.length} tag${tags.length === 1 ? '' : 's'})\n`);
    return 0;
  }
  try {
    const result = await interruptible((signal) => runFetch(portOf(ctx, opts), { remote: opts.remote, conventions }, signal));
    print(ctx.io, fetchMessages(result));
    return 0;
  } catch (e) {
    return fault(ctx.io, e);
  }
}

/** `push <model>[@<version>] [--remote NAME]`: the tags of a version or model the remote lacks. */
export async function pushCommand(ctx: CliContext, conventions: TagConventions, operand: string, opts: RemoteCliOptions): Promise<number> {
  const target = await pushTarget(ctx, operand);
  const what = target.version ? `${target.model} ${target.version.version}` : target.model;
  try {
    const result = await interruptible((signal) => runPush(portOf(ctx, opts), target, { remote: opts.remote, conventions }, signal));
    print(ctx.io, pushMessages(result, what, retryCommand(operand, result)));
    return result.failed.length || result.differs.length ? 1 : 0;
  } catch (e) {
    if (!(e instanceof RemoteError)) throw e;
    ctx.io.err(`model-versions: ${safeText(e.message)}\n`);
    if (e.kind !== 'no-remote' && e.kind !== 'unknown-remote') ctx.io.err(`Nothing was pushed: the tags of ${safeText(what)} are here; push them later with: model-versions push ${safeText(operand)}\n`);
    return 1;
  }
}

async function pushTarget(ctx: CliContext, operand: string): Promise<PushTarget> {
  if (!/[@#]/.test(operand)) return { model: (await ctx.store.model(operand)).name };
  const resolved = await ctx.store.resolve(operand);
  if (isWorkingTree(resolved)) throw new UsageError('the working tree has no tags to push; tag it first');
  const v = resolved.registryVersion;
  if (!v || (!v.tag && v.stageTags.length === 0)) throw new NotFoundError(`${resolved.label} is not a registered version: it has no tags to push`);
  return { model: resolved.model, version: v };
}

function retryCommand(operand: string, r: PushResult): string {
  return `model-versions push ${operand}${r.remote !== 'origin' ? ` --remote ${r.remote}` : ''}`;
}

/** The remote port of the CLI's repository, with `--timeout` as its limits. */
export function remotePortOf(ctx: CliContext, opts: RemoteCliOptions): GitRemote {
  return portOf(ctx, opts);
}

export { interruptible };

/**
 * What `--push` on tag, promote and the lifecycle commands did with the tags just written: they
 * exist here whatever happened, and a failure says so, with how to push them later.
 */
export function reportCreatedPush(ctx: CliContext, run: { push?: PushResult; pushFault?: Error }, tags: readonly string[], retryOperand: string): number {
  if (!run.push) {
    const e = run.pushFault ?? new Error('nothing was pushed');
    ctx.io.err(`model-versions: not pushed: ${safeText(e.message)}\n${tags.length === 1 ? `The tag ${safeText(tags[0]!)} exists` : 'The tags exist'} here; push later with: model-versions push ${safeText(retryOperand)}\n`);
    return 1;
  }
  print(ctx.io, pushMessages(run.push, tags.join(', '), retryCommand(retryOperand, run.push)));
  return run.push.failed.length ? 1 : 0;
}

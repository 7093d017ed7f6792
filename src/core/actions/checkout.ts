// Check Out Version: git moves HEAD, and the model's files that Git does not hold (DVC outputs
// from the cache, LFS files from .git/lfs/objects) follow, as `dvc checkout` and `git lfs
// checkout` would for those paths. Everything that could refuse is asked before HEAD moves.
import type { CheckoutOptions, CheckoutPort, CheckoutResult } from '../checkoutPort';
import { applyPlacement, planPlacement, versionFiles, type PlacementPlan, type PlacementReport, type PlanContext, type VersionFiles } from '../dvcWorkspace';
import { PlanError } from '../versionPlans';
import type { VersionContent } from './versionContent';
import { pullableFiles, pullMessages, pullMissing, type PullReport } from './pullObjects';

/** Progress of the long parts: hashing what is on disk, copying from the cache. */
export interface Progress {
  phase(name: 'pulling' | 'hashing' | 'placing' | 'git'): void;
  bytes(n: number): void;
}

/** Files in the way that exist only on disk: the operation refused and changed nothing. */
export class WorkspaceRefusal extends PlanError {
  constructor(
    message: string,
    /** `path: why`, one a file. */
    readonly files: string[],
  ) {
    super(message);
    this.name = 'WorkspaceRefusal';
  }
}

export interface FilesOutcome {
  plan: PlacementPlan;
  report: PlacementReport;
  /** What a pull from the remote brought, when one was asked for. */
  pull?: PullReport;
  /** Lines for the user: what was placed, what is missing and what fetches it. */
  messages: string[];
}

export interface CheckoutOutcome {
  git: CheckoutResult;
  files: FilesOutcome;
  /** git's lines, then the files' lines. */
  messages: string[];
}

/** Refuses with every file in the way, and how to keep each. */
export function refuseBlocked(plan: PlacementPlan, doing: string): void {
  if (!plan.blocked.length) return;
  const n = plan.blocked.length;
  throw new WorkspaceRefusal(
    `${doing} would overwrite ${n === 1 ? '1 file that exists' : `${n} files that exist`} only on disk; nothing was changed. ` +
      `Keep ${n === 1 ? 'it' : 'them'} with dvc commit (or dvc add), or move ${n === 1 ? 'it' : 'them'} away, then try again.`,
    plan.blocked.map((b) => `${b.path}: ${b.reason}`),
  );
}

/** The lines that say what happened to the files outside Git, and what is missing. */
export function filesMessages(plan: PlacementPlan, report: PlacementReport, label: string): string[] {
  const lines: string[] = [];
  const placed = report.placed.length;
  const removed = report.removed.length;
  if (placed || removed) {
    lines.push(`Placed ${placed} file${placed === 1 ? '' : 's'} of ${label} from the DVC cache and Git LFS objects${removed ? `, removed ${removed} the version does not have` : ''}.`);
  }
  if (report.stopped) lines.push('Cancelled: the files not yet placed are left as they were.');
  for (const s of report.skipped) lines.push(`Left ${s.path} as it is: ${s.reason}.`);
  if (plan.missing.length) {
    const lfs = plan.missing.filter((m) => /git lfs pull/.test(m.reason));
    const dvc = plan.missing.filter((m) => !/git lfs pull/.test(m.reason));
    const remotes = [...new Set(pullableFiles(dvc).map((m) => `'${m.pull!.remote}'`))];
    const fix = remotes.length ? `DVC remote ${remotes.join(', ')} can be pulled from here, or dvc pull fetches them` : 'dvc pull fetches them';
    if (dvc.length) lines.push(`Not in the local DVC cache (${dvc.length} file${dvc.length === 1 ? '' : 's'}, left as they are; ${fix}): ${dvc.map((m) => m.path).join(', ')}`);
    if (lfs.length) lines.push(`Git LFS objects not here (${lfs.length}, left as pointers; git lfs pull fetches them): ${lfs.map((m) => m.path).join(', ')}`);
  }
  return lines;
}

/**
 * Checks out a version with its outputs. Refuses, before HEAD moves, what git would refuse and
 * any file outside Git that exists only on disk; missing objects do not stop the Git part.
 */
export async function checkOutVersion(port: CheckoutPort, opts: CheckoutOptions, content: VersionContent, progress?: Progress): Promise<CheckoutOutcome> {
  const { signal } = opts;
  await port.checkCheckout(opts);
  const ctx = { workspace: port.workspace, signal, onBytes: (n: number) => progress?.bytes(n) };
  const { files, pull } = await filesWithPull(ctx, content, opts.pull, opts.label, progress);
  progress?.phase('hashing');
  const plan = await planPlacement(ctx, files);
  refuseBlocked(plan, `Checking out ${opts.label}`);
  progress?.phase('git');
  const git = await port.checkout(opts);
  progress?.phase('placing');
  const report = await applyPlacement(ctx, plan);
  const fileLines = [...(pull ? pullMessages(pull, opts.label) : []), ...filesMessages(plan, report, opts.label)];
  return { git, files: { plan, report, pull, messages: fileLines }, messages: [...git.messages, ...fileLines] };
}

/**
 * Pulls what the cache lacks from the remote and puts the version's files outside Git into the
 * working tree; Git's files and HEAD are left alone (after a checkout: its missing objects).
 */
export async function pullAndPlace(port: CheckoutPort, content: VersionContent, label: string, signal?: AbortSignal, progress?: Progress): Promise<FilesOutcome> {
  const ctx = { workspace: port.workspace, signal, onBytes: (n: number) => progress?.bytes(n) };
  const { files, pull } = await filesWithPull(ctx, content, true, label, progress);
  progress?.phase('hashing');
  const plan = await planPlacement(ctx, files);
  refuseBlocked(plan, `Placing the files of ${label}`);
  progress?.phase('placing');
  const report = await applyPlacement(ctx, plan);
  return { plan, report, pull, messages: [...(pull ? pullMessages(pull, label) : []), ...filesMessages(plan, report, label)] };
}

/**
 * The version's files outside Git; with `pull`, after copying what the cache lacks from the
 * remote (the cache only gains objects, so this may run before anything else is decided).
 */
export async function filesWithPull(
  ctx: PlanContext,
  content: Pick<VersionContent, 'record' | 'source' | 'outputs'>,
  pull: boolean | undefined,
  label: string,
  progress?: Progress,
): Promise<{ files: VersionFiles; pull?: PullReport }> {
  const files = await versionFiles(content.record, content.source, content.outputs, ctx.workspace);
  if (!pull || (!pullableFiles(files.missing).length && !files.remoteListings.length)) return { files };
  progress?.phase('pulling');
  const report = await pullMissing(ctx, files);
  if (report.stopped) throw Object.assign(new Error(`Cancelled while pulling the files of ${label}; nothing but the DVC cache changed.`), { name: 'AbortError' });
  return { files: await versionFiles(content.record, content.source, content.outputs, ctx.workspace), pull: report };
}

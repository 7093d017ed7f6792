// Whether a version can be had completely: for each data, weights and plots hash, is its content
// in the local DVC cache, on a remote this tool reads, in Git, in .git/lfs/objects — or nowhere.
import * as path from 'node:path';
import { NO_DVC_FOLDER, type DvcProject, type DvcStorage, type Presence } from './dvcCache';
import { objectRef, type ObjectRef } from './dvcObjects';
import type { FileSource } from './fileSource';
import { mapLimited } from './readers/sourceText';
import { dirOf } from './repoPath';
import type { StoragePort } from './storagePort';
import { isWorkingTree, type Availability, type Diagnostic, type HashEntry, type VersionRecord } from './types';

export interface AvailabilityContext {
  dvc: DvcStorage;
  io: StoragePort;
  /** The version's own files: a dependency that Git holds is there. */
  source: FileSource;
}

/** Objects of one folder asked of an HTTP remote at most; the rest are counted as not checked. */
export const MAX_HTTP_CHECKS_PER_FOLDER = 64;
/** Stats in flight at once. */
const CONCURRENCY = 32;

/** Every hash of a record whose content could be missing: data, code, weights, outputs, plots. */
function hashEntries(record: VersionRecord): HashEntry[] {
  return [record.data, record.code.files ?? {}, record.weights, record.outputs ?? {}, record.plots ?? {}].flatMap((m) => Object.values(m));
}

/** Sets `availability` on every data, code, weights, outputs and plots entry of a record. */
export async function addAvailability(record: VersionRecord, ctx: AvailabilityContext): Promise<void> {
  const entries = hashEntries(record);
  let gitFiles: Promise<string[]> | undefined;
  const inGit = async (p: string): Promise<boolean> => {
    gitFiles ??= ctx.source.listFiles().then((files) => [...files].sort(), () => []);
    const files = await gitFiles;
    return sortedHas(files, p) || sortedHasPrefix(files, p + '/');
  };
  let lfsDir: Promise<string | undefined> | undefined;
  const workdir = isWorkingTree(record);
  await mapLimited(entries, 8, async (e) => {
    const a = await availabilityOf(e, ctx, inGit, () => (lfsDir ??= ctx.io.lfsObjectsDir().catch(() => undefined)), workdir);
    if (a) e.availability = a;
  });
}

async function availabilityOf(
  e: HashEntry,
  ctx: AvailabilityContext,
  inGit: (p: string) => Promise<boolean>,
  lfsDir: () => Promise<string | undefined>,
  workdir: boolean,
): Promise<Availability | undefined> {
  // A URI is remote storage that is no DVC remote of ours (an import-url dependency, say).
  if (e.remote !== undefined) return undefined;
  if (e.source === 'git') return { state: 'local', where: 'git', note: workdir ? 'in the working tree' : 'in Git' };
  if (e.source === 'lfs') return lfsAvailability(e, ctx.io, await lfsDir());
  if (e.source !== 'dvc.lock' && e.source !== 'dvc-file') return undefined;
  const ref = objectRef(e.hash, e.algorithm);
  // An etag, or a hash that is no md5: no object of ours.
  if (!ref) return undefined;
  const project = await ctx.dvc.project(dirOf(e.sourceFile));
  // A repository that only carries DVC files (no .dvc folder) has no cache to say anything about.
  if (!project.initialized) return (await inGit(e.path)) ? { state: 'local', where: 'git', note: workdir ? 'in the working tree' : 'in Git' } : undefined;
  const top = await project.presence(ref);
  // A stage's code and config dependencies are plain files in Git, never in the cache.
  if (top.at !== 'cache' && (await inGit(e.path))) return { state: 'local', where: 'git', note: workdir ? 'in the working tree' : 'in Git' };
  if (!ref.hash.endsWith('.dir') || top.at === 'missing' || top.at === 'unknown') return fromPresence(top);
  return folderAvailability(project, ref, top);
}

/** What brings an object that is on a folder or HTTP remote (the only remotes said to have one). */
const PULL_FIX = 'checkout --pull (Pull on the checkout\'s message) or dvc pull';

function fromPresence(p: Presence): Availability {
  switch (p.at) {
    case 'cache':
      return { state: 'local', where: 'dvc-cache', note: 'in the local DVC cache' };
    case 'remote':
      return { state: 'remote', where: 'dvc-remote', remote: p.remote, note: `on DVC remote '${p.remote}', not in the local cache: ${PULL_FIX}` };
    case 'missing':
      return { state: 'missing', note: p.reason };
    case 'unknown':
      return { state: 'unknown', note: p.reason };
  }
}

/** A folder output: its listing, then each file it lists (a folder can be pulled in part). */
async function folderAvailability(project: DvcProject, ref: ObjectRef, top: Presence): Promise<Availability> {
  const listing = await project.listing(ref);
  if (listing.kind === 'missing') return { state: 'missing', note: `its listing is ${listing.reason}` };
  const files = listing.listing.entries.map((f): ObjectRef => ({ hash: f.md5, layout: ref.layout }));
  const cached = await mapLimited(files, CONCURRENCY, (f) => project.inCache(f));
  const absent = files.filter((_, i) => !cached[i]);
  const n = files.length;
  if (absent.length === 0) return top.at === 'cache' ? { state: 'local', where: 'dvc-cache', note: `in the local DVC cache (${n} files)` } : fromPresence(top);
  const http = project.settings.remote?.location.kind === 'http';
  const asked = http ? absent.slice(0, MAX_HTTP_CHECKS_PER_FOLDER) : absent;
  const answers = await mapLimited(asked, http ? 4 : CONCURRENCY, (f) => project.presence(f));
  const missing = answers.filter((a) => a.at === 'missing');
  const unknown = answers.filter((a) => a.at === 'unknown');
  const of = `${absent.length} of ${n} files`;
  if (missing.length) {
    return { state: 'missing', missingFiles: missing.length, note: `${missing.length} of ${n} files are ${(missing[0] as { reason: string }).reason}` };
  }
  if (unknown.length) return { state: 'unknown', missingFiles: absent.length, note: `${of}: ${(unknown[0] as { reason: string }).reason}` };
  const remote = project.settings.remote!.name;
  const unchecked = absent.length - asked.length;
  return {
    state: 'remote',
    where: 'dvc-remote',
    remote,
    missingFiles: absent.length,
    note: `${of} not in the local cache, on DVC remote '${remote}'${unchecked ? ` (${unchecked} not checked one by one)` : ''}: ${PULL_FIX}`,
  };
}

async function lfsAvailability(e: HashEntry, io: StoragePort, dir: string | undefined): Promise<Availability | undefined> {
  if (!e.hash || !/^[0-9a-f]{64}$/.test(e.hash)) return undefined;
  const at = dir ? await io.statLocal(path.join(dir, e.hash.slice(0, 2), e.hash.slice(2, 4), e.hash)) : { kind: 'missing' as const };
  if (at.kind === 'file') return { state: 'local', where: 'lfs-objects', note: 'LFS object in .git/lfs/objects' };
  return { state: 'missing', note: 'LFS pointer only: git lfs pull' };
}

/**
 * One diagnostic for what a version lacks on this machine: the outputs and LFS objects that are
 * nowhere this tool can look, the fix, and which metrics, params and plots are not shown because
 * of it. Undefined when nothing is missing. The working tree's own files are on disk: only what
 * it could not show counts there.
 */
export function missingContentNote(record: VersionRecord): Diagnostic | undefined {
  const workdir = isWorkingTree(record);
  const entries = workdir ? [] : [record.data, record.code.files ?? {}, record.weights, record.outputs ?? {}].flatMap((m) => Object.values(m));
  const lacking = entries.filter((e) => e.availability && (e.availability.state === 'missing' || e.availability.state === 'unknown'));
  const under = (p: string) => lacking.some((e) => p === e.path || p.startsWith(e.path + '/'));
  // Plots files inside a missing output say nothing new.
  for (const e of workdir ? [] : Object.values(record.plots ?? {})) {
    if (e.availability && (e.availability.state === 'missing' || e.availability.state === 'unknown') && !under(e.path)) lacking.push(e);
  }
  const unread = [...record.metricsFiles, ...(record.paramsFiles ?? [])].filter((f) => !f.present && f.missing);
  if (lacking.length === 0 && unread.length === 0) return undefined;
  const groups = new Map<string, string[]>();
  const add = (note: string, p: string) => (groups.get(note) ?? groups.set(note, []).get(note)!).push(p);
  for (const e of lacking) add(e.availability!.note, e.path);
  for (const f of unread) if (!under(f.path)) add(f.missing!, f.path);
  const parts = [...groups].map(([note, paths]) => `${list(paths)}: ${note}`);
  const notShown = unread.filter((f) => under(f.path)).map((f) => f.path);
  // A repository that only carries DVC files (no .dvc folder: no DVC checkout) is not a problem.
  const noCheckout = [...groups.keys()].every((note) => note.endsWith(NO_DVC_FOLDER));
  return {
    severity: noCheckout ? 'info' : 'warning',
    message: `not on this machine: ${parts.join('; ')}${notShown.length ? `; ${list(notShown)} ${notShown.length === 1 ? 'is' : 'are'} not shown for that reason` : ''}`,
  };
}

function list(paths: readonly string[]): string {
  return paths.length <= 5 ? paths.join(', ') : `${paths.slice(0, 5).join(', ')} and ${paths.length - 5} more`;
}

function sortedHas(sorted: readonly string[], p: string): boolean {
  const i = lowerBound(sorted, p);
  return sorted[i] === p;
}

function sortedHasPrefix(sorted: readonly string[], prefix: string): boolean {
  const i = lowerBound(sorted, prefix);
  return i < sorted.length && sorted[i]!.startsWith(prefix);
}

function lowerBound(sorted: readonly string[], p: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < p) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

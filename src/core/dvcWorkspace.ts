// The model's files that Git does not hold, as a version has them: its DVC outputs (files and
// `.dir` folders, from the local cache) and its Git LFS files (from .git/lfs/objects), and the
// plan that puts them into the working tree as `dvc checkout` / `git lfs checkout` would for
// those paths. Safety first: a working-tree file is replaced or removed only when it is absent
// or its content can be had again (its md5 names a cached object, its sha256 a present LFS
// object); anything else blocks the whole operation before it changes a thing.
import * as nodePath from 'node:path';
import { objectRef, type ObjectRef } from './dvcObjects';
import type { DvcProject } from './dvcCache';
import type { DvcOutputSource } from './dvcOutputs';
import type { FileSource } from './fileSource';
import type { FileHashes } from './contentHash';
import type { WorkingState, WorkspacePort } from './checkoutPort';
import type { HashEntry, VersionRecord } from './types';
import { parseLfsPointer, MAX_POINTER_BYTES } from './readers/lfsPointer';

/** One file the version has outside Git, and where its content is on this machine. */
export type FileTarget =
  | { kind: 'dvc'; path: string; ref: ObjectRef; project: DvcProject; cachePath: string; out: string }
  | { kind: 'lfs'; path: string; oid: string; size?: number; objectPath: string };

/** What the version's outside-Git files are: files to place, folders to match, what is missing. */
export interface VersionFiles {
  files: FileTarget[];
  /** Folder outputs: after the checkout each holds exactly its listing's files. */
  folders: Array<{ path: string; project: DvcProject }>;
  /** Files (or whole outputs) whose content is not here, each with what fetches it. */
  missing: MissingFile[];
  /** Folder listings (`.dir` objects) read from the remote, not the cache: a pull stores them too. */
  remoteListings: Array<{ project: DvcProject; ref: ObjectRef }>;
}

export interface MissingFile {
  path: string;
  reason: string;
  /** Set when the project's default remote is a folder or HTTP(S) this can copy the object from. */
  pull?: { project: DvcProject; ref: ObjectRef; remote: string };
}

/** A file not in the cache, and how it could be pulled from the project's remote. */
function notCached(path: string, project: DvcProject, ref: ObjectRef): MissingFile {
  const source = project.remoteObject(ref);
  return { path, reason: project.notInCache(), ...(source ? { pull: { project, ref, remote: source.remote } } : {}) };
}

/** The paths of a record whose content DVC keeps: weights, data, outputs, metrics and plots files. */
function dvcPaths(record: VersionRecord): string[] {
  const paths = new Set<string>();
  const entries: HashEntry[] = [...Object.values(record.weights), ...Object.values(record.data), ...Object.values(record.outputs), ...Object.values(record.plots ?? {})];
  for (const e of entries) {
    if (e.remote || (e.source !== 'dvc.lock' && e.source !== 'dvc-file')) continue;
    paths.add(e.out ?? e.path);
  }
  for (const m of [...record.metricsFiles, ...(record.paramsFiles ?? [])]) if (m.origin?.out) paths.add(m.origin.out);
  for (const m of record.metricsFiles) if (!m.present && m.missing) paths.add(m.path);
  return [...paths];
}

/**
 * The files a version has outside Git for `record`'s model. `source` is the version's Git tree
 * (a path Git holds is git's to check out); `outputs` reads its dvc.lock and .dvc files.
 */
export async function versionFiles(record: VersionRecord, source: FileSource, outputs: DvcOutputSource | undefined, workspace: WorkspacePort): Promise<VersionFiles> {
  const lfsDir = await workspace.lfsObjectsDir();
  const result: VersionFiles = { files: [], folders: [], missing: [], remoteListings: [] };
  // The disk now, not what the store learned earlier: a gc or a pull since changes the answer.
  const cached = async (project: DvcProject, ref: ObjectRef) => (await workspace.objectSize(project.cachePath(ref))) !== undefined;
  const seen = new Set<string>();
  if (outputs) {
    for (const p of dvcPaths(record)) {
      const loc = await outputs.locate(p);
      if (!loc || seen.has(loc.out.path)) continue;
      const out = loc.out;
      seen.add(out.path);
      if ((await source.info(out.path)).kind !== 'missing') continue; // in Git: git checks it out
      const ref = objectRef(out.hash, out.algorithm);
      if (!ref) {
        result.missing.push({ path: out.path, reason: `its hash in ${out.sourceFile} names no object DVC keeps` });
        continue;
      }
      const project = loc.project;
      if (!ref.hash.endsWith('.dir')) {
        if (await cached(project, ref)) result.files.push({ kind: 'dvc', path: out.path, ref, project, cachePath: project.cachePath(ref), out: out.path });
        else result.missing.push(notCached(out.path, project, ref));
        continue;
      }
      const listing = await project.listing(ref);
      if (listing.kind === 'missing') {
        result.missing.push({ path: out.path, reason: `its listing (${ref.hash}) is ${listing.reason}` });
        continue;
      }
      if (listing.from === 'remote') result.remoteListings.push({ project, ref });
      result.folders.push({ path: out.path, project });
      for (const e of listing.listing.entries) {
        const fileRef: ObjectRef = { hash: e.md5, layout: ref.layout };
        const path = `${out.path}/${e.relpath}`;
        if (await cached(project, fileRef)) result.files.push({ kind: 'dvc', path, ref: fileRef, project, cachePath: project.cachePath(fileRef), out: out.path });
        else result.missing.push(notCached(path, project, fileRef));
      }
    }
  }
  for (const e of [...Object.values(record.weights), ...Object.values(record.data)]) {
    if (e.source !== 'lfs' || !e.hash || seen.has(e.path) || !/^[0-9a-f]{64}$/.test(e.hash)) continue;
    seen.add(e.path);
    const objectPath = lfsDir ? nodePath.join(lfsDir, e.hash.slice(0, 2), e.hash.slice(2, 4), e.hash) : undefined;
    if (objectPath && (await workspace.objectSize(objectPath)) !== undefined) result.files.push({ kind: 'lfs', path: e.path, oid: e.hash, size: e.size, objectPath });
    else result.missing.push({ path: e.path, reason: 'its LFS object is not in .git/lfs/objects: git lfs pull' });
  }
  return result;
}

/** A working-tree file and what was learned of it before anything changed. */
interface Seen {
  path: string;
  state: WorkingState;
  hashes?: FileHashes;
}

export interface PlacementPlan {
  /** Files to copy from the cache (or LFS objects), with what is at their path now. */
  place: Array<{ path: string; from: string; expected: WorkingState; size?: number; lfs?: string }>;
  /** Files whose content is in the cache, removed because the version does not have them there. */
  remove: Array<{ path: string; expected: WorkingState }>;
  /** Already as the version has them. */
  unchanged: string[];
  /** Files that exist only here (their content is in no cache): the operation must not run. */
  blocked: Array<{ path: string; reason: string }>;
  missing: VersionFiles['missing'];
}

/** What the planner asks about the disk; the WorkspacePort with the version's cache folders. */
export interface PlanContext {
  workspace: WorkspacePort;
  signal?: AbortSignal;
  onBytes?: (n: number) => void;
}

/**
 * Decides, from the disk as it is now, what putting `files` into the working tree does to each
 * path. Reads and hashes; changes nothing.
 */
export async function planPlacement(ctx: PlanContext, files: VersionFiles): Promise<PlacementPlan> {
  const plan: PlacementPlan = { place: [], remove: [], unchanged: [], blocked: [], missing: files.missing };
  const ws = ctx.workspace;
  const cachedIn = files.files.filter((f): f is Extract<FileTarget, { kind: 'dvc' }> => f.kind === 'dvc').map((f) => f.project);
  const projects = [...new Set([...cachedIn, ...files.folders.map((f) => f.project)])];
  const lfsDir = await ws.lfsObjectsDir();
  const look = async (path: string, sha256: boolean): Promise<Seen> => {
    const state = await ws.stat(path);
    if (state.kind !== 'file') return { path, state };
    return { path, state, hashes: await ws.hash(path, { sha256, signal: ctx.signal, onBytes: ctx.onBytes }) };
  };
  const recoverable = async (s: Seen): Promise<boolean> => {
    if (!s.hashes) return false;
    for (const p of projects) if (await inCache(ws, p, s.hashes)) return true;
    if (s.hashes.sha256 && lfsDir && (await ws.objectSize(lfsObject(lfsDir, s.hashes.sha256))) !== undefined) return true;
    return false;
  };
  const wanted = new Set(files.files.map((f) => f.path));
  for (const f of files.files) {
    const s = await look(f.path, f.kind === 'lfs');
    if (s.state.kind === 'blocked') {
      plan.blocked.push({ path: f.path, reason: s.state.reason });
      continue;
    }
    if (s.state.kind === 'folder') {
      plan.blocked.push({ path: f.path, reason: 'a folder is where the version has a file' });
      continue;
    }
    const lfs = f.kind === 'lfs' ? { lfs: f.oid, ...(f.size !== undefined ? { size: f.size } : {}) } : {};
    if (s.state.kind === 'missing') {
      plan.place.push({ path: f.path, from: fromOf(f), expected: s.state, ...lfs });
      continue;
    }
    if (f.kind === 'dvc' ? await sameContent(ws, f, s.hashes!) : s.hashes!.sha256 === f.oid) {
      plan.unchanged.push(f.path);
      continue;
    }
    // An LFS pointer is what Git holds (git may rewrite it first; the object replaces it after).
    if ((f.kind === 'lfs' && (await isPointer(ws, f.path, s))) || (await recoverable(s))) plan.place.push({ path: f.path, from: fromOf(f), expected: s.state, ...lfs });
    else plan.blocked.push({ path: f.path, reason: f.kind === 'lfs' ? 'its content is in no LFS object here' : 'its content is in no DVC cache' });
  }
  // A folder output holds exactly its listing: other files in it go, when they can be had again.
  for (const folder of files.folders) {
    const state = await ws.stat(folder.path);
    if (state.kind === 'file') {
      const s = await look(folder.path, false);
      if (await recoverable(s)) plan.remove.push({ path: folder.path, expected: s.state });
      else plan.blocked.push({ path: folder.path, reason: 'a file that is in no DVC cache is where the version has a folder' });
      continue;
    }
    if (state.kind !== 'folder') continue;
    for (const rel of await ws.listFolder(folder.path)) {
      const path = `${folder.path}/${rel}`;
      if (wanted.has(path)) continue;
      const s = await look(path, false);
      if (s.state.kind !== 'file') continue;
      if (await recoverable(s)) plan.remove.push({ path, expected: s.state });
      else plan.blocked.push({ path, reason: `${folder.path} at this version has no such file, and its content is in no DVC cache` });
    }
  }
  return plan;
}

function fromOf(f: FileTarget): string {
  return f.kind === 'dvc' ? f.cachePath : f.objectPath;
}

function lfsObject(dir: string, oid: string): string {
  return nodePath.join(dir, oid.slice(0, 2), oid.slice(2, 4), oid);
}

async function isPointer(ws: WorkspacePort, path: string, s: Seen): Promise<boolean> {
  if (s.state.kind !== 'file' || s.state.size > MAX_POINTER_BYTES) return false;
  // Small enough to be a pointer: the hash pass already read it, so read it once more as text.
  const text = await ws.readText(path, MAX_POINTER_BYTES);
  return text !== undefined && parseLfsPointer(text) !== undefined;
}

/**
 * Whether a file's content is the object `f` names. DVC 3 names raw bytes, so the md5 says it.
 * A DVC 2 md5 is of text with CRLF as LF: a file without CRLF (its two md5s agree) of the
 * object's size is the object; otherwise the object itself is hashed and compared raw.
 */
async function sameContent(ws: WorkspacePort, f: { ref: ObjectRef; cachePath: string }, h: FileHashes): Promise<boolean> {
  if (f.ref.layout === 'dvc3') return h.md5 === f.ref.hash;
  if (h.md5Dvc2 !== f.ref.hash) return false;
  const size = await ws.objectSize(f.cachePath);
  if (size !== h.size) return false;
  if (h.md5 === h.md5Dvc2) return true;
  return (await ws.hash(f.cachePath, { absolute: true })).md5 === h.md5;
}

/** Whether a file's content is an object of the project's cache, in either layout. */
async function inCache(ws: WorkspacePort, project: DvcProject, h: FileHashes): Promise<boolean> {
  const dvc3: ObjectRef = { hash: h.md5, layout: 'dvc3' };
  // Asked of the disk each time, never of the store's memory: a safety answer must be current.
  if ((await ws.objectSize(project.cachePath(dvc3))) !== undefined) return true;
  const dvc2: ObjectRef = { hash: h.md5Dvc2, layout: 'dvc2' };
  if ((await ws.objectSize(project.cachePath(dvc2))) === undefined) return false;
  return sameContent(ws, { ref: dvc2, cachePath: project.cachePath(dvc2) }, h);
}

export interface PlacementReport {
  placed: string[];
  removed: string[];
  /** Files left as they were because they changed after the plan was made (or an LFS file git left otherwise). */
  skipped: Array<{ path: string; reason: string }>;
  /** Set when a cancel stopped the placing part-way. */
  stopped?: boolean;
}

/**
 * Carries a plan out: removals, then copies. Each path is replaced only while it is as the plan
 * saw it; an LFS path is looked at again, since git may have just written its pointer there.
 */
export async function applyPlacement(ctx: PlanContext, plan: PlacementPlan): Promise<PlacementReport> {
  const ws = ctx.workspace;
  const report: PlacementReport = { placed: [], removed: [], skipped: [] };
  const lfsDir = plan.place.some((p) => p.lfs) ? await ws.lfsObjectsDir() : undefined;
  for (const r of plan.remove) {
    if (ctx.signal?.aborted) return { ...report, stopped: true };
    try {
      await ws.remove(r.path, r.expected);
      report.removed.push(r.path);
    } catch (e) {
      report.skipped.push({ path: r.path, reason: errorText(e) });
    }
  }
  for (const p of plan.place) {
    if (ctx.signal?.aborted) return { ...report, stopped: true };
    let expected = p.expected;
    if (p.lfs) {
      const s = await ws.stat(p.path);
      const seen: Seen = { path: p.path, state: s };
      if (s.kind === 'file') {
        if (!(await isPointer(ws, p.path, seen))) {
          const h = await ws.hash(p.path, { sha256: true, signal: ctx.signal });
          if (h.sha256 === p.lfs) continue;
          const present = lfsDir && (await ws.objectSize(lfsObject(lfsDir, h.sha256!))) !== undefined;
          if (!present) {
            report.skipped.push({ path: p.path, reason: 'it changed, and its content is in no LFS object here' });
            continue;
          }
        }
      } else if (s.kind !== 'missing') {
        report.skipped.push({ path: p.path, reason: 'it is no longer a file' });
        continue;
      }
      expected = s;
    }
    try {
      await ws.place(p.path, p.from, expected, ctx.signal, ctx.onBytes);
      report.placed.push(p.path);
    } catch (e) {
      if ((e as Error).name === 'AbortError') return { ...report, stopped: true };
      report.skipped.push({ path: p.path, reason: errorText(e) });
    }
  }
  return report;
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

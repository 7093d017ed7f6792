// Pull: the DVC objects a version needs that the local cache lacks, copied from the project's
// default remote when it is a folder or plain HTTP(S) — `dvc pull` for those paths, without DVC.
// Only the cache changes (the working tree is the checkout's to change, after), and an object is
// kept only when its bytes hash to its name. Cloud remotes are left to dvc pull.
import type { WorkspacePort } from '../checkoutPort';
import type { ObjectRef } from '../dvcObjects';
import type { DvcProject } from '../dvcCache';
import type { MissingFile, PlanContext, VersionFiles } from '../dvcWorkspace';

export interface PullReport {
  /** Working-tree paths whose objects are now in the cache. */
  pulled: string[];
  bytes: number;
  failed: Array<{ path: string; reason: string }>;
  /** The remotes pulled from, by name. */
  remotes: string[];
  stopped?: boolean;
}

/** Objects copied at once: enough to hide an HTTP remote's latency, few enough for a shared disk. */
const PULLS_AT_ONCE = 4;

/** The missing files a pull could bring: their project's remote is a folder or HTTP(S). */
export function pullableFiles(missing: readonly MissingFile[]): MissingFile[] {
  return missing.filter((m) => m.pull);
}

/** Copies each pullable object (and folder listings read from the remote) into the cache. */
export async function pullMissing(ctx: PlanContext, files: VersionFiles): Promise<PullReport> {
  const ws = ctx.workspace;
  const report: PullReport = { pulled: [], bytes: 0, failed: [], remotes: [] };
  const done = new Map<string, Promise<string | undefined>>();
  // One copy per object: a folder may hold the same content under two names.
  const pull = (project: DvcProject, ref: ObjectRef): Promise<string | undefined> => {
    const cacheAbs = project.cachePath(ref);
    let p = done.get(cacheAbs);
    if (!p) {
      p = pullOne(ws, project, ref, cacheAbs, ctx).then(
        (n) => {
          report.bytes += n;
          return undefined;
        },
        (e: Error) => (e.name === 'AbortError' ? Promise.reject(e) : e.message),
      );
      done.set(cacheAbs, p);
    }
    return p;
  };
  const noteRemote = (name: string) => {
    if (!report.remotes.includes(name)) report.remotes.push(name);
  };
  try {
    for (const l of files.remoteListings) {
      if (ctx.signal?.aborted) return { ...report, stopped: true };
      if (!l.project.remoteObject(l.ref)) continue;
      // A listing that does not come through only leaves the cache as it was: its files still do.
      await pull(l.project, l.ref);
    }
    // A few at once: a folder output of a thousand small files is a thousand round trips.
    const wanted = pullableFiles(files.missing);
    const failures: Array<string | undefined> = new Array(wanted.length);
    let next = 0;
    const worker = async () => {
      while (next < wanted.length && !ctx.signal?.aborted) {
        const i = next++;
        failures[i] = await pull(wanted[i]!.pull!.project, wanted[i]!.pull!.ref);
      }
    };
    await Promise.all(Array.from({ length: Math.min(PULLS_AT_ONCE, wanted.length) }, worker));
    if (ctx.signal?.aborted) return { ...report, stopped: true };
    wanted.forEach((m, i) => {
      noteRemote(m.pull!.remote);
      if (failures[i]) report.failed.push({ path: m.path, reason: failures[i]! });
      else report.pulled.push(m.path);
    });
  } catch (e) {
    if ((e as Error).name === 'AbortError') return { ...report, stopped: true };
    throw e;
  }
  return report;
}

async function pullOne(ws: WorkspacePort, project: DvcProject, ref: ObjectRef, cacheAbs: string, ctx: PlanContext): Promise<number> {
  // Another pull (or dvc) may have brought it since the plan was made.
  if ((await ws.objectSize(cacheAbs)) !== undefined) return 0;
  const source = project.remoteObject(ref);
  if (!source) throw new Error(project.notInCache());
  const from = source.kind === 'local' ? { kind: 'local' as const, path: source.path } : { kind: 'http' as const, url: source.url };
  const name = ref.hash.replace(/\.dir$/, '');
  return ws.storeObject(
    from,
    cacheAbs,
    async (tmp) => {
      const h = await ws.hash(tmp, { absolute: true, signal: ctx.signal });
      // DVC 3 names raw bytes; DVC 2 names text with CRLF read as LF (a .dir listing is JSON, so either).
      return ref.layout === 'dvc3' ? h.md5 === name : h.md5Dvc2 === name || h.md5 === name;
    },
    ctx.signal,
    ctx.onBytes,
  );
}

/** The lines that say what a pull did. */
export function pullMessages(report: PullReport, label: string): string[] {
  const lines: string[] = [];
  const remotes = report.remotes.map((r) => `'${r}'`).join(', ');
  if (report.pulled.length) {
    const n = report.pulled.length;
    lines.push(`Pulled ${n} file${n === 1 ? '' : 's'} of ${label} (${formatBytes(report.bytes)}) from DVC remote ${remotes} into the cache.`);
  }
  if (report.stopped) lines.push('Cancelled: the pull stopped; what it copied is in the cache, nothing else changed.');
  if (report.failed.length) {
    const n = report.failed.length;
    lines.push(`Could not pull ${n} file${n === 1 ? '' : 's'} from ${remotes}: ${report.failed.slice(0, 5).map((f) => `${f.path} (${f.reason})`).join(', ')}${n > 5 ? `, +${n - 5} more` : ''}`);
  }
  return lines;
}

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  if (n < 1024 ** 3) return `${(n / 1024 / 1024).toFixed(1)} MB`;
  return `${(n / 1024 ** 3).toFixed(2)} GB`;
}

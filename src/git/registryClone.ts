// Another repository's registry, read from its URL (as `gto show -r URL` does): a bare blobless
// clone in a cache folder (tags, commits and trees; no file contents), refreshed by a fetch each
// time it is used. File contents come on demand: cat-file in a partial clone fetches a missing
// blob from the promisor remote. The copy is ours and read-only, so its refs may follow the
// remote's exactly (forced, pruned): no one's work lives there.
import { createHash, randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { homedir } from 'node:os';
import * as path from 'node:path';
import { runGit, type GitConfig } from './exec';
import { DEFAULT_TRANSFER_TIMEOUT_MS, faultOf, networkConfig, redact } from './remote';
import { RemoteError } from '../core/remotePort';

/**
 * A Git URL rather than a folder: `scheme://…` (https, ssh, git, file) or scp-like
 * `user@host:path`. A bare `host:path` is left a folder name: a folder may be called that.
 */
export function isRepositoryUrl(text: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(text) || /^[^/@:\s]+@[^/:\s]+:/.test(text);
}

/** The user's cache folder for these copies: $XDG_CACHE_HOME, ~/Library/Caches, %LOCALAPPDATA%, ~/.cache. */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME)) return path.join(env.XDG_CACHE_HOME, 'model-versions');
  if (platform === 'darwin') return path.join(homedir(), 'Library', 'Caches', 'model-versions');
  if (platform === 'win32' && env.LOCALAPPDATA) return path.join(env.LOCALAPPDATA, 'model-versions', 'Cache');
  return path.join(homedir(), '.cache', 'model-versions');
}

/**
 * The copy's folder: readable (host and name) and unique (a hash of the whole URL). Credentials
 * in the URL never become part of a path.
 */
export function cloneFolder(cacheDir: string, url: string): string {
  const hash = createHash('sha256').update(url).digest('hex').slice(0, 12);
  const readable = redact(url)
    .replace(/^[a-z][a-z0-9+.-]*:\/\//i, '')
    .replace(/^[^@/]*@/, '')
    .replace(/\.git$/, '')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
    .slice(-60);
  return path.join(cacheDir, 'repos', `${readable || 'repo'}-${hash}.git`);
}

/** The file in a copy that says it is one of ours, and from where and when it was fetched. */
const MARKER = 'model-versions-registry.json';

export interface RegistryCopy {
  /** The bare repository's folder. */
  dir: string;
  /** The URL with any credentials left out, for messages. */
  shownUrl: string;
  /** True when it was cloned now. */
  cloned: boolean;
  /** Set when the refresh failed: the copy is as it was last fetched. */
  staleBecause?: RemoteError;
  /** When it was last fetched (ISO), from the marker. */
  fetchedAt?: string;
}

export interface CopyOptions {
  cacheDir: string;
  config: GitConfig;
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** Clones the URL into the cache, or refreshes the copy there; a RemoteError when neither can be had. */
export async function openRegistryCopy(url: string, opts: CopyOptions): Promise<RegistryCopy> {
  // git would read a leading '-' as an option (--end-of-options guards too), and a line break
  // could not be a URL; transports that run commands (ext::) are never reached through a
  // `scheme://` or `user@host:` form, and networkConfig refuses ext all the same.
  if (url.startsWith('-') || /[\0-\x1f\x7f]/.test(url)) throw new RemoteError('failed', `'${redact(url)}' is not a Git URL`);
  const dir = cloneFolder(opts.cacheDir, url);
  const shownUrl = redact(url);
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TRANSFER_TIMEOUT_MS;
  const run = (args: string[], cwd: string) => runGit(args, { cwd, signal: opts.signal, timeoutMs, processGroup: true, config: networkConfig('origin') }, opts.config);
  if (await isCopy(dir)) {
    try {
      // A bare clone keeps no refspec of its own: name both, forced and pruned, so the copy's
      // branches and tags are the remote's (a re-tagged tag follows; a deleted one goes).
      await run(['fetch', '--quiet', '--prune', '--no-write-fetch-head', '--no-auto-maintenance', '--end-of-options', 'origin', '+refs/heads/*:refs/heads/*', '+refs/tags/*:refs/tags/*'], dir);
    } catch (e) {
      const fault = faultOf(e, shownUrl);
      if (!(fault instanceof RemoteError)) throw fault;
      return { dir, shownUrl, cloned: false, staleBecause: fault, fetchedAt: (await readMarker(dir))?.fetchedAt };
    }
    const fetchedAt = await writeMarker(dir, shownUrl);
    return { dir, shownUrl, cloned: false, fetchedAt };
  }
  await fs.mkdir(path.dirname(dir), { recursive: true });
  // Cloned beside its place and moved there whole: a clone stopped halfway is never taken for a
  // copy, and two commands cloning at once both end with one good copy.
  const partial = `${dir}.partial-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    await run(['clone', '--quiet', '--bare', '--filter=blob:none', '--end-of-options', url, partial], path.dirname(dir));
    await writeMarker(partial, shownUrl);
    await fs.rename(partial, dir).catch(async (e: NodeJS.ErrnoException) => {
      if (!(await isCopy(dir))) throw e;
    });
  } catch (e) {
    throw faultOf(e, shownUrl);
  } finally {
    await fs.rm(partial, { recursive: true, force: true });
  }
  return { dir, shownUrl, cloned: true, fetchedAt: (await readMarker(dir))?.fetchedAt };
}

async function isCopy(dir: string): Promise<boolean> {
  return (await readMarker(dir)) !== undefined;
}

async function readMarker(dir: string): Promise<{ url: string; fetchedAt: string } | undefined> {
  try {
    const parsed = JSON.parse(await fs.readFile(path.join(dir, MARKER), 'utf8')) as { url?: unknown; fetchedAt?: unknown };
    return typeof parsed.url === 'string' && typeof parsed.fetchedAt === 'string' ? { url: parsed.url, fetchedAt: parsed.fetchedAt } : undefined;
  } catch {
    return undefined;
  }
}

async function writeMarker(dir: string, shownUrl: string): Promise<string> {
  const fetchedAt = new Date().toISOString();
  await fs.writeFile(path.join(dir, MARKER), JSON.stringify({ url: shownUrl, fetchedAt }) + '\n');
  return fetchedAt;
}

/** The copy's marker, when `dir` is a copy made here: `fetch` then reports the refresh. */
export async function registryCopyInfo(dir: string): Promise<{ url: string; fetchedAt: string } | undefined> {
  return readMarker(dir);
}

// The core's StoragePort on this machine: files of DVC caches, local DVC remotes and Git LFS by
// absolute path, and plain HTTP(S) GET/HEAD for HTTP remotes — no credentials, no prompt, one
// deadline for the whole request. Nothing here starts a process.
import { promises as fs, constants as fsConstants } from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import * as os from 'node:os';
import * as path from 'node:path';
import type { HttpAnswer, HttpOptions, StoragePort, StoredRead, StoredStat } from '../core/storagePort';

/** Redirects followed at most (a CDN in front of a bucket, say). */
const MAX_REDIRECTS = 3;

export class LocalStorage implements StoragePort {
  readonly home = os.homedir();
  readonly dvcConfigDirs: readonly string[];
  private lfsDir: Promise<string | undefined> | undefined;

  constructor(
    /** The repository's top folder (the git folder itself for a bare repository). */
    private readonly root: string,
    /** The common git folder when the caller knows it (linked worktrees share one). */
    private readonly gitCommonDir?: string,
    /** DVC's system and global config folders; where DVC itself looks unless given. */
    dvcConfigDirs?: readonly string[],
  ) {
    this.dvcConfigDirs = dvcConfigDirs ?? defaultDvcConfigDirs(process.env, process.platform, this.home);
  }

  async readLocal(absPath: string, maxBytes: number): Promise<StoredRead> {
    let handle: fs.FileHandle;
    try {
      handle = await fs.open(absPath, fsConstants.O_RDONLY);
    } catch (e) {
      return missingOr(e);
    }
    try {
      const st = await handle.stat();
      if (!st.isFile()) return { kind: 'unreadable', reason: 'not a file' };
      if (st.size > maxBytes) return { kind: 'too-large', size: st.size };
      return { kind: 'file', bytes: await handle.readFile() };
    } catch (e) {
      return missingOr(e);
    } finally {
      await handle.close().catch(() => undefined);
    }
  }

  async statLocal(absPath: string): Promise<StoredStat> {
    try {
      const st = await fs.stat(absPath);
      if (st.isFile()) return { kind: 'file', size: st.size };
      return st.isDirectory() ? { kind: 'folder' } : { kind: 'missing' };
    } catch {
      return { kind: 'missing' };
    }
  }

  httpGet(url: string, options: HttpOptions): Promise<HttpAnswer> {
    return new Promise<HttpAnswer>((resolve) => {
      let settled = false;
      let current: http.ClientRequest | undefined;
      const done = (a: HttpAnswer) => {
        if (settled) return;
        settled = true;
        clearTimeout(deadline);
        current?.destroy();
        resolve(a);
      };
      const deadline = setTimeout(() => done({ kind: 'unreachable', reason: `no answer within ${formatSeconds(options.timeoutMs)}` }), options.timeoutMs);
      const get = (target: string, hops: number) => {
        let u: URL;
        try {
          u = new URL(target);
        } catch {
          return done({ kind: 'unreadable', reason: 'not a URL' });
        }
        if (u.protocol !== 'http:' && u.protocol !== 'https:') return done({ kind: 'unreadable', reason: `a redirect to ${u.protocol} is not followed` });
        // Public remotes only: credentials in the URL are never sent.
        u.username = '';
        u.password = '';
        const lib = u.protocol === 'https:' ? https : http;
        const req = lib.request(u, { method: options.method ?? 'GET', agent: false, headers: { 'user-agent': 'model-versions', accept: '*/*' } }, (res) => {
          const status = res.statusCode ?? 0;
          if (status >= 300 && status < 400 && res.headers.location && hops < MAX_REDIRECTS) {
            res.resume();
            return get(new URL(res.headers.location, u).toString(), hops + 1);
          }
          if (status === 404 || status === 410) {
            res.resume();
            return done({ kind: 'missing' });
          }
          if (status < 200 || status >= 300) {
            res.resume();
            return done({ kind: 'unreadable', reason: `HTTP ${status}` });
          }
          if (options.method === 'HEAD') {
            res.resume();
            return done({ kind: 'file', bytes: new Uint8Array() });
          }
          const length = Number(res.headers['content-length']);
          if (Number.isFinite(length) && length > options.maxBytes) {
            res.resume();
            return done({ kind: 'too-large', size: length });
          }
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (c: Buffer) => {
            size += c.length;
            if (size > options.maxBytes) done({ kind: 'too-large', size });
            else chunks.push(c);
          });
          res.on('end', () => done({ kind: 'file', bytes: Buffer.concat(chunks) }));
          res.on('error', (e) => done({ kind: 'unreachable', reason: e.message }));
        });
        current = req;
        req.on('error', (e: NodeJS.ErrnoException) => done({ kind: 'unreachable', reason: e.code ?? e.message }));
        req.end();
      };
      get(url, 0);
    });
  }

  lfsObjectsDir(): Promise<string | undefined> {
    this.lfsDir ??= this.commonDir().then((d) => (d ? path.join(d, 'lfs', 'objects') : undefined));
    return this.lfsDir;
  }

  /** The common git folder: `.git`, or what a linked worktree's `.git` file and `commondir` name. */
  private async commonDir(): Promise<string | undefined> {
    if (this.gitCommonDir) return this.gitCommonDir;
    const dotGit = path.join(this.root, '.git');
    const st = await this.statLocal(dotGit);
    if (st.kind === 'folder') return dotGit;
    if (st.kind === 'missing') return (await this.statLocal(path.join(this.root, 'HEAD'))).kind === 'file' ? this.root : undefined;
    const text = await this.readText(dotGit);
    const gitdir = /^gitdir:\s*(.+?)\s*$/m.exec(text ?? '')?.[1];
    if (!gitdir) return undefined;
    const dir = path.resolve(this.root, gitdir);
    const common = (await this.readText(path.join(dir, 'commondir')))?.trim();
    return common ? path.resolve(dir, common) : dir;
  }

  private async readText(p: string): Promise<string | undefined> {
    const r = await this.readLocal(p, 64 * 1024);
    return r.kind === 'file' ? Buffer.from(r.bytes).toString('utf8') : undefined;
  }
}

/**
 * Where DVC keeps its system and global config (dvc/dirs.py: platformdirs' site and user config
 * folders for app "dvc" by "iterative", or DVC_SYSTEM_CONFIG_DIR / DVC_GLOBAL_CONFIG_DIR).
 */
export function defaultDvcConfigDirs(env: NodeJS.ProcessEnv, platform: NodeJS.Platform, home: string): string[] {
  const system =
    env.DVC_SYSTEM_CONFIG_DIR ||
    (platform === 'win32'
      ? path.win32.join(env.PROGRAMDATA || 'C:\\ProgramData', 'iterative', 'dvc')
      : platform === 'darwin'
        ? '/Library/Application Support/dvc'
        : path.join((env.XDG_CONFIG_DIRS || '/etc/xdg').split(':')[0] || '/etc/xdg', 'dvc'));
  const global =
    env.DVC_GLOBAL_CONFIG_DIR ||
    (platform === 'win32'
      ? path.win32.join(env.LOCALAPPDATA || path.win32.join(home, 'AppData', 'Local'), 'iterative', 'dvc')
      : platform === 'darwin'
        ? path.join(home, 'Library', 'Application Support', 'dvc')
        : path.join(env.XDG_CONFIG_HOME || path.join(home, '.config'), 'dvc'));
  return [system, global];
}

function missingOr(e: unknown): StoredRead {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return { kind: 'missing' };
  return { kind: 'unreadable', reason: code ?? (e instanceof Error ? e.message : String(e)) };
}

function formatSeconds(ms: number): string {
  return ms >= 1000 ? `${Math.round(ms / 100) / 10} s` : `${ms} ms`;
}

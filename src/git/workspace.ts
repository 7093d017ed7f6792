// The core's WorkspacePort on this disk: the working tree's files that Git does not hold (DVC
// outputs, smudged LFS files). Nothing is ever written through a link: a file is copied beside its
// path and renamed over it, and only while the path is as the plan saw it. The only writes into a
// DVC cache are pulls: an object copied from the project's remote, kept only when its hash is right.
import { constants as fsConstants, promises as fs } from 'node:fs';
import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import type { ObjectSource, WorkingState, WorkspacePort } from '../core/checkoutPort';
import type { FileHashes } from '../core/contentHash';
import { resolveRepoPath } from '../core/repoPath';
import type { StoragePort } from '../core/storagePort';
import { abortError } from './hashFile';
import type { FileHasher } from './fileHasher';
import { downloadTo } from './objectDownload';

export class LocalWorkspace implements WorkspacePort {
  private realRoot: Promise<string> | undefined;

  constructor(
    private readonly root: string,
    private readonly hasher: FileHasher,
    private readonly storage: Pick<StoragePort, 'lfsObjectsDir'>,
  ) {}

  private async abs(rel: string): Promise<string> {
    const checked = resolveRepoPath('', rel);
    if (!checked.ok || checked.path !== rel || rel.split('/')[0] === '.git') throw new Error(`${JSON.stringify(rel)} is no path in the working tree`);
    return path.join(await (this.realRoot ??= fs.realpath(this.root)), ...rel.split('/'));
  }

  /** Why a path's folders are no place to write: a link out of the repository, a file. */
  private async parentProblem(rel: string): Promise<string | undefined> {
    const root = await (this.realRoot ??= fs.realpath(this.root));
    const parts = rel.split('/');
    let at = root;
    for (const part of parts.slice(0, -1)) {
      at = path.join(at, part);
      const st = await fs.lstat(at).catch(() => undefined);
      if (!st) return undefined; // made when the file is placed
      if (st.isSymbolicLink()) {
        const real = await fs.realpath(at).catch(() => undefined);
        if (!real || (real !== root && !real.startsWith(root + path.sep))) return `${path.relative(root, at).split(path.sep).join('/')} is a link out of the repository`;
        continue;
      }
      if (!st.isDirectory()) return `${path.relative(root, at).split(path.sep).join('/')} is a file where a folder should be`;
    }
    return undefined;
  }

  async stat(rel: string): Promise<WorkingState> {
    const problem = await this.parentProblem(rel);
    if (problem) return { kind: 'blocked', reason: problem };
    const abs = await this.abs(rel);
    const l = await fs.lstat(abs).catch(() => undefined);
    if (!l) return { kind: 'missing' };
    if (l.isSymbolicLink()) {
      // A link into the cache (cache.type symlink) is read where it leads; one out of the repository is not.
      const real = await fs.realpath(abs).catch(() => undefined);
      const root = await this.realRoot!;
      if (!real) return { kind: 'blocked', reason: 'a link that leads nowhere' };
      if (real !== root && !real.startsWith(root + path.sep)) return { kind: 'blocked', reason: 'a link out of the repository' };
    }
    const st = await fs.stat(abs).catch(() => undefined);
    if (!st) return { kind: 'missing' };
    if (st.isDirectory()) return { kind: 'folder' };
    if (!st.isFile()) return { kind: 'blocked', reason: 'neither a file nor a folder' };
    return { kind: 'file', size: st.size, mtimeMs: l.isSymbolicLink() ? l.mtimeMs : st.mtimeMs };
  }

  async listFolder(rel: string): Promise<string[]> {
    const top = await this.abs(rel);
    const out: string[] = [];
    const walk = async (dir: string, prefix: string) => {
      const entries = await fs.readdir(dir, { withFileTypes: true }).catch(() => []);
      for (const e of entries) {
        const p = prefix ? `${prefix}/${e.name}` : e.name;
        if (e.isDirectory()) await walk(path.join(dir, e.name), p);
        else out.push(p);
      }
    };
    await walk(top, '');
    return out.sort();
  }

  async hash(p: string, opts: { sha256?: boolean; absolute?: boolean; signal?: AbortSignal; onBytes?: (n: number) => void } = {}): Promise<FileHashes> {
    return this.hasher.hash(opts.absolute ? p : await this.abs(p), opts);
  }

  async objectSize(absPath: string): Promise<number | undefined> {
    const st = await fs.stat(absPath).catch(() => undefined);
    return st?.isFile() ? st.size : undefined;
  }

  async readText(rel: string, maxBytes: number): Promise<string | undefined> {
    const abs = await this.abs(rel);
    const st = await fs.stat(abs).catch(() => undefined);
    if (!st?.isFile() || st.size > maxBytes) return undefined;
    return fs.readFile(abs, 'utf8').catch(() => undefined);
  }

  /** Refuses unless the path is still as the plan saw it. */
  private async assertStill(rel: string, expected: WorkingState): Promise<void> {
    const now = await this.stat(rel);
    const same =
      now.kind === expected.kind && (now.kind !== 'file' || (expected.kind === 'file' && now.size === expected.size && now.mtimeMs === expected.mtimeMs));
    if (!same) throw new Error(`${rel} changed while the checkout ran; it was left as it is`);
  }

  async place(rel: string, fromAbs: string, expected: WorkingState, signal?: AbortSignal, onBytes?: (n: number) => void): Promise<void> {
    if (signal?.aborted) throw abortError();
    const problem = await this.parentProblem(rel);
    if (problem) throw new Error(problem);
    const abs = await this.abs(rel);
    await fs.mkdir(path.dirname(abs), { recursive: true });
    const tmp = tempBeside(abs);
    try {
      // A reflink where the file system has them, else a copy: never a link into the cache.
      await fs.copyFile(fromAbs, tmp, fsConstants.COPYFILE_EXCL | fsConstants.COPYFILE_FICLONE);
      // Cache objects are read-only; the working copy is the user's to edit, as dvc checkout leaves it.
      await fs.chmod(tmp, 0o644);
      onBytes?.((await fs.stat(tmp)).size);
      if (signal?.aborted) throw abortError();
      await this.assertStill(rel, expected);
      await fs.rename(tmp, abs);
    } catch (e) {
      await fs.rm(tmp, { force: true }).catch(() => undefined);
      throw e;
    }
  }

  async remove(rel: string, expected: WorkingState): Promise<void> {
    await this.assertStill(rel, expected);
    const abs = await this.abs(rel);
    await fs.unlink(abs);
    // Folders this emptied go too (a folder output holds only its files), never the root.
    const root = await this.realRoot!;
    for (let dir = path.dirname(abs); dir !== root && dir.startsWith(root + path.sep); dir = path.dirname(dir)) {
      if ((await fs.readdir(dir).catch(() => ['?'])).length) break;
      await fs.rmdir(dir).catch(() => undefined);
    }
  }

  async writeText(rel: string, text: string, expected: WorkingState): Promise<void> {
    const abs = await this.abs(rel);
    const tmp = tempBeside(abs);
    try {
      const mode = (await fs.stat(abs).catch(() => undefined))?.mode;
      await fs.writeFile(tmp, text, { flag: 'wx', mode: mode !== undefined ? mode & 0o777 : 0o644 });
      await this.assertStill(rel, expected);
      await fs.rename(tmp, abs);
    } catch (e) {
      await fs.rm(tmp, { force: true }).catch(() => undefined);
      throw e;
    }
  }

  lfsObjectsDir(): Promise<string | undefined> {
    return this.storage.lfsObjectsDir();
  }

  async storeObject(source: ObjectSource, cacheAbs: string, accept: (tmpAbs: string) => Promise<boolean>, signal?: AbortSignal, onBytes?: (n: number) => void): Promise<number> {
    if (signal?.aborted) throw abortError();
    await fs.mkdir(path.dirname(cacheAbs), { recursive: true });
    const tmp = tempBeside(cacheAbs);
    try {
      let size: number;
      if (source.kind === 'local') {
        await fs.copyFile(source.path, tmp, fsConstants.COPYFILE_EXCL | fsConstants.COPYFILE_FICLONE).catch((e: NodeJS.ErrnoException) => {
          throw e.code === 'ENOENT' && e.path === source.path ? new Error('not on the remote') : e;
        });
        size = (await fs.stat(tmp)).size;
        onBytes?.(size);
      } else {
        size = await downloadTo(source.url, tmp, { idleTimeoutMs: PULL_IDLE_TIMEOUT_MS, signal, onBytes });
      }
      if (signal?.aborted) throw abortError();
      if (!(await accept(tmp))) throw new Error('what the remote holds under its name is not that content; it was not kept');
      // DVC keeps its cache objects read-only, so a link to one cannot be edited in place.
      await fs.chmod(tmp, 0o444);
      await fs.rename(tmp, cacheAbs);
      return size;
    } catch (e) {
      await fs.rm(tmp, { force: true }).catch(() => undefined);
      throw e;
    }
  }
}

/** A pull from an HTTP remote gives up after this long without a byte. */
const PULL_IDLE_TIMEOUT_MS = 30_000;

function tempBeside(abs: string): string {
  return path.join(path.dirname(abs), `.${path.basename(abs)}.mv-${randomBytes(4).toString('hex')}.tmp`);
}

// File contents at any revision through long-lived `git cat-file` processes: one for object
// info (type and size, so a huge blob is never streamed) and one for contents. Requests are
// pipelined; answers come back in request order.
import type { ChildProcess } from 'node:child_process';
import { spawnGit, spawnTurn, type GitConfig, GitError } from './exec';

export type ObjectInfo =
  | { kind: 'found'; oid: string; type: string; size: number }
  | { kind: 'missing' };

export type BlobResult =
  | { kind: 'found'; oid: string; type: string; size: number; content: Buffer }
  | { kind: 'missing' };

interface Pending {
  resolve(value: { header: string; content?: Buffer }): void;
  reject(e: Error): void;
}

/** One `git cat-file --batch[-check]` process and its queue of requests. */
class BatchProcess {
  private child: ChildProcess | undefined;
  private queue: Pending[] = [];
  private buffer: Buffer = Buffer.alloc(0);
  private expecting: { header: string; size: number } | undefined;
  private disposed = false;
  /** Chunks of a blob still being received (not yet joined into `buffer`). */
  private pending: Buffer[] = [];
  private pendingBytes = 0;

  constructor(
    private readonly cwd: string,
    private readonly mode: '--batch' | '--batch-check',
    private readonly config: GitConfig,
  ) {}

  /** While this process waits for its turn to start (GitConfig.spawnPerTurn). */
  private starting: Promise<void> | undefined;

  request(spec: string): Promise<{ header: string; content?: Buffer }> {
    if (!this.child && !this.disposed && this.config.spawnPerTurn) {
      // Requests made meanwhile wait for the same start, and are sent in the order made.
      const starting = (this.starting ??= spawnTurn(this.config).finally(() => (this.starting = undefined)));
      return starting.then(() => this.send(spec));
    }
    return this.send(spec);
  }

  private send(spec: string): Promise<{ header: string; content?: Buffer }> {
    return new Promise((resolve, reject) => {
      // After dispose a request must fail, not quietly start a process nobody will stop.
      if (this.disposed) {
        reject(new GitError('git cat-file was stopped', ['cat-file', this.mode], null, ''));
        return;
      }
      const child = this.ensure();
      const limit = this.config.catFileTimeoutMs;
      if (!limit) {
        this.queue.push({ resolve, reject });
        child.stdin!.write(spec + '\n');
        return;
      }
      // A partial clone fetches a missing blob from its remote inside this request: a remote
      // that does not answer must not hold every later read, so the process is stopped.
      const timer = setTimeout(() => this.stop(child, `git cat-file did not answer within ${Math.round(limit / 1000)} s (fetching ${spec.slice(0, 60)} from the remote?)`), limit);
      this.queue.push({
        resolve: (v) => {
          clearTimeout(timer);
          resolve(v);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
      child.stdin!.write(spec + '\n');
    });
  }

  dispose(): void {
    this.disposed = true;
    const child = this.child;
    this.child = undefined;
    if (child) {
      child.stdin!.end();
      child.kill();
    }
    this.failAll(new GitError('git cat-file was stopped', ['cat-file', this.mode], null, ''));
  }

  private ensure(): ChildProcess {
    if (this.child) return this.child;
    const child = spawnGit(['cat-file', this.mode], { cwd: this.cwd }, this.config);
    this.config.log?.(`git cat-file ${this.mode} (started, long-lived)`);
    let stderr = '';
    child.stderr!.on('data', (b: Buffer) => (stderr += b.toString('utf8')));
    child.stdout!.on('data', (b: Buffer) => this.onData(b));
    child.stdin!.on('error', () => undefined); // a dead process is reported through 'close'
    const fail = (message: string) => {
      if (this.forget(child)) this.failAll(new GitError(message, ['cat-file', this.mode], null, stderr));
    };
    child.on('error', (e) => fail(`git cat-file could not start: ${e.message}`));
    child.on('close', (code) => fail(`git cat-file exited (${code}): ${stderr.trim()}`));
    this.child = child;
    return child;
  }

  /** Stops a process that hangs; its requests fail, the next request starts a new one. */
  private stop(child: ChildProcess, message: string): void {
    if (!this.forget(child)) return;
    child.kill();
    this.failAll(new GitError(message, ['cat-file', this.mode], null, ''));
  }

  /** Lets go of `child` and of the output half read from it; false when it was let go already. */
  private forget(child: ChildProcess): boolean {
    if (this.child !== child) return false;
    this.child = undefined;
    this.buffer = Buffer.alloc(0);
    this.pending = [];
    this.pendingBytes = 0;
    this.expecting = undefined;
    return true;
  }

  private failAll(e: Error): void {
    const queue = this.queue;
    this.queue = [];
    for (const p of queue) p.reject(e);
  }

  private onData(chunk: Buffer): void {
    // A large blob arrives in many chunks: keep them aside until it is complete, so it is copied
    // once rather than once per chunk.
    if (this.expecting && this.pendingBytes + this.buffer.length + chunk.length < this.expecting.size + 1) {
      this.pending.push(chunk);
      this.pendingBytes += chunk.length;
      return;
    }
    const parts = this.buffer.length ? [this.buffer, ...this.pending, chunk] : [...this.pending, chunk];
    this.buffer = parts.length === 1 ? chunk : Buffer.concat(parts);
    this.pending = [];
    this.pendingBytes = 0;
    for (;;) {
      if (this.expecting) {
        const need = this.expecting.size + 1; // content plus the trailing LF
        if (this.buffer.length < need) return;
        const content = this.buffer.subarray(0, this.expecting.size);
        const header = this.expecting.header;
        this.buffer = this.buffer.subarray(need);
        this.expecting = undefined;
        this.queue.shift()?.resolve({ header, content: Buffer.from(content) });
        continue;
      }
      const nl = this.buffer.indexOf(0x0a);
      if (nl < 0) return;
      const header = this.buffer.subarray(0, nl).toString('utf8');
      this.buffer = this.buffer.subarray(nl + 1);
      const parts = header.split(' ');
      const size = Number(parts[2]);
      if (this.mode === '--batch' && parts.length === 3 && Number.isFinite(size)) {
        this.expecting = { header, size };
        continue;
      }
      this.queue.shift()?.resolve({ header });
    }
  }
}

/** Reads objects and files at revisions for one repository through two long-lived processes. */
export class CatFile {
  private readonly check: BatchProcess;
  private readonly batch: BatchProcess;

  constructor(cwd: string, config: GitConfig) {
    this.check = new BatchProcess(cwd, '--batch-check', config);
    this.batch = new BatchProcess(cwd, '--batch', config);
  }

  /** Type and size of `<rev>:<path>` or any object name, without reading its content. */
  async info(spec: string): Promise<ObjectInfo> {
    assertSpec(spec);
    const { header } = await this.check.request(spec);
    return parseInfo(header);
  }

  /** Contents of an object; `maxBytes` guards against streaming a huge blob. */
  async read(spec: string, maxBytes = Number.POSITIVE_INFINITY): Promise<BlobResult | { kind: 'too-large'; oid: string; type: string; size: number }> {
    assertSpec(spec);
    if (Number.isFinite(maxBytes)) {
      const info = await this.info(spec);
      if (info.kind === 'missing') return info;
      if (info.size > maxBytes) return { kind: 'too-large', oid: info.oid, type: info.type, size: info.size };
      // Ask by object id: the revision could have moved between the two requests.
      spec = info.oid;
    }
    const { header, content } = await this.batch.request(spec);
    const info = parseInfo(header);
    if (info.kind === 'missing' || !content) return { kind: 'missing' };
    return { ...info, content };
  }

  dispose(): void {
    this.check.dispose();
    this.batch.dispose();
  }
}

function parseInfo(header: string): ObjectInfo {
  const parts = header.split(' ');
  if (parts.length === 3 && /^[0-9a-f]{40,64}$/.test(parts[0]!)) {
    return { kind: 'found', oid: parts[0]!, type: parts[1]!, size: Number(parts[2]) };
  }
  return { kind: 'missing' }; // "<spec> missing" or "<spec> ambiguous"
}

function assertSpec(spec: string): void {
  // A newline would split the request in two; cat-file reads one request per line.
  if (/[\n\r\0]/.test(spec)) throw new GitError('a path with a line break cannot be read at a revision', ['cat-file'], null, '');
}

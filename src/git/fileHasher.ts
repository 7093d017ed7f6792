// Hashes files in a worker thread (hashWorker.js beside this file, in dist/ or out/), with
// progress and cancellation; where no worker can start it hashes in place, still streaming.
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { FileHashes } from '../core/contentHash';
import { abortError, hashFileInPlace } from './hashFile';

export interface HashRequest {
  id: number;
  path: string;
  sha256: boolean;
  cancel?: number;
}

export interface HashResponse {
  id: number;
  bytes: number;
  hashes?: FileHashes;
  error?: string;
  code?: string;
}

interface Pending {
  resolve(h: FileHashes): void;
  reject(e: Error): void;
  onBytes?: (n: number) => void;
}

export class FileHasher {
  private worker: Worker | undefined;
  private failed = false;
  private next = 1;
  private readonly pending = new Map<number, Pending>();
  /** Files hashed in the worker (tests read it). */
  workerHashes = 0;

  constructor(private readonly folder = __dirname) {}

  hash(absPath: string, opts: { sha256?: boolean; signal?: AbortSignal; onBytes?: (n: number) => void } = {}): Promise<FileHashes> {
    const worker = this.start();
    if (!worker) return hashFileInPlace(absPath, opts.sha256 === true, opts.signal, opts.onBytes);
    if (opts.signal?.aborted) return Promise.reject(abortError());
    const id = this.next++;
    return new Promise<FileHashes>((resolve, reject) => {
      const onAbort = () => worker.postMessage({ id: 0, path: '', sha256: false, cancel: id } satisfies HashRequest);
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      const done = () => opts.signal?.removeEventListener('abort', onAbort);
      this.pending.set(id, {
        resolve: (h) => {
          done();
          this.workerHashes++;
          resolve(h);
        },
        reject: (e) => {
          done();
          reject(e);
        },
        onBytes: opts.onBytes,
      });
      worker.postMessage({ id, path: absPath, sha256: opts.sha256 === true } satisfies HashRequest);
    });
  }

  private start(): Worker | undefined {
    if (this.worker || this.failed) return this.worker;
    const file = path.join(this.folder, 'hashWorker.js');
    if (!existsSync(file)) {
      this.failed = true;
      return undefined;
    }
    try {
      const worker = new Worker(file);
      // A CLI run ends when its work does, worker or not.
      worker.unref();
      worker.on('message', (m: HashResponse) => {
        const p = this.pending.get(m.id);
        if (!p) return;
        if (m.bytes) p.onBytes?.(m.bytes);
        if (m.hashes) {
          this.pending.delete(m.id);
          p.resolve(m.hashes);
        } else if (m.error) {
          this.pending.delete(m.id);
          p.reject(m.error === 'AbortError' ? abortError() : Object.assign(new Error(m.error), { code: m.code }));
        }
      });
      const fail = (why: string) => {
        for (const p of this.pending.values()) p.reject(new Error(`the hashing worker stopped: ${why}`));
        this.pending.clear();
        this.worker = undefined;
      };
      worker.on('error', (e) => fail(e.message));
      worker.on('exit', (code) => fail(`exit code ${code}`));
      this.worker = worker;
      return worker;
    } catch {
      this.failed = true;
      return undefined;
    }
  }

  dispose(): void {
    const w = this.worker;
    this.worker = undefined;
    void w?.terminate();
  }
}

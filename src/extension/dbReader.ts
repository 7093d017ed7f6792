// The extension's mlflow.db reader: the parse runs in a worker thread (dist/dbWorker.js), started
// on the first database and stopped when idle. Where no worker can start, it parses in place.
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { MlflowFileStore } from '../core/readers/mlflowFileStore';
import { readDbInPlace, type DbReader } from '../core/runStores';
import { log } from './logger';

export interface DbRequest {
  id: number;
  bytes: Uint8Array;
  path: string;
  sidecars: { wal?: boolean; journal?: boolean };
}

export type DbResponse = { id: number; store: MlflowFileStore } | { id: number; error: string };

/** A worker with nothing to do for this long is stopped (sql.js holds tens of MB). */
const IDLE_MS = 30_000;

export class WorkerDbReader {
  private worker: Worker | undefined;
  private idle: NodeJS.Timeout | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (s: MlflowFileStore) => void; reject: (e: Error) => void }>();
  /** Databases parsed in the worker (tests read it). */
  reads = 0;

  constructor(private readonly distFolder: string) {}

  readonly read: DbReader = async (bytes, file, sidecars) => {
    const worker = this.start();
    if (!worker) return readDbInPlace(bytes, file, sidecars);
    clearTimeout(this.idle);
    const id = this.nextId++;
    const done = new Promise<MlflowFileStore>((resolve, reject) => this.pending.set(id, { resolve, reject }));
    worker.postMessage({ id, bytes, path: file, sidecars } satisfies DbRequest);
    try {
      const store = await done;
      this.reads++;
      return store;
    } finally {
      if (this.pending.size === 0) this.idle = setTimeout(() => this.stop(), IDLE_MS).unref();
    }
  };

  private start(): Worker | undefined {
    if (this.worker) return this.worker;
    try {
      const worker = new Worker(path.join(this.distFolder, 'dbWorker.js'));
      worker.unref();
      worker.on('message', (m: DbResponse) => {
        const p = this.pending.get(m.id);
        if (!p) return;
        this.pending.delete(m.id);
        if ('store' in m) p.resolve(m.store);
        else p.reject(new Error(m.error));
      });
      // A worker that dies takes its requests with it: they fail (the store says why), the next starts anew.
      const fail = (why: string) => {
        log().warn(`mlflow.db worker: ${why}`);
        for (const p of this.pending.values()) p.reject(new Error(why));
        this.pending.clear();
        this.worker = undefined;
      };
      worker.on('error', (e) => fail(e.message));
      worker.on('exit', (code) => {
        if (this.worker === worker) fail(`stopped (exit ${code})`);
      });
      this.worker = worker;
      return worker;
    } catch (e) {
      log().warn(`mlflow.db worker did not start (${e instanceof Error ? e.message : String(e)}); parsing in the extension host`);
      return undefined;
    }
  }

  stop(): void {
    clearTimeout(this.idle);
    const w = this.worker;
    this.worker = undefined;
    void w?.terminate();
  }

  dispose(): void {
    this.stop();
  }
}

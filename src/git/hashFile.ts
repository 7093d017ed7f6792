// Streams one file through the content hasher, in whatever thread calls it: the worker
// (hashWorker.ts) and the in-place fallback share it.
import { createReadStream } from 'node:fs';
import { ContentHasher, type FileHashes } from '../core/contentHash';

/** Chunks of 1 MiB: few enough calls, small enough to stop soon after a cancel. */
const CHUNK = 1024 * 1024;

export function hashFileInPlace(absPath: string, sha256: boolean, signal?: AbortSignal, onBytes?: (n: number) => void): Promise<FileHashes> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortError());
    const hasher = new ContentHasher(sha256);
    const stream = createReadStream(absPath, { highWaterMark: CHUNK });
    const onAbort = () => stream.destroy(abortError());
    signal?.addEventListener('abort', onAbort, { once: true });
    stream.on('data', (c) => {
      hasher.update(c as Buffer);
      onBytes?.(c.length);
    });
    stream.on('error', (e) => {
      signal?.removeEventListener('abort', onAbort);
      reject(e);
    });
    stream.on('end', () => {
      signal?.removeEventListener('abort', onAbort);
      resolve(hasher.digest());
    });
  });
}

export function abortError(): Error {
  const e = new Error('cancelled');
  e.name = 'AbortError';
  return e;
}

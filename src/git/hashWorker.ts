// The worker thread that hashes working-tree files (dist/hashWorker.js): a 1 GB output takes
// seconds of md5, which must not block the extension host's thread.
import { parentPort } from 'node:worker_threads';
import { hashFileInPlace } from './hashFile';
import type { HashRequest, HashResponse } from './fileHasher';

const running = new Map<number, AbortController>();

parentPort?.on('message', (m: HashRequest) => {
  if (m.cancel !== undefined) {
    running.get(m.cancel)?.abort();
    return;
  }
  const ac = new AbortController();
  running.set(m.id, ac);
  let pending = 0;
  hashFileInPlace(m.path, m.sha256, ac.signal, (n) => {
    // Progress in steps of 16 MiB: a message per chunk would cost more than the chunk.
    pending += n;
    if (pending >= 16 * 1024 * 1024) {
      parentPort!.postMessage({ id: m.id, bytes: pending } satisfies HashResponse);
      pending = 0;
    }
  }).then(
    (hashes) => parentPort!.postMessage({ id: m.id, bytes: pending, hashes } satisfies HashResponse),
    (e: Error) => parentPort!.postMessage({ id: m.id, bytes: pending, error: e.name === 'AbortError' ? 'AbortError' : e.message, code: (e as NodeJS.ErrnoException).code } satisfies HashResponse),
  ).finally(() => running.delete(m.id));
});

// One HTTP(S) object streamed to a file: for pulling DVC objects from an HTTP remote into the
// cache. Weights run to gigabytes, so the bytes go to disk as they come and the deadline is on
// silence (no byte for a while), not on the whole transfer. No credentials, no prompt.
import { createWriteStream } from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import { abortError } from './hashFile';

const MAX_REDIRECTS = 3;

export interface DownloadOptions {
  /** The connection, and then each wait for more bytes, ends after this long. */
  idleTimeoutMs: number;
  signal?: AbortSignal;
  onBytes?: (n: number) => void;
}

/** Writes the body of a GET of `url` to a new file `dest` (it must not exist); the bytes written. */
export function downloadTo(url: string, dest: string, options: DownloadOptions): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    let settled = false;
    let current: http.ClientRequest | undefined;
    let timer: NodeJS.Timeout | undefined;
    const finish = (e: Error | undefined, n = 0) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      if (e) current?.destroy();
      if (e) reject(e);
      else resolve(n);
    };
    const onAbort = () => finish(abortError());
    if (options.signal?.aborted) return finish(abortError());
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const idle = () => {
      clearTimeout(timer);
      timer = setTimeout(() => finish(new Error(`no answer within ${Math.round(options.idleTimeoutMs / 100) / 10} s`)), options.idleTimeoutMs);
    };
    const get = (target: string, hops: number) => {
      let u: URL;
      try {
        u = new URL(target);
      } catch {
        return finish(new Error('not a URL'));
      }
      if (u.protocol !== 'http:' && u.protocol !== 'https:') return finish(new Error(`a redirect to ${u.protocol} is not followed`));
      // Public remotes only: credentials in the URL are never sent.
      u.username = '';
      u.password = '';
      const lib = u.protocol === 'https:' ? https : http;
      idle();
      const req = lib.request(u, { method: 'GET', agent: false, headers: { 'user-agent': 'model-versions', accept: '*/*' } }, (res) => {
        const status = res.statusCode ?? 0;
        if (status >= 300 && status < 400 && res.headers.location && hops < MAX_REDIRECTS) {
          res.resume();
          return get(new URL(res.headers.location, u).toString(), hops + 1);
        }
        if (status < 200 || status >= 300) {
          res.resume();
          return finish(new Error(status === 404 || status === 410 ? 'not on the remote' : `HTTP ${status}`));
        }
        const out = createWriteStream(dest, { flags: 'wx', mode: 0o644 });
        let written = 0;
        res.on('data', (c: Buffer) => {
          idle();
          written += c.length;
          options.onBytes?.(c.length);
        });
        res.on('error', (e) => finish(e));
        out.on('error', (e) => finish(e));
        out.on('finish', () => finish(undefined, written));
        res.pipe(out);
      });
      current = req;
      req.on('error', (e: NodeJS.ErrnoException) => finish(new Error(e.code ?? e.message)));
      req.end();
    };
    get(url, 0);
  });
}

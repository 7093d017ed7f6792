// A static file server on 127.0.0.1, as a plain HTTP DVC remote: `<url>` is `/dvcstore` below
// the served folder, so objects go in `<folder>/dvcstore/…`. Every request is logged.
import { readFileSync } from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';

export interface StaticServer {
  /** The remote's URL: `http://127.0.0.1:<port>/dvcstore`. */
  url: string;
  /** `GET /dvcstore/files/md5/ab/…`, in order. */
  requests: string[];
  close(): Promise<void>;
}

export async function serve(folder: string): Promise<StaticServer> {
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    const rel = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const file = path.join(folder, ...rel.split('/').filter((s) => s && s !== '..'));
    let body: Buffer;
    try {
      body = readFileSync(file);
    } catch {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-length': body.length });
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}/dvcstore`, requests, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

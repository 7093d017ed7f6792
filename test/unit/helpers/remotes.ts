// Remotes for tests, all on this machine: bare repositories, clones of them, and a smart-HTTP
// remote served on 127.0.0.1 by `git http-backend` behind node's http module.
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { makeRepo, type TestRepo } from './gitRepo';

const GIT_ENV = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_TERMINAL_PROMPT: '0' };

export interface BareRemote {
  dir: string;
  git(...args: string[]): string;
  /** Tag → object id, as the remote has them. */
  tags(): Map<string, string>;
  /** Installs a pre-receive hook (a shell script body) in the bare repository. */
  preReceive(script: string): void;
  remove(): void;
}

export function makeBare(): BareRemote {
  const dir = mkdtempSync(path.join(tmpdir(), 'mv-remote-')) + '/registry.git';
  execFileSync('git', ['init', '-q', '--bare', '-b', 'main', dir], { env: GIT_ENV });
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, env: GIT_ENV, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
  return {
    dir,
    git,
    tags() {
      const out = git('for-each-ref', '--format=%(refname:strip=2) %(objectname)', 'refs/tags');
      return new Map(out.split('\n').filter(Boolean).map((l) => l.split(' ') as [string, string]));
    },
    preReceive(script) {
      const hook = path.join(dir, 'hooks', 'pre-receive');
      writeFileSync(hook, `#!/bin/sh\n${script}\n`);
      chmodSync(hook, 0o755);
    },
    remove() {
      rmSync(path.dirname(dir), { recursive: true, force: true });
    },
  };
}

/** A working clone of `url` (a path or URL) with `main` tracking origin/main, as `git clone` leaves it. */
export function makeClone(url: string): TestRepo {
  const repo = makeRepo('mv-clone-');
  repo.git('remote', 'add', 'origin', url);
  repo.git('fetch', '-q', 'origin');
  repo.git('reset', '-q', '--hard', 'origin/main');
  repo.git('branch', '-q', '--set-upstream-to=origin/main', 'main');
  return repo;
}

export type HttpMode = 'serve' | 'ask-credentials' | 'never-answer';

export interface HttpRemote {
  /** `http://127.0.0.1:PORT/<name>` for a repository in the served root. */
  url(name: string): string;
  port: number;
  /** Requests seen, for tests that must know the server was asked. */
  requests: number;
  /** Called on every request (before it is answered, or not). */
  onRequest?: () => void;
  close(): Promise<void>;
}

/**
 * Serves every repository under `root` over smart HTTP, the way a web server runs
 * git-http-backend as a CGI program (see git-http-backend(1)): the request's method, path and
 * query in the CGI variables, its body on stdin, and the CGI headers of the answer (Status:,
 * Content-Type:) turned into the HTTP response. REMOTE_USER is set so that pushes are allowed.
 * 'ask-credentials' answers 401 with a Basic challenge; 'never-answer' takes the request and
 * says nothing, ever.
 */
export async function serveHttp(root: string, mode: HttpMode = 'serve'): Promise<HttpRemote> {
  const remote: HttpRemote = { url: (name) => `http://127.0.0.1:${remote.port}/${name}`, port: 0, requests: 0, close: async () => undefined };
  const server = http.createServer((req, res) => {
    remote.requests++;
    remote.onRequest?.();
    if (mode === 'never-answer') return;
    if (mode === 'ask-credentials') {
      res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="registry"', 'Content-Type': 'text/plain' });
      res.end('credentials required\n');
      return;
    }
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const cgi = spawn('git', ['http-backend'], {
      env: {
        PATH: process.env.PATH ?? '',
        GIT_CONFIG_NOSYSTEM: '1',
        GIT_PROJECT_ROOT: root,
        GIT_HTTP_EXPORT_ALL: '1',
        PATH_INFO: decodeURIComponent(url.pathname),
        QUERY_STRING: url.search.slice(1),
        REQUEST_METHOD: req.method ?? 'GET',
        CONTENT_TYPE: req.headers['content-type'] ?? '',
        REMOTE_USER: 'colleague',
        REMOTE_ADDR: '127.0.0.1',
        // Protocol v2 is asked for in a header, which CGI passes on as GIT_PROTOCOL.
        GIT_PROTOCOL: String(req.headers['git-protocol'] ?? ''),
        HTTP_CONTENT_ENCODING: String(req.headers['content-encoding'] ?? ''),
      },
    });
    req.pipe(cgi.stdin);
    let head = Buffer.alloc(0);
    let started = false;
    cgi.stdout.on('data', (chunk: Buffer) => {
      if (started) {
        res.write(chunk);
        return;
      }
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) return;
      started = true;
      let status = 200;
      const headers: Record<string, string> = {};
      for (const line of head.subarray(0, end).toString('latin1').split('\r\n')) {
        const colon = line.indexOf(':');
        const key = line.slice(0, colon).trim();
        const value = line.slice(colon + 1).trim();
        if (key.toLowerCase() === 'status') status = parseInt(value, 10);
        else headers[key] = value;
      }
      res.writeHead(status, headers);
      res.write(head.subarray(end + 4));
    });
    cgi.stdout.on('end', () => res.end());
    cgi.on('error', () => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  remote.port = (server.address() as AddressInfo).port;
  remote.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return remote;
}

/** Processes whose command line names this port (git, git-remote-http): none should outlive a stopped command. */
export function processesReaching(port: number): number[] {
  if (process.platform !== 'linux') return [];
  const found: number[] = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (cmd.includes(`127.0.0.1:${port}/`) && Number(pid) !== process.pid) found.push(Number(pid));
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

// The git commands that talk to a remote: ls-remote, fetch and push of registry tags. Each one is
// bounded by a timeout and cancellable, runs in a process group of its own (stopped whole), and
// can never wait on a prompt: exec.ts's environment has GIT_TERMINAL_PROMPT=0, no askpass and
// ssh in batch mode, and the group's new session has no terminal to prompt on.
import { GitError, GitTimeoutError, runGit, type ConfigPair, type GitResult } from './exec';
import type { GitRepository } from './repository';
import { faultMessage, RemoteError, type FetchReport, type FetchRequest, type PushOutcome, type PushReport, type RemoteFaultKind, type RemotePort } from '../core/remotePort';
import type { RemoteTagRef } from '../core/remoteState';
import type { TagRef } from '../core/types';

/** ls-remote only lists refs: a server that has not answered in this time will not. */
export const DEFAULT_LIST_TIMEOUT_MS = 20_000;
/** fetch and push move objects, which can take a while on a large registry. */
export const DEFAULT_TRANSFER_TIMEOUT_MS = 120_000;

/**
 * Where a fetch (or push) remembers each registry tag the remote had: a namespace of our own,
 * like refs/remotes/ for branches, so that a tag deleted on the remote since can be told from one
 * never pushed, and a re-tagged tag's other object can be looked at here without replacing ours.
 */
export const LAST_SEEN_NAMESPACE = 'refs/model-versions/remotes';

export function lastSeenRef(remote: string, tag: string): string {
  return `${LAST_SEEN_NAMESPACE}/${remote}/tags/${tag}`;
}

export interface RemoteOptions {
  /** Limit for ls-remote (ms). */
  listTimeoutMs?: number;
  /** Limit for fetch and push (ms). */
  transferTimeoutMs?: number;
}

/**
 * Config for every command that reaches a remote, on top of SAFE_CONFIG. A repository's config
 * names its remotes, and some of it would run programs here: `ext::` URLs (a shell command),
 * and for a remote on this machine `remote.<name>.uploadpack` / `receivepack` (run through the
 * shell in place of git's). Those are pinned; the URL, proxy and credential helpers stay the
 * user's, which is why the extension reaches a remote only in a trusted workspace.
 */
export function networkConfig(remote: string): ConfigPair[] {
  return [
    ['protocol.ext.allow', 'never'],
    [`remote.${remote}.uploadpack`, 'git-upload-pack'],
    [`remote.${remote}.receivepack`, 'git-receive-pack'],
  ];
}

/** The RemotePort on real git for one repository. */
export class GitRemote implements RemotePort {
  constructor(
    private readonly repo: GitRepository,
    private readonly options: RemoteOptions = {},
  ) {}

  async remotes(signal?: AbortSignal): Promise<string[]> {
    const r = await this.repo.run(['remote'], signal);
    return r.stdout.split('\n').map((l) => l.trim()).filter(Boolean);
  }

  async defaultRemote(signal?: AbortSignal): Promise<string | undefined> {
    // Two processes, not four: the branch HEAD is on is the one for-each-ref marks '*'.
    // %(upstream:remotename) is branch.<name>.remote; '.' (a local upstream) is no remote.
    const [remotes, branches] = await Promise.all([
      this.remotes(signal),
      this.repo.run(['for-each-ref', '--format=%(HEAD)%00%(upstream:remotename)', 'refs/heads/'], signal),
    ]);
    const current = branches.stdout.split('\n').find((l) => l.startsWith('*\0'));
    const upstream = current?.slice(2);
    if (upstream && remotes.includes(upstream)) return upstream;
    return remotes.includes('origin') ? 'origin' : undefined;
  }

  lastSeenRef(remote: string, tag: string): string {
    return lastSeenRef(remote, tag);
  }

  localTags(signal?: AbortSignal): Promise<TagRef[]> {
    return this.repo.readTags(signal);
  }

  async remoteTags(remote: string, signal?: AbortSignal): Promise<RemoteTagRef[]> {
    await this.assertRemote(remote, signal);
    const r = await this.network(remote, ['ls-remote', '--tags', '--end-of-options', remote], this.options.listTimeoutMs ?? DEFAULT_LIST_TIMEOUT_MS, signal);
    return parseLsRemote(r.stdout);
  }

  async lastSeen(remote: string, signal?: AbortSignal): Promise<Map<string, string>> {
    const prefix = `${LAST_SEEN_NAMESPACE}/${remote}/tags/`;
    const r = await this.repo.run(['for-each-ref', '--format=%(refname)%00%(objectname)', '--end-of-options', prefix], signal);
    const seen = new Map<string, string>();
    for (const line of r.stdout.split('\n')) {
      const [ref, oid] = line.split('\0');
      if (ref?.startsWith(prefix) && oid) seen.set(ref.slice(prefix.length), oid);
    }
    return seen;
  }

  async fetchTags(remote: string, request: FetchRequest, signal?: AbortSignal): Promise<FetchReport> {
    await this.assertRemote(remote, signal);
    // Without '+', git (2.20 and later) refuses to change an existing tag: "would clobber
    // existing tag". So the refspec itself guarantees no local tag is replaced, even one made
    // between our ls-remote and this fetch. Only our own namespace is forced: it mirrors the remote.
    const refspecs = [
      ...request.create.filter(isPlainTagName).map((t) => `refs/tags/${t}:refs/tags/${t}`),
      ...request.seen.filter((r) => isPlainTagName(r.name)).map((r) => `+refs/tags/${r.name}:${lastSeenRef(remote, r.name)}`),
    ];
    const refused: FetchReport['refused'] = [];
    if (refspecs.length) {
      // --no-tags: only what we name (no tags that happen to point into what is fetched);
      // refspecs on stdin: a registry can have more tags than a command line holds.
      const r = await this.network(
        remote,
        ['fetch', '--no-tags', '--no-write-fetch-head', '--no-auto-maintenance', '--no-recurse-submodules', '--stdin', '--end-of-options', remote],
        this.options.transferTimeoutMs ?? DEFAULT_TRANSFER_TIMEOUT_MS,
        signal,
        { input: refspecs.join('\n') + '\n', okExitCodes: [1] },
      );
      refused.push(...parseFetchRejections(r.stderr));
      if (r.exitCode === 1 && refused.length === 0) throw faultOf(new GitError(firstMessage(r.stderr) || 'git fetch failed', ['fetch'], 1, r.stderr), remote);
    }
    // What the remote no longer has is forgotten, so the namespace stays a copy of the remote.
    const seenNames = new Set(request.seen.map((r) => r.name));
    const gone = [...(await this.lastSeen(remote, signal)).keys()].filter((t) => !seenNames.has(t));
    if (gone.length) await this.repo.run(['update-ref', '--stdin'], signal, { input: gone.map((t) => `delete ${lastSeenRef(remote, t)}\n`).join('') });
    return { refused };
  }

  async pushTags(remote: string, tags: readonly string[], signal?: AbortSignal): Promise<PushReport> {
    await this.assertRemote(remote, signal);
    const names = tags.filter(isPlainTagName);
    if (names.length === 0) return { outcomes: [], remoteMessages: [] };
    // Never forced (no '+'): a tag the remote has as another object is refused, not replaced.
    // --no-follow-tags and --recurse-submodules=no: push.followTags or push.recurseSubmodules in
    // the user's config would push more than these tags; --no-signed: push.gpgSign could prompt.
    const r = await this.network(
      remote,
      ['push', '--porcelain', '--no-follow-tags', '--no-signed', '--recurse-submodules=no', '--end-of-options', remote, ...names.map((t) => `refs/tags/${t}:refs/tags/${t}`)],
      this.options.transferTimeoutMs ?? DEFAULT_TRANSFER_TIMEOUT_MS,
      signal,
      { okExitCodes: [1] },
    );
    const outcomes = parsePushPorcelain(r.stdout, names);
    // Exit 1 with nothing reported per tag: the push stopped before any ref (no connection, say).
    if (r.exitCode !== 0 && outcomes.every((o) => o.status === 'failed')) throw faultOf(new GitError(firstMessage(r.stderr) || 'git push failed', ['push'], r.exitCode, r.stderr), remote);
    const remember = outcomes.filter((o) => o.status === 'pushed' || o.status === 'up-to-date').map((o) => o.tag);
    if (remember.length) {
      const input = remember.map((t) => `update ${lastSeenRef(remote, t)} refs/tags/${t}\n`).join('');
      await this.repo.run(['update-ref', '--stdin'], signal, { input }).catch(() => undefined); // only a memory: the push itself succeeded
    }
    return { outcomes, remoteMessages: remoteLines(r.stderr) };
  }

  /** Refuses a name that is not a configured remote: a URL or an option never reaches git here. */
  private async assertRemote(remote: string, signal?: AbortSignal): Promise<void> {
    const remotes = await this.remotes(signal);
    if (!remotes.includes(remote)) throw new RemoteError('unknown-remote', faultMessage('unknown-remote', remote, remotes.join(', ')), remote);
  }

  private async network(remote: string, args: string[], timeoutMs: number, signal: AbortSignal | undefined, extra: { input?: string; okExitCodes?: number[] } = {}): Promise<GitResult> {
    try {
      return await runGit(args, { cwd: this.repo.root, signal, timeoutMs, processGroup: true, config: networkConfig(remote), ...extra }, this.repo.config);
    } catch (e) {
      throw faultOf(e, remote);
    }
  }
}

/** Parses `git ls-remote --tags`: `<oid>\trefs/tags/<name>`, and `<name>^{}` lines for what annotated tags peel to. */
export function parseLsRemote(stdout: string): RemoteTagRef[] {
  const byName = new Map<string, RemoteTagRef>();
  const peeled = new Map<string, string>();
  for (const line of stdout.split('\n')) {
    const tab = line.indexOf('\t');
    if (tab < 0) continue;
    const oid = line.slice(0, tab);
    const ref = line.slice(tab + 1);
    if (!/^[0-9a-f]{40,64}$/.test(oid) || !ref.startsWith('refs/tags/')) continue;
    if (ref.endsWith('^{}')) peeled.set(ref.slice('refs/tags/'.length, -3), oid);
    else byName.set(ref.slice('refs/tags/'.length), { name: ref.slice('refs/tags/'.length), object: oid });
  }
  for (const [name, oid] of peeled) {
    const r = byName.get(name);
    if (r) r.peeled = oid;
  }
  return [...byName.values()];
}

/**
 * A tag name that is safe inside a refspec and a ref path: what the remote sends is not trusted,
 * and ':' '*' '+' or a line break would change what a refspec means.
 */
export function isPlainTagName(name: string): boolean {
  return name.length > 0 && !name.startsWith('-') && !name.includes('..') && !/[\0-\x20\x7f~^:?*[\\]/.test(name) && !name.endsWith('.lock') && !name.endsWith('/') && !name.endsWith('.');
}

/** `git push --porcelain`: `<flag>\t<src>:<dst>\t<summary> (<reason>)` per ref, between "To …" and "Done". */
export function parsePushPorcelain(stdout: string, tags: readonly string[]): PushOutcome[] {
  const seen = new Map<string, PushOutcome>();
  for (const line of stdout.split('\n')) {
    const m = /^([ +\-*!=])\t([^\t]*):refs\/tags\/([^\t]*)\t(.*)$/.exec(line);
    if (!m) continue;
    const [, flag, , tag, summary] = m;
    const reason = /\((.*)\)\s*$/.exec(summary!)?.[1];
    let status: PushOutcome['status'];
    if (flag === '=') status = 'up-to-date';
    else if (flag === '!') status = /remote rejected/.test(summary!) ? 'remote-rejected' : 'rejected';
    else status = 'pushed';
    seen.set(tag!, { tag: tag!, status, ...(reason ? { reason } : {}) });
  }
  return tags.map((t) => seen.get(t) ?? { tag: t, status: 'failed' });
}

/** `! [rejected] <src> -> <dst> (<reason>)` lines of a fetch, for tags that were to be created. */
function parseFetchRejections(stderr: string): FetchReport['refused'] {
  const refused: FetchReport['refused'] = [];
  for (const line of stderr.split('\n')) {
    const m = /^\s*! \[rejected\]\s+\S+\s+->\s+(\S+)\s+\((.*)\)\s*$/.exec(line);
    if (!m || m[1]!.startsWith(`${LAST_SEEN_NAMESPACE}/`)) continue;
    refused.push({ tag: m[1]!.replace(/^refs\/tags\//, ''), reason: m[2]! });
  }
  return refused;
}

/** The server's `remote: …` lines (a hook's explanation), without the padding git adds. */
function remoteLines(stderr: string): string[] {
  return stderr
    .split('\n')
    .filter((l) => l.startsWith('remote: '))
    .map((l) => clean(l.slice('remote: '.length)))
    .filter(Boolean);
}

// eslint-disable-next-line no-control-regex
const ANSI_CLEAR = /\x1b\[K/g;

function clean(s: string): string {
  return redact(s.replace(ANSI_CLEAR, '').replace(/\r/g, '').trim());
}

/** Credentials written into a URL (`https://user:token@host`) are never repeated in a message. */
export function redact(s: string): string {
  return s.replace(/(\/\/)[^/@\s'"]+@/g, '$1***@');
}

function firstMessage(stderr: string): string {
  const line = stderr
    .split('\n')
    .map((l) => clean(l))
    .find((l) => /^(fatal|error): /.test(l) && !/failed to push some refs/.test(l));
  return line?.replace(/^(fatal|error): /, '') ?? '';
}

/**
 * One table from git's words to the kind of fault: the messages of curl, ssh and git itself
 * for the same few situations (GitErrorCodes in VS Code's git extension does the same).
 */
const FAULTS: ReadonlyArray<readonly [RegExp, RemoteFaultKind]> = [
  [/could not read (Username|Password)|terminal prompts disabled|Authentication failed|Access denied|Permission denied \((publickey|keyboard-interactive|password)|Permission denied, please try again|Invalid username or password|returned error: 40[13]|Host key verification failed|no such identity|passphrase/i, 'auth'],
  [/Could not resolve host|Could not resolve hostname|Failed to connect|Connection refused|Connection timed out|Connection reset|Network is unreachable|No route to host|Could not read from remote repository|does not appear to be a git repository|unable to access|not found|returned error: 404|ssh: connect to host|Operation timed out|unable to connect|early EOF|the remote end hung up/i, 'unreachable'],
];

/** A RemoteError for anything a remote command threw. */
export function faultOf(e: unknown, remote: string): Error {
  if (e instanceof RemoteError) return e;
  if (e instanceof GitTimeoutError) return new RemoteError('timeout', faultMessage('timeout', remote, String(e.timeoutMs / 1000)), remote);
  if (e instanceof Error && e.name === 'AbortError') return new RemoteError('cancelled', faultMessage('cancelled', remote), remote);
  // No stderr and no exit code: git itself did not start (not installed); no remote's fault.
  if (!(e instanceof GitError) || (e.exitCode === null && !e.stderr)) return e as Error;
  const said = firstMessage(e.stderr) || clean(e.message);
  for (const [pattern, kind] of FAULTS) if (pattern.test(e.stderr || e.message)) return new RemoteError(kind, faultMessage(kind, remote, said), remote, said);
  return new RemoteError('failed', faultMessage('failed', remote, said), remote, said);
}

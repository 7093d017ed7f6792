// The one place that starts git processes. Every call: an argument array (never a shell), a
// scrubbed environment that can never wait on a credential prompt, an AbortSignal, and a log
// line with its duration.
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { existsSync } from 'node:fs';

/** Receives one line per git command with its duration; the extension sends these to its log. */
export type GitLogger = (line: string) => void;

export interface GitRunOptions {
  cwd: string;
  signal?: AbortSignal;
  /** Bytes written to stdin, then stdin is closed. */
  input?: string;
  /** Extra environment, e.g. GIT_INDEX_FILE. */
  env?: Record<string, string>;
  /** Exit codes that are answers rather than failures (e.g. 1 for `check-ref-format`). */
  okExitCodes?: number[];
  /** Receives stdout as it arrives (then GitResult.stdout is empty): parse while git still runs. */
  onStdout?: (chunk: Buffer) => void;
  /** Command-line config for this call on top of SAFE_CONFIG (e.g. noFilterConfig()). */
  config?: readonly ConfigPair[];
  /**
   * Milliseconds after which git is stopped and the call rejects with GitTimeoutError: for
   * commands that talk to a remote, which can wait on a server forever.
   */
  timeoutMs?: number;
  /**
   * Run git in a process group of its own and stop the whole group on abort or timeout. Network
   * commands start helpers (git-remote-http, ssh) that outlive a stopped git and hold its output
   * pipes open; without the group they keep running, and so does every process waiting on them.
   * The new session also has no terminal, so ssh cannot prompt on one.
   */
  processGroup?: boolean;
}

export type ConfigPair = readonly [key: string, value: string];

/**
 * Config that keeps a repository's own programs from running when we run git in it. A
 * repository's .git/config is not the user's: a folder copied or unpacked from elsewhere can
 * name any program there, and git would start it on our `status`, `switch` or `tag`.
 * - core.fsmonitor=false: every command that refreshes the index (status, switch, restore,
 *   stash) would start the fsmonitor program.
 * - core.hooksPath=/dev/null: no hook ever runs for our commands (post-checkout and
 *   post-index-change on a checkout, reference-transaction on every tag). A folder that is
 *   never a directory rather than an empty temp folder: nothing to create, clean up or race on.
 * Given as GIT_CONFIG_COUNT/KEY/VALUE (git 2.31+) rather than `-c`: no parsing of `=` in
 * names, the arguments stay as logged, and git passes them on to the processes it starts
 * (submodules, auto gc).
 */
export const SAFE_CONFIG: readonly ConfigPair[] = [
  ['core.fsmonitor', 'false'],
  ['core.hooksPath', '/dev/null'],
];

export interface GitResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/** What went wrong, when git's stderr says so in a way we know (STDERR_CODES). */
export type GitErrorCode =
  | 'NoUserIdentity'
  | 'NotAGitRepository'
  | 'LocalChangesOverwritten'
  | 'UntrackedFilesOverwritten'
  | 'TagAlreadyExists'
  | 'RepositoryIsLocked'
  | 'AuthenticationFailed'
  | 'RemoteConnectionError'
  | 'PushRejected';

export class GitError extends Error {
  /** Set when STDERR_CODES knows the failure; callers branch on it instead of matching stderr. */
  readonly code: GitErrorCode | undefined;
  /** The files git named (the ones a checkout would overwrite), for a message that lists them. */
  readonly files: readonly string[];

  constructor(
    message: string,
    readonly args: readonly string[],
    readonly exitCode: number | null,
    readonly stderr: string,
    details: { code?: GitErrorCode; files?: readonly string[] } = {},
  ) {
    super(message);
    this.name = 'GitError';
    this.code = details.code;
    this.files = details.files ?? [];
  }
}

interface StderrRule {
  code: GitErrorCode;
  pattern: RegExp;
  /** The message shown instead of git's first line; absent where that line already says it well. */
  message?: (stderr: string, first: string) => string;
  /** Whether the tab-indented lines after the match are file names (checkout's lists). */
  files?: boolean;
}

/**
 * One table from git's stderr (LC_ALL=C, so English) to what went wrong, first match wins, as
 * VS Code's git extension does with GitErrorCodes. Git's first line is often not the point:
 * "Committer identity unknown" says nothing of how to fix it, and a refused checkout names its
 * files only on the lines after "would be overwritten by checkout:".
 */
const STDERR_CODES: readonly StderrRule[] = [
  {
    code: 'NoUserIdentity',
    pattern: /Please tell me who you are|unable to auto-detect email address|no (name|email) was given and auto-detection is disabled|empty ident name/,
    message: () => 'Git does not know who you are: set it with git config --global user.name "Your Name" and git config --global user.email you@example.com',
  },
  { code: 'RepositoryIsLocked', pattern: /Another git process seems to be running in this repository|index\.lock'?: File exists/ },
  { code: 'NotAGitRepository', pattern: /not a git repository/i },
  { code: 'LocalChangesOverwritten', pattern: /Your local changes to the following files would be overwritten by \w+:/, files: true },
  { code: 'UntrackedFilesOverwritten', pattern: /untracked working tree files would be (overwritten|removed) by \w+:/, files: true },
  { code: 'PushRejected', pattern: /! \[(remote )?rejected\]|failed to push some refs/, message: (stderr) => pushRejected(stderr) },
  { code: 'TagAlreadyExists', pattern: /tag '.*' already exists/ },
  {
    code: 'AuthenticationFailed',
    pattern: /Authentication failed|Permission denied \(publickey|could not read (Username|Password)|terminal prompts disabled|Host key verification failed|The requested URL returned error: 40[13]/i,
    // Every git of ours runs with prompts off, so a remote that wants a password fails here.
    message: (_, first) => `the remote refused the credentials, or none were available without a prompt (${first}); check that git push works in a terminal`,
  },
  {
    code: 'RemoteConnectionError',
    pattern: /Could not read from remote repository|unable to access|Could not resolve host|Connection (refused|timed out)|does not appear to be a git repository|Repository not found/i,
    message: (_, first) => `could not reach the remote (${first})`,
  },
];

/** The error for a git that exited with `exitCode`, told apart by STDERR_CODES. */
export function gitFailure(args: readonly string[], exitCode: number, stderr: string): GitError {
  const first = firstLine(stderr) || `git ${args[0]} exited with ${exitCode}`;
  const rule = STDERR_CODES.find((r) => r.pattern.test(stderr));
  if (!rule) return new GitError(first, args, exitCode, stderr);
  const files = rule.files ? filesAfter(stderr, rule.pattern) : undefined;
  return new GitError(rule.message?.(stderr, first) ?? first, args, exitCode, stderr, { code: rule.code, files });
}

/** The tab-indented lines that follow the line matching `pattern`. */
function filesAfter(stderr: string, pattern: RegExp): string[] {
  const lines = stderr.split('\n');
  const at = lines.findIndex((l) => pattern.test(l));
  const files: string[] = [];
  for (const l of lines.slice(at + 1)) {
    if (!l.startsWith('\t')) break;
    files.push(l.slice(1));
  }
  return files;
}

function pushRejected(stderr: string): string {
  const reason = /\[(?:remote )?rejected\][^(\n]*\(([^)\n]+)\)/.exec(stderr)?.[1];
  if (reason === 'already exists') return 'the remote already has a tag of this name on another commit; nothing was pushed';
  return `the remote rejected the push${reason ? ` (${reason})` : ''}`;
}

/** A git command that did not finish within its timeoutMs (and was stopped). */
export class GitTimeoutError extends GitError {
  constructor(
    args: readonly string[],
    readonly timeoutMs: number,
  ) {
    super(`git ${args[0]} gave no answer within ${formatSeconds(timeoutMs)}`, args, null, '');
    this.name = 'GitTimeoutError';
  }
}

function formatSeconds(ms: number): string {
  const s = ms / 1000;
  return `${Number.isInteger(s) ? s : s.toFixed(1)} s`;
}

export interface GitConfig {
  /** The git executable; a setting in the extension, `git` on PATH otherwise. */
  gitPath: string;
  log?: GitLogger;
  /**
   * How long one cat-file request may take before its process is stopped (and started again on
   * the next). Set for partial clones, where a missing blob is fetched from the remote on demand.
   */
  catFileTimeoutMs?: number;
  /**
   * At most one git process started per turn of the event loop, the others a timer later (in the
   * order they were asked for). Starting a process blocks the thread until the OS has made it:
   * 7–16 ms each in an extension host of 400 MB (CPU profiles of bench:editor), and a refresh of
   * the tree starts eight, three of them in one turn. The extension host sets this; a CLI run,
   * which has no one else's work to block, does not.
   */
  spawnPerTurn?: boolean;
}

const defaultConfig: GitConfig = { gitPath: 'git' };

/**
 * Variables that point git at another repository, index or object store. Git hooks set them, so
 * a command run from a hook would otherwise read (or tag) the hook's repository, not the folder
 * it was given.
 */
const REPOSITORY_VARIABLES = [
  'GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE', 'GIT_OBJECT_DIRECTORY', 'GIT_ALTERNATE_OBJECT_DIRECTORIES', 'GIT_COMMON_DIR', 'GIT_NAMESPACE', 'GIT_PREFIX',
];

/** Environment for every git process: no prompts, no pager, stable English output, SAFE_CONFIG. */
export function gitEnv(extra?: Record<string, string>, config: readonly ConfigPair[] = []): NodeJS.ProcessEnv {
  const inherited = { ...process.env };
  for (const name of REPOSITORY_VARIABLES) delete inherited[name];
  return {
    ...inherited,
    GIT_TERMINAL_PROMPT: '0',
    GIT_ASKPASS: '',
    SSH_ASKPASS: '',
    GCM_INTERACTIVE: 'never',
    GIT_PAGER: 'cat',
    PAGER: 'cat',
    GIT_OPTIONAL_LOCKS: '0',
    LC_ALL: 'C',
    LANG: 'C',
    // ssh must fail rather than ask for a passphrase or a host key.
    GIT_SSH_COMMAND: process.env.GIT_SSH_COMMAND ?? 'ssh -o BatchMode=yes',
    ...configEnv(inherited, [...SAFE_CONFIG, ...config]),
    ...extra,
  };
}

/** Appends `pairs` to any GIT_CONFIG_COUNT entries the user already has (theirs stay, ours win). */
function configEnv(inherited: NodeJS.ProcessEnv, pairs: readonly ConfigPair[]): Record<string, string> {
  const had = Number(inherited.GIT_CONFIG_COUNT);
  const start = Number.isInteger(had) && had > 0 ? had : 0;
  const env: Record<string, string> = { GIT_CONFIG_COUNT: String(start + pairs.length) };
  pairs.forEach(([key, value], i) => {
    env[`GIT_CONFIG_KEY_${start + i}`] = key;
    env[`GIT_CONFIG_VALUE_${start + i}`] = value;
  });
  return env;
}

/**
 * Config that turns off the clean/smudge filter drivers named in `names` (from
 * `filter.<name>.*`): an empty command is no filter, and required=false lets git write the blob
 * as stored instead of failing. Files come out as committed, like LFS pointers already do.
 */
export function noFilterConfig(names: Iterable<string>): ConfigPair[] {
  return [...names].flatMap((n): ConfigPair[] => [
    [`filter.${n}.clean`, ''],
    [`filter.${n}.smudge`, ''],
    [`filter.${n}.process`, ''],
    [`filter.${n}.required`, 'false'],
  ]);
}

/** Runs `git <args>` and collects its output; rejects with GitError on a non-zero exit. */
export function runGit(args: readonly string[], options: GitRunOptions, config: GitConfig = defaultConfig): Promise<GitResult> {
  if (config.spawnPerTurn && spawnedThisTurn) return spawnTurn(config).then(() => startGit(args, options, config));
  return startGit(args, options, config);
}

let spawnedThisTurn = false;
const waitingToSpawn: Array<() => void> = [];

/** Marks a process started this turn; the waiting ones start a timer apart (timers run between turns' I/O). */
function spawnedNow(config: GitConfig): void {
  if (!config.spawnPerTurn || spawnedThisTurn) return;
  spawnedThisTurn = true;
  setTimeout(nextSpawn, 0);
}

/**
 * Resolves when the caller may start a process (one that runGit does not start: cat-file's
 * long-lived ones), counted as its turn's one. At once where the config does not pace.
 */
export function spawnTurn(config: GitConfig): Promise<void> {
  if (!config.spawnPerTurn) return Promise.resolve();
  if (spawnedThisTurn) return new Promise<void>((go) => waitingToSpawn.push(go));
  spawnedNow(config);
  return Promise.resolve();
}

function nextSpawn(): void {
  const next = waitingToSpawn.shift();
  if (!next) {
    spawnedThisTurn = false;
    return;
  }
  next(); // its process starts in this timer's microtasks: the turn's one
  setTimeout(nextSpawn, 0);
}

function startGit(args: readonly string[], options: GitRunOptions, config: GitConfig): Promise<GitResult> {
  if (options.timeoutMs !== undefined || options.processGroup) return runBounded(args, options, config);
  return new Promise((resolve, reject) => {
    if (options.signal?.aborted) {
      reject(abortError());
      return;
    }
    const started = performance.now();
    let child: ChildProcess;
    try {
      spawnedNow(config);
      child = spawnGit(args, { cwd: options.cwd, env: gitEnv(options.env, options.config), signal: options.signal }, config);
    } catch (e) {
      // spawn throws at once for some bad working folders (ENOTDIR).
      reject(new GitError(`git ${args[0]} could not start in ${options.cwd}: ${(e as Error).message}`, args, null, ''));
      return;
    }
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    const onStdout = options.onStdout;
    child.stdout!.on('data', onStdout ?? ((b: Buffer) => out.push(b)));
    child.stderr!.on('data', (b: Buffer) => err.push(b));
    child.on('error', (e: Error & { code?: string }) => reject(e.name === 'AbortError' ? abortError() : spawnFailure(e, args, options.cwd, config)));
    child.on('close', (code) => {
      const stdout = Buffer.concat(out).toString('utf8');
      const stderr = Buffer.concat(err).toString('utf8');
      const exitCode = code ?? -1;
      config.log?.(`git ${describeArgs(args)} (${(performance.now() - started).toFixed(1)} ms, exit ${exitCode})`);
      if (exitCode === 0 || options.okExitCodes?.includes(exitCode)) resolve({ stdout, stderr, exitCode });
      else reject(gitFailure(args, exitCode, stderr));
    });
    if (options.input !== undefined) child.stdin!.end(options.input);
    else child.stdin!.end();
  });
}

/**
 * runGit with a timeout and/or its own process group. The caller's signal and the timeout are
 * one AbortSignal; on either, the group is stopped (so no helper is left waiting on a server) and
 * the call rejects at once rather than when the last pipe closes.
 */
function runBounded(args: readonly string[], options: GitRunOptions, config: GitConfig): Promise<GitResult> {
  const timeout = options.timeoutMs !== undefined ? AbortSignal.timeout(Math.max(1, options.timeoutMs)) : undefined;
  const signals = [options.signal, timeout].filter((s): s is AbortSignal => s !== undefined);
  const signal = signals.length > 1 ? AbortSignal.any(signals) : signals[0];
  const stopped = () => (timeout?.aborted && !options.signal?.aborted ? new GitTimeoutError(args, options.timeoutMs!) : abortError());
  if (signal?.aborted) return Promise.reject(stopped());
  // A group needs a session of its own (detached); Windows has no process groups to stop this way.
  const group = options.processGroup === true && process.platform !== 'win32';
  return new Promise((resolve, reject) => {
    let child: ChildProcess;
    try {
      spawnedNow(config);
      child = spawnGit(args, { cwd: options.cwd, env: gitEnv(options.env, options.config), detached: group }, config);
    } catch (e) {
      reject(new GitError(`git ${args[0]} could not start in ${options.cwd}: ${(e as Error).message}`, args, null, ''));
      return;
    }
    const started = performance.now();
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      fn();
    };
    const onAbort = () => {
      try {
        if (group && child.pid !== undefined) process.kill(-child.pid, 'SIGTERM');
        else child.kill();
      } catch {
        // Already gone.
      }
      config.log?.(`git ${describeArgs(args)} (${(performance.now() - started).toFixed(1)} ms, stopped)`);
      const e = stopped();
      settle(() => reject(e));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout!.on('data', options.onStdout ?? ((b: Buffer) => out.push(b)));
    child.stderr!.on('data', (b: Buffer) => err.push(b));
    child.on('error', (e: Error & { code?: string }) => {
      settle(() => reject(spawnFailure(e, args, options.cwd, config)));
    });
    child.on('close', (code) => {
      const stdout = Buffer.concat(out).toString('utf8');
      const stderr = Buffer.concat(err).toString('utf8');
      const exitCode = code ?? -1;
      settle(() => {
        config.log?.(`git ${describeArgs(args)} (${(performance.now() - started).toFixed(1)} ms, exit ${exitCode})`);
        if (exitCode === 0 || options.okExitCodes?.includes(exitCode)) resolve({ stdout, stderr, exitCode });
        else reject(new GitError(firstLine(stderr) || `git ${args[0]} exited with ${exitCode}`, args, exitCode, stderr));
      });
    });
    child.stdin!.on('error', () => undefined); // a stopped git closes its stdin under us
    if (options.input !== undefined) child.stdin!.end(options.input);
    else child.stdin!.end();
  });
}

/** Starts a git process for streaming use (cat-file --batch); the caller owns its lifetime. */
export function spawnGit(args: readonly string[], options: SpawnOptions & { cwd: string }, config: GitConfig = defaultConfig): ChildProcess {
  return spawn(config.gitPath, [...args], {
    ...options,
    env: options.env ?? gitEnv(),
    stdio: ['pipe', 'pipe', 'pipe'],
    windowsHide: true,
    shell: false,
  });
}

/** Why git could not run at all: a missing folder is reported as ENOENT too, so only blame git when the folder exists. */
function spawnFailure(e: Error & { code?: string }, args: readonly string[], cwd: string, config: GitConfig): GitError {
  if (e.code === 'ENOENT' && !existsSync(cwd)) return new GitError(`the folder ${cwd} does not exist`, args, null, '');
  if (e.code === 'ENOENT') return new GitError(`git was not found (${config.gitPath}); install Git or set its path`, args, null, '');
  return new GitError(`git ${args[0]} failed: ${e.message}`, args, null, '');
}

export function abortError(): Error {
  const e = new Error('The operation was cancelled');
  e.name = 'AbortError';
  return e;
}

function firstLine(s: string): string {
  return s.split('\n').map((l) => l.trim()).find((l) => l.length > 0)?.replace(/^(fatal|error): /, '') ?? '';
}

function describeArgs(args: readonly string[]): string {
  const shown = args.slice(0, 6).join(' ');
  return args.length > 6 ? `${shown} …(+${args.length - 6})` : shown;
}

// What the remote has that this clone lacks, and the other way round, per repository: the last
// comparison of the registry tags with the remote's (one ls-remote), kept until the next one.
// Refreshed on demand (the view's Refresh, after Fetch and Push) and in the background every few
// minutes; never in an untrusted workspace, never two at once for a repository, and a remote
// that cannot be reached is a log line and a quiet status, never a toast.
import * as vscode from 'vscode';
import { readRemoteStatus } from '../../core/actions/remoteStatus';
import { RemoteError, type RemotePort } from '../../core/remotePort';
import { countStates, type RemoteCounts } from '../../core/remoteState';
import { remoteTree, type RemoteTree } from '../../core/remoteTree';
import { GitRemote } from '../../git/remote';
import { Settings } from '../ids';
import { Disposable } from '../lifecycle';
import { log } from '../logger';
import type { Repo, RepositoryManager } from '../repositories';
import { readSettings } from '../settings';

export type RepoRemote =
  | { kind: 'compared'; tree: RemoteTree; counts: RemoteCounts }
  /** The repository has no remote: nothing to compare, nothing to say. */
  | { kind: 'none' }
  | { kind: 'failed'; remote?: string; message: string };

let active: RemoteStatusService | undefined;

/**
 * Compares `repo`'s registry tags with its remote again (after Fetch Tags, Push, a new tag). A
 * call while a comparison runs waits for it and then makes one more, so it sees what just changed.
 */
export function refreshRemoteStatus(repo: Repo): Promise<void> {
  return active?.refresh(repo) ?? Promise.resolve();
}

export class RemoteStatusService extends Disposable {
  private readonly states = new Map<string, RepoRemote>();
  private readonly running = new Map<string, Promise<void>>();
  private readonly queued = new Map<string, Promise<void>>();
  private readonly changeEmitter = this.register(new vscode.EventEmitter<Repo>());
  /** Fires when a repository's standing against its remote changed. */
  readonly onDidChange = this.changeEmitter.event;
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly repos: RepositoryManager) {
    super();
    active = this;
    this.register({
      dispose: () => {
        if (active === this) active = undefined;
        if (this.timer) clearInterval(this.timer);
      },
    });
    this.register(vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration(`${Settings.section}.${Settings.remoteAutoRefreshMinutes}`) && this.schedule()));
    this.schedule();
  }

  get(repo: Repo): RepoRemote | undefined {
    return this.states.get(repo.id);
  }

  /** Every repository the view has opened (none is opened for this). */
  async refreshAll(): Promise<void> {
    const repos = await this.repos.peek().catch(() => []);
    await Promise.all(repos.map((r) => this.refresh(r)));
  }

  refresh(repo: Repo): Promise<void> {
    // Another repository's registry is a read-only copy: nothing of it is pushed from here.
    if (!vscode.workspace.isTrusted || repo.readOnly) return Promise.resolve();
    const running = this.running.get(repo.id);
    if (running) {
      let next = this.queued.get(repo.id);
      if (!next) {
        next = running.then(() => {
          this.queued.delete(repo.id);
          return this.refresh(repo);
        });
        this.queued.set(repo.id, next);
      }
      return next;
    }
    const run = this.compare(repo).finally(() => this.running.delete(repo.id));
    this.running.set(repo.id, run);
    return run;
  }

  private schedule(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    const minutes = readSettings().remoteAutoRefreshMinutes;
    if (!Number.isFinite(minutes) || minutes <= 0) return;
    // A background tick skips a repository whose comparison still runs: never two at once.
    this.timer = setInterval(() => {
      if (!vscode.workspace.isTrusted) return;
      void this.repos.peek().then((rs) => rs.filter((r) => !this.running.has(r.id)).forEach((r) => void this.refresh(r)), () => undefined);
    }, Math.max(1, minutes) * 60_000);
  }

  private async compare(repo: Repo): Promise<void> {
    const conventions = readSettings(vscode.Uri.file(repo.root)).store.conventions;
    let state: RepoRemote;
    try {
      // The local tags the tree already read, not a second for-each-ref: the network is the one call.
      const status = await readRemoteStatus(withListedTags(new GitRemote(repo.git), repo), { conventions });
      const tree = remoteTree(status.comparison, status.localTags, conventions);
      state = { kind: 'compared', tree, counts: countStates(status.comparison) };
    } catch (e) {
      if (e instanceof RemoteError && e.kind === 'no-remote') state = { kind: 'none' };
      else {
        const message = (e as Error).message;
        log().warn(`remote status of ${repo.root}: ${message}`);
        state = { kind: 'failed', remote: e instanceof RemoteError ? e.remote : undefined, message };
      }
    }
    const before = this.states.get(repo.id);
    this.states.set(repo.id, state);
    // Rows are drawn again only when there is something to draw: no remote before and none now
    // (or none the first time, when the rows carry no marks yet) changes no row.
    if (state.kind !== 'none' || (before !== undefined && before.kind !== 'none')) this.changeEmitter.fire(repo);
  }
}

/** The port with the tree's listing as the local tags (read once for the view already). */
function withListedTags(port: GitRemote, repo: Repo): RemotePort {
  return {
    defaultRemote: (s) => port.defaultRemote(s),
    remotes: (s) => port.remotes(s),
    localTags: async (s) => (await repo.store.list(s)).tags,
    remoteTags: (r, s) => port.remoteTags(r, s),
    lastSeen: (r, s) => port.lastSeen(r, s),
    fetchTags: (r, q, s) => port.fetchTags(r, q, s),
    pushTags: (r, t, s) => port.pushTags(r, t, s),
    lastSeenRef: (r, t) => port.lastSeenRef(r, t),
  };
}

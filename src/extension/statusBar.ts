// The model version at HEAD: its tag, or "2 commits after v1.2.0"; a click reveals it.
import * as vscode from 'vscode';
import { Commands } from './ids';
import { Disposable } from './lifecycle';
import type { Repo, RepositoryManager } from './repositories';
import { parseTag } from '../core/tagGrammar';
import { readSettings } from './settings';
import { describeHead } from '../git/headVersion';
import { logCause } from './errors';

export interface HeadVersion {
  repo: Repo;
  model: string;
  version: string;
  /** Commits since that version (0 when HEAD is the version). */
  ahead: number;
  /** Other models whose versions are tagged on HEAD too (HEAD is the version: ahead is 0). */
  others: Array<{ model: string; version: string }>;
}

/** The version a Check Out put HEAD on, per repository root (kept across reloads). */
interface LastCheckout {
  model: string;
  commit: string;
}
const LAST_CHECKOUT_KEY = 'modelVersions.lastCheckout';

export class HeadStatusBar extends Disposable {
  private readonly item = this.register(vscode.window.createStatusBarItem('modelVersions.head', vscode.StatusBarAlignment.Left, 10));
  current: HeadVersion | undefined;

  constructor(
    private readonly repos: RepositoryManager,
    private readonly memory: vscode.Memento,
  ) {
    super();
    this.item.name = vscode.l10n.t('Model Version at HEAD');
    this.item.command = Commands.revealHeadVersion;
  }

  /**
   * Remembers the version the user checked out: where that commit is a version of several
   * models, the one they asked for is the one the status bar names.
   */
  noteCheckout(repo: Repo, model: string, commit: string): void {
    const all = { ...this.memory.get<Record<string, LastCheckout>>(LAST_CHECKOUT_KEY), [repo.root]: { model, commit } };
    // get() sees the new value at once; only the write to disk is left to finish.
    this.memory.update(LAST_CHECKOUT_KEY, all).then(undefined, () => undefined);
  }

  private lastCheckout(repo: Repo): LastCheckout | undefined {
    const all = this.memory.get<Record<string, LastCheckout>>(LAST_CHECKOUT_KEY);
    return all && Object.hasOwn(all, repo.root) ? all[repo.root] : undefined;
  }

  /** What the item shows, while it shows anything (the tests read it through the API). */
  get shown(): { text: string; tooltip: string } | undefined {
    return this.current ? { text: this.item.text, tooltip: String(this.item.tooltip ?? '') } : undefined;
  }

  /** Finds the newest registered version HEAD is at or after (one `git describe` per repository). */
  async update(): Promise<void> {
    let found: HeadVersion | undefined;
    try {
      for (const repo of (await this.repos.get()).filter((r) => !r.readOnly)) {
        const conventions = readSettings().store.conventions;
        const match = [...(conventions?.gto !== false ? ['*@v*'] : []), ...(conventions?.plainModel ? ['v[0-9]*'] : []), ...(conventions?.prefix ? [`${conventions.prefix}/*/v*`] : [])];
        const described = await describeHead(repo.git, match);
        if (!described) continue;
        const parsed = parseTag(described.tag, conventions);
        if (!parsed?.version) continue;
        const at = await this.versionsAtCommitOf(repo, parsed.model, parsed.version);
        const [first, ...others] = at;
        found = { repo, model: first!.model, version: first!.version, ahead: described.ahead, others: described.ahead ? [] : others };
        break;
      }
    } catch (e) {
      // No repository (or not trusted yet): no status bar item, and the reason in the log.
      logCause('status bar', e);
      found = undefined;
    }
    this.current = found;
    if (!found) {
      this.item.hide();
      return;
    }
    const more = found.others.length;
    this.item.text = found.ahead
      ? `$(tag) ${vscode.l10n.t('{0} {1} +{2}', found.model, found.version, found.ahead)}`
      : more
        ? `$(tag) ${vscode.l10n.t('{0} {1} & {2} more', found.model, found.version, more)}`
        : `$(tag) ${found.model} ${found.version}`;
    this.item.tooltip = found.ahead
      ? vscode.l10n.t('HEAD is {0} commits after {1} {2}. Click to reveal it.', found.ahead, found.model, found.version)
      : more
        ? vscode.l10n.t('HEAD is {0}. Click to reveal {1} {2}.', namesAtHead(found), found.model, found.version)
        : vscode.l10n.t('HEAD is {0} {1}. Click to reveal it.', found.model, found.version);
    this.item.accessibilityInformation = { label: this.item.tooltip as string };
    this.item.show();
  }

  /**
   * Every model's version on the commit of `model version`, in the tree's order, with the one
   * the user last checked out first: describe names whichever tag is newest, which is no order.
   */
  private async versionsAtCommitOf(repo: Repo, model: string, version: string): Promise<Array<{ model: string; version: string }>> {
    const { models } = await repo.store.list();
    const commit = models.find((m) => m.name === model)?.versions.find((v) => v.version === version)?.commit;
    // Versions are highest first: a commit registered twice shows its higher version.
    const at = commit ? await repo.store.versionsAt(commit) : [];
    // A deregistered version that describe still finds is named when nothing else is there.
    if (at.length === 0) at.push({ model, version });
    const last = this.lastCheckout(repo);
    const i = last && last.commit === commit ? at.findIndex((a) => a.model === last.model) : -1;
    if (i > 0) at.unshift(...at.splice(i, 1));
    return at;
  }
}

/** Names shown in the tooltip at most: a release of every model puts thousands on one commit. */
const TOOLTIP_NAMES = 10;

function namesAtHead(found: HeadVersion): string {
  const all = [{ model: found.model, version: found.version }, ...found.others];
  const names = all.slice(0, TOOLTIP_NAMES).map((o) => `${o.model} ${o.version}`).join(', ');
  return all.length > TOOLTIP_NAMES ? vscode.l10n.t('{0} and {1} more', names, (all.length - TOOLTIP_NAMES).toLocaleString('en-US')) : names;
}

// The model version at HEAD: its tag, or "2 commits after v1.2.0"; a click reveals it.
import * as vscode from 'vscode';
import { Commands } from './ids';
import { Disposable } from './lifecycle';
import type { Repo, RepositoryManager } from './repositories';
import { parseTag } from '../core/tagGrammar';
import { readSettings } from './settings';

export interface HeadVersion {
  repo: Repo;
  model: string;
  version: string;
  /** Commits since that version (0 when HEAD is the version). */
  ahead: number;
  /** Other models whose versions are tagged on HEAD too (HEAD is the version: ahead is 0). */
  others: Array<{ model: string; version: string }>;
}

export class HeadStatusBar extends Disposable {
  private readonly item = this.register(vscode.window.createStatusBarItem('modelVersions.head', vscode.StatusBarAlignment.Left, 10));
  current: HeadVersion | undefined;

  constructor(private readonly repos: RepositoryManager) {
    super();
    this.item.name = vscode.l10n.t('Model Version at HEAD');
    this.item.command = Commands.revealHeadVersion;
  }

  /** Finds the newest registered version HEAD is at or after (one `git describe` per repository). */
  async update(): Promise<void> {
    let found: HeadVersion | undefined;
    try {
      for (const repo of await this.repos.get()) {
        const conventions = readSettings().store.conventions;
        const match = [...(conventions?.gto !== false ? ['*@v*'] : []), ...(conventions?.plainModel ? ['v[0-9]*'] : []), ...(conventions?.prefix ? [`${conventions.prefix}/*/v*`] : [])];
        if (!match.length) continue;
        const r = await repo.git.run(['describe', '--tags', '--long', '--abbrev=7', ...match.flatMap((m) => ['--match', m]), 'HEAD'], undefined, { okExitCodes: [128] });
        const m = /^(.*)-(\d+)-g[0-9a-f]+$/.exec(r.stdout.trim());
        if (r.exitCode !== 0 || !m) continue;
        const parsed = parseTag(m[1]!, conventions);
        if (!parsed?.version) continue;
        found = { repo, model: parsed.model, version: parsed.version, ahead: Number(m[2]), others: [] };
        if (found.ahead === 0) {
          // describe names one tag; a commit that is a version of several models says so.
          const at = await repo.git.run(['tag', '--points-at', 'HEAD']).catch(() => ({ stdout: '' }));
          const seen = new Set([found.model]);
          for (const name of at.stdout.split('\n').filter(Boolean).sort()) {
            const t = parseTag(name, conventions);
            if (t?.action !== 'register' || !t.version || seen.has(t.model)) continue;
            seen.add(t.model);
            found.others.push({ model: t.model, version: t.version });
          }
        }
        break;
      }
    } catch {
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
        ? vscode.l10n.t('HEAD is {0}. Click to reveal {1} {2}.', [`${found.model} ${found.version}`, ...found.others.map((o) => `${o.model} ${o.version}`)].join(', '), found.model, found.version)
        : vscode.l10n.t('HEAD is {0} {1}. Click to reveal it.', found.model, found.version);
    this.item.accessibilityInformation = { label: this.item.tooltip as string };
    this.item.show();
  }
}

// `checkout`: the version's Git files, and its DVC outputs and LFS files from this machine's
// caches; `--files-only` restores just the model's files, HEAD unmoved. The core decides and does;
// this asks nothing and prints what happened.
import { checkOutVersion } from '../core/actions/checkout';
import { restoreModelFiles } from '../core/actions/restore';
import { pullableFiles } from '../core/actions/pullObjects';
import { versionContent } from '../core/actions/versionContent';
import { isWorkingTree } from '../core/types';
import { safeMultiline, safeText } from '../core/render/format';
import { UsageError } from './args';
import type { CliContext } from './context';
import { LocalStorage } from '../git/dvcStorage';
import { GitCheckoutPort, SafetyError } from '../git/worktree';

export async function checkoutCommand(ctx: CliContext, operand: string, opts: { stash: boolean; branch?: string; filesOnly: boolean; pull?: boolean }): Promise<number> {
  if (opts.filesOnly && (opts.stash || opts.branch !== undefined)) throw new UsageError('--files-only does not move HEAD; it cannot be combined with --stash or --branch');
  if (ctx.repo.bare) throw new SafetyError('this is a bare repository, with no working tree to check a version out into; use git worktree add or a clone');
  const resolved = await ctx.store.resolve(operand);
  if (isWorkingTree(resolved)) throw new UsageError('the working tree is already checked out');
  const commit = resolved.commit;
  if (!commit) throw new SafetyError(`${resolved.label} has no Git commit to check out: its MLflow run recorded none`);
  const content = await versionContent(ctx.store, { ...resolved, commit });
  const port = new GitCheckoutPort(ctx.repo, new LocalStorage(ctx.repo.root));
  try {
    if (opts.filesOnly) {
      const outcome = await restoreModelFiles(port, { commit, label: resolved.label, pull: opts.pull }, content);
      const restored = outcome.restored;
      ctx.io.out(`Restored ${restored.length} path${restored.length === 1 ? '' : 's'} of ${resolved.label} (${commit.slice(0, 7)}); HEAD did not move:\n`);
      for (const p of restored) ctx.io.out(`  ${safeText(p)}\n`);
      for (const m of outcome.messages) ctx.io.out(safeMultiline(m) + '\n');
      if (!opts.pull && pullableFiles(outcome.files.plan.missing).length) ctx.io.out(`Pull them here: model-versions checkout ${safeText(resolved.label)} --files-only --pull\n`);
      return 0;
    }
    const outcome = await checkOutVersion(port, { commit, label: resolved.label, stash: opts.stash, branch: opts.branch, pull: opts.pull }, content);
    for (const m of outcome.messages) ctx.io.out(safeMultiline(m) + '\n');
    if (!opts.pull && pullableFiles(outcome.files.plan.missing).length) {
      ctx.io.out(`Pull them here: model-versions checkout ${safeText(resolved.label)} --files-only --pull\n`);
    }
    return 0;
  } finally {
    port.dispose();
  }
}

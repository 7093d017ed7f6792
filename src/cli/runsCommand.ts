// `model-versions runs [--json]`: the MLflow and W&B runs that no version claims, per experiment.
import { groupLabel, unclaimedRuns, type UnclaimedRuns } from '../core/unclaimedRuns';
import { formatNumber, safeText } from '../core/render/format';
import { formatValue } from '../core/flatten';
import { runName } from '../core/allVersions';
import { reportDiagnostics, toJson, type CliContext } from './context';
import type { RunSummary } from '../core/types';

/** Reads the listing and the run stores, and works out which runs no version claims. */
export async function readUnclaimedRuns(ctx: CliContext): Promise<UnclaimedRuns> {
  const [listing, stores] = await Promise.all([ctx.store.list(), ctx.store.runs()]);
  reportDiagnostics(ctx.io, stores.diagnostics);
  return unclaimedRuns([...listing.models, ...listing.datasets], stores);
}

export async function runsCommand(ctx: CliContext, opts: { json: boolean }): Promise<number> {
  const u = await readUnclaimedRuns(ctx);
  ctx.io.out(opts.json ? toJson(ctx.io, runsJson(u)) : renderRuns(u));
  return 0;
}

/** The `runs --json` contract (docs/cli.md). */
export function runsJson(u: UnclaimedRuns) {
  return {
    total: u.total,
    unclaimed: u.groups.reduce((n, g) => n + g.runs.length, 0),
    experiments: u.groups.map((g) => ({
      source: g.source,
      experiment: g.experiment,
      runs: g.runs.map((r) => ({
        id: r.id,
        name: r.name ?? null,
        status: r.status ?? null,
        startedAt: r.startedAt ?? null,
        commit: r.gitCommit ?? null,
        location: r.location,
        params: r.params,
        metrics: r.metrics,
      })),
    })),
  };
}

function renderRuns(u: UnclaimedRuns): string {
  const unclaimed = u.groups.reduce((n, g) => n + g.runs.length, 0);
  if (u.total === 0) return 'No MLflow or W&B runs in this repository (mlruns/, mlflow.db, wandb/).\n';
  if (unclaimed === 0) return `Every run (${u.total}) belongs to a version.\n`;
  const lines = [`Runs no version claims: ${unclaimed} of ${u.total}`];
  for (const g of u.groups) {
    lines.push('', `${safeText(groupLabel(g))} (${g.runs.length === 1 ? '1 run' : `${g.runs.length} runs`})`);
    for (const r of g.runs) lines.push(...runLines(r));
  }
  lines.push('', 'Compare them: the Unclaimed runs group in the editor; register one: model-versions tag <model> vX.Y.Z on its commit.');
  return lines.join('\n') + '\n';
}

function runLines(r: RunSummary): string[] {
  const head = [runName(r), r.name ? r.id.slice(0, 8) : '', r.status ?? '', r.startedAt?.slice(0, 10) ?? '', r.gitCommit ? `commit ${r.gitCommit.slice(0, 7)}` : 'no commit recorded'].filter(Boolean);
  const params = Object.entries(r.params).map(([k, v]) => `${k}=${formatValue(v)}`);
  const metrics = Object.entries(r.metrics).map(([k, v]) => `${k}=${formatNumber(v)}`);
  const out = [`  ${safeText(head.join('  '))}`];
  if (params.length) out.push(`      params: ${safeText(params.join(', '))}`);
  if (metrics.length) out.push(`      metrics: ${safeText(metrics.join(', '))}`);
  return out;
}

// `model-versions list`: models, their versions newest first, latest and stages.
import type { ModelSummary } from '../core/modelStore';
import { dayOf, safeText } from '../core/render/format';
import type { CliContext } from './context';
import { MISSING_OBJECT } from '../git/refs';
import { reportDiagnostics, toJson } from './context';

export async function listCommand(ctx: CliContext, opts: { json: boolean; all: boolean }): Promise<number> {
  const listing = await ctx.store.list();
  if (opts.json) {
    ctx.io.out(toJson(ctx.io, { repository: ctx.repo.root, models: listing.models.map(modelJson), diagnostics: listing.diagnostics }));
    return 0;
  }
  reportDiagnostics(ctx.io, listing.diagnostics);
  if (listing.diagnostics.some((d) => d.message.includes(`a ${MISSING_OBJECT},`)) && (await ctx.repo.isShallow().catch(() => false))) {
    ctx.io.err('note: this is a shallow clone; fetch the missing commits with: git fetch --unshallow --tags\n');
  }
  const models = opts.all ? listing.models : listing.models.filter((m) => !m.deprecated);
  if (models.length === 0) {
    ctx.io.out(listing.models.length ? 'Only deprecated models here (list --all shows them).\n' : 'No models found: no GTO tags, model.yaml manifests or dvc.yaml artifacts.\n');
    return 0;
  }
  const lines: string[] = [];
  for (const m of models) {
    const stages = Object.entries(m.stages).map(([s, v]) => `${s}: ${short(v)}`).join(', ');
    lines.push(`${safeText(m.name)}${m.deprecated ? ' (deprecated)' : ''}  latest ${m.latest ?? '—'}${stages ? `  ${safeText(stages)}` : ''}`);
    const versions = opts.all ? m.versions : m.versions.filter((v) => v.active);
    for (const v of versions) {
      const date = dayOf(v.date).padEnd(10);
      const flags = [v.stages.length ? `[${v.stages.join(', ')}]` : '', !v.active ? '(deregistered)' : '', !v.registered ? '(commit, not registered)' : '']
        .filter(Boolean)
        .join(' ');
      lines.push(`  ${short(v.version).padEnd(12)} ${date}  ${v.commit.slice(0, 7)}  ${safeText(flags)}`.trimEnd());
    }
  }
  ctx.io.out(lines.join('\n') + '\n');
  return 0;
}

function short(v: string): string {
  return /^[0-9a-f]{40,64}$/.test(v) ? v.slice(0, 7) : v;
}

/** The `list --json` contract (docs/cli.md). */
export function modelJson(m: ModelSummary) {
  return {
    name: m.name,
    latest: m.latest,
    deprecated: m.deprecated,
    stages: m.stages,
    definition: m.definition ? { kind: m.definition.kind, file: m.definition.file } : null,
    versions: m.versions.map((v) => ({
      version: v.version,
      tag: v.tag ?? null,
      commit: v.commit,
      date: v.date ? new Date(v.date * 1000).toISOString() : null,
      registered: v.registered,
      deregistered: v.registered && !v.active,
      stages: v.stages,
      message: v.message ?? null,
    })),
  };
}

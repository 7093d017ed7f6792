// `model-versions list`: models, their versions newest first, latest and stages.
import { shortVersion } from '../core/versionLabel';
import type { ModelSummary } from '../core/modelStore';
import { dayOf, safeText } from '../core/render/format';
import type { CliContext } from './context';
import { MISSING_OBJECT } from '../git/refs';
import { reportDiagnostics, toJson } from './context';
import { gtoConfigOf } from './lifecycleCommands';
import { orderStageMap } from '../core/gtoConfig';

export async function listCommand(ctx: CliContext, opts: { json: boolean; all: boolean }): Promise<number> {
  const listing = await ctx.store.list();
  // `.gto`'s stage order, as gto show prints its columns.
  const config = await gtoConfigOf(ctx);
  if (config.stages) for (const m of listing.models) m.stages = orderStageMap(config, m.stages);
  if (opts.json) {
    if (ctx.io.interactive) {
      ctx.io.out(toJson(ctx.io, { repository: ctx.repo.root, models: listing.models.map(modelJson), datasets: listing.datasets.map(modelJson), diagnostics: listing.diagnostics }));
      return 0;
    }
    // Compact JSON is the same text piece by piece: each model's version objects are made, written
    // and dropped in turn instead of all ten thousand living until one stringify of the whole.
    const models = listing.models.map((m) => JSON.stringify(modelJson(m)));
    const datasets = listing.datasets.map((m) => JSON.stringify(modelJson(m)));
    ctx.io.out(`{"repository":${JSON.stringify(ctx.repo.root)},"models":[${models.join(',')}],"datasets":[${datasets.join(',')}],"diagnostics":${JSON.stringify(listing.diagnostics)}}\n`);
    return 0;
  }
  reportDiagnostics(ctx.io, listing.diagnostics);
  if (listing.diagnostics.some((d) => d.message.includes(`a ${MISSING_OBJECT},`)) && (await ctx.repo.isShallow().catch(() => false))) {
    ctx.io.err('note: this is a shallow clone; fetch the missing commits with: git fetch --unshallow --tags\n');
  }
  const models = opts.all ? listing.models : listing.models.filter((m) => !m.deprecated);
  const datasets = opts.all ? listing.datasets : listing.datasets.filter((m) => !m.deprecated);
  const lines: string[] = [];
  if (models.length === 0) {
    lines.push(
      listing.models.length
        ? 'Only deprecated models here (list --all shows them).'
        : listing.datasets.length
          ? 'No models found, only datasets.'
          : 'No models found: no GTO tags, model.yaml manifests or dvc.yaml artifacts.',
    );
  }
  lines.push(...modelLines(models, opts.all));
  // Declared `type: dataset`: versioned like models, but not models.
  if (datasets.length) lines.push('', 'Datasets (type: dataset)', ...modelLines(datasets, opts.all).map((l) => `  ${l}`));
  ctx.io.out(lines.join('\n') + '\n');
  return 0;
}

/** Each model's line (latest, stages), then its versions. */
export function modelLines(models: readonly ModelSummary[], all: boolean): string[] {
  const lines: string[] = [];
  for (const m of models) {
    const stages = Object.entries(m.stages).map(([s, v]) => `${s}: ${shortVersion(v)}`).join(', ');
    lines.push(`${safeText(m.name)}${m.deprecated ? ' (deprecated)' : ''}${m.origin === 'mlflow' ? ' (MLflow registry)' : ''}  latest ${m.latest ?? '—'}${stages ? `  ${safeText(stages)}` : ''}`);
    const versions = all ? m.versions : m.versions.filter((v) => v.active);
    for (const v of versions) {
      const date = dayOf(v.date).padEnd(10);
      const flags = [
        v.stages.length ? `[${v.stages.join(', ')}]` : '',
        v.mlflow ? `(MLflow${m.origin === 'mlflow' ? '' : ' registry'})` : '',
        !v.active ? '(deregistered)' : '',
        !v.registered ? '(commit, not registered)' : '',
      ]
        .filter(Boolean)
        .join(' ');
      lines.push(`  ${shortVersion(v.version).padEnd(12)} ${date}  ${v.commit ? v.commit.slice(0, 7) : 'no commit'}  ${safeText(flags)}`.trimEnd());
    }
  }
  return lines;
}

/** The `list --json` contract (docs/cli.md). */
export function modelJson(m: ModelSummary) {
  return {
    name: m.name,
    latest: m.latest,
    deprecated: m.deprecated,
    stages: m.stages,
    definition: m.definition ? { kind: m.definition.kind, file: m.definition.file } : null,
    ...(m.type !== undefined ? { type: m.type } : {}),
    ...(m.origin ? { origin: m.origin } : {}),
    versions: m.versions.map((v) => {
      const out: Record<string, unknown> = {
        version: v.version,
        tag: v.tag ?? null,
        // An MLflow version whose run recorded no commit has none.
        commit: v.commit || null,
        date: v.date ? isoDate(v.date) : null,
        registered: v.registered,
        deregistered: v.registered && !v.active,
        stages: v.stages,
        message: v.message ?? null,
      };
      // Set, not spread: ten thousand tagged versions keep one object shape.
      if (v.mlflow) out.mlflow = v.mlflow;
      return out;
    }),
  };
}

/** Unix seconds up to the year 9999: what Date#toISOString gives; others go through Date. */
const LAST_SECOND_OF_9999 = 253_402_300_799;

/**
 * `new Date(seconds * 1000).toISOString()`, computed: ten thousand versions make ten thousand
 * dates, and V8 formats each in its runtime (some 9,000 instructions apiece) where this takes a
 * few hundred. Whole seconds from 1970 to 9999 only (tag dates are); anything else takes Date.
 */
export function isoDate(seconds: number): string {
  if (!Number.isInteger(seconds) || seconds < 0 || seconds > LAST_SECOND_OF_9999) return new Date(seconds * 1000).toISOString();
  const days = Math.floor(seconds / 86400);
  const rest = seconds - days * 86400;
  // Days to a civil date (Howard Hinnant's days_from_civil, inverted), March-based years.
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  const hour = Math.floor(rest / 3600);
  const minute = Math.floor((rest % 3600) / 60);
  const second = rest % 60;
  // One flat string from its character codes, without the pieces a template would make.
  return String.fromCharCode(
    d(year, 1000), d(year, 100), d(year, 10), d(year, 1), 45, d(month, 10), d(month, 1), 45, d(day, 10), d(day, 1),
    84, d(hour, 10), d(hour, 1), 58, d(minute, 10), d(minute, 1), 58, d(second, 10), d(second, 1), 46, 48, 48, 48, 90,
  );
}

/** The character code of the digit of `n` at `place` (1000, 100, 10 or 1). */
function d(n: number, place: number): number {
  return 48 + (Math.floor(n / place) % 10);
}

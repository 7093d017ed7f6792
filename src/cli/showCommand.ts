// `model-versions show <model>@<version>`: one version's record.
import { flatten, formatValue } from '../core/flatten';
import { ALGORITHM_LABEL, availabilityLabel, hashSourceLabel, remoteStorageLabel, safeText, SECTION_TITLE, shortHash, valueOriginLabel } from '../core/render/format';
import { isWorkingTree, type TrackedFile, type VersionRecord } from '../core/types';
import type { ModelSummary } from '../core/modelStore';
import { reportDiagnostics, type CliContext, toJson } from './context';
import { modelJson, modelLines } from './listCommand';
import { shortVersion } from '../core/versionLabel';
import { gtoConfigOf } from './lifecycleCommands';
import { orderStageMap } from '../core/gtoConfig';

export async function showCommand(ctx: CliContext, operand: string, opts: { json: boolean }): Promise<number> {
  // `show churn` names a model, not a version: its versions, as `gto show churn` lists them.
  if (!/[@#]/.test(operand)) {
    const model = await ctx.store.model(operand);
    const config = await gtoConfigOf(ctx);
    // `.gto`'s stage order, as list prints it.
    return showModel(ctx, config.stages ? { ...model, stages: orderStageMap(config, model.stages) } : model, opts);
  }
  const resolved = await ctx.store.resolve(operand);
  const record = await ctx.store.record(resolved);
  reportDiagnostics(ctx.io, record.diagnostics, { version: resolved.label });
  if (opts.json) {
    const stage = resolved.stage ? { stage: resolved.stage.name, stageTag: resolved.stage.tag ?? null } : { stage: null };
    ctx.io.out(toJson(ctx.io, { ...record, tag: resolved.tag?.name ?? null, ...stage, mlflow: resolved.registryVersion?.mlflow ?? null, configs: configsJson(record) }, jsonReplacer));
    return 0;
  }
  const mlflow = resolved.registryVersion?.mlflow;
  const origin = mlflow ? `MLflow registry version in ${mlflow.store}${mlflow.aliases.length ? `, aliases ${mlflow.aliases.join(', ')}` : ''}${mlflow.stage ? `, stage ${mlflow.stage}` : ''}` : undefined;
  ctx.io.out(renderRecordText(record, resolved.tag?.name, origin, resolved.stage) + '\n');
  return 0;
}

function showModel(ctx: CliContext, model: ModelSummary, opts: { json: boolean }): number {
  if (opts.json) {
    ctx.io.out(toJson(ctx.io, modelJson(model)));
    return 0;
  }
  const lines = modelLines([model], false);
  const latest = model.latest ? `${model.name}@${shortVersion(model.latest)}` : undefined;
  if (latest) lines.push('', `show ${safeText(latest)} says what the latest version is made of`);
  ctx.io.out(lines.join('\n') + '\n');
  return 0;
}

/**
 * Where the metrics (or params) files were read: each one from DVC storage, each one not read and
 * why; files in Git are named only when `onlyDvc` is false and something else is said.
 */
function fileNotes(r: VersionRecord, files: readonly TrackedFile[], onlyDvc: boolean): string[] {
  const t = (s: string) => safeText(s);
  const lines: string[] = [];
  const fromDvc = files.some((f) => f.origin);
  for (const f of files) {
    if (!f.present) lines.push(`${t(f.path)}: ${t(f.missing ?? 'not in Git at this version')}`);
    else if (f.origin) lines.push(`(${t(valueOriginLabel({ file: f.path, from: f.origin.kind, out: f.origin.out, sourceFile: f.origin.sourceFile, stage: f.origin.stage, remote: f.origin.remote }))})`);
    else if (fromDvc && !onlyDvc) lines.push(`(${t(`${f.path} ${isWorkingTree(r) ? 'on disk' : 'in Git'}`)})`);
  }
  return lines;
}

function configsJson(r: VersionRecord) {
  return Object.fromEntries(Object.entries(r.configs).map(([k, c]) => [k, { path: c.path, present: c.present, oid: c.oid ?? null, values: c.values ?? null }]));
}

/** JSON.stringify cannot write BigInt or NaN; both become strings rather than errors. */
export function jsonReplacer(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  return value;
}

/** The text of `show`; `stage` is the stage the operand named (`churn#prod`), said first. */
export function renderRecordText(r: VersionRecord, tag?: string, origin?: string, stage?: { name: string; tag?: string }): string {
  const lines: string[] = [];
  const t = (s: string) => safeText(s);
  const tags = [tag && tag !== r.version ? `tag ${t(tag)}` : '', stage?.tag ? `stage tag ${t(stage.tag)}` : ''].filter(Boolean).join(', ');
  lines.push(`${t(r.model)} ${t(r.version)}${stage ? ` — stage ${t(stage.name)}` : ''}${tags ? `  (${tags})` : ''}${origin ? `  (${t(origin)})` : ''}`);
  if (r.description) lines.push(`  ${t(r.description)}`);
  if (r.framework) lines.push(`  framework: ${t(r.framework)}`);
  if (r.labels?.length) lines.push(`  labels: ${r.labels.map(t).join(', ')}`);
  const section = (title: string, rows: string[]) => {
    if (!rows.length) return;
    lines.push('', title);
    for (const row of rows) lines.push(`  ${row}`);
  };
  section('Hyperparameters', [...flatten(r.hyperparameters)].map(([k, v]) => `${t(k)} = ${t(formatValue(v))}`).concat(fileNotes(r, r.paramsFiles ?? [], true)));
  for (const c of Object.values(r.configs)) {
    const rows = !c.present ? ['(not in Git at this version)'] : c.values ? [...flatten(c.values)].map(([k, v]) => `${t(k)} = ${t(formatValue(v))}`) : [`blob ${shortHash(c.oid)}`];
    section(`Config ${t(c.path)}`, rows);
  }
  const hashRows = (entries: VersionRecord['data']) =>
    Object.values(entries).map((e) => {
      const hash = e.hash ? `${shortHash(e.hash)} ${ALGORITHM_LABEL[e.algorithm]}` : e.remote ? 'no hash' : '(no hash)';
      // A URI is remote storage: say so instead of leaving "no hash" to read as "missing from Git".
      const where = e.remote ? `in ${t(remoteStorageLabel(e)!)}, ` : '';
      return `${t(e.path)}  ${e.remote ? `${where}${hash}` : hash}  from ${t(hashSourceLabel(e))}${e.role ? `  (${e.role})` : ''}${availabilityLabel(e) ? `  [${t(availabilityLabel(e))}]` : ''}`;
    });
  // Inputs, then what the pipeline wrote: the diff's order (SECTIONS).
  section(SECTION_TITLE.data, hashRows(r.data));
  section(SECTION_TITLE.code, hashRows(r.code.files ?? {}));
  section(SECTION_TITLE.weights, hashRows(r.weights));
  section(SECTION_TITLE.outputs, hashRows(r.outputs ?? {}));
  // Params changed since the pipeline ran: the metrics are of another run, not better or worse.
  const staleNote = r.stale ? [`stale: params changed since dvc.lock (${r.stale.params.map(t).join(', ')}); dvc repro updates the metrics`] : [];
  section('Metrics', [...staleNote, ...Object.entries(r.metrics).map(([k, v]) => `${t(k)} = ${v}`), ...fileNotes(r, r.metricsFiles, false)]);
  section(SECTION_TITLE.plots, hashRows(r.plots ?? {}));
  for (const run of r.runs) {
    const title = `${run.source === 'mlflow' ? 'MLflow' : 'W&B'} run ${t(run.name ? `${run.name} (${run.id})` : run.id)}`;
    section(title, [
      [run.experiment ? `experiment ${t(run.experiment)}` : '', run.status ? t(run.status.toLowerCase()) : '', run.startedAt ?? '', t(run.location)].filter(Boolean).join('  '),
      ...[...flatten(run.params)].map(([k, v]) => `param ${t(k)} = ${t(formatValue(v))}`),
      ...Object.entries(run.metrics).map(([k, v]) => `metric ${t(k)} = ${v}`),
    ]);
  }
  const c = r.code;
  section('Commit', [
    ...(c.commit ? [`${c.commit}`] : [r.version === 'workdir' ? 'working tree' : 'no commit known']),
    ...(c.author ? [`${t(c.author)}${c.authorEmail ? ` <${t(c.authorEmail)}>` : ''}  ${c.date ?? ''}`] : []),
    ...(c.message ? [t(c.message.split('\n')[0]!)] : []),
    ...(c.tagMessage ? [`tag message: ${t(c.tagMessage.split('\n')[0]!)}`] : []),
  ]);
  return lines.join('\n');
}

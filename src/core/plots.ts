// DVC plots without DVC (#16 item 2): the `plots:` of dvc.yaml (top level and per stage) with
// their x/y fields and templates, and each plot's data at every compared version, as chart models
// with one series per version (overlaid on the plot's own x axis). Data files are read through a
// version's FileSource, so they come from Git or, for DVC outputs, from the DVC cache.
import { isMap, parseStructured, parseYaml } from './structuredText';
import { resolveRepoPath } from './repoPath';
import type { FileSource } from './fileSource';
import { valueDomain, type ChartModel } from './chartModel';
import { MAX_CURVE_POINTS } from './diffTable';
import { thinPoints } from './chartModel';

export type PlotTemplate = 'linear' | 'simple' | 'scatter' | 'smooth' | 'confusion' | 'confusion_normalized' | 'bar_horizontal' | 'bar_horizontal_sorted' | string;

/** One plot as dvc.yaml defines it: files with the field each gives for x and for y. */
export interface PlotDefinition {
  id: string;
  title: string;
  template: PlotTemplate;
  /** file → y field (several files may draw into one plot); x field per file or shared. */
  sources: Array<{ file: string; x?: string; y: string }>;
}

/** Plot data files read at most, per version: a plot file is a table, not a dataset. */
const MAX_PLOT_BYTES = 2 * 1024 * 1024;
const DATA_FILE = /\.(csv|tsv|json|ya?ml)$/i;

/** The plots a dvc.yaml defines, relative to the repository (its folder is `folder`). */
export function plotDefinitions(value: unknown, folder: string): PlotDefinition[] {
  if (!isMap(value)) return [];
  const out: PlotDefinition[] = [];
  const add = (entry: unknown, base: string) => {
    if (typeof entry === 'string') return addFile(entry, {}, base);
    if (!isMap(entry)) return;
    for (const [id, def] of Object.entries(entry)) {
      const d = isMap(def) ? def : {};
      const ys = d.y;
      const xs = d.x;
      const template = typeof d.template === 'string' ? d.template : 'linear';
      const title = typeof d.title === 'string' ? d.title : id;
      if (isMap(ys)) {
        // Several files into one plot: `y: {a.csv: acc, b.csv: [acc, loss]}`.
        const sources: PlotDefinition['sources'] = [];
        for (const [file, fields] of Object.entries(ys)) {
          const path = resolveRepoPath(base, file);
          if (!path.ok || !DATA_FILE.test(path.path)) continue;
          const x = isMap(xs) ? (typeof xs[file] === 'string' ? (xs[file] as string) : undefined) : typeof xs === 'string' ? xs : undefined;
          for (const y of Array.isArray(fields) ? fields : [fields]) if (typeof y === 'string') sources.push({ file: path.path, y, ...(x ? { x } : {}) });
        }
        if (sources.length) out.push({ id, title, template, sources });
      } else addFile(id, d, base);
    }
  };
  const addFile = (file: string, d: Record<string, unknown>, base: string) => {
    const path = resolveRepoPath(base, file);
    if (!path.ok || !DATA_FILE.test(path.path)) return;
    const x = typeof d.x === 'string' ? d.x : undefined;
    const y = typeof d.y === 'string' ? d.y : undefined;
    out.push({ id: path.path, title: typeof d.title === 'string' ? d.title : path.path, template: typeof d.template === 'string' ? d.template : 'linear', sources: [{ file: path.path, y: y ?? '', ...(x ? { x } : {}) }] });
  };
  for (const p of Array.isArray(value.plots) ? value.plots : []) add(p, folder);
  if (isMap(value.stages)) {
    for (const stage of Object.values(value.stages)) {
      if (!isMap(stage) || !Array.isArray(stage.plots)) continue;
      const base = typeof stage.wdir === 'string' && !/^\.\/?$/.test(stage.wdir) ? resolveRepoPath(folder, stage.wdir) : { ok: true as const, path: folder };
      if (!base.ok) continue;
      for (const p of stage.plots) add(p, base.path);
    }
  }
  return out;
}

/** Rows of a plot data file: CSV or TSV with a header, a JSON list of objects (or one list in an object), YAML alike. */
export function plotRows(path: string, text: string): Array<Record<string, unknown>> {
  if (/\.(csv|tsv)$/i.test(path)) {
    const sep = /\.tsv$/i.test(path) ? '\t' : ',';
    const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
    const head = splitLine(lines[0] ?? '', sep);
    return lines.slice(1).map((l) => {
      const cells = splitLine(l, sep);
      const row: Record<string, unknown> = {};
      head.forEach((h, i) => Object.defineProperty(row, h, { value: cells[i], enumerable: true }));
      return row;
    });
  }
  const parsed = /\.ya?ml$/i.test(path) ? parseYaml(path, text) : parseStructured(path, text);
  const v = parsed.value;
  const list = Array.isArray(v) ? v : isMap(v) ? Object.values(v).find(Array.isArray) : undefined;
  return (list ?? []).filter(isMap);
}

/** A CSV line's fields; quoted fields may hold the separator. */
function splitLine(line: string, sep: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') (cur += '"'), i++;
      else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === sep) (out.push(cur), (cur = ''));
    else cur += c;
  }
  out.push(cur);
  return out.map((s) => s.trim());
}

/** A field's number, or null. */
function num(v: unknown): number | null {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : null;
}

/**
 * The plots of dvc.yaml at each compared version, as step-axis chart models with a series per
 * version (and per file and field where a plot draws several). The definitions come from the
 * last version that has them (the newest compared); a version without a file has no series.
 */
export async function readPlots(sources: readonly FileSource[], labels: readonly string[], dvcYaml = 'dvc.yaml'): Promise<{ charts: ChartModel[]; notes: string[] }> {
  const notes: string[] = [];
  let definitions: PlotDefinition[] = [];
  for (let i = sources.length - 1; i >= 0 && !definitions.length; i--) {
    const r = await sources[i]!.read(dvcYaml, MAX_PLOT_BYTES);
    if (r.kind === 'file') definitions = plotDefinitions(parseYaml(dvcYaml, r.text).value, dvcYaml.includes('/') ? dvcYaml.slice(0, dvcYaml.lastIndexOf('/')) : '');
  }
  const charts: ChartModel[] = [];
  for (const def of definitions) {
    if (def.template.startsWith('confusion')) {
      notes.push(`${def.title}: the ${def.template} template is not drawn yet; its data is in the Plots data section`);
      continue;
    }
    const series: ChartModel['series'] = [];
    let xName: string | undefined;
    for (let v = 0; v < sources.length; v++) {
      for (const src of def.sources) {
        const r = await sources[v]!.read(src.file, MAX_PLOT_BYTES);
        if (r.kind !== 'file') continue;
        const rows = plotRows(src.file, r.text);
        if (!rows.length) continue;
        const fields = Object.keys(rows[0]!);
        // DVC's defaults: y is the last field, x the row's index (`step` when there is one).
        const y = src.y || fields[fields.length - 1]!;
        const x = src.x ?? (fields.includes('step') ? 'step' : undefined);
        const points: Array<[number, number]> = [];
        rows.forEach((row, i) => {
          const xv = x ? num(Object.hasOwn(row, x) ? row[x] : undefined) : i;
          const yv = num(Object.hasOwn(row, y) ? row[y] : undefined);
          if (xv !== null && yv !== null) points.push([xv, yv]);
        });
        if (!points.length) continue;
        xName ??= x ?? 'row';
        const many = def.sources.length > 1;
        series.push({ name: many ? `${labels[v]} ${src.file}:${y}` : labels[v]!, colour: v, values: [], points: thinPoints(points, MAX_CURVE_POINTS) });
      }
    }
    if (!series.length) continue;
    const xs = series.flatMap((s) => s.points!.map((p) => p[0]));
    const ys = series.flatMap((s) => s.points!.map((p) => p[1]));
    const minX = xs.reduce((a, b) => Math.min(a, b), Infinity);
    const maxX = xs.reduce((a, b) => Math.max(a, b), -Infinity);
    charts.push({ id: `plot:${def.id}`, kind: 'steps', title: def.title, categories: [], series, y: valueDomain(ys), x: minX === maxX ? { min: minX - 1, max: maxX + 1 } : { min: minX, max: maxX }, xName: xName ?? 'row', ...(def.template === 'scatter' ? { scatter: true } : {}) });
  }
  return { charts, notes };
}

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
/** Image plots DVC shows as they are; drawn as <img> from a data: URI, an SVG never inline (an image runs no script). */
const IMAGE_TYPES: Readonly<Record<string, string>> = { png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', gif: 'image/gif', svg: 'image/svg+xml' };
const IMAGE_FILE = /\.(png|jpe?g|gif|svg)$/i;
/** An image plot read at most, per version (a data: URI of it goes to the webview). */
const MAX_IMAGE_BYTES = 4 * 1024 * 1024;

/** An image plot at each compared version: a data: URI, or why there is none. */
export interface ImagePlot {
  id: string;
  title: string;
  versions: Array<{ label: string; uri?: string; note?: string }>;
}

/** A confusion plot at each compared version: counts of (actual, predicted) over the same classes. */
export interface ConfusionPlot {
  id: string;
  title: string;
  /** The fields: rows are `actual` (x), columns `predicted` (y), as DVC's template reads them. */
  actual: string;
  predicted: string;
  normalized: boolean;
  classes: string[];
  /** counts[version][actualIndex][predictedIndex]; null where the version has no data. */
  versions: Array<{ label: string; counts: number[][] | null }>;
}

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
    if (path.ok && IMAGE_FILE.test(path.path)) {
      out.push({ id: path.path, title: typeof d.title === 'string' ? d.title : path.path, template: 'image', sources: [{ file: path.path, y: '' }] });
      return;
    }
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
export async function readPlots(sources: readonly FileSource[], labels: readonly string[], dvcYaml = 'dvc.yaml'): Promise<{ charts: ChartModel[]; images: ImagePlot[]; confusions: ConfusionPlot[]; notes: string[] }> {
  const notes: string[] = [];
  let definitions: PlotDefinition[] = [];
  for (let i = sources.length - 1; i >= 0 && !definitions.length; i--) {
    const r = await sources[i]!.read(dvcYaml, MAX_PLOT_BYTES);
    if (r.kind === 'file') definitions = plotDefinitions(parseYaml(dvcYaml, r.text).value, dvcYaml.includes('/') ? dvcYaml.slice(0, dvcYaml.lastIndexOf('/')) : '');
  }
  const charts: ChartModel[] = [];
  const images: ImagePlot[] = [];
  const confusions: ConfusionPlot[] = [];
  for (const def of definitions) {
    if (def.template === 'image') {
      images.push(await readImage(def, sources, labels));
      continue;
    }
    if (def.template.startsWith('confusion')) {
      const c = await readConfusion(def, sources, labels);
      if (c) confusions.push(c);
      else notes.push(`${def.title}: no version has (${def.sources[0]?.x ?? 'actual'}, ${def.sources[0]?.y || 'predicted'}) rows to count`);
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
  return { charts, images, confusions, notes };
}

async function readImage(def: PlotDefinition, sources: readonly FileSource[], labels: readonly string[]): Promise<ImagePlot> {
  const file = def.sources[0]!.file;
  const type = IMAGE_TYPES[file.slice(file.lastIndexOf('.') + 1).toLowerCase()]!;
  const versions: ImagePlot['versions'] = [];
  for (let v = 0; v < sources.length; v++) {
    const label = labels[v]!;
    const src = sources[v]!;
    const r = src.readBytes ? await src.readBytes(file, MAX_IMAGE_BYTES) : undefined;
    if (r?.kind === 'file') versions.push({ label, uri: `data:${type};base64,${Buffer.from(r.bytes).toString('base64')}` });
    else versions.push({ label, note: r?.kind === 'too-large' ? `larger than ${MAX_IMAGE_BYTES / 1024 / 1024} MB` : r?.kind === 'missing' || !r ? 'not at this version' : `not readable (${r.kind})` });
  }
  return { id: `image:${def.id}`, title: def.title, versions };
}

/** Counts each version's (actual, predicted) pairs over the classes any version has, in first-seen order. */
async function readConfusion(def: PlotDefinition, sources: readonly FileSource[], labels: readonly string[]): Promise<ConfusionPlot | undefined> {
  const src = def.sources[0]!;
  const actual = src.x ?? 'actual';
  const predicted = src.y || 'predicted';
  const classes: string[] = [];
  const index = new Map<string, number>();
  const classOf = (v: unknown) => {
    const k = typeof v === 'string' ? v : JSON.stringify(v) ?? '';
    if (!index.has(k)) index.set(k, classes.push(k) - 1);
    return index.get(k)!;
  };
  const pairs: Array<Array<[number, number]> | null> = [];
  for (const s of sources) {
    const r = await s.read(src.file, MAX_PLOT_BYTES);
    const rows = r.kind === 'file' ? plotRows(src.file, r.text).filter((row) => Object.hasOwn(row, actual) && Object.hasOwn(row, predicted)) : [];
    pairs.push(rows.length ? rows.map((row) => [classOf(row[actual]), classOf(row[predicted])]) : null);
  }
  if (pairs.every((p) => p === null)) return undefined;
  const versions = pairs.map((p, v) => {
    if (!p) return { label: labels[v]!, counts: null };
    const counts = classes.map(() => classes.map(() => 0));
    for (const [a, b] of p) counts[a]![b]!++;
    return { label: labels[v]!, counts };
  });
  return { id: `confusion:${def.id}`, title: def.title, actual, predicted, normalized: def.template === 'confusion_normalized', classes, versions };
}

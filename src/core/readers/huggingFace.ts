// Hugging Face model folders: config.json and generation_config.json (architecture and
// hyperparameters) and the model card's YAML front matter (huggingface_hub's ModelCardData).
import type { FileSource } from '../fileSource';
import { isMap, parseJson, parseYaml } from '../structuredText';
import type { Diagnostic, Nested } from '../types';
import { readSourceText, setOwn } from './sourceText';

export interface ModelCard {
  license?: string;
  libraryName?: string;
  pipelineTag?: string;
  baseModels: string[];
  datasets: string[];
  tags: string[];
  /** model-index results keyed `<task>/<dataset>/<metric type>` (`text-classification/imdb/accuracy`). */
  metrics: Record<string, number>;
  /** The model-index entry's name, when there is one. */
  name?: string;
}

export interface HuggingFaceModel {
  folder: string;
  /** config.json as is: `architectures`, `model_type`, `hidden_size`, … */
  config?: Nested;
  /** generation_config.json as is. */
  generationConfig?: Nested;
  card?: ModelCard;
  /** Which of the files were read, repository-relative. */
  sources: string[];
  diagnostics: Diagnostic[];
}

/** Reads config.json, generation_config.json and README.md of `folder`; each may be absent. */
export async function readHuggingFaceFolder(source: FileSource, folder: string): Promise<HuggingFaceModel> {
  const at = (f: string) => (folder ? `${folder}/${f}` : f);
  const out: HuggingFaceModel = { folder, sources: [], diagnostics: [] };
  const [config, generation, readme] = await Promise.all(['config.json', 'generation_config.json', 'README.md'].map((f) => readSourceText(source, at(f), out.diagnostics)));
  if (config !== undefined) {
    out.sources.push(at('config.json'));
    out.config = readJsonSettings(at('config.json'), config, out.diagnostics);
  }
  if (generation !== undefined) {
    out.sources.push(at('generation_config.json'));
    out.generationConfig = readJsonSettings(at('generation_config.json'), generation, out.diagnostics);
  }
  if (readme !== undefined) {
    const r = readModelCard(at('README.md'), readme);
    out.diagnostics.push(...r.diagnostics);
    if (r.card) {
      out.sources.push(at('README.md'));
      out.card = r.card;
    }
  }
  return out;
}

/** A config.json-like file as a map of settings, or undefined with a diagnostic. */
export function readJsonSettings(path: string, text: string, diagnostics: Diagnostic[]): Nested | undefined {
  const parsed = parseJson(path, text);
  diagnostics.push(...parsed.diagnostics);
  if (isMap(parsed.value)) return parsed.value;
  if (parsed.diagnostics.length === 0) diagnostics.push({ severity: 'warning', file: path, message: `${path} is not a map of settings` });
  return undefined;
}

/** The YAML between a leading `---` line and the next one, with the line it starts on. */
export function frontMatter(text: string): { yaml: string; firstLine: number } | undefined {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  if (lines[0]?.trimEnd() !== '---') return undefined;
  const end = lines.findIndex((l, i) => i > 0 && l.trimEnd() === '---');
  if (end < 0) return undefined;
  return { yaml: lines.slice(1, end).join('\n'), firstLine: 2 };
}

/** The model card's metadata; a README without front matter is no card (and no problem). */
export function readModelCard(path: string, text: string): { card?: ModelCard; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const fm = frontMatter(text);
  if (!fm) {
    if (/^\uFEFF?---\s*$/.test(text.split(/\r?\n/, 1)[0] ?? '')) {
      diagnostics.push({ severity: 'warning', file: path, line: 1, message: `${path}: the front matter that starts on line 1 is never closed with '---'` });
    }
    return { diagnostics };
  }
  const parsed = parseYaml(path, fm.yaml);
  // Line numbers are within the front matter; the file's own start one line later.
  for (const d of parsed.diagnostics) diagnostics.push(d.line === undefined ? d : { ...d, line: d.line + fm.firstLine - 1 });
  const warn = (message: string) => diagnostics.push({ severity: 'warning', file: path, message: `${path}: ${message}` });
  const v = parsed.value;
  if (!isMap(v)) {
    if (parsed.diagnostics.length === 0 && v !== null && v !== undefined) warn('the front matter is not a map');
    return { diagnostics };
  }
  const card: ModelCard = { baseModels: stringList(v.base_model, 'base_model', warn), datasets: stringList(v.datasets, 'datasets', warn), tags: stringList(v.tags, 'tags', warn), metrics: {} };
  if (typeof v.license === 'string') card.license = v.license;
  if (typeof v.library_name === 'string') card.libraryName = v.library_name;
  if (typeof v.pipeline_tag === 'string') card.pipelineTag = v.pipeline_tag;
  const index = v['model-index'];
  if (index !== undefined && index !== null) {
    if (!Array.isArray(index)) warn("'model-index' is not a list");
    else readModelIndex(index, card, warn);
  }
  return { card, diagnostics };
}

function readModelIndex(index: unknown[], card: ModelCard, warn: (m: string) => void): void {
  for (const [i, entry] of index.entries()) {
    if (!isMap(entry)) {
      warn(`model-index[${i}] is not a map`);
      continue;
    }
    if (typeof entry.name === 'string') card.name ??= entry.name;
    if (!Array.isArray(entry.results)) {
      if (entry.results !== undefined) warn(`model-index[${i}].results is not a list`);
      continue;
    }
    for (const [j, result] of entry.results.entries()) {
      const where = `model-index[${i}].results[${j}]`;
      if (!isMap(result)) {
        warn(`${where} is not a map`);
        continue;
      }
      const task = isMap(result.task) ? label(result.task.type) ?? label(result.task.name) : undefined;
      const dataset = isMap(result.dataset) ? label(result.dataset.name) ?? label(result.dataset.type) : undefined;
      if (!task || !dataset) {
        warn(`${where} has no task type or dataset name; its metrics are skipped`);
        continue;
      }
      if (!Array.isArray(result.metrics)) {
        warn(`${where}.metrics is not a list`);
        continue;
      }
      for (const [k, metric] of result.metrics.entries()) {
        const type = isMap(metric) ? label(metric.type) ?? label(metric.name) : undefined;
        if (!isMap(metric) || !type) {
          warn(`${where}.metrics[${k}] has no type`);
          continue;
        }
        const value = typeof metric.value === 'number' ? metric.value : typeof metric.value === 'string' && metric.value.trim() !== '' ? Number(metric.value) : NaN;
        if (!Number.isFinite(value)) {
          warn(`${where}: ${type} is ${JSON.stringify(metric.value) ?? 'missing'}, not a number; it is skipped`);
          continue;
        }
        const key = `${task}/${dataset}/${type}`;
        if (Object.hasOwn(card.metrics, key)) warn(`${key} is given more than once; the last value is kept`);
        setOwn(card.metrics, key, value);
      }
    }
  }
}

function label(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() ? v.trim() : typeof v === 'number' ? String(v) : undefined;
}

/** A field the card allows as one string or a list of them. */
function stringList(v: unknown, key: string, warn: (m: string) => void): string[] {
  if (v === undefined || v === null) return [];
  if (typeof v === 'string') return [v];
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v as string[];
  warn(`'${key}' is not a name or a list of names`);
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

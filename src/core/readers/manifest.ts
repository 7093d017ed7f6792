// Our own manifest, `model.yaml` / `<name>.model.yaml` (docs/manifest.md, schemas/model.schema.json).
// Paths in it are relative to its folder and may not leave it.
import { isMap } from '../structuredText';
import { dirOf, resolveLocation, resolveRepoPath } from '../repoPath';
import type { Diagnostic, HashAlgorithm, Nested } from '../types';

export interface EntryDecl {
  /** Repository-relative, or a URI kept as written when `remote` is set. */
  path: string;
  /** The URI's scheme when the entry is in remote storage (`s3://…`), never a repository file. */
  remote?: string;
  hash?: string;
  algorithm?: HashAlgorithm;
  size?: number;
}

export interface ManifestDecl {
  file: string;
  name: string;
  description?: string;
  framework?: string;
  type?: string;
  labels?: string[];
  hyperparameters: Nested;
  paramsFiles: string[];
  configs: string[];
  data: EntryDecl[];
  weights: EntryDecl[];
  metrics: Record<string, number>;
  metricsFiles: string[];
}

export const MANIFEST_NAME = /(^|\/)(model\.ya?ml|[^/]+\.model\.ya?ml)$/;

export function isManifestPath(path: string): boolean {
  return MANIFEST_NAME.test(path);
}

/** The model name a manifest gets when it does not say: its folder, or the `<name>` of `<name>.model.yaml`. */
export function defaultModelName(file: string): string {
  const base = file.slice(file.lastIndexOf('/') + 1);
  const m = /^(.+)\.model\.ya?ml$/.exec(base);
  if (m) return m[1]!;
  const dir = dirOf(file);
  return dir ? dir.slice(dir.lastIndexOf('/') + 1) : 'model';
}

const KNOWN_KEYS = new Set([
  '$schema', 'name', 'description', 'framework', 'type', 'labels', 'hyperparameters', 'params', 'configs', 'data', 'weights', 'metrics',
]);

/** Validates a parsed manifest; every problem becomes a diagnostic, and what is valid is kept. */
export function readManifest(value: unknown, file: string): { manifest?: ManifestDecl; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const warn = (message: string) => diagnostics.push({ severity: 'warning', file, message: `${file}: ${message}` });
  if (value === undefined || value === null) return { diagnostics: [{ severity: 'warning', file, line: 1, message: `${file} is empty` }] };
  if (!isMap(value)) return { diagnostics: [{ severity: 'error', file, line: 1, message: `${file} must be a map of keys (name, hyperparameters, data, …)` }] };
  const folder = dirOf(file);
  // A key left empty (`data:` with nothing after it) reads as null: the same as leaving it out.
  const given = (key: string): boolean => Object.hasOwn(value, key) && value[key] !== undefined && value[key] !== null;
  const str = (key: string): string | undefined => {
    if (!given(key)) return undefined;
    const v = value[key];
    if (typeof v === 'string') return v;
    if (typeof v === 'number' || typeof v === 'boolean') {
      // YAML reads `name: 007` as the number 7; the value is kept, but the quotes are asked for.
      warn(`'${key}' should be text; write it in quotes`);
      return String(v);
    }
    warn(`'${key}' should be text`);
    return undefined;
  };
  for (const key of Object.keys(value)) if (!KNOWN_KEYS.has(key)) warn(`unknown key '${key}' is ignored`);
  str('$schema');

  let name = str('name');
  if (name !== undefined && !MODEL_NAME.test(name)) {
    warn(`the name ${JSON.stringify(name)} is not a valid model name (letters, digits, '-', '_', '/'; starting and ending with a letter or digit)`);
    name = undefined;
  }
  const paths = (key: string): string[] => {
    if (!given(key)) return [];
    const v = value[key];
    const list = typeof v === 'string' ? [v] : Array.isArray(v) ? v : undefined;
    if (!list) {
      warn(`'${key}' should be a path or a list of paths`);
      return [];
    }
    const out: string[] = [];
    for (const p of list) {
      const r = resolveRepoPath(folder, p);
      if (r.ok) out.push(r.path);
      else warn(`${key}: ${r.reason}`);
    }
    return out;
  };
  const entries = (key: string): EntryDecl[] => {
    if (!given(key)) return [];
    const v = value[key];
    if (!Array.isArray(v)) {
      warn(`'${key}' should be a list of paths or {path, md5 | sha256, size}`);
      return [];
    }
    const out: EntryDecl[] = [];
    for (const item of v) {
      const raw = isMap(item) ? item.path : item;
      const r = resolveLocation(folder, raw);
      if (!r.ok) {
        warn(`${key}: ${r.reason}`);
        continue;
      }
      const decl: EntryDecl = { path: r.path };
      if (r.remote) decl.remote = r.remote;
      if (isMap(item)) readEntryFields(item, decl, `${key}: ${r.path}`, warn);
      out.push(decl);
    }
    return out;
  };

  let hyperparameters: Nested = {};
  if (isMap(value.hyperparameters)) hyperparameters = value.hyperparameters;
  else if (given('hyperparameters')) warn(`'hyperparameters' should be a map of values`);

  const metrics: Record<string, number> = {};
  let metricsFiles: string[] = [];
  if (isMap(value.metrics)) {
    for (const [k, v] of Object.entries(value.metrics)) {
      // defineProperty: a metric named __proto__ stays a metric.
      if (typeof v === 'number') Object.defineProperty(metrics, k, { value: v, enumerable: true, writable: true, configurable: true });
      else warn(`metric '${k}' is not a number`);
    }
  } else if (given('metrics') && typeof value.metrics !== 'string' && !Array.isArray(value.metrics)) {
    warn(`'metrics' should be a map of numbers, a path or a list of paths`);
  } else {
    metricsFiles = paths('metrics');
  }

  let labels: string[] | undefined;
  if (Array.isArray(value.labels)) {
    labels = [];
    for (const l of value.labels) {
      if (typeof l === 'string') labels.push(l);
      else warn(`label ${JSON.stringify(l) ?? String(l)} is not text; it is ignored`);
    }
  } else if (given('labels')) warn(`'labels' should be a list`);

  return {
    manifest: {
      file,
      name: name ?? defaultModelName(file),
      description: str('description'),
      framework: str('framework'),
      type: str('type'),
      labels,
      hyperparameters,
      paramsFiles: paths('params'),
      configs: paths('configs'),
      data: entries('data'),
      weights: entries('weights'),
      metrics,
      metricsFiles,
    },
    diagnostics,
  };
}

/** GTO's artifact name grammar. */
export const MODEL_NAME = /^[a-zA-Z0-9]([a-zA-Z0-9\-/_]*[a-zA-Z0-9])?$/;

const ENTRY_KEYS = new Set(['path', 'md5', 'sha256', 'size']);
const MD5 = /^[0-9a-fA-F]{32}(\.dir)?$/;
const SHA256 = /^[0-9a-fA-F]{64}$/;

/** The hash and size of a `{path, md5 | sha256, size}` entry; a malformed hash is dropped, not trusted. */
function readEntryFields(item: Record<string, unknown>, decl: EntryDecl, where: string, warn: (m: string) => void): void {
  for (const k of Object.keys(item)) if (!ENTRY_KEYS.has(k)) warn(`${where}: unknown key '${k}' is ignored`);
  const sha256 = item.sha256;
  const md5 = item.md5;
  if (sha256 !== undefined && !(typeof sha256 === 'string' && SHA256.test(sha256))) warn(`${where}: sha256 should be 64 hex digits`);
  if (md5 !== undefined && !(typeof md5 === 'string' && MD5.test(md5))) warn(`${where}: md5 should be 32 hex digits (with .dir for a folder)`);
  if (typeof sha256 === 'string' && SHA256.test(sha256)) Object.assign(decl, { hash: sha256.toLowerCase(), algorithm: 'sha256' as const });
  else if (typeof md5 === 'string' && MD5.test(md5)) Object.assign(decl, { hash: md5.toLowerCase(), algorithm: 'md5' as const });
  if (item.size !== undefined) {
    if (typeof item.size === 'number' && Number.isInteger(item.size) && item.size >= 0) decl.size = item.size;
    else warn(`${where}: size should be a whole number of bytes`);
  }
}

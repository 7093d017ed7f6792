// Our own manifest, `model.yaml` / `<name>.model.yaml` (docs/manifest.md, schemas/model.schema.json).
// Paths in it are relative to its folder and may not leave it.
import { isMap } from '../structuredText';
import { dirOf, resolveRepoPath } from '../repoPath';
import type { Diagnostic, HashAlgorithm, Nested } from '../types';

export interface EntryDecl {
  path: string;
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
  const str = (key: string): string | undefined => {
    const v = value[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return String(v);
    warn(`'${key}' should be text`);
    return undefined;
  };
  for (const key of Object.keys(value)) if (!KNOWN_KEYS.has(key)) warn(`unknown key '${key}' is ignored`);

  let name = str('name');
  if (name !== undefined && !/^[a-zA-Z0-9]([a-zA-Z0-9\-/_]*[a-zA-Z0-9])?$/.test(name)) {
    warn(`the name ${JSON.stringify(name)} is not a valid model name (letters, digits, '-', '_', '/'; starting and ending with a letter or digit)`);
    name = undefined;
  }
  const paths = (key: string): string[] => {
    const v = value[key];
    if (v === undefined || v === null) return [];
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
    const v = value[key];
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v)) {
      warn(`'${key}' should be a list of paths or {path, md5 | sha256, size}`);
      return [];
    }
    const out: EntryDecl[] = [];
    for (const item of v) {
      const raw = isMap(item) ? item.path : item;
      const r = resolveRepoPath(folder, raw);
      if (!r.ok) {
        warn(`${key}: ${r.reason}`);
        continue;
      }
      const decl: EntryDecl = { path: r.path };
      if (isMap(item)) {
        if (typeof item.sha256 === 'string') Object.assign(decl, { hash: item.sha256, algorithm: 'sha256' as const });
        else if (typeof item.md5 === 'string') Object.assign(decl, { hash: item.md5, algorithm: 'md5' as const });
        if (typeof item.size === 'number') decl.size = item.size;
      }
      out.push(decl);
    }
    return out;
  };

  let hyperparameters: Nested = {};
  if (isMap(value.hyperparameters)) hyperparameters = value.hyperparameters;
  else if (value.hyperparameters !== undefined && value.hyperparameters !== null) warn(`'hyperparameters' should be a map of values`);

  const metrics: Record<string, number> = {};
  let metricsFiles: string[] = [];
  if (isMap(value.metrics)) {
    for (const [k, v] of Object.entries(value.metrics)) {
      if (typeof v === 'number') metrics[k] = v;
      else warn(`metric '${k}' is not a number`);
    }
  } else {
    metricsFiles = paths('metrics');
  }

  let labels: string[] | undefined;
  if (Array.isArray(value.labels)) labels = value.labels.map(String);
  else if (value.labels !== undefined) warn(`'labels' should be a list`);

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

// dvc.yaml: artifacts (GTO's model declarations since 0.3), params files and metrics files.
import { isMap } from '../structuredText';
import { resolveRepoPath } from '../repoPath';
import type { Diagnostic } from '../types';

export interface ArtifactDecl {
  name: string;
  type?: string;
  path?: string;
  description?: string;
  labels?: string[];
  meta?: unknown;
}

export interface DvcProject {
  artifacts: ArtifactDecl[];
  /** Params files, repository-relative, in the order DVC lists them (params.yaml first). */
  paramsFiles: string[];
  /** Metrics files, repository-relative. */
  metricsFiles: string[];
  /**
   * Plots files (or folders), repository-relative: stage `plots:` and the files top-level
   * `plots:` names. Only used to tell a stage's plots outputs from its data; never read.
   */
  plotsFiles: string[];
  /** Stage name → the folder its paths are relative to, for stages with a `wdir`. */
  stageFolders: Record<string, string>;
  diagnostics: Diagnostic[];
}

const DEFAULT_PARAMS = 'params.yaml';

/** Reads a parsed dvc.yaml located in `folder` ('' for the repository root). */
export function readDvcYaml(value: unknown, filePath: string, folder: string): DvcProject {
  const project: DvcProject = { artifacts: [], paramsFiles: [], metricsFiles: [], plotsFiles: [], stageFolders: {}, diagnostics: [] };
  const warn = (message: string) => project.diagnostics.push({ severity: 'warning', file: filePath, message: `${filePath}: ${message}` });
  if (value === null || value === undefined) return project;
  if (!isMap(value)) {
    project.diagnostics.push({ severity: 'warning', file: filePath, line: 1, message: `${filePath} should be a map (stages, params, metrics, artifacts)` });
    return project;
  }
  const addPath = (list: string[], rel: unknown, base = folder) => {
    const checked = resolveRepoPath(base, rel);
    if (!checked.ok) warn(checked.reason);
    else if (!list.includes(checked.path)) list.push(checked.path);
  };

  if (value.artifacts !== undefined && value.artifacts !== null && !isMap(value.artifacts)) warn("'artifacts' should be a map of name → {type, path, desc, labels, meta}");
  if (isMap(value.artifacts)) {
    for (const [name, body] of Object.entries(value.artifacts)) {
      const b = isMap(body) ? body : {};
      project.artifacts.push({
        name,
        type: typeof b.type === 'string' ? b.type : undefined,
        path: typeof b.path === 'string' ? b.path : undefined,
        description: typeof b.desc === 'string' ? b.desc : undefined,
        labels: Array.isArray(b.labels) ? b.labels.filter((l): l is string => typeof l === 'string') : undefined,
        meta: b.meta,
      });
    }
  }

  // Top-level `params:` names files; stage `params:` names keys of params.yaml or other files.
  for (const p of asList(value.params)) if (typeof p === 'string') addPath(project.paramsFiles, p);
  for (const m of asList(value.metrics)) addPath(project.metricsFiles, typeof m === 'string' ? m : firstKey(m));
  // A plot's id is a file unless its x or y map names the files; ids like `ROC` are no paths.
  const addPlot = (rel: unknown, base = folder) => {
    const checked = resolveRepoPath(base, rel);
    if (checked.ok && !project.plotsFiles.includes(checked.path)) project.plotsFiles.push(checked.path);
  };
  for (const p of asList(value.plots)) {
    if (typeof p === 'string') addPlot(p);
    else if (isMap(p)) {
      for (const [id, def] of Object.entries(p)) {
        const files = isMap(def) ? [def.x, def.y].flatMap((axis) => (isMap(axis) ? Object.keys(axis) : [])) : [];
        if (files.length) files.forEach((f) => addPlot(f));
        else addPlot(id);
      }
    }
  }

  if (value.stages !== undefined && value.stages !== null && !isMap(value.stages)) warn("'stages' should be a map of stage name → stage");
  const stages = isMap(value.stages) ? value.stages : {};
  for (const [name, stage] of Object.entries(stages)) {
    if (!isMap(stage)) continue;
    // A stage's paths, params.yaml included, are relative to its wdir (DVC's def_path).
    let base = folder;
    if (typeof stage.wdir === 'string' && !/^\.\/?$/.test(stage.wdir)) {
      const checked = resolveRepoPath(folder, stage.wdir);
      if (!checked.ok) {
        warn(`stage '${name}': wdir ${checked.reason.replace(/^the path /, '')}`);
        continue;
      }
      base = checked.path;
      Object.defineProperty(project.stageFolders, name, { value: base, enumerable: true, writable: true, configurable: true });
    }
    for (const p of asList(stage.params)) {
      if (typeof p === 'string') addPath(project.paramsFiles, DEFAULT_PARAMS, base);
      else if (isMap(p)) for (const file of Object.keys(p)) addPath(project.paramsFiles, file, base);
    }
    for (const m of asList(stage.metrics)) addPath(project.metricsFiles, typeof m === 'string' ? m : firstKey(m), base);
    for (const p of asList(stage.plots)) addPlot(typeof p === 'string' ? p : firstKey(p), base);
  }
  // DVC reads params.yaml first when it is used at all.
  const def = resolveRepoPath(folder, DEFAULT_PARAMS);
  if (def.ok && project.paramsFiles.includes(def.path)) {
    project.paramsFiles = [def.path, ...project.paramsFiles.filter((f) => f !== def.path)];
  }
  return project;
}

/** The older GTO `artifacts.yaml` at the repository root. */
export function readArtifactsYaml(value: unknown): ArtifactDecl[] {
  if (!isMap(value)) return [];
  return Object.entries(value).map(([name, body]) => {
    const b = isMap(body) ? body : {};
    return {
      name,
      type: typeof b.type === 'string' ? b.type : undefined,
      path: typeof b.path === 'string' ? b.path : undefined,
      description: typeof b.description === 'string' ? b.description : undefined,
      labels: Array.isArray(b.labels) ? b.labels.filter((l): l is string => typeof l === 'string') : undefined,
      meta: b.custom,
    };
  });
}

function asList(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

function firstKey(v: unknown): string | undefined {
  return isMap(v) ? Object.keys(v)[0] : undefined;
}

// Which entries of a shared file are the model's, at a version: its stages in dvc.lock and
// dvc.yaml (the stages its record's hashes came from), its artifact in dvc.yaml, and in a params
// file the keys those stages record in dvc.lock. A file with none of them is not restored.
import type * as YamlLib from 'yaml';
import { dirOf, resolveLocation } from '../repoPath';
import { readDvcLock } from '../readers/dvcLock';
import { mergeEntries, type KeyPath } from '../sharedFiles';
import type { VersionContent } from './versionContent';

let yamlLib: typeof YamlLib | undefined;
function yaml(): typeof YamlLib {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (yamlLib ??= require('yaml') as typeof YamlLib);
}

export interface SharedPlan {
  path: string;
  /** The file's new text; undefined when it is not written (see `reason`). */
  text?: string;
  /** The entries that change, `stages.train`, `train.lr`. */
  changed: string[];
  /** Why nothing is written. */
  reason?: string;
}

const base = (p: string) => p.slice(p.lastIndexOf('/') + 1);

/** The files of `paths` that other models may share: restored per entry, never whole. */
export function sharedPaths(paths: readonly string[], content: VersionContent): string[] {
  const params = new Set((content.record.paramsFiles ?? []).map((f) => f.path));
  return paths.filter((p) => base(p) === 'dvc.lock' || base(p) === 'dvc.yaml' || (params.has(p) && p !== content.definition?.file));
}

/** `path` is `folder` or inside it. */
function within(path: string, folder: string): boolean {
  return path === folder || path.startsWith(folder + '/');
}

/**
 * The stages of a lock that are the model's: those that lead to its artifact (or to the paths its
 * hashes came from) and those that follow from it (evaluation), minus any that lead to or follow
 * from another artifact of the same dvc.yaml: those are shared, and kept as they are.
 */
function modelStages(content: VersionContent, lockPath: string, lockText: string | undefined, yamlText: string | undefined): { mine: string[]; shared: string[] } {
  const folder = dirOf(lockPath);
  let parsed: unknown;
  try {
    parsed = lockText === undefined ? undefined : yaml().parse(lockText);
  } catch {
    parsed = undefined;
  }
  const stages = parsed === undefined ? [] : readDvcLock(parsed, lockPath, folder).stages;
  const def = content.definition;
  const roots: string[] = [];
  const artifactPath = def?.kind === 'dvc-artifact' && dirOf(def.file) === folder && def.artifact.path !== undefined ? resolveLocation(folder, def.artifact.path) : undefined;
  if (artifactPath?.ok) roots.push(artifactPath.path);
  else {
    const r = content.record;
    for (const e of [...Object.values(r.weights), ...Object.values(r.data)]) if (e.source === 'dvc.lock' && e.sourceFile === lockPath) roots.push(e.path);
  }
  const others: string[] = [];
  try {
    const y = yamlText === undefined ? undefined : (yaml().parse(yamlText) as { artifacts?: Record<string, { path?: unknown }> } | null);
    for (const [name, a] of Object.entries(y?.artifacts ?? {})) {
      if (def?.kind === 'dvc-artifact' && name === def.artifact.name) continue;
      const p = resolveLocation(folder, a?.path);
      if (p.ok) others.push(p.path);
    }
  } catch {
    // A dvc.yaml that does not parse names no other artifacts.
  }
  const closure = (paths: readonly string[]): Set<string> => {
    const start = stages.filter((s) => s.outs.some((o) => paths.some((p) => within(p, o.path) || within(o.path, p))));
    const found = new Set(start.map((s) => s.name));
    // Upstream: the stages whose outs this one reads; downstream: those that read its outs.
    const walk = (up: boolean) => {
      const queue = [...start];
      const seen = new Set(found);
      while (queue.length) {
        const s = queue.pop()!;
        for (const t of stages) {
          if (seen.has(t.name)) continue;
          const linked = up ? s.deps.some((d) => t.outs.some((o) => within(d.path, o.path))) : t.deps.some((d) => s.outs.some((o) => within(d.path, o.path)));
          if (linked) {
            seen.add(t.name);
            found.add(t.name);
            queue.push(t);
          }
        }
      }
    };
    walk(true);
    walk(false);
    return found;
  };
  const mine = closure(roots);
  const theirs = others.length ? closure(others) : new Set<string>();
  return { mine: [...mine].filter((s) => !theirs.has(s)), shared: [...mine].filter((s) => theirs.has(s)) };
}

async function text(source: VersionContent['source'], path: string): Promise<string | undefined> {
  const r = await source.read(path, 16 * 1024 * 1024);
  return r.kind === 'file' ? r.text : undefined;
}

/** Per shared file: its text with this model's entries as the version has them, or why not. */
export async function planShared(paths: readonly string[], content: VersionContent): Promise<SharedPlan[]> {
  const plans: SharedPlan[] = [];
  const model = content.record.model;
  for (const path of paths) {
    const folder = dirOf(path);
    const lockPath = folder ? `${folder}/dvc.lock` : 'dvc.lock';
    const yamlPath = folder ? `${folder}/dvc.yaml` : 'dvc.yaml';
    const [lockText, yamlText] = await Promise.all([text(content.source, lockPath), text(content.source, yamlPath)]);
    const { mine: stages, shared } = modelStages(content, lockPath, lockText, yamlText);
    const keys: KeyPath[] = [];
    let none = '';
    if (base(path) === 'dvc.lock' || base(path) === 'dvc.yaml') {
      keys.push(...stages.map((s) => ['stages', s]));
      const def = content.definition;
      if (base(path) === 'dvc.yaml' && def?.kind === 'dvc-artifact' && def.file === path) keys.push(['artifacts', def.artifact.name]);
      none = `no stage${base(path) === 'dvc.yaml' ? ' or artifact' : ''} in it is ${model}'s${shared.length ? ` alone (${shared.join(', ')} serve${shared.length === 1 ? 's' : ''} other models too)` : ''}`;
    } else if (/\.(toml|py)$/i.test(path)) {
      plans.push({ path, changed: [], reason: 'a TOML or Python params file is not restored per entry' });
      continue;
    } else {
      keys.push(...(await paramKeys(content, lockPath, stages, path)));
      none = `no stage of ${model} records which of its params it reads`;
    }
    if (!keys.length) {
      plans.push({ path, changed: [], reason: none });
      continue;
    }
    const [current, target] = await Promise.all([text(content.workdir, path), text(content.source, path)]);
    if (target === undefined) {
      plans.push({ path, changed: [], reason: 'the version has no such file' });
      continue;
    }
    const merged = mergeEntries(current ?? '', target, keys, /\.json$/i.test(path));
    if (!merged) plans.push({ path, changed: [], reason: 'it does not parse as a map here or at the version' });
    else if (!merged.changed.length) plans.push({ path, changed: [], reason: `${model}'s entries are already as at the version` });
    else plans.push({ path, text: merged.text, changed: merged.changed });
  }
  return plans;
}

/** The params keys the model's stages record for `paramsPath`, at the version and now. */
async function paramKeys(content: VersionContent, lockPath: string, stages: readonly string[], paramsPath: string): Promise<KeyPath[]> {
  const folder = dirOf(lockPath);
  const rel = folder && paramsPath.startsWith(folder + '/') ? paramsPath.slice(folder.length + 1) : paramsPath;
  const keys = new Map<string, KeyPath>();
  for (const src of [content.source, content.workdir]) {
    const t = await text(src, lockPath);
    if (t === undefined) continue;
    let lock: unknown;
    try {
      lock = yaml().parse(t);
    } catch {
      continue;
    }
    const all = (lock as { stages?: Record<string, { params?: Record<string, Record<string, unknown>> }> } | null)?.stages;
    for (const s of stages) {
      const params = all?.[s]?.params?.[rel];
      if (params && typeof params === 'object') for (const k of Object.keys(params)) keys.set(k, k.split('.'));
    }
  }
  return [...keys.values()];
}

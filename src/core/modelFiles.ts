// The files that make up a model at a version: what a files-only restore brings back.
import type { ModelDefinition } from './discovery';
import { dirOf } from './repoPath';
import type { VersionRecord } from './types';

/** Repository-relative paths (files or the manifest's folder) that belong to the model. */
export function modelFiles(record: VersionRecord, definition?: ModelDefinition): string[] {
  const paths = new Set<string>();
  if (definition?.kind === 'manifest') {
    const folder = dirOf(definition.file);
    paths.add(folder || definition.file);
  }
  for (const s of record.sources) paths.add(s);
  for (const c of Object.values(record.configs)) if (c.present) paths.add(c.path);
  for (const m of record.metricsFiles) if (m.present) paths.add(m.path);
  for (const e of [...Object.values(record.data), ...Object.values(record.weights)]) {
    // Files whose content is in Git: pointer files, .dvc files, plain files.
    if (e.source === 'lfs' || e.source === 'git') paths.add(e.path);
    if (e.source === 'dvc-file') paths.add(e.sourceFile);
  }
  // A folder already covers the files inside it.
  const list = [...paths].sort();
  return list.filter((p) => !list.some((q) => q !== p && p.startsWith(q + '/')));
}

// What checkout and restore need to know of a version besides its commit: its record (which
// files are the model's), its Git tree and its DVC outputs. Read once through the model store.
import type { ModelStore, ResolvedVersion } from '../modelStore';
import type { ModelDefinition } from '../discovery';
import type { DvcOutputSource } from '../dvcOutputs';
import type { FileSource } from '../fileSource';
import type { VersionRecord } from '../types';

export interface VersionContent {
  record: VersionRecord;
  definition?: ModelDefinition;
  /** The version's Git tree. */
  source: FileSource;
  /** Its DVC outputs; undefined when the store reaches no storage. */
  outputs?: DvcOutputSource;
  /** The working tree's DVC outputs, for the entries of shared files as they are now. */
  workdir: FileSource;
}

/** Reads what checkout and restore need of a resolved version with a commit. */
export async function versionContent(store: ModelStore, resolved: ResolvedVersion & { commit: string }): Promise<VersionContent> {
  const [record, model] = await Promise.all([store.record(resolved), store.model(resolved.model)]);
  const source = store.backend.sourceAt(resolved.commit);
  return { record, definition: model.definition, source, outputs: store.outputsAt(source), workdir: store.backend.workdir() };
}

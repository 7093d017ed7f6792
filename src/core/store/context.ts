// What the store's parts (listing, resolving, records, updates) share: the repository, the
// options, and the current generation of what was read. ModelStore is the one implementation.
import type { RepoBackend } from '../backend';
import type { DvcStorage } from '../dvcCache';
import type { FileSource } from '../fileSource';
import type { DvcOutputSource } from '../dvcOutputs';
import type { StoreOptions } from '../modelStore';
import type { RunStores } from '../runStores';
import type { TagConventions } from '../tagGrammar';
import type { Generation } from './generation';
import type { Listing, ModelSummary } from './listing';

export interface StoreContext {
  readonly backend: RepoBackend;
  readonly options: StoreOptions;
  readonly conventions: TagConventions;
  /** model.yaml, *.model.yaml and whatever the user's manifest globs name. */
  readonly isManifest: (path: string) => boolean;
  /** The repository folder's name: what a model folder at the root is called. */
  readonly rootName: string | undefined;
  /** What has been read since the last refresh; a refresh replaces it whole. */
  gen(): Generation;
  /** Starts a new generation: the next call reads the repository again. */
  invalidate(): void;
  list(signal?: AbortSignal): Promise<Listing>;
  model(name: string, signal?: AbortSignal): Promise<ModelSummary>;
  /** Just the MLflow registries (and their runs' commits): what the model listing needs. */
  registeredModels(): Promise<RunStores>;
  /** Every run of the working tree's stores: what a version's record links by commit. */
  runs(): Promise<RunStores>;
  dvc(): DvcStorage | undefined;
  outputsAt(source: FileSource): DvcOutputSource | undefined;
}

// Everything a ModelStore has read, in one object: a refresh replaces the whole generation, so no
// cache can be forgotten when the repository changes (there were ten to clear one by one).
import type { DvcStorage } from '../dvcCache';
import type { Registry } from '../registry';
import type { RunStores } from '../runStores';
import type { TagRef, VersionRecord } from '../types';
import type { Listing, ModelSummary } from './listing';
import type { TagList } from './tagTable';

/** Every tag of a full read and the registry built from them. */
export interface TagIndex {
  tags: TagList;
  registry: Registry;
}

export class Generation {
  /** The full listing: every model with its tags, declarations and MLflow versions. */
  listing: Promise<Listing> | undefined;
  /** The full read of the tags and their registry (no file read): what resolving needs. */
  tagIndex: Promise<TagIndex> | undefined;
  /** Tags read by name (one model read on its own, an update); the full read's are in tagIndex's table. */
  readonly tagsByName = new Map<string, TagRef>();
  /** Models read one at a time (show, diff) before or without a full listing. */
  readonly single = new Map<string, Promise<ModelSummary | undefined>>();
  /** The working tree's files that can declare models. */
  defFiles: Promise<string[] | undefined> | undefined;
  /** Version records by model, commit and version. */
  readonly records = new Map<string, Promise<VersionRecord>>();
  /** The MLflow registries alone (what the listing needs). */
  mlflowModels: Promise<RunStores> | undefined;
  /** Every run of the working tree's stores (what a record needs). */
  runStoreRead: Promise<RunStores> | undefined;
  /** The DVC caches and remotes, with what was learned of them (an HTTP remote that is down). */
  dvcStorage: DvcStorage | undefined;
  /**
   * Tag names reported changed while the full tag read was still running: git may have listed
   * them before or after they changed, so the read applies them by name before anyone sees it.
   * Undefined when no full read is running.
   */
  changedDuringRead: Set<string> | undefined;

  /**
   * The next generation after only the working tree changed (a checkout, a commit, an edited
   * manifest): the tags and their registry carry over, everything read from files is read again.
   */
  withTagsOnly(): Generation {
    const next = new Generation();
    if (this.changedDuringRead === undefined && this.tagIndex) {
      next.tagIndex = this.tagIndex;
      for (const [name, tag] of this.tagsByName) next.tagsByName.set(name, tag);
    }
    return next;
  }

  /** Drops what was read of one model (its tags changed). */
  forgetModel(name: string): void {
    this.single.delete(name);
    for (const key of this.records.keys()) if (key.startsWith(`${name}\0`)) this.records.delete(key);
  }
}

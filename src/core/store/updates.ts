// A listing brought up to date in place after a few tags changed (tagUpdates.ts does the tags and
// the registry; this does the models built from them), or handed back to a full read.
import type { RepoBackend } from '../backend';
import type { RunStores } from '../runStores';
import { applyTagChanges, putByName, MAX_NAMED_CHANGES, type NamedTagReader } from '../tagUpdates';
import type { TagRef } from '../types';
import type { StoreContext } from './context';
import type { TagIndex } from './generation';
import { modelFrom, splitDatasets, type Listing } from './listing';

/**
 * Notes names that changed while the generation's full tag read is still running, so that the
 * read itself applies them (listing.ts withLateChanges) and no one is handed a listing without them.
 */
export function noteChangedTags(ctx: StoreContext, names: readonly string[]): void {
  const late = ctx.gen().changedDuringRead;
  if (late) for (const n of names) late.add(n);
}

/**
 * Reads just the named refs and builds just their models again. Returns the models whose entries
 * changed; undefined when there was no listing to update or it could not be updated in place,
 * and then the generation is replaced (the next list() reads everything).
 */
export async function applyTagUpdate(ctx: StoreContext, names: readonly string[]): Promise<string[] | undefined> {
  const gen = ctx.gen();
  const listing = gen.listing;
  const index = gen.tagIndex;
  const backend = ctx.backend as RepoBackend & Partial<NamedTagReader>;
  if (!listing || !index || !backend.readNamedTags || names.length > MAX_NAMED_CHANGES) {
    ctx.invalidate();
    return undefined;
  }
  let read: [Listing, TagIndex, RunStores, TagRef[]];
  try {
    read = await Promise.all([listing, index, ctx.registeredModels(), backend.readNamedTags(names)]);
  } catch {
    // A ref git cannot read by name (its commit is missing, say): the full read deals with it.
    if (ctx.gen() === gen && gen.listing === listing) ctx.invalidate();
    return undefined;
  }
  // A refresh in the meantime reads everything anyway.
  if (ctx.gen() !== gen || gen.listing !== listing || gen.tagIndex !== index) return undefined;
  const [before, tagState, stores, fresh] = read;
  const update = applyTagChanges(tagState, names, fresh, ctx.conventions);
  if (!update) {
    ctx.invalidate();
    return undefined;
  }
  const { registry } = update.state;
  // Datasets are models by their tags: updated together, then set apart as a full read does.
  const all = [...before.models, ...before.datasets];
  for (const name of update.models) {
    const definition = all.find((m) => m.name === name)?.definition;
    putByName(all, name, modelFrom(registry, name, definition, stores));
    gen.forgetModel(name);
  }
  for (const n of names) gen.tagsByName.delete(n);
  for (const t of fresh) gen.tagsByName.set(t.name, t);
  const diagnostics = [...registry.diagnostics, ...before.diagnostics.slice(tagState.registry.diagnostics.length)];
  gen.listing = Promise.resolve(splitDatasets(all, diagnostics, () => update.state.tags));
  gen.tagIndex = Promise.resolve(update.state);
  return update.models;
}

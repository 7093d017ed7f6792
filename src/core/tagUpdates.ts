// A listing brought up to date after a few tags changed, without reading every tag again: the
// changed refs are read by name, and only the models they belong to are built again. The result
// is what a full read would give: the same tags in the same order, the same models, the same
// registry warnings in the same places.
import { buildRegistry, lightweightNote, type DiagnosticOwner, type Registry, type RegistryModel } from './registry';
import { modelTagPrefix, parseTag, type TagConventions } from './tagGrammar';
import type { TagList } from './store/tagTable';
import type { Diagnostic, TagRef } from './types';

/** A backend that can read tags by exact name (GitRepository can). */
export interface NamedTagReader {
  /** The tags of exactly these names; a name with no tag is left out. */
  readNamedTags(names: readonly string[], signal?: AbortSignal): Promise<TagRef[]>;
}

/** Every tag and the registry built from them, as ModelStore keeps them. */
export interface TagState {
  tags: TagList;
  registry: Registry;
}

/** More changed names than this are read faster by listing every tag. */
export const MAX_NAMED_CHANGES = 500;

/**
 * git's order of ref names (bytes of UTF-8, which is code point order). UTF-16 code units sort
 * the same except that astral characters (surrogate pairs) come before U+E000–U+FFFF.
 */
export function compareRefNames(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let ca = a.charCodeAt(i);
    let cb = b.charCodeAt(i);
    if (ca === cb) continue;
    if ((ca & 0xf800) === 0xd800) ca += 0x10000;
    if ((cb & 0xf800) === 0xd800) cb += 0x10000;
    return ca - cb;
  }
  return a.length - b.length;
}

/** The name prefixes under which the tags of a model can be (as ModelStore's tagsOf reads them). */
function prefixesOf(model: string, conventions: TagConventions): string[] {
  const prefixes: string[] = [];
  if (conventions.gto) prefixes.push(`${modelTagPrefix(model)}@`, `${modelTagPrefix(model)}#`);
  if (conventions.plainModel === model) prefixes.push('v');
  if (conventions.prefix) prefixes.push(`${conventions.prefix}/${model}/`);
  return prefixes;
}

/** The tags of one model, in git's order: a few ranges of the sorted list, found by bisection. */
function tagsOfModel(tags: TagList, model: string, conventions: TagConventions): TagRef[] {
  // A Set: the ranges can overlap (plain `v…` tags and a model whose name starts with v).
  const found = new Set<number>();
  for (const prefix of prefixesOf(model, conventions)) {
    for (const i of tags.withPrefix(prefix)) if (parseTag(tags.name(i), conventions)?.model === model) found.add(i);
  }
  return [...found].sort((a, b) => a - b).map((i) => tags.at(i));
}

/** Puts `item` in place of `name`'s entry (or takes the entry out) in a list sorted by name with `<`, as models are. */
export function putByName<T extends { name: string }>(list: T[], name: string, item: T | undefined): void {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid]!.name < name) lo = mid + 1;
    else hi = mid;
  }
  const present = lo < list.length && list[lo]!.name === name;
  if (item) list.splice(lo, present ? 1 : 0, item);
  else if (present) list.splice(lo, 1);
}

export interface TagUpdate {
  state: TagState;
  /** Models whose registry entry may differ: every model a changed tag belongs to. */
  models: string[];
}

/**
 * Applies refs read again by name to the tags and registry of a full read. `names` are the refs
 * that changed; `fresh` what git now has for them (a name missing from it was deleted). Undefined
 * when the state cannot be updated in place (its tags are not in git's order): read everything.
 */
export function applyTagChanges(before: TagState, names: readonly string[], fresh: readonly TagRef[], conventions: TagConventions): TagUpdate | undefined {
  if (!before.tags.sorted) return undefined;
  const changed = new Set(names);
  for (const t of fresh) changed.add(t.name);
  const tags = before.tags.withChanges(changed, fresh);

  const models = [...new Set([...changed].map((n) => parseTag(n, conventions)?.model).filter((m): m is string => m !== undefined))];
  const old = before.registry;
  const registryModels = [...old.models];
  const maxCounters = new Map(old.maxCounters);
  let lightweight = old.lightweight;
  const added: Array<{ d: Diagnostic; owner: DiagnosticOwner }> = [];
  for (const model of models) {
    const was = buildRegistry(tagsOfModel(before.tags, model, conventions), conventions);
    const mine = tagsOfModel(tags, model, conventions);
    const now = buildRegistry(mine, conventions);
    lightweight += now.lightweight - was.lightweight;
    putByName<RegistryModel>(registryModels, model, now.models[0]);
    if (mine.length) maxCounters.set(model, now.maxCounters.get(model) ?? 0);
    else maxCounters.delete(model);
    for (const d of now.diagnostics) {
      const owner = now.owners.get(d);
      if (owner) added.push({ d, owner });
    }
  }

  // The warnings as a full read orders them: tag warnings in tag order, the lightweight note,
  // then each model's warnings, models in the order of their first tags.
  const rebuilt = new Set(models);
  const all: Array<{ d: Diagnostic; owner: DiagnosticOwner }> = [];
  for (const d of old.diagnostics) {
    const owner = old.owners.get(d);
    if (owner && !rebuilt.has(owner.model)) all.push({ d, owner });
  }
  all.push(...added);
  const tagWarnings = all.filter((x) => x.owner.tag !== undefined).sort((a, b) => compareRefNames(a.owner.tag!, b.owner.tag!));
  const modelWarnings = all.filter((x) => x.owner.tag === undefined).sort((a, b) => compareRefNames(a.owner.first, b.owner.first));
  const diagnostics: Diagnostic[] = [];
  const owners = new Map<Diagnostic, DiagnosticOwner>();
  for (const { d, owner } of tagWarnings) diagnostics.push(d), owners.set(d, owner);
  if (lightweight) diagnostics.push(lightweightNote(lightweight));
  for (const { d, owner } of modelWarnings) diagnostics.push(d), owners.set(d, owner);

  return { state: { tags, registry: { models: registryModels, diagnostics, tagCount: tags.length, maxCounters, lightweight, owners } }, models };
}

// Where each version of each model stands against a remote, as the tree shows it: the local
// versions with the tags the remote adds to them (a colleague's promotion), and the versions
// only the remote has. Pure: from one comparison (remoteState.ts) and the local tags.
import { buildRegistry, type RegistryModel, type RegistryVersion } from './registry';
import { versionRemoteState, versionTags, type RemoteComparison, type RemoteState } from './remoteState';
import { DEFAULT_CONVENTIONS, parseTag, type TagConventions } from './tagGrammar';
import type { TagRef } from './types';

export interface VersionStanding {
  state: RemoteState;
  /** Each tag of the version (registration, stage tags) that is not simply pushed, with its state. */
  tags: Array<{ tag: string; state: Exclude<RemoteState, 'pushed'>; stage?: string }>;
}

export interface RemoteTree {
  remote: string;
  /**
   * The models the remote-only tags touch, as the registry reads them with those tags fetched:
   * their versions and stages as they will be after a fetch.
   */
  merged: ReadonlyMap<string, RegistryModel>;
  comparison: RemoteComparison;
}

/**
 * Rebuilds only the models that remote-only tags touch (a repository of 100,000 tags where a
 * colleague pushed one promotion rebuilds one model), from their local tags and the remote's.
 */
export function remoteTree(comparison: RemoteComparison, localTags: readonly TagRef[], conventions: TagConventions = DEFAULT_CONVENTIONS): RemoteTree {
  const touched = new Set<string>();
  for (const r of comparison.remoteOnlyRefs) {
    const p = parseTag(r.name, conventions);
    if (p) touched.add(p.model);
  }
  const merged = new Map<string, RegistryModel>();
  if (touched.size) {
    const tags = [...localTags, ...comparison.remoteOnlyRefs].filter((t) => {
      const p = parseTag(t.name, conventions);
      return p !== undefined && touched.has(p.model);
    });
    for (const m of buildRegistry(tags, conventions).models) merged.set(m.name, m);
  }
  return { remote: comparison.remote, merged, comparison };
}

/** The version as it will be after a fetch: the merged one when the remote touched its model. */
function mergedVersion(t: RemoteTree, model: string, v: Pick<RegistryVersion, 'version' | 'tag' | 'stageTags'>): Pick<RegistryVersion, 'version' | 'tag' | 'stageTags'> {
  return t.merged.get(model)?.versions.find((x) => x.version === v.version) ?? v;
}

/** Where a local version stands, counting the remote's tags on it; undefined when it has no tags. */
export function versionStanding(t: RemoteTree, model: string, v: Pick<RegistryVersion, 'version' | 'tag' | 'stageTags'>, conventions: TagConventions = DEFAULT_CONVENTIONS): VersionStanding | undefined {
  const m = mergedVersion(t, model, v);
  const state = versionRemoteState(m, t.comparison);
  if (!state) return undefined;
  const tags: VersionStanding['tags'] = [];
  for (const tag of versionTags(m)) {
    const s = t.comparison.tags.get(tag)?.state;
    if (!s || s === 'pushed') continue;
    const stage = parseTag(tag, conventions)?.stage;
    tags.push({ tag, state: s, ...(stage ? { stage } : {}) });
  }
  return { state, tags };
}

/** The versions of a model that only the remote has (every tag of theirs is remote-only), newest first. */
export function remoteOnlyVersions(t: RemoteTree, model: string, local: ReadonlyArray<Pick<RegistryVersion, 'version'>>): RegistryVersion[] {
  const here = new Set(local.map((v) => v.version));
  return (t.merged.get(model)?.versions ?? []).filter((v) => !here.has(v.version) && versionRemoteState(v, t.comparison) === 'remote-only');
}

/** The models that only the remote has. */
export function remoteOnlyModels(t: RemoteTree, local: ReadonlyArray<{ name: string }>): RegistryModel[] {
  const here = new Set(local.map((m) => m.name));
  return [...t.merged.values()].filter((m) => !here.has(m.name));
}

// Tag names as model events: GTO's grammar (iterative/gto constants.py) and two simpler
// conventions for repositories that do not use GTO.
import { parseSemVer, type SemVer } from './semver';

export type TagAction = 'register' | 'deregister' | 'assign' | 'unassign' | 'deprecate' | 'create';

export interface ParsedTag {
  /** The model's name as users write it: `nlp:churn` for the tag prefix `nlp=churn`. */
  model: string;
  action: TagAction;
  /** `v1.2.0` for register/deregister. */
  version?: string;
  semver?: SemVer;
  stage?: string;
  counter?: number;
  /** Which convention matched. */
  convention: 'gto' | 'plain' | 'prefix';
}

const NAME = '[a-zA-Z0-9](?:[a-zA-Z0-9\\-/_]*[a-zA-Z0-9])?';
const DIRNAME = '[a-zA-Z0-9\\-_./]+';
const MODEL_NAME = new RegExp(`^(?:${DIRNAME}:)?${NAME}$`);
const STAGE_NAME = new RegExp(`^${NAME}$`);

// The same grammar split in two, for speed on repositories with tens of thousands of tags: the
// artifact part (few distinct values, so its check is cached) and the event part after it.
const ARTIFACT = new RegExp(`^(?:${DIRNAME}=)?${NAME}$`);
// Sticky: matched at the cut inside the tag name, so the event part needs no string of its own.
const EVENT = new RegExp(`(?:(?:#(${NAME})|@v([^!#@]+))(!?)|@(deprecated|created))(?:#([0-9]+))?$`, 'y');
const artifactCache = new Map<string, string | null>();
// Tags come sorted by name, so a model's tags arrive together: the last artifact answers most lookups.
let lastArtifact = '';
let lastModel: string | null = null;

/** Parses a tag name by GTO's grammar; undefined when it is not a GTO tag. */
export function parseGtoTag(tag: string): ParsedTag | undefined {
  // The artifact ends at the first '@' or '#': names and dirnames hold neither.
  let cut = -1;
  for (let i = 0; i < tag.length; i++) {
    const c = tag.charCodeAt(i);
    if (c === 0x40 /* @ */ || c === 0x23 /* # */) {
      cut = i;
      break;
    }
  }
  if (cut <= 0) return undefined;
  let model: string | null | undefined;
  if (cut === lastArtifact.length && tag.startsWith(lastArtifact)) model = lastModel;
  else {
    const artifact = tag.slice(0, cut);
    model = artifactCache.get(artifact);
    if (model === undefined) {
      model = ARTIFACT.test(artifact) ? artifact.replace('=', ':') : null;
      if (artifactCache.size > 100_000) artifactCache.clear();
      artifactCache.set(artifact, model);
    }
    lastArtifact = artifact;
    lastModel = model;
  }
  if (model === null) return undefined;
  EVENT.lastIndex = cut;
  const m = EVENT.exec(tag);
  if (!m) return undefined;
  const [, stage, version, cancel, special, counterText] = m;
  // GTO (Python ints) accepts any counter; one too large to hold exactly still makes the event,
  // but is left out so it never feeds a wrong number into the next tag's counter.
  const n = counterText !== undefined ? Number(counterText) : undefined;
  const counter = n !== undefined && Number.isSafeInteger(n) ? n : undefined;
  if (special === 'deprecated') return { model, action: 'deprecate', counter, convention: 'gto' };
  if (special === 'created') return { model, action: 'create', counter, convention: 'gto' };
  if (version !== undefined) {
    const known = versionOf(version);
    if (!known) return undefined;
    return { model, action: cancel ? 'deregister' : 'register', version: known.version, semver: known.semver, counter, convention: 'gto' };
  }
  return { model, action: cancel ? 'unassign' : 'assign', stage: stageOf(stage!), counter, convention: 'gto' };
}

// A registry has a handful of stage names, each on thousands of tags: one string each (100,000
// tags kept 48,000 copies of 'dev', 'prod' and 'staging' in the versions built from them).
const stageCache = new Map<string, string>();

function stageOf(text: string): string {
  let known = stageCache.get(text);
  if (known === undefined) {
    if (stageCache.size > 10_000) stageCache.clear();
    stageCache.set(text, (known = text));
  }
  return known;
}

// The same few versions recur across every model of a registry: one string and one (read-only)
// SemVer each, shared by all their tags, rather than three new objects per tag that then live as
// long as the listing does.
const versionCache = new Map<string, { version: string; semver: SemVer } | null>();

function versionOf(text: string): { version: string; semver: SemVer } | null {
  let known = versionCache.get(text);
  if (known === undefined) {
    const semver = parseSemVer(text);
    known = semver ? { version: `v${text}`, semver } : null;
    if (versionCache.size > 10_000) versionCache.clear();
    versionCache.set(text, known);
  }
  return known;
}

export interface TagConventions {
  gto: boolean;
  /** Plain `vX.Y.Z` tags are versions of this one model (a single-model repository). */
  plainModel?: string;
  /** `<prefix>/<name>/vX.Y.Z` tags; the prefix itself, e.g. `models`. */
  prefix?: string;
}

export const DEFAULT_CONVENTIONS: TagConventions = { gto: true };

/** Parses a tag under the enabled conventions; GTO first. */
export function parseTag(tag: string, conventions: TagConventions = DEFAULT_CONVENTIONS): ParsedTag | undefined {
  if (conventions.gto) {
    const gto = parseGtoTag(tag);
    if (gto) return gto;
  }
  if (conventions.plainModel && tag.charCodeAt(0) === 0x76 /* v */) {
    const semver = parseSemVer(tag.slice(1));
    if (semver) return { model: conventions.plainModel, action: 'register', version: tag, semver, convention: 'plain' };
  }
  if (conventions.prefix && tag.startsWith(conventions.prefix + '/')) {
    const rest = tag.slice(conventions.prefix.length + 1);
    const slash = rest.lastIndexOf('/');
    if (slash > 0 && rest.charCodeAt(slash + 1) === 0x76) {
      const name = rest.slice(0, slash);
      const semver = parseSemVer(rest.slice(slash + 2));
      if (semver && STAGE_NAME.test(name)) {
        return { model: name, action: 'register', version: rest.slice(slash + 1), semver, convention: 'prefix' };
      }
    }
  }
  return undefined;
}

/** True for a model name GTO accepts (`churn`, `nlp:churn`, `team/churn`). */
export function isValidModelName(name: string): boolean {
  return MODEL_NAME.test(name);
}

export function isValidStageName(stage: string): boolean {
  return STAGE_NAME.test(stage);
}

/** The tag prefix for a model: `nlp:churn` is written `nlp=churn` in tags. */
export function modelTagPrefix(model: string): string {
  return model.replace(':', '=');
}

/** Formats a GTO tag; the inverse of parseGtoTag. */
export function formatGtoTag(t: Pick<ParsedTag, 'model' | 'action' | 'version' | 'stage' | 'counter'>): string {
  const prefix = modelTagPrefix(t.model);
  let tag: string;
  switch (t.action) {
    case 'register':
      tag = `${prefix}@${t.version}`;
      break;
    case 'deregister':
      tag = `${prefix}@${t.version}!`;
      break;
    case 'assign':
      tag = `${prefix}#${t.stage}`;
      break;
    case 'unassign':
      tag = `${prefix}#${t.stage}!`;
      break;
    case 'deprecate':
      tag = `${prefix}@deprecated`;
      break;
    case 'create':
      tag = `${prefix}@created`;
      break;
  }
  return t.counter !== undefined ? `${tag}#${t.counter}` : tag;
}

// Which models a version declares: manifests, dvc.yaml `artifacts:` (root and sub-folders) and the
// older GTO artifacts.yaml. Works on any FileSource, so the same code reads HEAD, a tag or the
// working tree.
import { isManifestPath, MODEL_NAME, readManifest } from './readers/manifest';
import { readArtifactsYaml, readDvcYaml, type ArtifactDecl } from './readers/dvcYaml';
import { dirOf } from './repoPath';
import { isJsonPath, parseStructured, MAX_STRUCTURED_BYTES, type Parsed } from './structuredText';
import { parseSimpleYaml } from './simpleYaml';
import { outsideMessage, type FileSource } from './fileSource';
import type { Diagnostic } from './types';

export type ModelDefinition =
  /** `type` is the manifest's `type:` (model, dataset, …) when it gives one. */
  | { kind: 'manifest'; name: string; file: string; type?: string }
  | { kind: 'dvc-artifact'; name: string; file: string; folder: string; artifact: ArtifactDecl }
  | { kind: 'artifacts-yaml'; name: string; file: string; artifact: ArtifactDecl }
  /** A Hugging Face model folder: `file` is its config.json. */
  | { kind: 'huggingface'; name: string; file: string; folder: string }
  /** An MLflow saved model folder: `file` is its MLmodel. */
  | { kind: 'mlflow-model'; name: string; file: string; folder: string };

export interface Discovery {
  definitions: ModelDefinition[];
  diagnostics: Diagnostic[];
}

/** The end of the diagnostic for a model file that is too large to read. */
export const TOO_LARGE = 'model files this large are not read';

/** Folders never searched for model files. */
export const DEFAULT_EXCLUDES = ['node_modules', '.git', '.dvc', '.venv', 'venv', '__pycache__', 'mlruns', 'wandb'];

export function isDefinitionPath(path: string, isManifest: (path: string) => boolean = isManifestPath): boolean {
  return isManifest(path) || /(^|\/)dvc\.yaml$/.test(path) || path === 'artifacts.yaml';
}

/** Files whose presence makes a folder holding a config.json a Hugging Face model. */
const HF_WEIGHTS = /(^|\/)(model(-\d+-of-\d+)?\.safetensors|model\.safetensors\.index\.json|pytorch_model(-\d+-of-\d+)?\.bin|pytorch_model\.bin\.index\.json|tf_model\.h5|flax_model\.msgpack)$/;

/** The model files of a folder that no manifest or dvc.yaml declares: MLmodel, HF config.json. */
function folderModelFiles(paths: readonly string[], declared: ReadonlySet<string>): string[] {
  const out: string[] = [];
  const hfFolders = new Set<string>();
  for (const p of paths) if (HF_WEIGHTS.test(p)) hfFolders.add(dirOf(p));
  for (const p of paths) {
    const folder = dirOf(p);
    if (declared.has(folder)) continue;
    if (p.endsWith('/MLmodel') || p === 'MLmodel') out.push(p);
    else if ((p.endsWith('/config.json') || p === 'config.json') && hfFolders.has(folder)) out.push(p);
  }
  return out;
}

/** Picks the definition files out of a file list, skipping excluded folders. */
export function definitionFiles(paths: readonly string[], excludes: readonly string[] = DEFAULT_EXCLUDES, isManifest: (path: string) => boolean = isManifestPath): string[] {
  const ex = new Set(excludes);
  const kept = paths.filter((p) => !p.split('/').slice(0, -1).some((seg) => ex.has(seg)));
  const defs = kept.filter((p) => isDefinitionPath(p, isManifest));
  // A folder with a manifest or dvc.yaml is described by it, not guessed from its files.
  const declared = new Set(defs.map(dirOf));
  defs.push(...folderModelFiles(kept, declared));
  // Nearest the root first, then by path: callers that read them in slices keep the same
  // first-declaration-wins order that discoverModels applies within one call.
  const depth = (p: string) => p.split('/').length;
  return defs.sort((a, b) => depth(a) - depth(b) || (a < b ? -1 : a > b ? 1 : 0));
}

/** The model name a saved-model or Hugging Face folder gets: its own name (the root: `rootName`). */
export function folderModelName(folder: string, rootName?: string): string | undefined {
  const name = folder ? folder.slice(folder.lastIndexOf('/') + 1) : rootName;
  return name && MODEL_NAME.test(name) && !/^[0-9]+$/.test(name) ? name : undefined;
}

/** Reads the given definition files and returns every model they declare. */
export interface DiscoverOptions {
  /**
   * Read a manifest's name from its top-level `name:` line when that line is plain, without
   * parsing (or validating) the whole file: for listings that only need names.
   */
  namesOnly?: boolean;
  /** Which files are manifests: model.yaml and *.model.yaml, plus the user's manifest globs. */
  isManifest?: (path: string) => boolean;
  /** The name of a model folder at the repository's root (the repository folder's name). */
  rootName?: string;
}

/** The declared type of whatever a definition declares (GTO's artifact `type:`, a manifest's `type:`). */
export function declaredType(d: ModelDefinition | undefined): string | undefined {
  if (!d) return undefined;
  if (d.kind === 'dvc-artifact' || d.kind === 'artifacts-yaml') return d.artifact.type;
  return d.kind === 'manifest' ? d.type : undefined;
}

/** GTO artifact types that declare data, not a model: listed apart from the models. */
const DATA_TYPES = /^(dataset|data)$/i;

/** Whether a declared type makes the artifact a dataset rather than a model (no type: a model). */
export function isDatasetType(type: string | undefined): boolean {
  return type !== undefined && DATA_TYPES.test(type.trim());
}

/** A manifest's top-level `type:` when it is plain text on one line (the quick listing's read). */
export function quickManifestType(text: string): string | undefined {
  const m = /^type:[ \t]*(?:"([^"\r\n]*)"|'([^'\r\n]*)'|([^\s"'#][^#\r\n]*?))[ \t]*(?:#.*)?\r?$/m.exec(text);
  return m ? (m[1] ?? m[2] ?? m[3]) : undefined;
}

/** The model name on a manifest's top-level `name:` line, when it is a plain or quoted name. */
export function quickManifestName(text: string): string | undefined {
  const m = /^name:[ \t]*(?:"([a-zA-Z0-9/_-]+)"|'([a-zA-Z0-9/_-]+)'|([a-zA-Z0-9/_-]+))[ \t]*(?:#.*)?\r?$/m.exec(text);
  if (!m) return undefined;
  const name = m[1] ?? m[2] ?? m[3]!;
  // Digits only would be a YAML number (`007` is 7): leave that to the parser.
  if (/^[0-9]+$/.test(name) || !/^[a-zA-Z0-9]([a-zA-Z0-9\-/_]*[a-zA-Z0-9])?$/.test(name)) return undefined;
  // A second top-level name key is a duplicate the parser reports; let it.
  return text.indexOf('\nname:', m.index + 1) >= 0 ? undefined : name;
}

export async function discoverModels(source: FileSource, files: readonly string[], options: DiscoverOptions = {}): Promise<Discovery> {
  const isManifest = options.isManifest ?? isManifestPath;
  const diagnostics: Diagnostic[] = [];
  const definitions: ModelDefinition[] = [];
  // MLmodel and Hugging Face folders are named after the folder: nothing to read to list them.
  const folderFiles = files.filter((f) => f === 'MLmodel' || f.endsWith('/MLmodel') || f === 'config.json' || f.endsWith('/config.json'));
  for (const file of folderFiles) {
    const folder = dirOf(file);
    const kind = file.endsWith('MLmodel') ? 'mlflow-model' : 'huggingface';
    const name = folderModelName(folder, options.rootName);
    if (name) definitions.push({ kind, name, file, folder });
    else {
      const what = kind === 'mlflow-model' ? 'an MLflow model' : 'a Hugging Face model';
      diagnostics.push({ severity: 'info', file, message: `${folder || 'The repository'} looks like ${what}, but its folder name is no model name (letters, digits, - and _); add a model.yaml to name it` });
    }
  }
  files = files.filter((f) => !folderFiles.includes(f));
  const texts = await Promise.all(files.map((f) => source.read(f, MAX_STRUCTURED_BYTES)));
  files.forEach((file, i) => {
    const read = texts[i]!;
    if (read.kind === 'too-large') {
      diagnostics.push({ severity: 'warning', file, line: 1, message: `${file} is ${read.size} bytes; ${TOO_LARGE}` });
      return;
    }
    if (read.kind === 'outside') {
      diagnostics.push({ severity: 'warning', file, message: outsideMessage(file) });
      return;
    }
    if (read.kind !== 'file') return;
    if (options.namesOnly && isManifest(file)) {
      const name = quickManifestName(read.text);
      if (name) {
        const type = quickManifestType(read.text);
        definitions.push({ kind: 'manifest', name, file, ...(type !== undefined ? { type } : {}) });
        return;
      }
    }
    const parsed = parseDefinition(file, read.text);
    diagnostics.push(...parsed.diagnostics);
    if (parsed.value === undefined) {
      // Still a model: its name comes from the file name, and the tree shows the problem on it.
      if (isManifest(file)) definitions.push({ kind: 'manifest', name: readManifest({}, file).manifest!.name, file });
      return;
    }
    if (isManifest(file)) {
      const r = readManifest(parsed.value, file);
      diagnostics.push(...r.diagnostics);
      if (r.manifest) definitions.push({ kind: 'manifest', name: r.manifest.name, file, ...(r.manifest.type !== undefined ? { type: r.manifest.type } : {}) });
    } else if (file === 'artifacts.yaml') {
      for (const a of readArtifactsYaml(parsed.value)) definitions.push({ kind: 'artifacts-yaml', name: a.name, file, artifact: a });
    } else {
      const folder = dirOf(file);
      const project = readDvcYaml(parsed.value, file, folder);
      diagnostics.push(...project.diagnostics);
      for (const a of project.artifacts) {
        // GTO names an artifact of a sub-folder's dvc.yaml `folder:name`.
        definitions.push({ kind: 'dvc-artifact', name: folder ? `${folder}:${a.name}` : a.name, file, folder, artifact: a });
      }
    }
  });
  // A name declared twice: the declaration nearest the root wins (then the first by path), the
  // same one readVersion's lookup finds first, so the tree and the records agree.
  const seen = new Map<string, ModelDefinition>();
  for (const d of definitions) {
    const prev = seen.get(d.name);
    if (!prev) {
      seen.set(d.name, d);
      continue;
    }
    const [keep, drop] = precedes(d.file, prev.file) ? [d, prev] : [prev, d];
    seen.set(d.name, keep);
    diagnostics.push({ severity: 'warning', file: drop.file, message: `${drop.file}: model '${d.name}' is also declared in ${keep.file}, which is used` });
  }
  const winners = new Set(seen.values());
  return { definitions: definitions.filter((d) => winners.has(d)), diagnostics };
}

/**
 * A definition file's value: plain YAML (most manifests) without the YAML library, which costs
 * about a millisecond a file; the library for everything else, and for every file it would
 * report a problem in.
 */
function parseDefinition(file: string, text: string): Parsed {
  const simple = isJsonPath(file) ? undefined : parseSimpleYaml(text);
  return simple ? { value: simple, diagnostics: [] } : parseStructured(file, text);
}

function precedes(a: string, b: string): boolean {
  const da = a.split('/').length;
  const db = b.split('/').length;
  return da !== db ? da < db : a < b;
}

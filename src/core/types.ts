// The normalized shapes every reader produces and every front end (CLI, tree, panel) consumes.
import type { RegistryVersion } from './registry';
import { shortVersion } from './versionLabel';

/** One tag as read by `git for-each-ref`. */
export interface TagRef {
  name: string;
  annotated: boolean;
  /** The tag object's id for annotated tags. */
  tagObject: string | null;
  /** Type of the object the tag finally names: normally 'commit'. */
  targetType: string;
  /** Object id of that commit (or tree/blob for odd tags). */
  target: string;
  /** Unix seconds: tagger date for annotated tags, commit date for lightweight ones. */
  date: number | null;
  tagger: string;
  subject: string;
}

export type Severity = 'error' | 'warning' | 'info';

/** A problem with one input file (or tag); shown as a diagnostic, never thrown. */
export interface Diagnostic {
  severity: Severity;
  message: string;
  /** Repository-relative path of the file the problem is in. */
  file?: string;
  /** 1-based line and column where known. */
  line?: number;
  column?: number;
}

/** Nested key/value data as parsed from YAML or JSON. */
export type Nested = { [key: string]: unknown };

/** Where a data or weights hash was read from. */
export type HashSource = 'dvc.lock' | 'dvc-file' | 'lfs' | 'manifest' | 'git';

/**
 * Which hash a value is: DVC 3 md5s are of raw bytes, DVC 2 md5s of text normalised to LF, so the
 * same file can carry two different md5s; LFS oids are sha256; git blob ids are sha1 of the blob.
 */
export type HashAlgorithm = 'md5' | 'md5-dvc2' | 'sha256' | 'git-blob' | 'etag' | 'unknown';

export interface HashEntry {
  path: string;
  hash: string | null;
  algorithm: HashAlgorithm;
  size?: number;
  nfiles?: number;
  isDir?: boolean;
  source: HashSource;
  /** The file the hash was read from (dvc.lock, a .dvc file, the pointer file, the manifest). */
  sourceFile: string;
  /** For dvc.lock entries: the stage that lists the path. */
  stage?: string;
  /**
   * Set when `path` is a URI (s3://, gs://, https://, remote://…): the content is in remote
   * storage, not in the repository; the value is the URI's scheme (`s3`).
   */
  remote?: string;
  /** For a pipeline output (VersionRecord.outputs): it holds the stage's metrics or plots files. */
  role?: 'metrics' | 'plots';
  /** A file inside a DVC folder output: that output's path (`eval` for `eval/metrics.json`). */
  out?: string;
  /** Whether the content behind the hash can be had, and from where (set by the model store). */
  availability?: Availability;
}

/**
 * Where the content behind a data or weights hash is. `local`: on this machine (the DVC cache,
 * .git/lfs/objects, or Git itself); `remote`: on a DVC remote this tool reads (a local folder or
 * plain HTTP); `missing`: nowhere it can look; `unknown`: only a cloud remote might hold it, and
 * cloud remotes are never contacted.
 */
export interface Availability {
  state: 'local' | 'remote' | 'missing' | 'unknown';
  where?: 'dvc-cache' | 'lfs-objects' | 'git' | 'dvc-remote';
  /** The DVC remote's name, for `remote` and for the notes of `missing` and `unknown`. */
  remote?: string;
  /** A folder output: how many of its files are not where `state` says (a folder pulled in part). */
  missingFiles?: number;
  /** One line saying where it is, or what fetches it (`dvc pull`, `git lfs pull`). */
  note: string;
}

/** Where the content of a file a record read came from, when that was not the version's Git tree. */
export interface ContentOrigin {
  /** dvc-cache: the local DVC cache; dvc-remote: a DVC remote (a local folder or HTTP). */
  kind: 'dvc-cache' | 'dvc-remote';
  /** The DVC output that holds the file: the file itself, or the folder it is in. */
  out: string;
  /** The dvc.lock or .dvc file that names the output, and the stage for dvc.lock. */
  sourceFile: string;
  stage?: string;
  /** The md5 of the file's object, and which kind of md5 it is. */
  hash: string;
  algorithm: HashAlgorithm;
  remote?: string;
}

export interface ConfigFile {
  path: string;
  present: boolean;
  /** Parsed key/values for YAML/JSON; undefined for formats read as text only. */
  values?: Nested;
  /** Blob id at the version, so text-only configs still compare. */
  oid?: string;
  text?: string;
}

/** A metrics, params or plots file a version names, and where its content was read from. */
export interface TrackedFile {
  path: string;
  /**
   * Whether the content was read: from Git (the disk, for the working tree), or from the DVC
   * cache or a remote when the file is a DVC output (then `origin` says which).
   */
  present: boolean;
  origin?: ContentOrigin;
  /** Why the content could not be read, with the fix (`in DVC output eval (…), not in the local cache: dvc pull`). */
  missing?: string;
  /** The keys read from the file (metrics; params), in order: which file each row came from. */
  keys?: string[];
}

export type MetricsFile = TrackedFile;

export interface CodeInfo {
  commit: string | null;
  author?: string;
  authorEmail?: string;
  /** ISO 8601 author date. */
  date?: string;
  message?: string;
  tag?: string;
  tagMessage?: string;
  tagger?: string;
  /**
   * The code files (and folders of code) the pipeline's stages depend on, with the hashes
   * dvc.lock recorded for them; absent when no dvc.lock names any.
   */
  files?: Record<string, HashEntry>;
}

/** Where a run was logged: MLflow (`mlruns/` or `mlflow.db`) or Weights & Biases (`wandb/`). */
export type RunSource = 'mlflow' | 'wandb';

/**
 * A training run as the tree, the panel and the CLI show it. Runs live next to Git (usually
 * ignored), so they are read from the working tree and linked to versions by the commit they ran at.
 */
export interface RunSummary {
  source: RunSource;
  id: string;
  name?: string;
  /** MLflow experiment name (or id); W&B has none in a local folder. */
  experiment?: string;
  /** `FINISHED`, `RUNNING`, … (MLflow only). */
  status?: string;
  /** ISO 8601, when known. */
  startedAt?: string;
  /** The commit the run's code was at (`mlflow.source.git.commit`, W&B metadata `git.commit`). */
  gitCommit?: string;
  /** Repository-relative run folder, or the mlflow.db file it came from. */
  location: string;
  /** MLflow params; W&B config (unwrapped). */
  params: Nested;
  /** MLflow metrics (last value); W&B summary. */
  metrics: Record<string, number>;
  /** MLflow only: each metric's logged values in step order (W&B keeps them in a binary log). */
  history?: Record<string, Array<{ step: number; value: number }>>;
}

/** What one version of a model is made of. */
export interface VersionRecord {
  model: string;
  /** `v1.2.0`, a revision name, or `workdir`. */
  version: string;
  /** The git revision it was read at (`null` for the working tree). */
  commit: string | null;
  description?: string;
  framework?: string;
  labels?: string[];
  hyperparameters: Nested;
  configs: Record<string, ConfigFile>;
  /** Input data: what the model was trained from (not code, not what a stage wrote). */
  data: Record<string, HashEntry>;
  weights: Record<string, HashEntry>;
  /** What pipeline stages wrote besides the weights: intermediate data, metrics and plots folders. */
  outputs: Record<string, HashEntry>;
  metrics: Record<string, number>;
  metricsFiles: MetricsFile[];
  /** The params files read, in the order they were merged (later files win a key). */
  paramsFiles?: TrackedFile[];
  /**
   * The data files of dvc.yaml's `plots:`, by path: their hash (a Git blob id, or the md5 a DVC
   * output's listing gives) and where each is, like data entries.
   */
  plots?: Record<string, HashEntry>;
  code: CodeInfo;
  /**
   * Runs that produced this version: those logged at its commit, or an MLflow registry version's
   * source run; newest first, the run an MLmodel names before them. Diffs compare the first one
   * of each source that did not fail.
   */
  runs: RunSummary[];
  /** The MLflow run an MLmodel file at this version names (linked to `runs` by the store). */
  mlflowRunId?: string;
  /** The files the record was built from, repository-relative. */
  sources: string[];
  diagnostics: Diagnostic[];
  /**
   * Set for the working tree when its params differ from what dvc.lock recorded: its metrics
   * come from a run with other params (`params.yaml:train.lr`, …), so they are stale.
   */
  stale?: { params: string[] };
}

export function emptyRecord(model: string, version: string, commit: string | null): VersionRecord {
  return {
    model,
    version,
    commit,
    hyperparameters: {},
    configs: {},
    data: {},
    weights: {},
    outputs: {},
    metrics: {},
    metricsFiles: [],
    code: { commit },
    runs: [],
    sources: [],
    diagnostics: [],
  };
}

/**
 * Whether a version (a record, an operand, a panel column) is the working tree. Not just "no
 * commit": an MLflow registry version whose run recorded none has no commit either.
 */
export function isWorkingTree(v: { version: string; commit: string | null }): boolean {
  return v.version === 'workdir' && v.commit === null;
}

/** A diagnostic's text without the `file: ` prefix readers put in front (the file is shown apart). */
export function messageWithoutFile(d: Diagnostic): string {
  return d.file && d.message.startsWith(`${d.file}: `) ? d.message.slice(d.file.length + 2) : d.message;
}

/** An MLflow model registry version (from mlruns/models or mlflow.db), not a Git tag. */
export interface MlflowVersionInfo {
  /** `mlruns` or `mlflow.db`. */
  store: string;
  version: number;
  runId?: string;
  /** READY, PENDING_REGISTRATION, FAILED_REGISTRATION. */
  status?: string;
  /** MLflow's older stage (Staging, Production, Archived); None is left out. */
  stage?: string;
  aliases: string[];
  /** Where MLflow says the model's files are (`runs:/…`, `mlflow-artifacts:/…`, a path). */
  source?: string;
}

/** A version as listed: from a Git tag, or from an MLflow registry (then `mlflow` is set). */
export interface ModelVersion extends RegistryVersion {
  mlflow?: MlflowVersionInfo;
}

/**
 * A resolved operand: which model, which version, at which commit. Made by the constructors
 * below (a tagged version, a bare commit, the working tree, an MLflow version), never by hand,
 * so that every version of one kind is labelled by the same rule.
 */
export interface ResolvedVersion {
  model: string;
  /** `v1.2.0`, a revision as typed, or `workdir`. */
  version: string;
  label: string;
  commit: string | null;
  tag?: TagRef;
  registryVersion?: ModelVersion;
  /** For `churn#prod`: the stage that was asked for and the tag that assigned it (MLflow aliases have none). */
  stage?: { name: string; tag?: string };
}

/** How an operand is written back: `churn@v1.2.0`, `churn@a1b2c3d` (versionLabel.ts's short form). */
function operandLabel(model: string, version: string): string {
  return `${model}@${shortVersion(version)}`;
}

/**
 * A version of the registry (registered by a tag, or a commit a stage was assigned to); asked
 * for by stage, it is labelled by the stage (`churn#prod`) and says which tag assigned it.
 */
export function taggedVersion(model: string, v: ModelVersion, tag?: TagRef, stage?: { name: string; tag?: string }): ResolvedVersion {
  return {
    model,
    version: v.version,
    label: stage ? `${model}#${stage.name}` : operandLabel(model, v.version),
    commit: v.commit || null,
    tag,
    registryVersion: v,
    ...(stage ? { stage } : {}),
  };
}

/**
 * A revision as typed (`main`, `HEAD~2`, a commit id) at the commit it names; `registered` is the
 * version registered on that commit, when there is one.
 */
export function commitVersion(model: string, rev: string, commit: string, registered?: ModelVersion, tag?: TagRef): ResolvedVersion {
  return { model, version: rev, label: operandLabel(model, rev), commit, tag, registryVersion: registered };
}

/** A version as the listing holds it, of either kind: the tree's and the pickers' operands. */
export function listedVersion(model: string, v: ModelVersion): ResolvedVersion {
  return v.mlflow ? mlflowVersion(model, v) : taggedVersion(model, v);
}

/** The files on disk now: no commit, never cached. */
export function workingTreeVersion(model: string): ResolvedVersion {
  return { model, version: 'workdir', label: `${model}@workdir`, commit: null };
}

/** A version of MLflow's model registry (`churn@3`), at the commit its run recorded if any. */
export function mlflowVersion(model: string, v: ModelVersion): ResolvedVersion {
  return { model, version: v.version, label: operandLabel(model, v.version), commit: v.commit || null, registryVersion: v };
}

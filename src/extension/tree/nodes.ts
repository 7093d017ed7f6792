// The tree's node types. Each node has a stable id (so expansion and reveal survive refreshes)
// and a parent (so reveal() can walk up).
import type { ModelSummary, ModelVersion, ResolvedVersion } from '../../core/modelStore';
import type { GtoEvent } from '../../core/gtoState';
import type { StaleParam } from '../../core/staleMetrics';
import type { ConfigFile, HashEntry, RunSummary, VersionRecord } from '../../core/types';
import type { Repo } from '../repositories';
import type { RunsGroupNode } from './runsGroup';

export type SectionKind = 'hyperparameters' | 'configs' | 'data' | 'weights' | 'outputs' | 'pipelineCode' | 'metrics' | 'runs' | 'commit' | 'problems';

interface Base {
  id: string;
  parent?: Node;
}

export interface RepoNode extends Base {
  kind: 'repo';
  repo: Repo;
}
export interface ModelNode extends Base {
  kind: 'model';
  repo: Repo;
  model: ModelSummary;
  /** A model only the remote has (a colleague's new model, not fetched): its versions are all remote. */
  apart?: 'remote';
}
export interface VersionNode extends Base {
  kind: 'version';
  repo: Repo;
  model: ModelSummary;
  version: ModelVersion;
  resolved: ResolvedVersion;
  /** HEAD is at this version's commit. */
  checkedOut?: boolean;
  /**
   * Listed apart from the model's versions: under "N deregistered (hidden)", or only on the
   * remote (not fetched). Neither offers promote, tag or checkout.
   */
  apart?: 'deregistered' | 'remote';
}
/** A model's journal: registrations, assignments and the rest, newest first. */
export interface HistoryNode extends Base {
  kind: 'history';
  repo: Repo;
  model: ModelSummary;
}
export interface EventNode extends Base {
  kind: 'event';
  repo: Repo;
  model: ModelSummary;
  event: GtoEvent;
}
/** "2 deregistered (hidden)": the versions the view leaves out, one click away. */
export interface HiddenNode extends Base {
  kind: 'hidden';
  repo: Repo;
  model: ModelSummary;
  versions: ModelVersion[];
}
export interface WorkdirNode extends Base {
  kind: 'workdir';
  repo: Repo;
  model: ModelSummary;
  resolved: ResolvedVersion;
  changes: number;
  /** What the working tree is compared with: the version HEAD is at, else the latest. */
  base?: { version: ModelVersion; checkedOut: boolean };
  /** Params changed since dvc.lock recorded the run: the metrics on disk are not these params'. */
  stale?: StaleParam[];
}
export interface MoreNode extends Base {
  kind: 'more';
  repo: Repo;
  model: ModelSummary;
  hidden: number;
}
export interface SectionNode extends Base {
  kind: 'section';
  section: SectionKind;
  owner: VersionNode | WorkdirNode;
  record: VersionRecord;
}
export interface ConfigNode extends Base {
  kind: 'config';
  owner: VersionNode | WorkdirNode;
  config: ConfigFile;
  /** Its key in the record: the file's path, or `MLmodel` for an MLflow version's model. */
  key: string;
}
/** An MLflow or W&B run linked to a version. */
export interface RunNode extends Base {
  kind: 'run';
  owner: VersionNode | WorkdirNode;
  run: RunSummary;
}
export interface RowNode extends Base {
  kind: 'row';
  label: string;
  description?: string;
  tooltip?: string;
  icon?: string;
  /** A theme colour id for the icon (availability: a missing object reads as a warning). */
  color?: string;
  contextValue: string;
  /** For hash rows. */
  entry?: HashEntry;
  owner?: VersionNode | WorkdirNode;
  /** For problem rows: where to open. */
  file?: string;
  line?: number;
  copyValue?: string;
}
export interface MessageNode extends Base {
  kind: 'message';
  label: string;
  icon: string;
  description?: string;
  tooltip?: string;
  /** What a click does (Clear Filter under "No models match"). */
  command?: { command: string; title: string };
}

export type Node = RepoNode | ModelNode | VersionNode | WorkdirNode | MoreNode | HistoryNode | EventNode | HiddenNode | SectionNode | ConfigNode | RunNode | RowNode | MessageNode | RunsGroupNode;

export function versionNodeId(repo: Repo, model: string, version: string): string {
  return `${repo.id}\u0000m:${model}\u0000v:${version}`;
}

export function modelNodeId(repo: Repo, model: string): string {
  return `${repo.id}\u0000m:${model}`;
}

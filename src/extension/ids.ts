// Every id the extension shares with package.json, in one place.

export const EXTENSION_ID = 'model-versions.model-versions';
export const VIEW_CONTAINER = 'modelVersions';
export const MODELS_VIEW = 'modelVersions.models';
export const CONTENT_SCHEME = 'model-versions';

export const Commands = {
  refresh: 'modelVersions.refresh',
  filter: 'modelVersions.filter',
  clearFilter: 'modelVersions.clearFilter',
  tagVersion: 'modelVersions.tagVersion',
  promote: 'modelVersions.promote',
  checkout: 'modelVersions.checkout',
  restoreFiles: 'modelVersions.restoreFiles',
  compareWithPrevious: 'modelVersions.compareWithPrevious',
  compareVersions: 'modelVersions.compareVersions',
  compareWithWorkingTree: 'modelVersions.compareWithWorkingTree',
  openManifest: 'modelVersions.openManifest',
  openConfigDiff: 'modelVersions.openConfigDiff',
  copyTagName: 'modelVersions.copyTagName',
  copyHash: 'modelVersions.copyHash',
  revealInExplorer: 'modelVersions.revealInExplorer',
  createManifest: 'modelVersions.createManifest',
  showAllVersions: 'modelVersions.showAllVersions',
  revealHeadVersion: 'modelVersions.revealHeadVersion',
  showLog: 'modelVersions.showLog',
  cancelReading: 'modelVersions.cancelReading',
  deprecateModel: 'modelVersions.deprecateModel',
  deregisterVersion: 'modelVersions.deregisterVersion',
  unassignStage: 'modelVersions.unassignStage',
  rollBackStage: 'modelVersions.rollBackStage',
} as const;

/** Context keys used in `when` clauses. */
export const ContextKeys = {
  /** 'loading' | 'untrusted' | 'noRepository' | 'noModels' | 'ready' */
  state: 'modelVersions.state',
  filtered: 'modelVersions.filtered',
} as const;

export const Settings = {
  section: 'modelVersions',
  gtoTags: 'tags.gto',
  plainTagsModel: 'tags.plainVersionsModel',
  tagPrefix: 'tags.prefix',
  manifestGlobs: 'manifestGlobs',
  exclude: 'exclude',
  runsEnabled: 'runs.enabled',
  mlflowPath: 'runs.mlflowPath',
  mlflowDatabase: 'runs.mlflowDatabase',
  wandbPath: 'runs.wandbPath',
  versionsPerModel: 'versionsPerModel',
  showDeregistered: 'showDeregistered',
  stages: 'stages',
  enforceOrder: 'stages.enforceOrder',
  registries: 'registries',
  gitPath: 'git.path',
  remoteAutoRefreshMinutes: 'remote.autoRefreshMinutes',
} as const;

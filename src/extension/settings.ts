// Reads the extension's settings into the core's options.
import * as vscode from 'vscode';
import type { StoreOptions } from '../core/modelStore';
import { DEFAULT_EXCLUDES } from '../core/discovery';
import { DEFAULT_RUN_STORES } from '../core/runStores';
import { Settings } from './ids';

export interface ExtensionSettings {
  store: StoreOptions;
  versionsPerModel: number;
  showDeregistered: boolean;
  stages: string[];
  enforceOrder: boolean;
  registries: string[];
  gitPath: string;
  manifestGlobs: string[];
}

export function readSettings(scope?: vscode.ConfigurationScope): ExtensionSettings {
  const c = vscode.workspace.getConfiguration(Settings.section, scope);
  const plain = c.get<string>(Settings.plainTagsModel, '').trim();
  const prefix = c.get<string>(Settings.tagPrefix, '').trim().replace(/\/+$/, '');
  return {
    store: {
      conventions: { gto: c.get<boolean>(Settings.gtoTags, true), plainModel: plain || undefined, prefix: prefix || undefined },
      excludes: [...DEFAULT_EXCLUDES, ...c.get<string[]>(Settings.exclude, [])],
      manifestGlobs: c.get<string[]>(Settings.manifestGlobs, []),
      runStores: c.get<boolean>(Settings.runsEnabled, true)
        ? {
            mlruns: c.get<string>(Settings.mlflowPath, DEFAULT_RUN_STORES.mlruns).trim() || DEFAULT_RUN_STORES.mlruns,
            mlflowDb: c.get<string>(Settings.mlflowDatabase, DEFAULT_RUN_STORES.mlflowDb).trim() || DEFAULT_RUN_STORES.mlflowDb,
            wandb: c.get<string>(Settings.wandbPath, DEFAULT_RUN_STORES.wandb).trim() || DEFAULT_RUN_STORES.wandb,
          }
        : false,
    },
    versionsPerModel: Math.max(1, c.get<number>(Settings.versionsPerModel, 20)),
    showDeregistered: c.get<boolean>(Settings.showDeregistered, false),
    stages: c.get<string[]>(Settings.stages, ['dev', 'staging', 'prod']),
    enforceOrder: c.get<boolean>(Settings.enforceOrder, false),
    registries: c.get<string[]>(Settings.registries, []).filter((r) => typeof r === 'string' && r.trim() !== '').map((r) => r.trim()),
    // A machine-scoped, restricted setting: a workspace cannot point it at a program of its own.
    gitPath: vscode.workspace.getConfiguration(Settings.section).inspect<string>(Settings.gitPath)?.globalValue || 'git',
    manifestGlobs: c.get<string[]>(Settings.manifestGlobs, []),
  };
}

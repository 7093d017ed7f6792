// The only reader of the extension's settings: VS Code's values through the core's typed
// configuration (src/core/config.ts), which also says what a change of each one needs.
import * as vscode from 'vscode';
import { changeEffect, parseConfig, storeOptions, type ChangeEffect, type Config } from '../core/config';
import type { StoreOptions } from '../core/modelStore';
import { Settings } from './ids';
import { log } from './logger';

export interface ExtensionSettings {
  store: StoreOptions;
  versionsPerModel: number;
  showDeregistered: boolean;
  stages: string[];
  enforceOrder: boolean;
  registries: string[];
  remoteAutoRefreshMinutes: number;
  gitPath: string;
  manifestGlobs: string[];
  metrics: Config['metrics'];
}

/** Problems already logged, so a wrong value is said once, not on every read. */
const logged = new Set<string>();

/** The typed configuration for a folder (or the window). */
export function readConfig(scope?: vscode.ConfigurationScope): Config {
  const c = vscode.workspace.getConfiguration(Settings.section, scope);
  const { config, problems } = parseConfig((key) =>
    // A machine-scoped, restricted setting: a workspace cannot point it at a program of its own.
    key === Settings.gitPath ? vscode.workspace.getConfiguration(Settings.section).inspect<string>(Settings.gitPath)?.globalValue : c.get(key),
  );
  for (const p of problems) {
    if (logged.has(p)) continue;
    logged.add(p);
    log().warn(p);
  }
  return config;
}

export function readSettings(scope?: vscode.ConfigurationScope): ExtensionSettings {
  const config = readConfig(scope);
  return {
    store: storeOptions(config),
    versionsPerModel: config.versionsPerModel,
    showDeregistered: config.showDeregistered,
    stages: config.stages,
    enforceOrder: config.stagesEnforceOrder,
    registries: config.registries,
    remoteAutoRefreshMinutes: config.remoteAutoRefreshMinutes,
    gitPath: config.gitPath,
    manifestGlobs: config.manifestGlobs,
    metrics: config.metrics,
  };
}

/** What a configuration change needs: reopening the repositories, a redraw, or nothing. */
export function effectOf(e: vscode.ConfigurationChangeEvent): ChangeEffect {
  return changeEffect((key) => e.affectsConfiguration(`${Settings.section}.${key}`));
}

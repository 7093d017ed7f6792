// The typed configuration: defaults, values of the wrong kind, and what a change of each setting
// needs — the repositories opened again, or only a redraw.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { changeEffect, defaultConfig, parseConfig, SETTINGS, storeOptions } from '../../src/core/config';
import { DEFAULT_EXCLUDES } from '../../src/core/discovery';

const values = (v: Record<string, unknown>) => (key: string) => v[key];

describe('typed configuration', () => {
  it('with nothing set, every setting has its default and the store reads GTO tags and the default run stores', () => {
    const { config, problems } = parseConfig(() => undefined);
    assert.deepEqual(problems, []);
    assert.deepEqual(config, defaultConfig());
    assert.deepEqual(storeOptions(config), {
      conventions: { gto: true, plainModel: undefined, prefix: undefined },
      excludes: [...DEFAULT_EXCLUDES],
      manifestGlobs: [],
      runStores: { mlruns: 'mlruns', mlflowDb: 'mlflow.db', wandb: 'wandb' },
    });
  });

  it('values are trimmed, a prefix loses its trailing slashes, blank entries drop out, runs can be switched off', () => {
    const { config } = parseConfig(values({ 'tags.prefix': ' models// ', 'tags.plainVersionsModel': ' churn ', registries: [' https://example.com/r.git ', '', 'https://example.com/r.git'], 'runs.enabled': false, versionsPerModel: 5.7 }));
    assert.equal(config.tags.prefix, 'models');
    assert.deepEqual(config.registries, ['https://example.com/r.git']);
    assert.equal(config.versionsPerModel, 5);
    const store = storeOptions(config);
    assert.deepEqual(store.conventions, { gto: true, plainModel: 'churn', prefix: 'models' });
    assert.equal(store.runStores, false);
  });

  it('a value of the wrong kind keeps the default and says which setting and why', () => {
    const { config, problems } = parseConfig(values({ versionsPerModel: 0, stages: 'prod', 'tags.gto': 'yes', registries: ['ok', 3] }));
    assert.equal(config.versionsPerModel, 20);
    assert.deepEqual(config.stages, ['dev', 'staging', 'prod']);
    assert.equal(config.tags.gto, true);
    assert.deepEqual(config.registries, []);
    assert.deepEqual(problems, [
      'modelVersions.tags.gto must be true or false; its default is used',
      'modelVersions.registries must be a list of strings; its default is used',
      'modelVersions.versionsPerModel must be a whole number of at least 1; its default is used',
      'modelVersions.stages must be a list of strings; its default is used',
    ]);
  });

  it('tag conventions, the git program, run stores and registries reopen a repository; versionsPerModel and metric directions only redraw', () => {
    const only = (...keys: string[]) => (k: string) => keys.includes(k);
    for (const k of ['tags.gto', 'tags.prefix', 'tags.plainVersionsModel', 'git.path', 'runs.mlflowPath', 'runs.enabled', 'registries', 'manifestGlobs', 'exclude']) assert.equal(changeEffect(only(k)), 'reopen', k);
    for (const k of ['versionsPerModel', 'showDeregistered', 'metrics.lowerIsBetter', 'metrics.higherIsBetter']) assert.equal(changeEffect(only(k)), 'redraw', k);
    for (const k of ['stages', 'stages.enforceOrder']) assert.equal(changeEffect(only(k)), 'none', k);
    // The strongest effect wins when several settings change at once.
    assert.equal(changeEffect(only('versionsPerModel', 'tags.prefix')), 'reopen');
    assert.equal(changeEffect(() => false), 'none');
  });

  it('knows every setting package.json contributes, and nothing else', () => {
    const pkg = JSON.parse(readFileSync(path.join(__dirname, '../../../package.json'), 'utf8'));
    const contributed = Object.keys(pkg.contributes.configuration.properties).map((k) => k.replace(/^modelVersions\./, '')).sort();
    assert.deepEqual(Object.keys(SETTINGS).sort(), contributed);
  });
});

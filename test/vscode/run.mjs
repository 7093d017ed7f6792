#!/usr/bin/env node
// Runs the extension-host tests in a real VS Code (code-server) on several workspaces: the demo
// repository, MLflow/W&B/Hugging Face beside Git, restricted mode, 100,000 tags, a repository
// without models and a folder without Git. Exit code: non-zero if any
// run fails.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(import.meta.url);
const { makeDemoRepo } = require(path.join(root, 'out/test/fixtures/demoRepo.js'));

const base = fs.mkdtempSync(path.join(os.tmpdir(), 'mv-vscode-tests-'));
const demo = path.join(base, 'demo');
makeDemoRepo(demo);
const empty = path.join(base, 'empty-repo');
fs.mkdirSync(empty);
const gitEnv = { ...process.env, GIT_AUTHOR_NAME: 'T', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 'T', GIT_COMMITTER_EMAIL: 't@example.com' };
execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: empty });
fs.writeFileSync(path.join(empty, 'README.md'), '# no models here\n');
execFileSync('git', ['add', '-A'], { cwd: empty });
execFileSync('git', ['commit', '-q', '-m', 'init'], { cwd: empty, env: gitEnv });
const plain = path.join(base, 'no-git');
fs.mkdirSync(plain);

const many = path.join(base, 'many-tags');
if (!process.env.MODEL_VERSIONS_SCENARIOS || process.env.MODEL_VERSIONS_SCENARIOS.split(',').includes('many-tags')) {
  const { makeManyTagsRepo } = require(path.join(root, 'out/test/fixtures/manyTags.js'));
  const t = Date.now();
  makeManyTagsRepo(many);
  console.log(`100,000-tag repository made in ${((Date.now() - t) / 1000).toFixed(1)} s`);
}
const interop = path.join(base, 'interop');
if (!process.env.MODEL_VERSIONS_SCENARIOS || process.env.MODEL_VERSIONS_SCENARIOS.split(',').includes('interop')) {
  const { makeInteropRepo } = require(path.join(root, 'out/test/fixtures/interopRepo.js'));
  await makeInteropRepo(interop);
  // Beside mlruns/, an mlflow.db with a model of its own: the extension parses it in a worker.
  const { buildMlflowDb } = require(path.join(root, 'out/test/fixtures/mlflowStores.js'));
  const t0 = Date.UTC(2024, 4, 5);
  fs.writeFileSync(
    path.join(interop, 'mlflow.db'),
    await buildMlflowDb({
      experiments: [{ id: '0', name: 'Default', creationTime: t0, runs: [{ id: 'db000000000000000000000000000001', name: 'db-run', status: 'FINISHED', startTime: t0, params: { alpha: '0.5' }, metrics: { r2: [{ timestamp: t0, value: 0.7, step: 0 }] } }] }],
      models: [{ name: 'db-model', creationTime: t0, versions: [{ version: 1, runId: 'db000000000000000000000000000001', status: 'READY', stage: 'None', creationTime: t0 }] }],
    }),
  );
}
const untrusted = path.join(base, 'untrusted');
makeDemoRepo(untrusted, { small: true });

const scenarios = [
  ['demo', demo],
  ['interop', interop],
  ['untrusted', untrusted],
  ['many-tags', many],
  ['no-models', empty],
  ['no-git', plain],
].filter(([name]) => !process.env.MODEL_VERSIONS_SCENARIOS || process.env.MODEL_VERSIONS_SCENARIOS.split(',').includes(name));

let failed = 0;
for (const [name, folder] of scenarios) {
  console.log(`\n=== extension-host tests: ${name} (${folder})`);
  const r = spawnSync(process.execPath, [path.join(root, 'test/harness/runExtensionTests.mjs'), '--tests', path.join(root, 'out/test/vscode/index.js'), '--folder', folder, '--timeout', '180000'], {
    stdio: 'inherit',
    env: { ...process.env, MODEL_VERSIONS_SCENARIO: name, ...(name === 'untrusted' ? { HARNESS_WORKSPACE_TRUST: '1' } : {}) },
  });
  if (r.status !== 0) {
    failed++;
    console.log(`=== ${name}: FAILED (exit ${r.status})`);
  }
}
fs.rmSync(base, { recursive: true, force: true });
process.exit(failed ? 1 : 0);

#!/usr/bin/env node
// `npm run demo`: builds the extension, generates a demo repository (three models with GTO tags
// and stages, DVC params and lock files, a model.yaml, LFS pointers, metrics) and opens it in a
// real VS Code (code-server on 127.0.0.1) with the extension installed. Ctrl+C stops everything.
//
//   npm run demo [-- --port 8080] [-- --folder /path/to/your/repo]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ensureTools } from './vscode-tools.mjs';
import { startCodeServer } from '../test/harness/codeServer.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: { port: { type: 'string' }, folder: { type: 'string' }, 'demo-dir': { type: 'string' }, help: { type: 'boolean', short: 'h' } },
});
if (values.help) {
  console.log('usage: npm run demo [-- --port N] [-- --folder YOUR_REPO] [-- --demo-dir WHERE_TO_GENERATE_THE_DEMO]');
  process.exit(0);
}

await ensureTools();
let folder;
if (values.folder) {
  folder = path.resolve(values.folder);
  if (!fs.existsSync(folder)) {
    console.error(`demo: ${folder} does not exist`);
    process.exit(2);
  }
} else {
  folder = values['demo-dir'] ? path.resolve(values['demo-dir']) : path.join(root, 'demo-workspace', 'ml-models');
  const load = createRequire(import.meta.url);
  load(path.join(root, 'out/test/fixtures/demoRepo.js')).makeDemoRepo(folder);
  // MLflow and W&B runs beside it (ignored by Git), and an MLflow registry model.
  load(path.join(root, 'out/test/fixtures/demoRuns.js')).addDemoRuns(folder);
  console.log(`demo repository: ${folder}`);
}

// The person's own git setup (identity, credential helpers, SSH, signing), so Tag, Promote and
// the terminal work as they do outside the demo; VS Code's state still goes to a temp folder
// (codeServer.mjs, gitHomeEnv). The generated repository has its own identity, which wins.
const identity = gitIdentity(folder);
if (!identity) {
  console.warn('demo: git has no identity for this repository, so Tag and Promote will fail; set one with\n  git config --global user.name "Your Name"\n  git config --global user.email you@example.com');
}
const server = await startCodeServer({
  folder,
  userHome: true,
  installExtensionPath: root,
  port: values.port ? Number(values.port) : undefined,
  settings: { 'workbench.colorTheme': 'Default Dark Modern' },
});
if (identity) console.log(`git commits and tags as ${identity}`);
console.log(`\nModel Versions demo is running in VS Code at:\n\n  ${server.url}\n\nOpen it in a browser, click the Model Versions icon in the activity bar. Ctrl+C stops it.`);
/** `Name <email>` as git would sign a tag in `dir`, or undefined when it has none. */
function gitIdentity(dir) {
  const r = spawnSync('git', ['var', 'GIT_COMMITTER_IDENT'], { cwd: dir, encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } });
  return r.status === 0 ? r.stdout.replace(/>.*$/s, '>') : undefined;
}

const stop = async () => {
  await server.stop();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
setInterval(() => undefined, 1 << 30);

#!/usr/bin/env node
// `npm run demo`: builds the extension, generates a demo repository (three models with GTO tags
// and stages, DVC params and lock files, a model.yaml, LFS pointers, metrics) and opens it in a
// real VS Code (code-server on 127.0.0.1) with the extension installed. Ctrl+C stops everything.
//
//   npm run demo [-- --port 8080] [-- --folder /path/to/your/repo]
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

const server = await startCodeServer({
  folder,
  installExtensionPath: root,
  port: values.port ? Number(values.port) : undefined,
  settings: { 'workbench.colorTheme': 'Default Dark Modern' },
});
console.log(`\nModel Versions demo is running in VS Code at:\n\n  ${server.url}\n\nOpen it in a browser, click the Model Versions icon in the activity bar. Ctrl+C stops it.`);
const stop = async () => {
  await server.stop();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
setInterval(() => undefined, 1 << 30);

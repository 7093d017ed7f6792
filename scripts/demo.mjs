#!/usr/bin/env node
// `npm run demo`: builds what is out of date, generates a demo repository (three models with GTO
// tags and stages, DVC params and lock files, a model.yaml, LFS files, metrics) and opens it in a
// real VS Code (code-server on 127.0.0.1) with the extension installed. Ctrl+C stops everything.
//
//   npm run demo [-- --port 8080] [-- --folder /path/to/your/repo] [-- --rebuild] [-- --check]
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
  options: {
    port: { type: 'string' },
    folder: { type: 'string' },
    'demo-dir': { type: 'string' },
    rebuild: { type: 'boolean' },
    check: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  },
});
if (values.help) {
  console.log(`usage: npm run demo [-- --port N] [-- --folder YOUR_REPO] [-- --demo-dir WHERE_TO_GENERATE_THE_DEMO]
  --rebuild  run npm install, tsc and the build even when they are up to date
  --check    only say what is out of date (exit 1 if anything is), start nothing`);
  process.exit(0);
}

// ---- What is out of date -------------------------------------------------------------------
// Each launch used to run npm install, tsc and the production build (about 45 s). Each is
// needed only when its inputs changed since it last ran; each check names the first input that
// makes it needed, so the launch says why it does what it does.

/** Files under `dir` (relative to the project), recursively. */
function filesUnder(dir) {
  const abs = path.join(root, dir);
  if (!fs.existsSync(abs)) return [];
  return fs.readdirSync(abs, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => path.relative(root, path.join(d.parentPath ?? d.path, d.name)))
    .sort();
}

function mtime(rel) {
  return fs.statSync(path.join(root, rel), { throwIfNoEntry: false })?.mtimeMs;
}

function readJson(rel) {
  try {
    return JSON.parse(fs.readFileSync(path.join(root, rel), 'utf8'));
  } catch {
    return undefined;
  }
}

/** What npm writes at the end of every install: when it is newer than an output, packages changed. */
const INSTALLED = 'node_modules/.package-lock.json';

/**
 * Why `npm install` is needed, or undefined. npm records what it installed in
 * node_modules/.package-lock.json (the hidden lockfile): node_modules matches package-lock.json
 * when every package the lock names is installed at its version and integrity. Contents, not
 * mtimes: a checkout or a clone touches package-lock.json without changing it.
 */
function dependenciesStale() {
  const lock = readJson('package-lock.json');
  if (!lock?.packages) return 'package-lock.json is missing or unreadable';
  const installed = readJson(INSTALLED)?.packages;
  if (!installed) return 'node_modules has no record of an install (node_modules/.package-lock.json)';
  const pkg = readJson('package.json') ?? {};
  for (const field of ['dependencies', 'devDependencies']) {
    if (JSON.stringify(lock.packages['']?.[field] ?? {}) !== JSON.stringify(pkg[field] ?? {})) return `package.json's ${field} differ from package-lock.json's`;
  }
  for (const [name, want] of Object.entries(lock.packages)) {
    if (name === '' || want.link) continue;
    const have = installed[name];
    // npm leaves out optional packages of other platforms and those whose install failed.
    if (!have) {
      if (want.optional) continue;
      return `${name} is not installed`;
    }
    if (have.version !== want.version || (have.integrity ?? '') !== (want.integrity ?? '')) {
      return `${name} is ${have.version}, package-lock.json has ${want.version}`;
    }
  }
  return undefined;
}

/**
 * Why tsc is needed, or undefined: a TypeScript file of src/ or test/fixtures/ (the demo
 * repository's generator and what it imports) newer than its compiled .js, or tsconfig.json or
 * the last install (typescript, @types) newer than any of them. tsc rewrites every output on each run, so file by file is exact.
 */
function compileStale() {
  const sources = [...filesUnder('src'), ...filesUnder('test/fixtures')].filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'));
  const settings = ['tsconfig.json', INSTALLED].map((f) => [f, mtime(f) ?? 0]);
  for (const src of sources) {
    const out = path.join('out', src.replace(/\.ts$/, '.js'));
    const built = mtime(out);
    if (built === undefined) return `${out} does not exist`;
    if (mtime(src) > built) return `${src} changed after ${out} was compiled`;
    const changed = settings.find(([, t]) => t > built);
    if (changed) return `${changed[0]} changed after ${out} was compiled`;
  }
  return undefined;
}

/**
 * Why the build is needed, or undefined: any file that esbuild bundles (src/, webview/), its
 * configuration (esbuild.mjs, package.json's version) or the last install (bundled dependencies)
 * newer than the oldest bundle. media/ is not bundled: the extension reads it from there.
 */
function buildStale() {
  const outputs = ['dist/extension.js', 'dist/dbWorker.js', 'dist/cli.js', 'dist/sql-wasm.wasm'];
  if (fs.existsSync(path.join(root, 'webview/main.ts'))) outputs.push('dist/webview.js');
  if (fs.existsSync(path.join(root, 'webview/allVersions/main.ts'))) outputs.push('dist/allVersions.js');
  if (fs.existsSync(path.join(root, 'webview/charts/global.ts'))) outputs.push('dist/charts.js');
  let oldest = Infinity;
  for (const out of outputs) {
    const t = mtime(out);
    if (t === undefined) return `${out} does not exist`;
    oldest = Math.min(oldest, t);
  }
  const inputs = [...filesUnder('src'), ...filesUnder('webview'), 'esbuild.mjs', 'package.json', INSTALLED];
  const newer = inputs.find((f) => (mtime(f) ?? 0) > oldest);
  return newer && `${newer} changed after the last build`;
}

function run(label, cmd, args) {
  console.log(`demo: ${label}`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`demo: ${label} failed (${r.error?.message ?? `exit ${r.status ?? r.signal}`})`);
    process.exit(1);
  }
}

const steps = [
  {
    name: 'npm install',
    stale: dependenciesStale,
    upToDate: 'node_modules matches package-lock.json',
    // npm_execpath: the npm that runs `npm run demo`, whatever PATH holds.
    run: () => (process.env.npm_execpath ? run('npm install', process.execPath, [process.env.npm_execpath, 'install', '--no-audit', '--no-fund']) : run('npm install', 'npm', ['install', '--no-audit', '--no-fund'])),
  },
  { name: 'tsc', stale: compileStale, upToDate: 'out/ is newer than src/ and test/fixtures/', run: () => run('tsc -p .', process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', '.']) },
  { name: 'build', stale: buildStale, upToDate: 'dist/ is newer than src/ and webview/', run: () => run('build (esbuild --production)', process.execPath, ['esbuild.mjs', '--production']) },
];

let stale = 0;
let forced = Boolean(values.rebuild);
for (const step of steps) {
  const why = forced ? (values.rebuild ? '--rebuild' : 'the dependencies changed') : step.stale();
  if (!why) {
    console.log(`demo: ${step.name} skipped: ${step.upToDate}`);
    continue;
  }
  stale++;
  console.log(`demo: ${step.name} needed: ${why}`);
  if (values.check) continue;
  step.run();
  // New dependencies can change what tsc and esbuild produce (typescript, @types, bundled yaml).
  if (step.name === 'npm install') forced = true;
}
if (values.check) process.exit(stale ? 1 : 0);

// ---- The demo --------------------------------------------------------------------------------

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

/** `Name <email>` as git would sign a tag in `dir`, or undefined when it has none. */
function gitIdentity(dir) {
  const r = spawnSync('git', ['var', 'GIT_COMMITTER_IDENT'], { cwd: dir, encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } });
  return r.status === 0 ? r.stdout.replace(/>.*$/s, '>') : undefined;
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
const stop = async () => {
  await server.stop();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
setInterval(() => undefined, 1 << 30);

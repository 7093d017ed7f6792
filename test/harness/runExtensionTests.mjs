#!/usr/bin/env node
// Runs Mocha tests inside a real VS Code extension host (code-server + headless Chromium), the
// way @vscode/test-electron's runTests() does on desktop VS Code. See README.md here.
//
//   node test/harness/runExtensionTests.mjs --tests out/test/vscode/index.js --folder <workspace>
//        [--timeout 120000] [--extension <extension folder, default: repo root>]
//
// --tests      module exporting `run(): Promise<void>` (compiled test entry), relative to cwd
// --folder     workspace folder to open (default: a fresh empty temp folder)
// --timeout    ms until the run is abandoned with exit code 2 (default 120000)
// --extension  extension development path (default: the repo root holding this script)
//
// Exit code: the one the tests report (0 pass, 1 a test failed or run() rejected), 2 on timeout
// or a harness failure. Mocha's output is streamed to stdout.
// Environment: every variable set for this command reaches the extension host (e.g.
// `MOCHA_GREP=smoke node test/harness/runExtensionTests.mjs ...`); MODEL_VERSIONS_TEST_WORKSPACE is
// set to the opened folder. HARNESS_VERBOSE=1 also streams code-server's own log and the
// browser console.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { format, parseArgs } from 'node:util';
import { ensureTools } from '../../scripts/vscode-tools.mjs';
import { startCodeServer } from './codeServer.mjs';
import { launchChromium, REPO_ROOT, screenshot } from './browser.mjs';

const { values } = parseArgs({
  options: {
    tests: { type: 'string' },
    folder: { type: 'string' },
    timeout: { type: 'string', default: '120000' },
    extension: { type: 'string', default: REPO_ROOT },
    help: { type: 'boolean', short: 'h' },
  },
});
if (values.help || !values.tests) {
  console.error('usage: node test/harness/runExtensionTests.mjs --tests out/test/vscode/index.js [--folder <workspace>] [--timeout 120000] [--extension <path>]');
  process.exit(values.help ? 0 : 2);
}

const verbose = process.env.HARNESS_VERBOSE === '1';
const timeoutMs = Number(values.timeout);
const testsPath = path.resolve(values.tests);
const extensionPath = path.resolve(values.extension);
let tempFolder;
const folder = values.folder ? path.resolve(values.folder) : (tempFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'mv-workspace-')));
process.on('exit', () => tempFolder && fs.rmSync(tempFolder, { recursive: true, force: true }));

const note = (msg) => console.error(`[extension-tests] ${msg}`);
for (const [what, p] of [['--tests', testsPath.endsWith('.js') ? testsPath : `${testsPath}.js`], ['--folder', folder], ['--extension', path.join(extensionPath, 'package.json')]]) {
  if (!fs.existsSync(p)) {
    note(`ERROR: ${what} not found: ${p}${what === '--tests' ? ' (compile the tests first: npx tsc -p .)' : ''}`);
    process.exit(2);
  }
}

// The workbench's own console chatter (connection setup, offline marketplace lookups, shutdown),
// shown only with HARNESS_VERBOSE=1.
const NOISE = [
  /^Resolv(ing|ed) connection token/,
  /^Creating a socket/,
  /^\[reconnection-grace-time\]/,
  /^Updating additional builtin extensions cache/,
  /^\[Service Worker\]/,
  /^\[AgentHost/,
  /^\[AccountPolicyGate\]/,
  /open-vsx\.org/,
  /ERR_NAME_NOT_RESOLVED/,
  /^Canceled$/,
];

const started = Date.now();
await ensureTools();
let server;
let browser;
let exitCode = 2;
try {
  server = await startCodeServer({
    folder,
    extensionDevelopmentPath: extensionPath,
    extensionTestsPath: testsPath,
    smokeTestDriver: true,
    // HARNESS_WORKSPACE_TRUST=1 keeps VS Code's workspace trust on: the folder opens restricted.
    disableWorkspaceTrust: process.env.HARNESS_WORKSPACE_TRUST !== '1',
    settings: process.env.HARNESS_WORKSPACE_TRUST === '1' ? { 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never' } : {},
    env: { MODEL_VERSIONS_TEST_WORKSPACE: folder },
  });
  note(`code-server on ${server.baseUrl} (${((Date.now() - started) / 1000).toFixed(1)} s); workspace ${folder}`);
  browser = await launchChromium();
  const { page } = browser;

  let resolveExit;
  const exited = new Promise((r) => (resolveExit = r));
  await page.exposeFunction('codeAutomationLog', (type, args) => {
    const text = format(...(Array.isArray(args) ? args : [args]));
    if (!verbose && NOISE.some((re) => re.test(text))) return;
    (type === 'error' || type === 'warn' ? process.stderr : process.stdout).write(text + '\n');
  });
  await page.exposeFunction('codeAutomationExit', (code) => {
    resolveExit(typeof code === 'number' ? code : Number(code) || 0);
  });
  if (verbose) page.on('console', (m) => process.stderr.write(`[browser ${m.type()}] ${m.text()}\n`));
  page.on('pageerror', (e) => verbose && process.stderr.write(`[page error] ${e.message}\n`));

  let timer;
  const timedOut = new Promise((r) => (timer = setTimeout(() => r('timeout'), timeoutMs)));
  await page.goto(server.url, { waitUntil: 'domcontentloaded' });
  const result = await Promise.race([exited, timedOut]);
  clearTimeout(timer);
  if (result === 'timeout') {
    const shot = await screenshot(page, 'extension-tests-timeout').catch(() => undefined);
    note(`ERROR: the tests did not finish within ${timeoutMs} ms (--timeout).${shot ? ` Screenshot: ${shot}.` : ''}`);
    note(`code-server log: ${server.logFile} is removed on exit; rerun with HARNESS_VERBOSE=1 to see it.`);
    exitCode = 2;
  } else {
    exitCode = result;
  }
} catch (err) {
  note(`ERROR: ${err.stack || err.message}`);
  exitCode = 2;
} finally {
  await browser?.close();
  await server?.stop();
  if (tempFolder) fs.rmSync(tempFolder, { recursive: true, force: true });
}
note(`exit code ${exitCode} after ${((Date.now() - started) / 1000).toFixed(1)} s`);
process.exit(exitCode);

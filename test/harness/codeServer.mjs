// Starts a throwaway code-server (VS Code server + web workbench) for tests. See README.md here.
//
//   const server = await startCodeServer({ folder: '/abs/workspace', installExtensionPath: repoRoot });
//   await page.goto(server.url);  ...  await server.stop();
//
// Every server gets its own free port on 127.0.0.1 and its own temporary HOME, TMPDIR,
// user-data-dir and extensions-dir (removed by stop()); with `userHome: true` (the demo on a
// person's own repository) it keeps their HOME for git instead, see gitHomeEnv below. Servers
// still running when the process exits, or gets SIGINT/SIGTERM, are killed with their whole
// process group.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { getToolPaths } from '../../scripts/vscode-tools.mjs';

export const DEFAULT_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'chat.disableAIFeatures': true,
  'git.openRepositoryInParentFolders': 'never',
  'security.workspace.trust.enabled': false,
};

/** A free TCP port on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

const live = new Set();
let handlersInstalled = false;
function installExitHandlers() {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.on('exit', () => {
    for (const s of live) s.killNow();
  });
  for (const [sig, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]]) {
    process.once(sig, () => {
      for (const s of live) s.killNow();
      process.exit(code);
    });
  }
}

function httpStatus(url) {
  return new Promise((resolve) => {
    const req = http.get(url, (res) => {
      res.resume();
      resolve(res.statusCode);
    });
    req.on('error', () => resolve(0));
    req.setTimeout(2000, () => req.destroy());
  });
}

/**
 * Environment of a server that uses the person's own git setup: what git and its helpers read
 * stays theirs, what VS Code and code-server write goes to `dirs`.
 *
 * Why not GIT_CONFIG_GLOBAL=~/.gitconfig with the temporary HOME: git reads its global config
 * from two files (~/.gitconfig and $XDG_CONFIG_HOME/git/config, which the variable replaces by
 * one), `[include] path = ~/…` resolves against HOME, the `store` credential helper reads
 * ~/.git-credentials, `gh auth git-credential` its ~/.config/gh, gpg (tag.gpgSign) ~/.gnupg.
 * Pointing each of these back is a list that is never complete; keeping HOME and
 * XDG_CONFIG_HOME is. SSH_AUTH_SOCK, DBUS_SESSION_BUS_ADDRESS (libsecret) and
 * XDG_RUNTIME_DIR (agents' sockets) are inherited as they are (ssh itself reads ~/.ssh from the password
 * database, whatever HOME says).
 *
 * VS Code's state does not follow HOME: user data and extensions have their own folders on
 * the command line, code-server's config is /dev/null, and code-server's data folder
 * (XDG_DATA_HOME), caches (XDG_CACHE_HOME: the TypeScript server's typings, among others) and
 * state go to the temp folder, removed by stop(). The one thing of git's that moves with them:
 * the `cache` credential helper's socket, so a password cached in a terminal is asked again.
 */
function gitHomeEnv(dirs) {
  return {
    XDG_DATA_HOME: path.join(dirs.home, '.local', 'share'),
    XDG_CACHE_HOME: path.join(dirs.home, '.cache'),
    XDG_STATE_HOME: path.join(dirs.home, '.local', 'state'),
  };
}

/** Environment of a server with nothing of the user's: an empty HOME, as on a new machine. */
function isolatedEnv(dirs) {
  return {
    HOME: dirs.home,
    XDG_CONFIG_HOME: path.join(dirs.home, '.config'),
    XDG_DATA_HOME: path.join(dirs.home, '.local', 'share'),
    XDG_CACHE_HOME: path.join(dirs.home, '.cache'),
    XDG_STATE_HOME: path.join(dirs.home, '.local', 'state'),
    XDG_RUNTIME_DIR: dirs.tmp,
  };
}

function readManifest(dir) {
  const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
  if (!pkg.publisher || !pkg.name || !pkg.version) {
    throw new Error(`${dir}/package.json needs publisher, name and version`);
  }
  return pkg;
}

/**
 * @param {object} o
 * @param {string} o.folder                     workspace folder opened by the URL (absolute or relative to cwd)
 * @param {string} [o.extensionDevelopmentPath] extension loaded as in an Extension Development Host (needs smokeTestDriver)
 * @param {string} [o.extensionTestsPath]       test entry module exporting run() (needs smokeTestDriver)
 * @param {string} [o.installExtensionPath]     extension folder symlinked into the extensions dir as installed
 * @param {Record<string, unknown>} [o.settings] merged over DEFAULT_SETTINGS into User/settings.json
 * @param {Record<string, string>} [o.env]      extra environment for the server and the extension host
 * @param {boolean} [o.smokeTestDriver]         --vscode-option enable-smoke-test-driver (default: true when a payload is given).
 *                                              Needed for the payload; it also suppresses notification toasts.
 * @param {number} [o.port]                   port on 127.0.0.1 (default: a free one)
 * @param {string} [o.installVsix]              a .vsix installed with code-server --install-extension before the start
 * @param {boolean} [o.disableWorkspaceTrust]   default true
 * @param {boolean} [o.verbose]                 stream the server's log to stderr (default: $HARNESS_VERBOSE === '1')
 * @param {boolean} [o.userHome]                keep the user's HOME and XDG_CONFIG_HOME, so git (in the extension and the
 *                                              terminal) has their identity, credentials and SSH; VS Code's state stays in
 *                                              the temp folder (see gitHomeEnv). Tests leave it off: their HOME is empty.
 * @returns {Promise<{ url: string, baseUrl: string, port: number, logFile: string, dirs: object, stop(): Promise<void> }>}
 */
export async function startCodeServer(o) {
  const {
    folder,
    extensionDevelopmentPath,
    extensionTestsPath,
    installExtensionPath,
    settings = {},
    env = {},
    disableWorkspaceTrust = true,
    verbose = process.env.HARNESS_VERBOSE === '1',
  } = o;
  if (!folder) throw new Error('startCodeServer: folder is required');
  const hasPayload = Boolean(extensionDevelopmentPath || extensionTestsPath);
  const smokeTestDriver = o.smokeTestDriver ?? hasPayload;
  if (hasPayload && !smokeTestDriver) {
    throw new Error('startCodeServer: extensionDevelopmentPath/extensionTestsPath need smokeTestDriver: true');
  }
  const tools = getToolPaths();
  const port = o.port ?? (await freePort());

  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'mv-code-server-'));
  const dirs = {
    root,
    home: path.join(root, 'home'),
    tmp: path.join(root, 'tmp'),
    userData: path.join(root, 'user-data'),
    extensions: path.join(root, 'extensions'),
  };
  for (const d of Object.values(dirs)) fs.mkdirSync(d, { recursive: true });
  fs.mkdirSync(path.join(dirs.userData, 'User'), { recursive: true });
  fs.writeFileSync(
    path.join(dirs.userData, 'User', 'settings.json'),
    JSON.stringify({ ...DEFAULT_SETTINGS, ...settings }, null, 2),
  );
  if (o.installVsix) {
    // The way users install it: code-server's own installer, into this server's extensions dir.
    const r = spawnSync(tools.node24, [tools.codeServerBin, '--install-extension', path.resolve(o.installVsix), '--extensions-dir', dirs.extensions, '--user-data-dir', dirs.userData, '--config', '/dev/null'], {
      env: { ...process.env, HOME: dirs.home, TMPDIR: dirs.tmp },
      encoding: 'utf8',
      timeout: 120000,
    });
    if (r.status !== 0) throw new Error(`code-server --install-extension failed (${r.status}): ${r.stderr || r.stdout}`);
  }
  if (installExtensionPath) {
    const ext = path.resolve(installExtensionPath);
    const m = readManifest(ext);
    fs.symlinkSync(ext, path.join(dirs.extensions, `${m.publisher}.${m.name}-${m.version}`), 'dir');
  }

  const args = [
    tools.codeServerBin,
    '--bind-addr', `127.0.0.1:${port}`,
    '--auth', 'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-getting-started-override',
    '--config', '/dev/null',
    '--user-data-dir', dirs.userData,
    '--extensions-dir', dirs.extensions,
    '--ignore-last-opened',
  ];
  if (disableWorkspaceTrust) args.push('--disable-workspace-trust');
  if (smokeTestDriver) args.push('--vscode-option', 'enable-smoke-test-driver');

  const logFile = path.join(root, 'code-server.log');
  const logFd = fs.openSync(logFile, 'a');
  const child = spawn(tools.node24, args, {
    cwd: o.userHome ? dirs.root : dirs.home,
    detached: true, // own process group, so stop() reaches the extension host and helpers too
    stdio: ['ignore', verbose ? 'inherit' : logFd, verbose ? 'inherit' : logFd],
    env: {
      ...process.env,
      ...(o.userHome ? gitHomeEnv(dirs) : isolatedEnv(dirs)),
      TMPDIR: dirs.tmp,
      VSCODE_CLI: undefined,
      ELECTRON_RUN_AS_NODE: undefined,
      ...env,
    },
  });
  fs.closeSync(logFd);
  let exited = false;
  const exitPromise = new Promise((resolve) => child.on('exit', (code, signal) => {
    exited = true;
    resolve({ code, signal });
  }));

  const server = {
    killNow() {
      if (!exited) {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {}
      }
      fs.rmSync(root, { recursive: true, force: true });
      live.delete(server);
    },
  };
  live.add(server);
  installExitHandlers();

  const stop = async () => {
    if (!live.has(server)) return;
    if (!exited) {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {}
      const t = setTimeout(() => {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {}
      }, 5000);
      await exitPromise;
      clearTimeout(t);
    }
    // The group may hold children that outlive the server process itself.
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {}
    server.killNow();
  };

  // Wait for HTTP.
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60000;
  for (;;) {
    if (exited) {
      const log = fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : '';
      await stop();
      throw new Error(`code-server exited during startup:\n${log.slice(-4000)}`);
    }
    if ((await httpStatus(`${baseUrl}/healthz`)) === 200) break;
    if (Date.now() > deadline) {
      const log = fs.readFileSync(logFile, 'utf8');
      await stop();
      throw new Error(`code-server did not answer on ${baseUrl} within 60 s:\n${log.slice(-4000)}`);
    }
    await new Promise((r) => setTimeout(r, 150));
  }

  const remote = (p) => `vscode-remote://127.0.0.1:${port}${path.resolve(p)}`;
  const payload = [];
  if (extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', remote(extensionDevelopmentPath)]);
  if (extensionTestsPath) payload.push(['extensionTestsPath', remote(extensionTestsPath)]);
  if (payload.length) payload.push(['skipWelcome', 'true']);
  let url = `${baseUrl}/?folder=${encodeURIComponent(path.resolve(folder))}`;
  if (payload.length) url += `&payload=${encodeURIComponent(JSON.stringify(payload))}`;

  return { url, baseUrl, port, logFile, dirs, process: child, stop };
}

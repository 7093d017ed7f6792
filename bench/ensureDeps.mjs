#!/usr/bin/env node
// `npm run bench:editor` from a fresh clone: the project's own packages first (`npm ci`, as CI
// installs them), when node_modules does not hold this lockfile's install yet. The tools the
// editor needs (Node 24, code-server, Chromium) come after, from scripts/vscode-tools.mjs.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const installed = path.join(ROOT, 'node_modules', '.package-lock.json');
if (!fs.existsSync(installed) || !fs.existsSync(path.join(ROOT, 'node_modules', 'typescript'))) {
  process.stderr.write('[bench:editor] node_modules is missing: npm ci\n');
  const r = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

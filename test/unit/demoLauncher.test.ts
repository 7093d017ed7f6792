// `npm run demo` runs npm install, tsc and the build only when their inputs changed, and says
// why. Run with --check (say, start nothing) on a small project laid out like this one, with
// the files' times set by the test.
import { describe, it, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

const repoRoot = path.resolve(__dirname, '../../..');
const SOURCES = 1_700_000_000;
const BUILT = SOURCES + 3600;
const LATER = BUILT + 3600;

const lock = {
  name: 'model-versions',
  lockfileVersion: 3,
  packages: {
    '': { name: 'model-versions', dependencies: { yaml: '^2.9.1' }, devDependencies: { typescript: '5.9' } },
    'node_modules/yaml': { version: '2.9.1', integrity: 'sha512-yaml' },
    'node_modules/typescript': { version: '5.9.3', integrity: 'sha512-ts', dev: true },
    'node_modules/fsevents': { version: '2.3.3', integrity: 'sha512-fsevents', optional: true, os: ['darwin'] },
  },
};

let dir: string;

function write(rel: string, text: string, time: number): void {
  const abs = path.join(dir, rel);
  mkdirSync(path.dirname(abs), { recursive: true });
  writeFileSync(abs, text);
  utimesSync(abs, time, time);
}

function installed(packages: Record<string, unknown>, time = SOURCES): void {
  write('node_modules/.package-lock.json', JSON.stringify({ name: 'model-versions', lockfileVersion: 3, packages }), time);
}

function check(): { code: number | null; lines: string[] } {
  const r = spawnSync(process.execPath, [path.join(dir, 'scripts/demo.mjs'), '--check'], { cwd: dir, encoding: 'utf8', timeout: 30000 });
  return { code: r.status, lines: (r.stdout + r.stderr).split('\n').filter(Boolean) };
}

describe('the demo launcher', () => {
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'mv-demo-launcher-'));
    for (const f of ['scripts/demo.mjs', 'scripts/vscode-tools.mjs', 'test/harness/codeServer.mjs']) {
      mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
      copyFileSync(path.join(repoRoot, f), path.join(dir, f));
    }
    write('package.json', JSON.stringify({ name: 'model-versions', version: '0.1.0', dependencies: { yaml: '^2.9.1' }, devDependencies: { typescript: '5.9' } }), SOURCES);
    write('package-lock.json', JSON.stringify(lock), SOURCES);
    write('tsconfig.json', '{}', SOURCES);
    write('esbuild.mjs', '', SOURCES);
    write('src/core/semver.ts', 'export {};', SOURCES);
    write('src/extension/extension.ts', 'export {};', SOURCES);
    write('test/fixtures/demoRepo.ts', 'export {};', SOURCES);
    write('webview/main.ts', 'export {};', SOURCES);
    write('media/panel.css', '', SOURCES);
    for (const f of ['out/src/core/semver.js', 'out/src/extension/extension.js', 'out/test/fixtures/demoRepo.js']) write(f, '', BUILT);
    for (const f of ['dist/extension.js', 'dist/dbWorker.js', 'dist/cli.js', 'dist/sql-wasm.wasm', 'dist/webview.js']) write(f, '', BUILT);
    // What npm records: the lock's packages, but not the optional one for another platform.
    installed({ 'node_modules/yaml': lock.packages['node_modules/yaml'], 'node_modules/typescript': lock.packages['node_modules/typescript'] });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('skips all three when nothing changed since they ran', () => {
    assert.deepEqual(check(), {
      code: 0,
      lines: [
        'demo: npm install skipped: node_modules matches package-lock.json',
        'demo: tsc skipped: out/ is newer than src/ and test/fixtures/',
        'demo: build skipped: dist/ is newer than src/ and webview/',
      ],
    });
  });

  it('a changed source file needs tsc and the build, not npm install', () => {
    write('src/core/semver.ts', 'export const x = 1;', LATER);
    assert.deepEqual(check(), {
      code: 1,
      lines: [
        'demo: npm install skipped: node_modules matches package-lock.json',
        'demo: tsc needed: src/core/semver.ts changed after out/src/core/semver.js was compiled',
        'demo: build needed: src/core/semver.ts changed after the last build',
      ],
    });
  });

  it('a changed fixture needs tsc only; a changed webview script the build only; css neither', () => {
    write('test/fixtures/demoRepo.ts', 'export const y = 1;', LATER);
    write('webview/main.ts', 'export const z = 1;', LATER);
    write('media/panel.css', 'body {}', LATER);
    assert.deepEqual(check().lines.slice(1), [
      'demo: tsc needed: test/fixtures/demoRepo.ts changed after out/test/fixtures/demoRepo.js was compiled',
      'demo: build needed: webview/main.ts changed after the last build',
    ]);
  });

  it('a missing output is built', () => {
    rmSync(path.join(dir, 'dist/cli.js'));
    rmSync(path.join(dir, 'out/src/extension/extension.js'));
    assert.deepEqual(check().lines.slice(1), ['demo: tsc needed: out/src/extension/extension.js does not exist', 'demo: build needed: dist/cli.js does not exist']);
  });

  it('a package at another version than the lock needs npm install', () => {
    installed({ 'node_modules/yaml': { version: '2.8.0', integrity: 'sha512-old' }, 'node_modules/typescript': lock.packages['node_modules/typescript'] });
    assert.deepEqual(check().lines[0], 'demo: npm install needed: node_modules/yaml is 2.8.0, package-lock.json has 2.9.1');
  });

  it('a package that is not installed, or no install at all, needs npm install', () => {
    installed({ 'node_modules/yaml': lock.packages['node_modules/yaml'] });
    assert.equal(check().lines[0], 'demo: npm install needed: node_modules/typescript is not installed');
    rmSync(path.join(dir, 'node_modules'), { recursive: true });
    assert.equal(check().lines[0], 'demo: npm install needed: node_modules has no record of an install (node_modules/.package-lock.json)');
  });

  it('a dependency added to package.json but not yet locked needs npm install', () => {
    write('package.json', JSON.stringify({ name: 'model-versions', version: '0.1.0', dependencies: { yaml: '^2.9.1', 'sql.js': '^1.16.0' }, devDependencies: { typescript: '5.9' } }), SOURCES);
    assert.equal(check().lines[0], "demo: npm install needed: package.json's dependencies differ from package-lock.json's");
  });

  it('the same lock touched by a checkout is not a reason; a newer install rebuilds', () => {
    write('package-lock.json', JSON.stringify(lock), LATER);
    assert.equal(check().code, 0);
    installed({ 'node_modules/yaml': lock.packages['node_modules/yaml'], 'node_modules/typescript': lock.packages['node_modules/typescript'] }, LATER);
    assert.deepEqual(check().lines, [
      'demo: npm install skipped: node_modules matches package-lock.json',
      'demo: tsc needed: node_modules/.package-lock.json changed after out/src/core/semver.js was compiled',
      'demo: build needed: node_modules/.package-lock.json changed after the last build',
    ]);
  });
});

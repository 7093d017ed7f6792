// The demo repository (`npm run demo`) is one a person can work in with plain git: every LFS
// pointer in its history has its object, and git-lfs checks out any version and back.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { makeDemoRepo } from '../fixtures/demoRepo';
import { parseLfsPointer } from '../../src/core/readers/lfsPointer';
import { GitRepository } from '../../src/git/repository';
import { checkoutVersion } from '../../src/git/worktree';

let root: string;
let dir: string;
let env: NodeJS.ProcessEnv;

/** Only the repository's own config: no ~/.gitconfig with a global `git lfs install`. */
function git(...args: string[]): string {
  return execFileSync('git', args, { cwd: dir, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const hasGitLfs = spawnSync('git', ['lfs', 'version'], { encoding: 'utf8' }).status === 0;

/** Every LFS pointer committed under a tag: path@tag → its pointer. */
function committedPointers(): Map<string, { oid: string; size: number }> {
  const found = new Map<string, { oid: string; size: number }>();
  for (const tag of git('tag', '-l').split('\n').filter(Boolean)) {
    for (const file of git('ls-tree', '-r', '--name-only', tag).split('\n').filter(Boolean)) {
      if (git('check-attr', 'filter', '--', file).trim().endsWith(': filter: lfs')) {
        const p = parseLfsPointer(git('show', `${tag}:${file}`));
        assert.ok(p, `${file} at ${tag} is marked filter=lfs but is not a pointer`);
        found.set(`${file}@${tag}`, { oid: p.oid, size: p.size });
      }
    }
  }
  return found;
}

describe('the demo repository', () => {
  before(() => {
    root = mkdtempSync(path.join(tmpdir(), 'mv-demo-repo-'));
    dir = path.join(root, 'ml-models');
    const home = path.join(root, 'home');
    mkdirSync(home);
    // The extension's git (GitRepository) runs with this process's environment.
    Object.assign(process.env, { HOME: home, XDG_CONFIG_HOME: home, GIT_CONFIG_NOSYSTEM: '1' });
    env = { ...process.env, LC_ALL: 'C' };
    makeDemoRepo(dir);
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('has the LFS object of every pointer in its history, with the sha256 and size the pointer names', () => {
    const pointers = committedPointers();
    assert.ok(pointers.size >= 2, `pointers: ${[...pointers.keys()].join(', ')}`);
    const gitDir = git('rev-parse', '--absolute-git-dir').trim();
    for (const [where, { oid, size }] of pointers) {
      const object = path.join(gitDir, 'lfs', 'objects', oid.slice(0, 2), oid.slice(2, 4), oid);
      const content = readFileSync(object);
      assert.equal(sha256(content), oid, `${where}: object content`);
      assert.equal(content.length, size, `${where}: object size`);
    }
  });

  it('routes LFS files through git-lfs as `git lfs install --local` would', () => {
    assert.equal(git('config', 'filter.lfs.process').trim(), 'git-lfs filter-process');
    assert.equal(git('config', 'filter.lfs.smudge').trim(), 'git-lfs smudge -- %f');
    assert.equal(git('config', 'filter.lfs.clean').trim(), 'git-lfs clean -- %f');
    assert.equal(git('config', '--bool', 'filter.lfs.required').trim(), 'true');
  });

  const lfs = { skip: hasGitLfs ? false : 'git-lfs is not installed (node scripts/vscode-tools.mjs installs it)' };

  it('checks out an older version and back with git-lfs, writing the real files, and stays clean', lfs, () => {
    assert.equal(git('status', '--porcelain'), '');
    const older = parseLfsPointer(git('show', 'fraud@v2.0.0:fraud/fraud.onnx'))!;
    const newer = parseLfsPointer(git('show', 'HEAD:fraud/fraud.onnx'))!;
    assert.notEqual(older.oid, newer.oid);
    git('checkout', '-q', 'fraud@v2.0.0');
    assert.equal(sha256(readFileSync(path.join(dir, 'fraud/fraud.onnx'))), older.oid);
    git('switch', '-q', '-');
    assert.equal(git('symbolic-ref', 'HEAD').trim(), 'refs/heads/main');
    const file = readFileSync(path.join(dir, 'fraud/fraud.onnx'));
    assert.equal(sha256(file), newer.oid);
    assert.equal(statSync(path.join(dir, 'fraud/fraud.onnx')).size, newer.size);
    assert.equal(git('status', '--porcelain'), '');
  });

  it('stashes, checks out, switches back and pops with git-lfs, as the extension suggests after Stash and Check Out', lfs, () => {
    writeFileSync(path.join(dir, 'fraud/serving.json'), '{ "batch": 128 }\n');
    git('stash', 'push', '-q', '-m', 'mine');
    git('checkout', '-q', 'churn@v1.0.0');
    git('switch', '-q', '-');
    git('stash', 'pop', '-q');
    assert.equal(readFileSync(path.join(dir, 'fraud/serving.json'), 'utf8'), '{ "batch": 128 }\n');
    assert.equal(git('status', '--porcelain'), ' M fraud/serving.json\n');
    assert.equal(sha256(readFileSync(path.join(dir, 'fraud/fraud.onnx'))), parseLfsPointer(git('show', 'HEAD:fraud/fraud.onnx'))!.oid);
    git('checkout', '-q', '--', 'fraud/serving.json');
  });

  it("after the extension's Stash and Check Out, the `git switch - && git stash pop` it suggests works with git-lfs", lfs, async () => {
    writeFileSync(path.join(dir, 'fraud/metrics.yaml'), 'precision: 0.5\n');
    const repo = await GitRepository.open(dir, { gitPath: 'git' });
    try {
      const commit = git('rev-parse', 'fraud@v2.0.0^{commit}').trim();
      const result = await checkoutVersion(repo, { commit, label: 'fraud@v2.0.0', stash: true });
      assert.ok(result.stashed);
      assert.ok(result.messages.some((m) => m.includes('git switch - && git stash pop')), result.messages.join('\n'));
    } finally {
      repo.dispose();
    }
    git('switch', '-q', '-');
    git('stash', 'pop', '-q');
    assert.equal(readFileSync(path.join(dir, 'fraud/metrics.yaml'), 'utf8'), 'precision: 0.5\n');
    assert.equal(sha256(readFileSync(path.join(dir, 'fraud/fraud.onnx'))), parseLfsPointer(git('show', 'HEAD:fraud/fraud.onnx'))!.oid);
    assert.equal(git('status', '--porcelain'), ' M fraud/metrics.yaml\n');
  });
});

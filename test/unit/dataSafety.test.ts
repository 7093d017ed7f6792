// Data safety: checkout, --files-only restore, tag and promote never lose a byte of the user's
// work — modified, staged, untracked or ignored, files in the way, a checkout killed midway.
// Every case compares the bytes of every file outside .git before and after, and checks that
// the message says where things are. Real git in temp folders.
import { describe, it, before, after, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { cli, CLI_MAIN, lines } from './helpers/cli';
import { makeRepo, type TestRepo } from './helpers/gitRepo';
import { snapshotFiles } from './helpers/worktreeSnapshot';

const IDENTITY = { GIT_AUTHOR_NAME: 'Grace Hopper', GIT_AUTHOR_EMAIL: 'grace@example.com', GIT_COMMITTER_NAME: 'Grace Hopper', GIT_COMMITTER_EMAIL: 'grace@example.com' };
Object.assign(process.env, IDENTITY);


/** The files of `after` that differ from `before` (added, removed or changed), sorted. */
function changedPaths(before: Map<string, string>, after: Map<string, string>): string[] {
  const all = new Set([...before.keys(), ...after.keys()]);
  return [...all].filter((p) => before.get(p) !== after.get(p)).sort();
}

function pick(files: Map<string, string>, paths: string[]): Map<string, string> {
  return new Map(paths.map((p) => [p, files.get(p)!]));
}

/**
 * churn at v1.0.0 (with legacy.txt and notes/run.log tracked), v1.1.0 (prod; legacy files gone,
 * logs ignored) and one more commit on main.
 */
function churnRepo() {
  const repo = makeRepo();
  const model = (lr: number) => ({
    'models/churn/model.yaml': 'name: churn\nparams: params.yaml\nweights:\n  - weights.bin\n',
    'models/churn/params.yaml': `lr: ${lr}\n`,
    'models/churn/weights.bin': Buffer.from([0, 1, 2, 255, Math.round(lr * 10)]),
    'README.md': `readme at lr ${lr}\n`,
  });
  repo.commit('v1', { ...model(0.1), 'models/churn/legacy.txt': 'legacy of v1\n', 'notes/run.log': 'log of v1\n', '.gitignore': 'cache/\n' }, '2024-01-01T00:00:00Z');
  repo.tag('churn@v1.0.0', { date: '2024-01-01T00:01:00Z' });
  repo.commit('v2', { ...model(0.2), 'models/churn/legacy.txt': null, 'notes/run.log': null, '.gitignore': 'cache/\n*.log\n' }, '2024-02-01T00:00:00Z');
  repo.tag('churn@v1.1.0', { date: '2024-02-01T00:01:00Z' });
  repo.tag('churn#prod#1', { date: '2024-02-02T00:00:00Z' });
  repo.commit('after v2', model(0.3), '2024-03-01T00:00:00Z');
  return repo;
}

/** Work of every kind: modified, staged (changed and new), untracked, ignored. */
const WORK = {
  modified: { 'README.md': 'my edit of the readme\n' },
  staged: { 'models/churn/params.yaml': 'lr: 0.35\n', 'docs/plan.md': 'a new staged file\n' },
  untracked: { 'scratch.txt': 'untracked scratch\n', 'models/churn/eval.txt': 'untracked, inside the model folder\n' },
  ignored: { 'train.log': 'an ignored log\n', 'cache/features.bin': Buffer.from([9, 8, 7, 0, 255]) },
};
type Kind = keyof typeof WORK;

function addWork(repo: TestRepo, kinds: Kind[]): void {
  for (const kind of kinds) {
    repo.write(WORK[kind]);
    if (kind === 'staged') repo.git('add', '--', ...Object.keys(WORK.staged));
  }
}

function workPaths(kinds: Kind[]): string[] {
  return kinds.flatMap((k) => Object.keys(WORK[k]));
}

function state(repo: TestRepo) {
  return {
    head: repo.git('rev-parse', 'HEAD').trim(),
    branch: repo.git('symbolic-ref', '-q', '--short', 'HEAD').trim(),
    index: repo.git('ls-files', '--stage'),
    tags: repo.git('tag', '-l'),
    stashes: repo.git('stash', 'list'),
  };
}

describe('checkout keeps every byte of the work', () => {
  let repo: TestRepo;
  beforeEach(() => (repo = churnRepo()));
  afterEach(() => repo.remove());

  for (const kinds of [['modified'], ['staged'], ['modified', 'staged', 'untracked', 'ignored']] as Kind[][]) {
    it(`with ${kinds.join(', ')} files it refuses, names the changed files and changes nothing`, async () => {
      addWork(repo, kinds);
      const files = snapshotFiles(repo.dir);
      const st = state(repo);
      const r = await cli(repo.dir, 'checkout', 'churn@v1.0.0');
      assert.equal(r.code, 1);
      assert.match(lines(r.err)[0]!, /uncommitted changes; commit them, or check out with --stash or --branch NAME/);
      for (const p of workPaths(kinds.filter((k) => k === 'modified' || k === 'staged'))) assert.ok(lines(r.err).includes(`  ${p}`), `names ${p}`);
      assert.deepEqual(snapshotFiles(repo.dir), files);
      assert.deepEqual(state(repo), st);
    });
  }

  it('with untracked and ignored files it checks out, leaves them byte for byte, and says HEAD is detached', async () => {
    addWork(repo, ['untracked', 'ignored']);
    const files = snapshotFiles(repo.dir);
    const r = await cli(repo.dir, 'checkout', 'churn@v1.0.0');
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^HEAD is now detached at churn@v1\.0\.0 \([0-9a-f]{7}\); return with: git switch -$/m);
    const after = snapshotFiles(repo.dir);
    assert.deepEqual(pick(after, workPaths(['untracked', 'ignored'])), pick(files, workPaths(['untracked', 'ignored'])));
    // Only tracked files of the two versions changed.
    assert.deepEqual(changedPaths(files, after), ['.gitignore', 'README.md', 'models/churn/legacy.txt', 'models/churn/params.yaml', 'models/churn/weights.bin', 'notes/run.log']);
    assert.equal(repo.head(), repo.git('rev-parse', 'churn@v1.0.0^{commit}').trim());
  });

  it('--stash keeps every kind of work: the message says where it is, and following it gives back every byte', async () => {
    const all: Kind[] = ['modified', 'staged', 'untracked', 'ignored'];
    addWork(repo, all);
    const files = snapshotFiles(repo.dir);
    const r = await cli(repo.dir, 'checkout', 'churn@v1.0.0', '--stash');
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /HEAD is now detached at churn@v1\.0\.0/);
    const saved = /Your changes are saved in (stash@\{0\}) \("On main: model-versions: before checking out churn@v1\.0\.0"\); get them back with: (git switch - && git stash pop)/.exec(r.out);
    assert.ok(saved, r.out);
    // Untracked and ignored files never moved.
    assert.deepEqual(pick(snapshotFiles(repo.dir), workPaths(['untracked', 'ignored'])), pick(files, workPaths(['untracked', 'ignored'])));
    // The stash holds the tracked work byte for byte.
    assert.equal(repo.git('show', 'stash@{0}:README.md'), WORK.modified['README.md']);
    assert.equal(repo.git('show', 'stash@{0}^2:docs/plan.md'), WORK.staged['docs/plan.md']);
    repo.git('switch', '-q', '-');
    repo.git('stash', 'pop', '-q');
    assert.deepEqual(snapshotFiles(repo.dir), files);
    assert.equal(repo.git('symbolic-ref', '--short', 'HEAD').trim(), 'main');
  });

  it('--branch carries every kind of work to the new branch byte for byte, and says where HEAD is', async () => {
    // model.yaml is the same in both commits, so git can carry its edit over.
    const mine = ['models/churn/model.yaml', ...workPaths(['untracked', 'ignored'])];
    addWork(repo, ['untracked', 'ignored']);
    repo.write({ 'models/churn/model.yaml': 'name: churn\nparams: params.yaml\nweights:\n  - weights.bin\n# my note\n' });
    const files = snapshotFiles(repo.dir);
    const r = await cli(repo.dir, 'checkout', 'churn@v1.1.0', '--branch', 'try-v1.1');
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^Switched to a new branch try-v1\.1 at churn@v1\.1\.0 \([0-9a-f]{7}\)$/m);
    const after = snapshotFiles(repo.dir);
    assert.deepEqual(pick(after, mine), pick(files, mine));
    assert.deepEqual(changedPaths(files, after), ['README.md', 'models/churn/params.yaml', 'models/churn/weights.bin']);
    assert.match(repo.git('status', '--porcelain'), /^ M models\/churn\/model\.yaml$/m);
    assert.equal(repo.git('symbolic-ref', '--short', 'HEAD').trim(), 'try-v1.1');
  });

  it('--branch refuses when the version changes a file the user changed, and changes nothing', async () => {
    addWork(repo, ['staged', 'untracked', 'ignored']);
    const files = snapshotFiles(repo.dir);
    const st = state(repo);
    const r = await cli(repo.dir, 'checkout', 'churn@v1.0.0', '--branch', 'try');
    assert.equal(r.code, 1);
    assert.match(r.err, /would be overwritten/);
    assert.match(r.err, /^ {2}models\/churn\/params\.yaml$/m);
    assert.deepEqual(snapshotFiles(repo.dir), files);
    assert.deepEqual(state(repo), st);
  });

  for (const [kind, file, content] of [
    ['an untracked', 'models/churn/legacy.txt', 'my own legacy notes\n'],
    ['an ignored', 'notes/run.log', 'my own log\n'],
  ] as const) {
    it(`refuses when ${kind} file is where the version has a tracked one, names it, and changes nothing`, async () => {
      repo.write({ [file]: content });
      const files = snapshotFiles(repo.dir);
      const st = state(repo);
      const r = await cli(repo.dir, 'checkout', 'churn@v1.0.0');
      assert.equal(r.code, 1);
      assert.match(r.err, /would be (overwritten|removed)/);
      assert.ok(lines(r.err).includes(`  ${file}`), r.err);
      assert.deepEqual(snapshotFiles(repo.dir), files);
      assert.deepEqual(state(repo), st);
    });

    it(`--stash also refuses for ${kind} file in the way, and the tracked work is back in place`, async () => {
      addWork(repo, ['modified']);
      repo.write({ [file]: content });
      const files = snapshotFiles(repo.dir);
      const r = await cli(repo.dir, 'checkout', 'churn@v1.0.0', '--stash');
      assert.equal(r.code, 1);
      // Either nothing was stashed, or the message says the work is in the stash.
      if (repo.git('stash', 'list')) {
        assert.match(r.err, /your changes are (saved|still) in (stash@\{0\}|the stash)/i);
        repo.git('stash', 'pop', '-q');
      }
      assert.deepEqual(snapshotFiles(repo.dir), files);
      assert.equal(repo.git('symbolic-ref', '--short', 'HEAD').trim(), 'main');
    });
  }
});

describe('checkout --files-only keeps every byte that is not the model', () => {
  let repo: TestRepo;
  beforeEach(() => (repo = churnRepo()));
  afterEach(() => repo.remove());

  it('restores only the model files, leaves all other work byte for byte and HEAD in place, and lists what it restored', async () => {
    addWork(repo, ['modified', 'ignored']);
    repo.write({ 'scratch.txt': 'untracked scratch\n', 'docs/plan.md': 'staged plan\n' });
    repo.git('add', 'docs/plan.md');
    const files = snapshotFiles(repo.dir);
    const st = state(repo);
    const r = await cli(repo.dir, 'checkout', 'churn@v1.1.0', '--files-only');
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^Restored \d+ paths? of churn@v1\.1\.0 \([0-9a-f]{7}\); HEAD did not move:$/m);
    const after = snapshotFiles(repo.dir);
    assert.deepEqual(changedPaths(files, after), ['models/churn/params.yaml', 'models/churn/weights.bin']);
    assert.equal(readFileSync(path.join(repo.dir, 'models/churn/params.yaml'), 'utf8'), 'lr: 0.2\n');
    assert.deepEqual(state(repo), st, 'HEAD, index, tags and stashes unchanged');
    assert.match(repo.git('status', '--porcelain'), /^ M models\/churn\/params\.yaml$/m);
  });

  for (const kinds of [['staged'], ['untracked']] as Kind[][]) {
    it(`refuses with ${kinds.join(', ')} files among the model's, names them, and changes nothing`, async () => {
      addWork(repo, kinds);
      const files = snapshotFiles(repo.dir);
      const st = state(repo);
      const r = await cli(repo.dir, 'checkout', 'churn@v1.1.0', '--files-only');
      if (kinds[0] === 'untracked') {
        // eval.txt is not in v1.1.0: an untracked file the version does not have is not in the way.
        assert.equal(r.code, 0, r.err);
        assert.deepEqual(pick(snapshotFiles(repo.dir), workPaths(kinds)), pick(files, workPaths(kinds)));
        return;
      }
      assert.equal(r.code, 1);
      assert.match(lines(r.err)[0]!, /uncommitted changes or (is|are) not in Git and would be overwritten/);
      assert.ok(lines(r.err).includes('  models/churn/params.yaml'), r.err);
      assert.deepEqual(snapshotFiles(repo.dir), files);
      assert.deepEqual(state(repo), st);
    });
  }

  for (const [kind, file] of [['an untracked', 'models/churn/legacy.txt'], ['an ignored', 'models/churn/old.log']] as const) {
    it(`refuses when ${kind} file in the model folder is where the version has a tracked one`, async () => {
      if (kind === 'an ignored') {
        // v1.0.0 does not track a log in the model folder: add one to a version to restore.
        repo.git('switch', '-q', '--detach', 'churn@v1.0.0');
        repo.write({ 'models/churn/old.log': 'tracked log\n' });
        repo.git('add', '-f', 'models/churn/old.log');
        repo.git('commit', '-q', '-m', 'with a log');
        repo.git('tag', '-a', '-m', 'x', 'churn@v1.0.1');
        repo.git('switch', '-q', 'main');
      }
      repo.write({ [file]: 'mine, not in Git\n' });
      const files = snapshotFiles(repo.dir);
      const st = state(repo);
      const r = await cli(repo.dir, 'checkout', kind === 'an ignored' ? 'churn@v1.0.1' : 'churn@v1.0.0', '--files-only');
      assert.equal(r.code, 1);
      assert.match(lines(r.err)[0]!, /would be overwritten; commit, stash or move (it|them) first/);
      assert.ok(lines(r.err).includes(`  ${file}`), r.err);
      assert.deepEqual(snapshotFiles(repo.dir), files);
      assert.deepEqual(state(repo), st);
    });
  }
});

describe('tag and promote touch no file and no index entry', () => {
  let repo: TestRepo;
  before(() => {
    repo = churnRepo();
    addWork(repo, ['modified', 'staged', 'untracked', 'ignored']);
  });
  after(() => repo.remove());

  it('tag creates the tag on HEAD, says the uncommitted changes are not in it, and every byte stays', async () => {
    const files = snapshotFiles(repo.dir);
    const st = state(repo);
    const r = await cli(repo.dir, 'tag', 'churn', 'minor');
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^Created tag churn@v1\.2\.0 on [0-9a-f]{7}$/m);
    assert.match(r.err, /^note: 3 uncommitted changes are not part of the tagged commit$/m);
    assert.deepEqual(snapshotFiles(repo.dir), files);
    assert.deepEqual({ ...state(repo), tags: st.tags }, st);
    assert.equal(repo.git('rev-parse', 'churn@v1.2.0^{commit}').trim(), st.head);
  });

  it('promote creates the stage tag, says where, and every byte stays', async () => {
    const files = snapshotFiles(repo.dir);
    const st = state(repo);
    const r = await cli(repo.dir, 'promote', 'churn@v1.0.0', 'staging');
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^Created tag churn#staging#2: churn v1\.0\.0 is now in staging$/m);
    assert.deepEqual(snapshotFiles(repo.dir), files);
    assert.deepEqual({ ...state(repo), tags: st.tags }, st);
  });

  it('a refused tag or promote also leaves every byte', async () => {
    const files = snapshotFiles(repo.dir);
    const st = state(repo);
    assert.equal((await cli(repo.dir, 'tag', 'churn', 'v1.0.0')).code, 1);
    assert.equal((await cli(repo.dir, 'promote', 'churn@v1.0.0', 'staging')).code, 1);
    assert.deepEqual(snapshotFiles(repo.dir), files);
    assert.deepEqual(state(repo), st);
  });
});

describe('a checkout killed midway', () => {
  const FILES = 6000;
  let repo: TestRepo;

  /** v1.0.0 and main differ in FILES files, so `git switch` between them takes a while. */
  function bigRepo(): TestRepo {
    const r = makeRepo();
    const stream = (v: string) => {
      let s = `commit refs/heads/${v === '1' ? 'old' : 'main'}\ncommitter A <a@example.com> ${v === '1' ? 1704067200 : 1706745600} +0000\ndata 2\nv${v}`;
      s += v === '1' ? '\n' : '\nfrom refs/heads/old\n';
      const yaml = 'name: churn\nparams: params.yaml\n';
      s += `M 644 inline models/churn/model.yaml\ndata ${yaml.length}\n${yaml}\n`;
      s += `M 644 inline models/churn/params.yaml\ndata 8\nlr: 0.${v}\n\n`;
      const readme = 'readme\n';
      s += `M 644 inline README.md\ndata ${readme.length}\n${readme}\n`;
      s += `M 644 inline .gitignore\ndata 6\n*.log\n\n`;
      for (let i = 0; i < FILES; i++) {
        const body = `file ${i} of version ${v}\n`.repeat(20);
        s += `M 644 inline data/f${i}.txt\ndata ${Buffer.byteLength(body)}\n${body}\n`;
      }
      return s;
    };
    execFileSync('git', ['fast-import', '--quiet'], { cwd: r.dir, input: stream('1') + stream('2') });
    r.git('tag', '-a', '-m', 'v1', 'churn@v1.0.0', 'old');
    r.git('branch', '-D', 'old');
    r.git('checkout', '-q', '-f', 'main');
    return r;
  }

  beforeEach(() => (repo = bigRepo()));
  afterEach(() => repo.remove());

  /**
   * `setup` then killMidway, in a new repository each time git finished before the kill could
   * land (a loaded machine can miss the window): the crash is what these tests are about.
   */
  async function crashed<T>(setup: () => T, args: string[], ready: () => boolean): Promise<{ midway: boolean; state: T }> {
    for (let attempt = 1; ; attempt++) {
      const state = setup();
      const midway = await killMidway(args, ready);
      if (midway || attempt === 3) return { midway, state };
      repo.remove();
      repo = bigRepo();
    }
  }

  /** Runs the CLI as its own process group and SIGKILLs the group once git holds index.lock after `ready()`. */
  async function killMidway(args: string[], ready: () => boolean): Promise<boolean> {
    const lock = path.join(repo.dir, '.git', 'index.lock');
    const child = spawn(process.execPath, [CLI_MAIN, ...args], { cwd: repo.dir, detached: true, stdio: 'ignore', env: { ...process.env, ...IDENTITY } });
    const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
    let done = false;
    void exited.then(() => (done = true));
    let killed = false;
    while (!done) {
      if (ready() && existsSync(lock)) {
        process.kill(-child.pid!, 'SIGKILL');
        killed = true;
        break;
      }
      await new Promise((r) => setImmediate(r));
    }
    await exited;
    // The git processes of the group die too; give the kernel a moment to reap them.
    await new Promise((r) => setTimeout(r, 50));
    return killed && existsSync(lock);
  }

  it('untracked and ignored files stay byte for byte, and git status and the next checkout say where things are', async () => {
    const mine = ['scratch.txt', 'run.log', 'data/mine.txt'];
    const {
      midway,
      state: { before, head },
    } = await crashed(
      () => {
        repo.write({ 'scratch.txt': 'my scratch\n', 'run.log': 'my log\n', 'data/mine.txt': 'mine, untracked\n' });
        return { before: snapshotFiles(repo.dir), head: repo.head() };
      },
      ['checkout', 'churn@v1.0.0'],
      () => true,
    );
    assert.ok(midway, 'the checkout was killed while git was writing (index.lock left behind)');
    const after = snapshotFiles(repo.dir);
    assert.deepEqual(pick(after, mine), pick(before, mine));
    // HEAD and the index never moved: the half-written files show as modified, nothing else.
    assert.equal(repo.head(), head);
    assert.equal(repo.git('symbolic-ref', '--short', 'HEAD').trim(), 'main');
    const status = repo.git('status', '--porcelain', '--untracked-files=all');
    for (const p of changedPaths(before, after)) assert.match(status, new RegExp(`^ M ${p}$`, 'm'));
    // The next checkout (or restore) refuses and says why, rather than stash the half-written files as the user's.
    for (const args of [['checkout', 'churn@v1.0.0', '--stash'], ['checkout', 'churn@v1.0.0', '--files-only']]) {
      const r = await cli(repo.dir, ...args);
      assert.equal(r.code, 1);
      assert.equal(lines(r.err).length, 1, r.err);
      assert.match(r.err, /a git command is running here or was interrupted \(.*\.git\/index\.lock exists\); if none is running, remove that file, then see what it left with: git status/);
    }
    assert.equal(repo.git('stash', 'list'), '');
    assert.deepEqual(pick(snapshotFiles(repo.dir), mine), pick(before, mine));
  });

  it('with --stash, the tracked work is in the stash under a name that says why, and every byte comes back', async () => {
    // Killed after the stash was made: in stash's own reset or in the switch.
    const { midway, state: before } = await crashed(
      () => {
        repo.write({ 'README.md': 'my edit\n', 'scratch.txt': 'my scratch\n', 'run.log': 'my log\n' });
        return snapshotFiles(repo.dir);
      },
      ['checkout', 'churn@v1.0.0', '--stash'],
      () => existsSync(path.join(repo.dir, '.git', 'refs', 'stash')),
    );
    assert.ok(midway, 'the checkout was killed while git was writing (index.lock left behind)');
    assert.match(repo.git('stash', 'list'), /^stash@\{0\}: On main: model-versions: before checking out churn@v1\.0\.0$/m);
    assert.equal(repo.git('show', 'stash@{0}:README.md'), 'my edit\n');
    for (const p of ['scratch.txt', 'run.log']) assert.equal(snapshotFiles(repo.dir).get(p), before.get(p));
    // What a user does after the crash: remove git's stale lock, go back to HEAD, pop the stash.
    execFileSync('rm', ['-f', path.join(repo.dir, '.git', 'index.lock')]);
    repo.git('reset', '-q', '--hard');
    repo.git('stash', 'pop', '-q');
    assert.deepEqual(snapshotFiles(repo.dir), before);
  });
});

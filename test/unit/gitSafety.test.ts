// Git safety: what users and repositories can put in front of git never reaches it as an
// option, never makes a bad ref, and never runs anything of the repository's. Real git in
// temp folders; the CLI runs in-process.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { cli, lines } from './helpers/cli';
import { makeRepo, type TestRepo } from './helpers/gitRepo';
import { GitRepository } from '../../src/git/repository';
import { RevisionError } from '../../src/git/revision';
import { checkoutVersion, createAnnotatedTag, pushTag, restoreFiles, SafetyError } from '../../src/git/worktree';
import { ModelStore } from '../../src/core/modelStore';

// Tags are made by git in this process: give it an identity whatever the machine has.
process.env.GIT_AUTHOR_NAME = 'Grace Hopper';
process.env.GIT_AUTHOR_EMAIL = 'grace@example.com';
process.env.GIT_COMMITTER_NAME = 'Grace Hopper';
process.env.GIT_COMMITTER_EMAIL = 'grace@example.com';

/** Every ref with its object: a command that created or moved any ref changes this. */
function refs(repo: TestRepo | string): string {
  const dir = typeof repo === 'string' ? repo : repo.dir;
  return execFileSync('git', ['for-each-ref', '--format=%(refname) %(objectname)'], { cwd: dir, encoding: 'utf8' });
}

function git(dir: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd: dir, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
}

/** churn at v1.0.0 (lr 0.1) and v1.1.0 (lr 0.2, prod), then one more commit. */
function churnRepo(): TestRepo {
  const repo = makeRepo();
  const files = (lr: number) => ({
    'models/churn/model.yaml': 'name: churn\nparams: params.yaml\n',
    'models/churn/params.yaml': `lr: ${lr}\n`,
  });
  repo.commit('v1', files(0.1), '2024-01-01T00:00:00Z');
  repo.tag('churn@v1.0.0', { date: '2024-01-01T00:01:00Z' });
  repo.commit('v2', files(0.2), '2024-02-01T00:00:00Z');
  repo.tag('churn@v1.1.0', { date: '2024-02-01T00:01:00Z' });
  repo.tag('churn#prod#1', { date: '2024-02-02T00:00:00Z' });
  repo.commit('after v2', files(0.3), '2024-03-01T00:00:00Z');
  return repo;
}

/** A refusal is one line on stderr, nothing on stdout, and exit 1 or 2. */
function assertRefused(r: { code: number; out: string; err: string }, what: string) {
  assert.ok(r.code === 1 || r.code === 2, `${what}: exit ${r.code}, stderr ${r.err}`);
  assert.equal(r.out, '', `${what}: nothing on stdout`);
  assert.equal(lines(r.err).length, 1, `${what}: one line, got ${JSON.stringify(r.err)}`);
  assert.ok(r.err.length < 300, `${what}: a short line, got ${r.err.length} characters`);
}

const HOSTILE_NAMES = [
  '-x', '--upload-pack=touch pwned', '-h', 'a..b', 'a b', 'a~1', 'a^', 'a:b:c', 'a?', 'a*', 'a[', 'a\\b',
  'a\tb', 'a\x01b', 'a\x7fb', 'a\nb', '.hidden', 'a.lock', 'a/', '/a', 'a//b', '@', 'a@{1}', 'm'.repeat(300),
];

describe('names and revisions never reach git as options or bad refs', () => {
  let repo: TestRepo;
  before(() => (repo = churnRepo()));
  after(() => repo.remove());

  for (const name of HOSTILE_NAMES) {
    it(`tag refuses the model name ${JSON.stringify(name.length > 40 ? `${name.slice(0, 10)}…(${name.length})` : name)} in one line and creates no ref`, async () => {
      const before = refs(repo);
      const r = await cli(repo.dir, 'tag', '--', name, 'patch');
      assertRefused(r, 'tag');
      assert.equal(refs(repo), before);
    });
  }

  for (const stage of HOSTILE_NAMES) {
    it(`promote refuses the stage ${JSON.stringify(stage.length > 40 ? `${stage.slice(0, 10)}…(${stage.length})` : stage)} in one line and creates no ref`, async () => {
      const before = refs(repo);
      const r = await cli(repo.dir, 'promote', '--', 'churn@v1.0.0', stage);
      assertRefused(r, 'promote');
      assert.equal(refs(repo), before);
    });
  }

  it('a 300-character model name with a valid shape is refused before git, not by "File name too long"', async () => {
    const before = refs(repo);
    const r = await cli(repo.dir, 'tag', 'n'.repeat(300), 'patch');
    assertRefused(r, 'tag');
    assert.match(r.err, /too long/);
    assert.doesNotMatch(r.err, /File name too long|\.lock/);
    assert.equal(refs(repo), before);
  });

  const outside = path.join(tmpdir(), `mv-pwned-${process.pid}`);
  const revisions = ['--upload-pack=touch ' + outside, `--output=${outside}`, '-h', '--orphan=pwned', 'HEAD@{-1}', 'a\x00b', '', 'x'.repeat(2000)];
  for (const rev of revisions) {
    const shown = JSON.stringify(rev.length > 40 ? `${rev.slice(0, 10)}…(${rev.length})` : rev);
    it(`show, diff and checkout of churn@${shown} refuse in one line, write no file and create no ref`, async () => {
      const before = refs(repo);
      const head = repo.head();
      for (const args of [['show', `churn@${rev}`], ['diff', 'churn@v1.0.0', `churn@${rev}`], ['checkout', `churn@${rev}`], ['checkout', `churn@${rev}`, '--files-only']]) {
        const r = await cli(repo.dir, ...args);
        assertRefused(r, args.join(' '));
      }
      assert.equal(existsSync(outside), false, 'no option reached git');
      assert.equal(refs(repo), before);
      assert.equal(repo.head(), head);
      assert.equal(git(repo.dir, 'status', '--porcelain'), '');
    });
  }

  it('createAnnotatedTag (what the extension calls) refuses every hostile tag name with SafetyError and creates no ref', async () => {
    const g = await GitRepository.open(repo.dir, { gitPath: 'git' });
    const before = refs(repo);
    try {
      for (const name of HOSTILE_NAMES) {
        await assert.rejects(createAnnotatedTag(g, { name, commit: repo.head(), message: 'x' }), SafetyError, JSON.stringify(name));
      }
      // Inside a longer name too, whatever git's ref rules refuse.
      for (const bad of ['a..b', 'a b', 'a~1', 'a^', 'a:b', 'a?', 'a*', 'a[', 'a\\b', 'a\x01b', 'a\nb', 'a//b', 'a@{1}', 'x'.repeat(300)]) {
        await assert.rejects(createAnnotatedTag(g, { name: `churn#${bad}#9`, commit: repo.head(), message: 'x' }), SafetyError, JSON.stringify(bad));
      }
      await assert.rejects(pushTag(g, 'churn@v1.0.0', '--receive-pack=touch pwned'), SafetyError);
      await assert.rejects(pushTag(g, 'churn@v1.0.0', '-v'), SafetyError);
    } finally {
      g.dispose();
    }
    assert.equal(refs(repo), before);
  });

  it('checkoutVersion and restoreFiles refuse option-like branch names and paths stay literal', async () => {
    const g = await GitRepository.open(repo.dir, { gitPath: 'git' });
    const head = repo.head();
    const before = refs(repo);
    try {
      for (const branch of ['-f', '--orphan=x', 'a..b', 'a b', 'a\nb']) {
        await assert.rejects(checkoutVersion(g, { commit: head, label: 'x', branch }), SafetyError, branch);
      }
      // A pathspec with magic or glob characters matches only a file of that exact name (none).
      await assert.rejects(restoreFiles(g, head, [':(glob)**', '*', '--', '-f']), /none of the model's files exist/);
    } finally {
      g.dispose();
    }
    assert.equal(repo.head(), head);
    assert.equal(refs(repo), before);
    assert.equal(git(repo.dir, 'status', '--porcelain'), '');
  });

  for (const [flag, value] of [['--plain-model', '-x'], ['--plain-model', '--upload-pack=x'], ['--tag-prefix', '--upload-pack=x'], ['--tag-prefix', '*'], ['--tag-prefix', 'a\x01']] as const) {
    it(`list and show with ${flag} ${JSON.stringify(value)} work or refuse in one line`, async () => {
      for (const args of [['list', `${flag}=${value}`], ['show', 'churn@v1.0.0', `${flag}=${value}`]]) {
        const r = await cli(repo.dir, ...args);
        if (r.code === 0) assert.match(r.out, /churn/);
        else assertRefused(r, args.join(' '));
      }
    });
  }

  it('GitRepository.resolveCommit throws RevisionError for option-like revisions, before git runs', async () => {
    const g = await GitRepository.open(repo.dir, { gitPath: 'git' });
    try {
      for (const rev of ['--upload-pack=x', '-h', '--all', 'a\nb']) await assert.rejects(g.resolveCommit(rev), RevisionError, rev);
      assert.equal(await g.resolveCommit('HEAD@{-1}'), undefined, 'no previous branch: no commit, no error');
      assert.equal(await g.resolveCommit('churn@v1.0.0'), repo.git('rev-parse', 'churn@v1.0.0^{commit}').trim());
    } finally {
      g.dispose();
    }
  });
});

describe('tags that name a tree or a blob', () => {
  let repo: TestRepo;
  before(() => {
    repo = churnRepo();
    repo.git('tag', '-a', '-m', 'a blob', 'churn@v2.0.0', 'HEAD:models/churn/params.yaml');
    repo.git('tag', '-a', '-m', 'a tree', 'churn@v2.1.0', 'HEAD^{tree}');
    repo.git('tag', 'v3.0.0', 'HEAD:models');
  });
  after(() => repo.remove());

  it('list still lists the real versions and warns once about each odd tag', async () => {
    const r = await cli(repo.dir, 'list', '--plain-model', 'churn');
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /churn {2}latest v1\.1\.0/);
    assert.match(r.out, /v1\.0\.0/);
    assert.doesNotMatch(r.out, /v2\.0\.0|v2\.1\.0|v3\.0\.0/);
    assert.match(r.err, /tag churn@v2\.0\.0 points to a blob, not a commit; it is ignored/);
    assert.match(r.err, /tag churn@v2\.1\.0 points to a tree, not a commit; it is ignored/);
    assert.match(r.err, /tag v3\.0\.0 points to a tree, not a commit; it is ignored/);
    assert.equal(lines(r.err).length, 3);
  });

  it('show of such a tag says there is no such version; show of a real one works', async () => {
    const bad = await cli(repo.dir, 'show', 'churn@v2.0.0');
    assertRefused(bad, 'show');
    assert.match(bad.err, /no version v2\.0\.0/);
    const good = await cli(repo.dir, 'show', 'churn@v1.0.0');
    assert.equal(good.code, 0, good.err);
    assert.match(good.out, /lr = 0\.1/);
  });
});

describe('a shallow clone with tags whose commits it does not have', () => {
  let origin: TestRepo;
  let dir: string;
  before(() => {
    origin = churnRepo();
    dir = mkdtempSync(path.join(tmpdir(), 'mv-shallow-'));
    git(tmpdir(), 'clone', '-q', '--depth', '1', '--no-local', `file://${origin.dir}`, dir);
    // The clone got none of the tags (their commits are older than the one it fetched); copy
    // them as a mirror script or a copied packed-refs would, objects and all missing.
    const lines = origin.git('for-each-ref', '--format=%(objectname) %(refname)', 'refs/tags').split('\n').filter(Boolean).sort((a, b) => (a.split(' ')[1]! < b.split(' ')[1]! ? -1 : 1));
    writeFileSync(path.join(dir, '.git', 'packed-refs'), '# pack-refs with: sorted \n' + lines.map((l) => l + '\n').join(''));
    // And one tag whose commit the clone does have.
    git(dir, 'tag', '-a', '-m', 'current', 'churn@v1.2.0');
  });
  after(() => {
    origin.remove();
    rmSync(dir, { recursive: true, force: true });
  });

  it('git itself cannot list these tags (the situation is real)', () => {
    assert.equal(git(dir, 'rev-parse', '--is-shallow-repository').trim(), 'true');
    assert.throws(() => git(dir, 'for-each-ref', '--format=%(objecttype)', 'refs/tags'), /missing object/);
  });

  it('list works, shows the version it has, names each missing tag and suggests git fetch --unshallow', async () => {
    const r = await cli(dir, 'list');
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /churn {2}latest v1\.2\.0/);
    for (const t of ['churn@v1.0.0', 'churn@v1.1.0', 'churn#prod#1']) assert.match(r.err, new RegExp(`tag ${t} points to a missing object`));
    assert.match(r.err, /git fetch --unshallow/);
  });

  it('list --json works too and carries the diagnostics', async () => {
    const r = await cli(dir, 'list', '--json');
    assert.equal(r.code, 0, r.err);
    const json = JSON.parse(r.out);
    assert.deepEqual(json.models[0].versions.map((v: { version: string }) => v.version), ['v1.2.0']);
    assert.equal(json.diagnostics.filter((d: { message: string }) => /missing object/.test(d.message)).length, 3);
  });

  for (const args of [['show', 'churn@v1.0.0'], ['diff', 'churn@v1.0.0', 'churn@v1.2.0'], ['show', 'churn#prod'], ['checkout', 'churn@v1.1.0']]) {
    it(`${args.join(' ')} says which tags name commits that were not fetched and suggests git fetch --unshallow`, async () => {
      const head = git(dir, 'rev-parse', 'HEAD');
      const r = await cli(dir, ...args);
      assertRefused(r, args[0]!);
      assert.match(r.err, /shallow clone/);
      assert.match(r.err, /churn@v1\.0\.0/);
      assert.match(r.err, /not fetched/);
      assert.match(r.err, /git fetch --unshallow/);
      assert.equal(git(dir, 'rev-parse', 'HEAD'), head);
    });
  }

  it('ModelStore.list on it resolves, with one warning per missing tag', async () => {
    const g = await GitRepository.open(dir, { gitPath: 'git' });
    try {
      const listing = await new ModelStore(g).list();
      assert.deepEqual(listing.models.map((m) => [m.name, m.versions.map((v) => v.version)]), [['churn', ['v1.2.0']]]);
      assert.equal(listing.diagnostics.filter((d) => /points to a missing object/.test(d.message)).length, 3);
    } finally {
      g.dispose();
    }
  });

  it('show of the version whose commit is there works', async () => {
    const r = await cli(dir, 'show', 'churn@v1.2.0');
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /lr = 0\.3/);
  });
});

describe("a repository's own programs never run: fsmonitor, hooks, filter drivers", () => {
  let repo: TestRepo;
  let evil: string;
  let marker: string;
  before(() => {
    repo = makeRepo();
    evil = mkdtempSync(path.join(tmpdir(), 'mv-evil-'));
    marker = path.join(evil, 'ran');
    const script = (name: string, body: string) => {
      const p = path.join(evil, name);
      writeFileSync(p, `#!/bin/sh\necho "${name} $*" >> '${marker}'\n${body}`);
      chmodSync(p, 0o755);
      return p;
    };
    const hooks = path.join(evil, 'hooks');
    mkdirSync(hooks);
    for (const hook of ['post-checkout', 'post-index-change', 'reference-transaction', 'pre-commit', 'post-commit', 'pre-push', 'post-merge', 'pre-auto-gc', 'post-rewrite']) {
      writeFileSync(path.join(hooks, hook), `#!/bin/sh\necho "hook ${hook}" >> '${marker}'\nexit 0\n`);
      chmodSync(path.join(hooks, hook), 0o755);
    }
    // The filter passes content through (cat) and records that it ran.
    const filter = script('filter', 'cat\n');
    const fsmonitor = script('fsmonitor', 'exit 1\n');
    repo.commit('v1', {
      'models/churn/model.yaml': 'name: churn\nparams: params.yaml\n',
      'models/churn/params.yaml': 'lr: 0.1\n',
      '.gitattributes': '*.yaml filter=x\n*.txt filter=other.driver\n',
      'notes.txt': 'notes\n',
    });
    repo.tag('churn@v1.0.0');
    repo.commit('v2', { 'models/churn/params.yaml': 'lr: 0.2\n', 'notes.txt': 'notes 2\n' });
    repo.tag('churn@v1.1.0');
    repo.commit('after v2', { 'notes.txt': 'notes 3\n' });
    repo.git('config', 'core.fsmonitor', fsmonitor);
    repo.git('config', 'core.hooksPath', hooks);
    for (const driver of ['x', 'other.driver']) {
      repo.git('config', `filter.${driver}.smudge`, filter);
      repo.git('config', `filter.${driver}.clean`, filter);
      repo.git('config', `filter.${driver}.required`, 'true');
    }
  });
  after(() => {
    repo.remove();
    rmSync(evil, { recursive: true, force: true });
  });

  it('git itself does run them here (the trap is armed)', () => {
    rmSync(marker, { force: true });
    repo.git('status', '--porcelain');
    repo.git('checkout', '-q', '--detach', 'churn@v1.0.0');
    repo.git('checkout', '-q', 'main');
    const ran = readFileSync(marker, 'utf8');
    assert.match(ran, /^fsmonitor/m);
    assert.match(ran, /^hook post-checkout/m);
    assert.match(ran, /^filter/m);
  });

  // Puts the model's files back as committed (so the next checkout has a clean tree) without git.
  const putBack = () => writeFileSync(path.join(repo.dir, 'models/churn/params.yaml'), 'lr: 0.2\n');
  const steps: { args: string[]; check(r: { code: number; out: string; err: string }): void; after?: () => void }[] = [
    { args: ['list'], check: (r) => assert.match(r.out, /churn {2}latest v1\.1\.0/) },
    { args: ['show', 'churn@v1.0.0'], check: (r) => assert.match(r.out, /lr = 0\.1/) },
    { args: ['show', 'churn@workdir'], check: (r) => assert.match(r.out, /lr = 0\.2/) },
    { args: ['diff', 'churn@v1.0.0', 'churn@v1.1.0'], check: (r) => assert.match(r.out, /lr: 0\.1 {2}→ {2}0\.2/) },
    { args: ['diff', 'churn@v1.0.0', 'churn@workdir', '--html'], check: (r) => assert.match(r.out, /<html/i) },
    { args: ['tag', 'churn', 'minor'], check: (r) => assert.match(r.out, /Created tag churn@v1\.2\.0/) },
    { args: ['promote', 'churn@v1.0.0', 'prod'], check: (r) => assert.match(r.out, /Created tag churn#prod#1/) },
    {
      args: ['checkout', 'churn@v1.0.0', '--files-only'],
      check: (r) => {
        assert.match(r.out, /Restored 1 path of churn@v1\.0\.0/);
        assert.equal(readFileSync(path.join(repo.dir, 'models/churn/params.yaml'), 'utf8'), 'lr: 0.1\n');
      },
      after: putBack,
    },
    {
      args: ['checkout', 'churn@v1.0.0'],
      check: (r) => {
        assert.match(r.out, /HEAD is now detached at churn@v1\.0\.0/);
        assert.equal(readFileSync(path.join(repo.dir, 'notes.txt'), 'utf8'), 'notes\n');
      },
    },
    { args: ['checkout', 'churn@v1.1.0', '--branch', 'try'], check: (r) => assert.match(r.out, /Switched to a new branch try/) },
  ];
  for (const step of steps) {
    it(`${step.args.join(' ')} works and runs none of them`, async () => {
      rmSync(marker, { force: true });
      const r = await cli(repo.dir, ...step.args);
      assert.equal(r.code, 0, r.err);
      step.check(r);
      assert.equal(existsSync(marker) ? readFileSync(marker, 'utf8') : '', '', 'nothing of the repository ran');
      step.after?.();
    });
  }

  it('--stash with a modified file runs none of them, and the work comes back', async () => {
    repo.git('switch', '-q', 'main');
    writeFileSync(path.join(repo.dir, 'notes.txt'), 'my notes\n');
    rmSync(marker, { force: true });
    const r = await cli(repo.dir, 'checkout', 'churn@v1.0.0', '--stash');
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /Your changes are saved in stash@\{0\}/);
    assert.equal(existsSync(marker) ? readFileSync(marker, 'utf8') : '', '');
    repo.git('-c', 'core.hooksPath=/dev/null', 'switch', '-q', 'main');
    repo.git('stash', 'pop', '-q');
    assert.equal(readFileSync(path.join(repo.dir, 'notes.txt'), 'utf8'), 'my notes\n');
  });
});

describe('a repository with a submodule', () => {
  let sub: TestRepo;
  let repo: TestRepo;
  before(() => {
    sub = makeRepo();
    sub.commit('s1', { 'lib.txt': 'lib 1\n' });
    repo = makeRepo();
    repo.write({ 'models/churn/model.yaml': 'name: churn\nparams: params.yaml\n', 'models/churn/params.yaml': 'lr: 0.1\n' });
    repo.git('-c', 'protocol.file.allow=always', 'submodule', 'add', '-q', sub.dir, 'vendor/lib');
    repo.commit('v1');
    repo.tag('churn@v1.0.0');
    execFileSync('git', ['commit', '-q', '--allow-empty', '-m', 's2'], { cwd: path.join(repo.dir, 'vendor/lib') });
    writeFileSync(path.join(repo.dir, 'vendor/lib/lib.txt'), 'lib 2\n');
    git(path.join(repo.dir, 'vendor/lib'), 'commit', '-q', '-am', 's2 content');
    repo.commit('v2', { 'models/churn/params.yaml': 'lr: 0.2\n' });
    repo.tag('churn@v1.1.0');
  });
  after(() => {
    repo.remove();
    sub.remove();
  });

  it('list and show work', async () => {
    const r = await cli(repo.dir, 'list');
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /churn {2}latest v1\.1\.0/);
    assert.match((await cli(repo.dir, 'show', 'churn@v1.0.0')).out, /lr = 0\.1/);
  });

  it("checkout leaves the submodule's files and commit as they are, says so, and does not block the next checkout", async () => {
    const inSub = path.join(repo.dir, 'vendor/lib');
    writeFileSync(path.join(inSub, 'untracked.txt'), 'mine\n');
    writeFileSync(path.join(inSub, 'lib.txt'), 'lib 2, edited\n');
    const subHead = git(inSub, 'rev-parse', 'HEAD');
    const r1 = await cli(repo.dir, 'checkout', 'churn@v1.0.0');
    assert.equal(r1.code, 0, r1.err);
    assert.match(r1.out, /HEAD is now detached at churn@v1\.0\.0/);
    assert.match(r1.out, /Submodules stay at their commits \(vendor\/lib\); move them with: git submodule update/);
    assert.equal(readFileSync(path.join(repo.dir, 'models/churn/params.yaml'), 'utf8'), 'lr: 0.1\n');
    const r2 = await cli(repo.dir, 'checkout', 'churn@v1.1.0');
    assert.equal(r2.code, 0, r2.err);
    assert.equal(readFileSync(path.join(inSub, 'untracked.txt'), 'utf8'), 'mine\n');
    assert.equal(readFileSync(path.join(inSub, 'lib.txt'), 'utf8'), 'lib 2, edited\n');
    assert.equal(git(inSub, 'rev-parse', 'HEAD'), subHead);
    assert.equal(git(inSub, 'status', '--porcelain'), ' M lib.txt\n?? untracked.txt\n');
  });
});

describe('a linked worktree', () => {
  let repo: TestRepo;
  let linked: string;
  before(() => {
    repo = churnRepo();
    linked = path.join(mkdtempSync(path.join(tmpdir(), 'mv-linked-')), 'wt');
    repo.git('worktree', 'add', '-q', '--detach', linked, 'churn@v1.0.0');
  });
  after(() => {
    repo.remove();
    rmSync(path.dirname(linked), { recursive: true, force: true });
  });

  it('list, show, diff and workdir work from inside it (a subfolder too) and read its own files', async () => {
    const l = await cli(path.join(linked, 'models'), 'list');
    assert.equal(l.code, 0, l.err);
    assert.match(l.out, /churn {2}latest v1\.1\.0/);
    assert.match((await cli(linked, 'show', 'churn@v1.1.0')).out, /lr = 0\.2/);
    const w = await cli(linked, 'show', 'churn@workdir');
    assert.match(w.out, /lr = 0\.1/, 'the linked worktree is at v1.0.0, the main one is not');
    const d = await cli(linked, 'diff', 'churn@workdir', 'churn@v1.1.0');
    assert.equal(d.code, 0, d.err);
    assert.match(d.out, /lr: 0\.1 {2}→ {2}0\.2/);
  });

  it('checkout there moves the linked worktree only', async () => {
    const mainHead = repo.head();
    const r = await cli(linked, 'checkout', 'churn@v1.1.0');
    assert.equal(r.code, 0, r.err);
    assert.equal(git(linked, 'rev-parse', 'HEAD'), repo.git('rev-parse', 'churn@v1.1.0^{commit}'));
    assert.equal(repo.head(), mainHead);
  });
});

describe('a bare repository', () => {
  let origin: TestRepo;
  let bare: string;
  before(() => {
    origin = churnRepo();
    bare = path.join(mkdtempSync(path.join(tmpdir(), 'mv-bare-')), 'churn.git');
    git(tmpdir(), 'clone', '-q', '--bare', origin.dir, bare);
  });
  after(() => {
    origin.remove();
    rmSync(path.dirname(bare), { recursive: true, force: true });
  });

  it('list, show and diff work (from a folder inside it too)', async () => {
    for (const cwd of [bare, path.join(bare, 'refs')]) {
      const l = await cli(cwd, 'list');
      assert.equal(l.code, 0, l.err);
      assert.match(l.out, /churn {2}latest v1\.1\.0 {2}prod: v1\.1\.0/);
    }
    assert.match((await cli(bare, 'show', 'churn#prod')).out, /lr = 0\.2/);
    const d = await cli(bare, 'diff', 'churn@v1.0.0', 'churn@v1.1.0');
    assert.equal(d.code, 0, d.err);
    assert.match(d.out, /lr: 0\.1 {2}→ {2}0\.2/);
  });

  it('checkout (and --files-only) refuse in one line saying it is bare, and change nothing', async () => {
    const before = refs(bare);
    for (const args of [['checkout', 'churn@v1.0.0'], ['checkout', 'churn@v1.0.0', '--files-only'], ['checkout', 'churn@v1.0.0', '--branch', 'x']]) {
      const r = await cli(bare, ...args);
      assertRefused(r, args.join(' '));
      assert.match(r.err, /bare repository/);
    }
    assert.equal(refs(bare), before);
  });

  it('workdir says there is no working tree', async () => {
    const r = await cli(bare, 'show', 'churn@workdir');
    assertRefused(r, 'show');
    assert.match(r.err, /bare repository/);
  });

  it('a .git folder of a normal repository is refused with a clear message', async () => {
    const r = await cli(path.join(origin.dir, '.git'), 'list');
    assertRefused(r, 'list');
    assert.match(r.err, /inside a \.git folder/);
  });
});

describe('100,000 tags', () => {
  let repo: TestRepo;
  const N = 100_000;
  before(() => {
    repo = makeRepo();
    const commit = repo.commit('v', { 'models/churn/model.yaml': 'name: churn\n' });
    // Lightweight plain tags written as packed-refs: creating 100,000 loose refs takes longer
    // than the test may. Plain vX.Y.Z tags are versions of --plain-model (lightweight allowed).
    const names: string[] = [];
    for (let i = 0; i < N; i++) names.push(`refs/tags/v${Math.floor(i / 10000)}.${Math.floor(i / 100) % 100}.${i % 100}`);
    names.sort();
    writeFileSync(path.join(repo.dir, '.git', 'packed-refs'), '# pack-refs with: peeled fully-peeled sorted \n' + names.map((n) => `${commit} ${n}\n`).join(''));
    assert.equal(repo.git('for-each-ref', '--count=1', '--format=%(refname)', '--sort=-version:refname', 'refs/tags').trim(), 'refs/tags/v9.99.99');
  });
  after(() => repo.remove());

  it('list gives every version, the highest as latest', async (t) => {
    const started = performance.now();
    const r = await cli(repo.dir, 'list', '--plain-model', 'churn');
    const ms = performance.now() - started;
    t.diagnostic(`list of ${N} tags: ${ms.toFixed(0)} ms`);
    assert.equal(r.code, 0, r.err);
    const out = lines(r.out);
    assert.equal(out[0], 'churn  latest v9.99.99');
    assert.equal(out.length, N + 1);
    assert.match(out[N]!, /^ {2}v0\.0\.0 /);
  });

  it('show of one version among them is quick and right', async (t) => {
    const started = performance.now();
    const r = await cli(repo.dir, 'show', 'churn@v4.56.78', '--plain-model', 'churn');
    t.diagnostic(`show among ${N} tags: ${(performance.now() - started).toFixed(0)} ms`);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^churn v4\.56\.78/);
  });
});

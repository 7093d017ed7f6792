// The CLI commands that write to a repository (`tag`, `promote`, `checkout`), against real
// repositories: the tags they create, and that a user's uncommitted work is never lost.
import { describe, it, before, after, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { cli, lines } from './helpers/cli';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { makeRepo, type TestRepo } from './helpers/gitRepo';
import { snapshotFiles } from './helpers/worktreeSnapshot';

// Tags and stashes are made by git in this process: give it an identity whatever the machine has.
process.env.GIT_AUTHOR_NAME = 'Grace Hopper';
process.env.GIT_AUTHOR_EMAIL = 'grace@example.com';
process.env.GIT_COMMITTER_NAME = 'Grace Hopper';
process.env.GIT_COMMITTER_EMAIL = 'grace@example.com';




/** Everything a checkout could disturb: file bytes, status (ignored too), HEAD, branch, stashes. */
function state(repo: TestRepo) {
  return {
    files: snapshotFiles(repo.dir),
    status: repo.git('status', '--porcelain=v1', '--ignored', '--untracked-files=all'),
    head: repo.head(),
    branch: repo.git('symbolic-ref', '-q', 'HEAD').trim(),
    stashes: repo.git('stash', 'list'),
  };
}

function tagInfo(repo: TestRepo, name: string) {
  return {
    type: repo.git('cat-file', '-t', `refs/tags/${name}`).trim(),
    commit: repo.git('rev-parse', `refs/tags/${name}^{commit}`).trim(),
    message: repo.git('tag', '-l', '--format=%(contents)', name).trim(),
  };
}

function tagNames(repo: TestRepo): string[] {
  return repo.git('tag', '-l').split('\n').filter(Boolean);
}

/** A repository with a manifest model `churn` at v1.0.0 and v1.1.0 (prod) and a newer HEAD. */
function churnRepo() {
  const repo = makeRepo();
  const files = (lr: number) => ({
    'models/churn/model.yaml': 'name: churn\nparams: params.yaml\nweights:\n  - weights.bin\n',
    'models/churn/params.yaml': `lr: ${lr}\n`,
    'models/churn/weights.bin': `weights for lr ${lr}\n`,
    'README.md': `readme at lr ${lr}\n`,
    '.gitignore': '*.log\n',
  });
  const c1 = repo.commit('v1', files(0.1), '2024-01-01T00:00:00Z');
  repo.tag('churn@v1.0.0', { date: '2024-01-01T00:01:00Z', message: 'Registering artifact churn version v1.0.0' });
  const c2 = repo.commit('v2', files(0.2), '2024-02-01T00:00:00Z');
  repo.tag('churn@v1.1.0', { date: '2024-02-01T00:01:00Z', message: 'Registering artifact churn version v1.1.0' });
  repo.tag('churn#prod#3', { date: '2024-02-02T00:00:00Z', message: 'Assigning stage prod to artifact churn version v1.1.0' });
  const c3 = repo.commit('after v2', files(0.3), '2024-03-01T00:00:00Z');
  return { repo, c1, c2, c3 };
}

describe('model-versions tag', () => {
  let repo: TestRepo;
  let c3: string;
  beforeEach(() => ({ repo, c3 } = churnRepo()));
  afterEach(() => repo.remove());

  for (const [bump, expected] of [
    ['patch', 'v1.1.1'],
    ['minor', 'v1.2.0'],
    ['major', 'v2.0.0'],
    ['v3.0.0', 'v3.0.0'],
    ['3.1.0', 'v3.1.0'],
  ] as const) {
    it(`tag churn ${bump} creates the annotated tag churn@${expected} on HEAD with GTO's message`, async () => {
      const r = await cli(repo.dir, 'tag', 'churn', bump);
      assert.equal(r.code, 0, r.err);
      assert.equal(r.out, `Created tag churn@${expected} on ${c3.slice(0, 7)}\n`);
      assert.deepEqual(tagInfo(repo, `churn@${expected}`), { type: 'tag', commit: c3, message: `Registering artifact churn version ${expected}` });
      const listed = JSON.parse((await cli(repo.dir, 'list', '--json')).out).models[0];
      assert.equal(listed.latest, expected);
    });
  }

  it('tag -m sets the tag message', async () => {
    const r = await cli(repo.dir, 'tag', 'churn', 'minor', '-m', 'Better recall on Q3 data');
    assert.equal(r.code, 0, r.err);
    assert.equal(tagInfo(repo, 'churn@v1.2.0').message, 'Better recall on Q3 data');
  });

  it('the first version of a model with no tags yet is v0.0.1 for a patch', async () => {
    repo.commit('new model', { 'models/fraud/model.yaml': 'name: fraud\n' });
    const r = await cli(repo.dir, 'tag', 'fraud', 'patch');
    assert.equal(r.code, 0, r.err);
    assert.equal(tagInfo(repo, 'fraud@v0.0.1').type, 'tag');
  });

  it('refuses a version that already exists, and creates nothing', async () => {
    const before = tagNames(repo);
    const r = await cli(repo.dir, 'tag', 'churn', 'v1.0.0');
    assert.equal(r.code, 1);
    assert.deepEqual(lines(r.err), ['model-versions: churn v1.0.0 already exists; pick another version']);
    assert.deepEqual(tagNames(repo), before);
  });

  it('refuses to register HEAD twice', async () => {
    assert.equal((await cli(repo.dir, 'tag', 'churn', 'patch')).code, 0);
    const r = await cli(repo.dir, 'tag', 'churn', 'minor');
    assert.equal(r.code, 1);
    assert.deepEqual(lines(r.err), ['model-versions: HEAD is already registered as churn v1.1.1']);
  });

  it('refuses a model name whose tag git check-ref-format rejects, and creates nothing', async () => {
    const before = tagNames(repo);
    const r = await cli(repo.dir, 'tag', 'a..b:churn', 'v1.0.0');
    assert.equal(r.code, 1);
    assert.deepEqual(lines(r.err), ["model-versions: 'a..b=churn@v1.0.0' is not a valid tag name (git check-ref-format refuses it)"]);
    assert.deepEqual(tagNames(repo), before);
  });

  it('refuses a model name starting with "-" (as an option or after --), and creates nothing', async () => {
    const before = tagNames(repo);
    const asOption = await cli(repo.dir, 'tag', '-churn', 'patch');
    assert.equal(asOption.code, 2);
    assert.deepEqual(lines(asOption.err), ['model-versions: unknown option -churn']);
    const afterDashes = await cli(repo.dir, 'tag', '--', '-churn', 'patch');
    assert.equal(afterDashes.code, 2);
    assert.equal(lines(afterDashes.err).length, 1);
    assert.match(afterDashes.err, /^model-versions: '-churn' is not a valid model name/);
    assert.deepEqual(tagNames(repo), before);
  });

  it('refuses a version that is not SemVer (exit 2)', async () => {
    const r = await cli(repo.dir, 'tag', 'churn', 'v1.2');
    assert.equal(r.code, 2);
    assert.deepEqual(lines(r.err), ["model-versions: 'v1.2' is not major, minor, patch or a SemVer version like v1.2.0"]);
  });

  it('tags the commit, not the uncommitted changes, and says so', async () => {
    repo.write({ 'models/churn/params.yaml': 'lr: 0.9\n' });
    const r = await cli(repo.dir, 'tag', 'churn', 'patch');
    assert.equal(r.code, 0, r.err);
    assert.deepEqual(lines(r.err), ['note: 1 uncommitted change is not part of the tagged commit']);
    assert.equal(tagInfo(repo, 'churn@v1.1.1').commit, c3);
  });
});

describe('model-versions promote', () => {
  let repo: TestRepo;
  let c1: string;
  let c2: string;
  beforeEach(() => ({ repo, c1, c2 } = churnRepo()));
  afterEach(() => repo.remove());

  it("uses 1 + the highest counter among the model's tags, lightweight ones included", async () => {
    repo.lightweightTag('churn#dev#7', c1); // GTO ignores it as an event but counts its number
    repo.tag('fraud#prod#20', { rev: c1 }); // another model's counter does not count
    const r = await cli(repo.dir, 'promote', 'churn@v1.0.0', 'staging');
    assert.equal(r.code, 0, r.err);
    assert.equal(r.out, 'Created tag churn#staging#8: churn v1.0.0 is now in staging\n');
    assert.deepEqual(tagInfo(repo, 'churn#staging#8'), { type: 'tag', commit: c1, message: 'Assigning stage staging to artifact churn version v1.0.0' });
  });

  it('moves a stage: the promoted version holds it in list --json', async () => {
    const r = await cli(repo.dir, 'promote', 'churn@v1.0.0', 'prod', '-m', 'rollback');
    assert.equal(r.code, 0, r.err);
    assert.equal(tagInfo(repo, 'churn#prod#4').message, 'rollback');
    const churn = JSON.parse((await cli(repo.dir, 'list', '--json')).out).models[0];
    assert.equal(churn.stages.prod, 'v1.0.0');
    const shown = JSON.parse((await cli(repo.dir, 'show', 'churn#prod', '--json')).out);
    assert.equal(shown.commit, c1);
  });

  it('accepts a stage operand and refuses a version that already holds the stage', async () => {
    const r = await cli(repo.dir, 'promote', 'churn#prod', 'prod');
    assert.equal(r.code, 1);
    assert.deepEqual(lines(r.err), ['model-versions: churn v1.1.0 is already in prod']);
    const ok = await cli(repo.dir, 'promote', 'churn#prod', 'staging');
    assert.equal(ok.code, 0, ok.err);
    assert.equal(tagInfo(repo, 'churn#staging#4').commit, c2);
  });

  it('refuses a stage name GTO would not accept (exit 2), and creates nothing', async () => {
    const before = tagNames(repo);
    for (const stage of ['-prod', 'prod!', 'a b', 'prod#2']) {
      const r = await cli(repo.dir, 'promote', 'churn@v1.0.0', '--', stage);
      assert.equal(r.code, 2, stage);
      assert.equal(lines(r.err).length, 1);
    }
    assert.deepEqual(tagNames(repo), before);
  });
});

describe('model-versions checkout', () => {
  let repo: TestRepo;
  let c1: string;
  let c3: string;
  beforeEach(() => {
    ({ repo, c1, c3 } = churnRepo());
    // Work in progress of every kind: modified, staged, untracked, ignored.
    repo.write({
      'README.md': 'my unsaved notes\n',
      'models/churn/params.yaml': 'lr: 0.42\n',
      'scratch.txt': 'untracked idea\n',
      'debug.log': 'ignored log\n',
    });
    repo.git('add', 'models/churn/params.yaml');
  });
  afterEach(() => repo.remove());

  it('refuses on a tree with modified or staged files, lists them, and leaves every byte in place', async () => {
    const before = state(repo);
    const r = await cli(repo.dir, 'checkout', 'churn@v1.0.0');
    assert.equal(r.code, 1);
    assert.deepEqual(lines(r.err), [
      'model-versions: 2 files have uncommitted changes; commit them, or check out with --stash or --branch NAME',
      '  README.md',
      '  models/churn/params.yaml',
    ]);
    assert.equal(r.out, '');
    assert.deepEqual(state(repo), before);
  });

  it('--stash stashes tracked changes, detaches HEAD at the version, and says how to get the work back', async () => {
    const r = await cli(repo.dir, 'checkout', 'churn@v1.0.0', '--stash');
    assert.equal(r.code, 0, r.err);
    assert.deepEqual(lines(r.out), [
      `HEAD is now detached at churn@v1.0.0 (${c1.slice(0, 7)}); return with: git switch -`,
      'Your changes are saved in stash@{0} ("On main: model-versions: before checking out churn@v1.0.0"); get them back with: git switch - && git stash pop',
    ]);
    assert.equal(repo.head(), c1);
    assert.throws(() => repo.git('symbolic-ref', '-q', 'HEAD'), 'HEAD is detached');
    assert.equal(readFileSync(path.join(repo.dir, 'models/churn/params.yaml'), 'utf8'), 'lr: 0.1\n');
    // Untracked and ignored files are never stashed or touched.
    assert.equal(readFileSync(path.join(repo.dir, 'scratch.txt'), 'utf8'), 'untracked idea\n');
    assert.equal(readFileSync(path.join(repo.dir, 'debug.log'), 'utf8'), 'ignored log\n');
    // Following the instructions brings every change back.
    repo.git('switch', '-q', '-');
    repo.git('stash', 'pop', '-q', '--index');
    assert.equal(readFileSync(path.join(repo.dir, 'README.md'), 'utf8'), 'my unsaved notes\n');
    assert.equal(readFileSync(path.join(repo.dir, 'models/churn/params.yaml'), 'utf8'), 'lr: 0.42\n');
    assert.equal(repo.head(), c3);
  });

  it('--branch NAME creates the branch at the version and carries the changes over', async () => {
    const r = await cli(repo.dir, 'checkout', 'churn#prod', '--branch', 'try-prod');
    // Both edited files differ between HEAD and v1.1.0: git refuses rather than merge, and says which.
    assert.equal(r.code, 1);
    assert.deepEqual(lines(r.err).slice(1).sort(), ['  README.md', '  models/churn/params.yaml']);
    assert.equal(repo.git('symbolic-ref', '--short', 'HEAD').trim(), 'main');
    assert.equal(readFileSync(path.join(repo.dir, 'models/churn/params.yaml'), 'utf8'), 'lr: 0.42\n');
    // Without a conflicting change the branch is created and the edit comes along.
    repo.git('reset', '-q', 'models/churn/params.yaml');
    repo.git('checkout', '-q', '--', 'models/churn/params.yaml', 'README.md');
    repo.write({ 'models/churn/model.yaml': 'name: churn\nparams: params.yaml\nweights:\n  - weights.bin\ndescription: wip\n' });
    const ok = await cli(repo.dir, 'checkout', 'churn#prod', '--branch', 'try-prod');
    assert.equal(ok.code, 0, ok.err);
    assert.match(ok.out, /^Switched to a new branch try-prod at churn#prod \([0-9a-f]{7}\)\n$/);
    assert.equal(repo.git('symbolic-ref', '--short', 'HEAD').trim(), 'try-prod');
    assert.equal(repo.head(), repo.git('rev-parse', 'churn@v1.1.0^{commit}').trim());
    assert.match(readFileSync(path.join(repo.dir, 'models/churn/model.yaml'), 'utf8'), /description: wip/);
  });

  it('--branch refuses a name that is not a valid branch or already exists', async () => {
    repo.git('stash', '-q');
    for (const [name, message] of [
      ['bad..name', "model-versions: 'bad..name' is not a valid branch name"],
      ['main', 'model-versions: the branch main already exists'],
    ]) {
      const before = state(repo);
      const r = await cli(repo.dir, 'checkout', 'churn@v1.0.0', '--branch', name!);
      assert.equal(r.code, 1);
      assert.deepEqual(lines(r.err), [message]);
      assert.deepEqual(state(repo), before);
    }
  });

  it('a clean tree is checked out detached, and the message says HEAD is detached', async () => {
    repo.git('stash', '-q');
    const r = await cli(repo.dir, 'checkout', `churn@${c1.slice(0, 10)}`);
    assert.equal(r.code, 0, r.err);
    assert.equal(r.out, `HEAD is now detached at churn@${c1.slice(0, 10)} (${c1.slice(0, 7)}); return with: git switch -\n`);
    assert.equal(repo.head(), c1);
  });

  it('refuses rather than overwrite an ignored file that the version tracks', async () => {
    repo.git('stash', '-q');
    // At v1.0.0 notes.log was not ignored yet and was committed; now a local copy is ignored.
    const old = repo.commit('notes', { 'notes.log': 'old notes\n', '.gitignore': '' });
    repo.tag('churn@v1.2.0', { rev: old });
    repo.commit('ignore logs', { 'notes.log': null, '.gitignore': '*.log\n' });
    repo.write({ 'notes.log': 'precious local notes\n' });
    const before = state(repo);
    const r = await cli(repo.dir, 'checkout', 'churn@v1.2.0');
    assert.equal(r.code, 1);
    assert.deepEqual(lines(r.err), ['model-versions: The following untracked working tree files would be overwritten by checkout:', '  notes.log']);
    assert.deepEqual(state(repo), before);
  });

  describe('--files-only', () => {
    beforeEach(() => repo.git('stash', '-q'));

    it("restores only the model's files at that version without moving HEAD", async () => {
      const r = await cli(repo.dir, 'checkout', 'churn@v1.0.0', '--files-only');
      assert.equal(r.code, 0, r.err);
      assert.deepEqual(lines(r.out), [`Restored 1 path of churn@v1.0.0 (${c1.slice(0, 7)}); HEAD did not move:`, '  models/churn']);
      assert.equal(repo.head(), c3);
      assert.equal(repo.git('symbolic-ref', '--short', 'HEAD').trim(), 'main');
      assert.equal(readFileSync(path.join(repo.dir, 'models/churn/params.yaml'), 'utf8'), 'lr: 0.1\n');
      assert.equal(readFileSync(path.join(repo.dir, 'models/churn/weights.bin'), 'utf8'), 'weights for lr 0.1\n');
      assert.equal(readFileSync(path.join(repo.dir, 'README.md'), 'utf8'), 'readme at lr 0.3\n', 'other files stay');
      assert.equal(readFileSync(path.join(repo.dir, 'scratch.txt'), 'utf8'), 'untracked idea\n');
      assert.equal(repo.git('diff', '--cached', '--name-only'), '', 'the index is not touched');
      assert.deepEqual(repo.git('diff', '--name-only').split('\n').filter(Boolean), ['models/churn/params.yaml', 'models/churn/weights.bin']);
    });

    it("refuses to overwrite a modified file of the model, lists it, and changes nothing", async () => {
      repo.write({ 'models/churn/params.yaml': 'lr: 0.77\n' });
      const before = state(repo);
      const r = await cli(repo.dir, 'checkout', 'churn@v1.0.0', '--files-only');
      assert.equal(r.code, 1);
      assert.deepEqual(lines(r.err), [
        "model-versions: 1 of the model's files has uncommitted changes or is not in Git and would be overwritten; commit, stash or move it first",
        '  models/churn/params.yaml',
      ]);
      assert.deepEqual(state(repo), before);
    });

    it('an untracked file in the model folder that the version does not have is left alone', async () => {
      repo.write({ 'models/churn/eval.txt': 'local evaluation\n' });
      const r = await cli(repo.dir, 'checkout', 'churn@v1.0.0', '--files-only');
      assert.equal(r.code, 0, r.err);
      assert.equal(readFileSync(path.join(repo.dir, 'models/churn/eval.txt'), 'utf8'), 'local evaluation\n');
    });

    it('refuses to overwrite an untracked or ignored file that the version has', async () => {
      repo.commit('drop weights', { 'models/churn/weights.bin': null, 'models/churn/.gitignore': '*.bin\n' });
      repo.write({ 'models/churn/weights.bin': 'freshly trained, not committed\n' });
      const before = state(repo);
      const r = await cli(repo.dir, 'checkout', 'churn@v1.0.0', '--files-only');
      assert.equal(r.code, 1);
      assert.deepEqual(lines(r.err).slice(1), ['  models/churn/weights.bin']);
      assert.deepEqual(state(repo), before);
    });
  });
});

describe('write commands outside their preconditions', () => {
  let repo: TestRepo;
  before(() => ({ repo } = churnRepo()));
  after(() => repo.remove());

  it('checkout and promote of the working tree are refused', async () => {
    assert.equal((await cli(repo.dir, 'checkout', 'churn@workdir')).code, 2);
    assert.equal((await cli(repo.dir, 'promote', 'churn@workdir', 'prod')).code, 2);
  });

  it('--files-only with --stash or --branch is a usage error, and changes nothing', async () => {
    const before = state(repo);
    for (const extra of [['--stash'], ['--branch', 'x']]) {
      const r = await cli(repo.dir, 'checkout', 'churn@v1.0.0', '--files-only', ...extra);
      assert.equal(r.code, 2);
      assert.deepEqual(lines(r.err), ['model-versions: --files-only does not move HEAD; it cannot be combined with --stash or --branch']);
    }
    assert.deepEqual(state(repo), before);
  });

  it('checkout of an unknown version exits 1 and changes nothing', async () => {
    const before = state(repo);
    const r = await cli(repo.dir, 'checkout', 'churn@v7.0.0');
    assert.equal(r.code, 1);
    assert.deepEqual(state(repo), before);
  });
});

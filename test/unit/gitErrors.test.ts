// What a failed git command tells the user: the stderr table in src/git/exec.ts turns git's
// output into a code and a message that says how to go on. Real git in temp folders; the CLI
// runs in-process.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { cli, lines } from './helpers/cli';
import { makeRepo, type TestRepo } from './helpers/gitRepo';
import { GitError, runGit } from '../../src/git/exec';

/** A model `churn` at v1.0.0 and v1.1.0, then one more commit; each changes the params and the notes. */
function churnRepo(): TestRepo {
  const repo = makeRepo();
  const files = (lr: number) => ({
    'models/churn/model.yaml': 'name: churn\nparams: params.yaml\n',
    'models/churn/params.yaml': `lr: ${lr}\n`,
    'notes/read me.md': `notes at lr ${lr}\n`,
  });
  repo.commit('v1', files(0.1), '2024-01-01T00:00:00Z');
  repo.tag('churn@v1.0.0', { date: '2024-01-01T00:01:00Z', message: 'Registering artifact churn version v1.0.0' });
  repo.commit('v2', files(0.2), '2024-02-01T00:00:00Z');
  repo.tag('churn@v1.1.0', { date: '2024-02-01T00:01:00Z', message: 'Registering artifact churn version v1.1.0' });
  repo.commit('after v2', files(0.3), '2024-03-01T00:00:00Z');
  return repo;
}

function tagNames(repo: TestRepo): string[] {
  return repo.git('tag', '-l').split('\n').filter(Boolean);
}

describe('a git with no identity', () => {
  let repo: TestRepo;
  let home: string;
  const saved = { ...process.env };
  before(() => {
    repo = churnRepo();
    // A new machine: no ~/.gitconfig, no system config, no identity in the repository or the
    // environment. useConfigOnly makes git refuse on a host with a full domain name too, where it
    // would otherwise make up root@host.example.com.
    repo.git('config', '--unset', 'user.name');
    repo.git('config', '--unset', 'user.email');
    home = mkdtempSync(path.join(tmpdir(), 'mv-empty-home-'));
    for (const v of ['GIT_AUTHOR_NAME', 'GIT_AUTHOR_EMAIL', 'GIT_COMMITTER_NAME', 'GIT_COMMITTER_EMAIL', 'EMAIL', 'GIT_CONFIG_GLOBAL']) delete process.env[v];
    Object.assign(process.env, {
      HOME: home,
      XDG_CONFIG_HOME: home,
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_CONFIG_COUNT: '1',
      GIT_CONFIG_KEY_0: 'user.useConfigOnly',
      GIT_CONFIG_VALUE_0: 'true',
    });
  });
  after(() => {
    for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
    Object.assign(process.env, saved);
    repo.remove();
    rmSync(home, { recursive: true, force: true });
  });

  it('`tag` says how to set the identity, exits 1 and creates no tag', async () => {
    const before = tagNames(repo);
    const r = await cli(repo.dir, 'tag', 'churn', 'minor');
    assert.equal(r.code, 1);
    assert.deepEqual(lines(r.err), [
      'model-versions: Git does not know who you are: set it with git config --global user.name "Your Name" and git config --global user.email you@example.com',
    ]);
    assert.equal(r.out, '');
    assert.deepEqual(tagNames(repo), before);
  });

  it('`promote` says the same', async () => {
    const r = await cli(repo.dir, 'promote', 'churn@v1.1.0', 'prod');
    assert.equal(r.code, 1);
    assert.match(r.err, /^model-versions: Git does not know who you are: set it with git config --global user\.name/);
    assert.ok(!tagNames(repo).some((t) => t.startsWith('churn#prod')));
  });

  it('the GitError carries the code NoUserIdentity', async () => {
    const err = await runGit(['tag', '-a', '-m', 'x', 'probe'], { cwd: repo.dir }).then(() => undefined, (e: unknown) => e);
    assert.ok(err instanceof GitError);
    assert.equal(err.code, 'NoUserIdentity');
    assert.match(err.stderr, /Committer identity unknown/);
  });
});

describe('a checkout that git refuses', () => {
  let repo: TestRepo;
  before(() => {
    repo = churnRepo();
  });
  after(() => repo.remove());

  it('names the modified files git would overwrite (code LocalChangesOverwritten)', async () => {
    repo.write({ 'models/churn/params.yaml': 'lr: 0.9\n', 'notes/read me.md': 'mine\n' });
    const err = await runGit(['switch', '--detach', 'churn@v1.0.0'], { cwd: repo.dir }).then(() => undefined, (e: unknown) => e);
    assert.ok(err instanceof GitError);
    assert.equal(err.code, 'LocalChangesOverwritten');
    assert.deepEqual(err.files, ['models/churn/params.yaml', 'notes/read me.md']);
    assert.equal(repo.git('status', '--porcelain').split('\n').filter(Boolean).length, 2);
  });

  it('names the untracked files in the way (code UntrackedFilesOverwritten)', async () => {
    repo.git('checkout', '--', '.');
    repo.git('rm', '-q', 'notes/read me.md');
    repo.git('commit', '-q', '-m', 'no notes');
    repo.write({ 'notes/read me.md': 'untracked\n' });
    const err = await runGit(['switch', '--detach', 'churn@v1.0.0'], { cwd: repo.dir }).then(() => undefined, (e: unknown) => e);
    assert.ok(err instanceof GitError);
    assert.equal(err.code, 'UntrackedFilesOverwritten');
    assert.deepEqual(err.files, ['notes/read me.md']);
  });
});

describe('other failures git reports', () => {
  let repo: TestRepo;
  before(() => {
    repo = churnRepo();
  });
  after(() => repo.remove());

  const failure = (args: string[], cwd = repo.dir) => runGit(args, { cwd }).then(() => assert.fail(`git ${args.join(' ')} succeeded`), (e: GitError) => e);

  it('an existing tag is TagAlreadyExists', async () => {
    const e = await failure(['tag', '-a', '-m', 'again', 'churn@v1.0.0']);
    assert.equal(e.code, 'TagAlreadyExists');
    assert.equal(e.message, "tag 'churn@v1.0.0' already exists");
  });

  it('a folder outside any repository is NotAGitRepository, with git\'s own message', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'mv-not-a-repo-'));
    try {
      const e = await runGit(['rev-parse', 'HEAD'], { cwd: dir, env: { GIT_CEILING_DIRECTORIES: path.dirname(dir) } }).then(() => assert.fail('rev-parse succeeded'), (x: GitError) => x);
      assert.equal(e.code, 'NotAGitRepository');
      assert.match(e.message, /^not a git repository/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a remote that is not there is RemoteConnectionError, and says so', async () => {
    const e = await failure(['push', '--end-of-options', path.join(repo.dir, 'no-such-remote.git'), 'refs/tags/churn@v1.0.0']);
    assert.equal(e.code, 'RemoteConnectionError');
    assert.match(e.message, /^could not reach the remote \(.*does not appear to be a git repository\)$/);
  });

  it('a remote that already has the tag on another commit is PushRejected', async () => {
    const remote = mkdtempSync(path.join(tmpdir(), 'mv-remote-'));
    try {
      repo.git('init', '-q', '--bare', remote);
      repo.git('push', '-q', remote, 'churn@v1.0.0');
      repo.git('tag', '-d', 'churn@v1.0.0');
      repo.git('tag', '-a', '-m', 'moved', 'churn@v1.0.0', 'HEAD');
      const e = await failure(['push', '--end-of-options', remote, 'refs/tags/churn@v1.0.0:refs/tags/churn@v1.0.0']);
      assert.equal(e.code, 'PushRejected');
      assert.equal(e.message, 'the remote already has a tag of this name on another commit; nothing was pushed');
    } finally {
      rmSync(remote, { recursive: true, force: true });
    }
  });

  it('a failure the table does not know keeps git\'s first line and no code', async () => {
    const e = await failure(['rev-parse', '--verify', 'no-such-ref']);
    assert.equal(e.code, undefined);
    assert.equal(e.message, 'Needed a single revision');
  });
});

// The remote a push, a fetch or the tree's remote marks talk to when none is named: the current
// branch's upstream remote, else origin, else none. Read with two git processes whatever HEAD is.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { GitRepository } from '../../src/git/repository';
import { GitRemote } from '../../src/git/remote';
import { makeRepo, type TestRepo } from './helpers/gitRepo';
import { spawnsDuring } from './helpers/spawns';

describe('GitRemote.defaultRemote', () => {
  let repo: TestRepo;
  let git: GitRepository;
  before(async () => {
    repo = makeRepo();
    repo.commit('one', { 'a.txt': '1' });
    repo.tag('churn@v1.0.0');
    repo.commit('two', { 'a.txt': '2' });
    // Remotes by URL only: nothing is fetched, the choice is read from the configuration.
    repo.git('remote', 'add', 'origin', '/nowhere/origin');
    repo.git('remote', 'add', 'team', '/nowhere/team');
    git = await GitRepository.open(repo.dir, { gitPath: 'git' });
  });
  after(() => {
    git.dispose();
    repo.remove();
  });

  /** The default remote, and how many git processes were started to find it. */
  async function choice() {
    const { result, turns } = await spawnsDuring(() => new GitRemote(git).defaultRemote());
    return { remote: result, spawned: turns.length };
  }

  const upstream = (branch: string, remote: string) => {
    repo.git('config', `branch.${branch}.remote`, remote);
    repo.git('config', `branch.${branch}.merge`, `refs/heads/${branch}`);
  };

  it("is the current branch's upstream remote, not origin, in two git processes", async () => {
    upstream('main', 'team');
    assert.deepEqual(await choice(), { remote: 'team', spawned: 2 });
  });

  it("is the branch HEAD is on, not another branch's upstream", async () => {
    repo.git('switch', '-q', '-c', 'feature');
    try {
      assert.equal((await choice()).remote, 'origin', 'feature has no upstream: origin');
      upstream('feature', 'team');
      assert.equal((await choice()).remote, 'team');
    } finally {
      repo.git('switch', '-q', 'main');
    }
  });

  it('is origin when HEAD is detached, or the upstream is local or not a configured remote', async () => {
    repo.git('checkout', '-q', 'churn@v1.0.0');
    try {
      assert.deepEqual(await choice(), { remote: 'origin', spawned: 2 });
    } finally {
      repo.git('switch', '-q', 'main');
    }
    upstream('main', '.');
    assert.equal((await choice()).remote, 'origin', "'.' is this repository, no remote");
    upstream('main', 'gone');
    assert.equal((await choice()).remote, 'origin', 'a remote the configuration no longer has');
  });

  it('is none when there is no upstream remote and no origin', async () => {
    repo.git('config', '--unset', 'branch.main.remote');
    repo.git('remote', 'rename', 'origin', 'upstream-copy');
    try {
      assert.equal((await choice()).remote, undefined);
    } finally {
      repo.git('remote', 'rename', 'upstream-copy', 'origin');
    }
  });
});

// A checkout that git refuses names the files in the way; one that succeeds can be undone:
// back to the branch (or commit) it started from, and the stash it made popped. Nothing is lost
// on the way: a dirty tree stops the way back as it stops the checkout. Real git in temp folders.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { GitRepository } from '../../src/git/repository';
import { checkoutVersion, OverwriteError, overwrittenFiles, popStash, SafetyError, switchBack } from '../../src/git/worktree';
import { makeRepo } from './helpers/gitRepo';

function twoVersions() {
  const repo = makeRepo();
  const v1 = repo.commit('v1', { 'params.yaml': 'lr: 0.1\n', 'README.md': 'readme\n' });
  repo.tag('churn@v1.0.0');
  const v2 = repo.commit('v2', { 'params.yaml': 'lr: 0.2\n' });
  return { repo, v1, v2 };
}

const read = (dir: string, p: string) => readFileSync(path.join(dir, p), 'utf8');

describe('a checkout git refuses names the files in its way', () => {
  it('a new branch over a modified file that differs at the version: OverwriteError names the file, and nothing changed', async () => {
    const { repo, v1, v2 } = twoVersions();
    try {
      repo.write({ 'params.yaml': 'lr: 0.5 (my edit)\n' });
      const g = await GitRepository.open(repo.dir, { gitPath: 'git' });
      const err = await checkoutVersion(g, { commit: v1, label: 'churn@v1.0.0', branch: 'try-v1' }).then(
        () => assert.fail('the checkout should be refused'),
        (e: unknown) => e,
      );
      assert.ok(err instanceof OverwriteError, String(err));
      assert.deepEqual(err.changed, ['params.yaml']);
      assert.deepEqual(err.untracked, []);
      assert.deepEqual(err.files, ['params.yaml']);
      assert.match(err.message, /^Your local changes to the following files would be overwritten by checkout:$/);
      assert.equal(repo.head(), v2, 'HEAD did not move');
      assert.equal(repo.git('branch', '--list', 'try-v1').trim(), '', 'no branch was made');
      assert.equal(read(repo.dir, 'params.yaml'), 'lr: 0.5 (my edit)\n', 'the edit is where it was');
      g.dispose();
    } finally {
      repo.remove();
    }
  });

  it('overwrittenFiles reads both of git\'s lists, changed and untracked, and nothing from other errors', () => {
    const stderr = [
      'error: Your local changes to the following files would be overwritten by checkout:',
      '\tparams.yaml',
      '\tsrc/a b.py',
      'Please commit your changes or stash them before you switch branches.',
      'error: The following untracked working tree files would be overwritten by checkout:',
      '\tmodels/new.bin',
      'Please move or remove them before you switch branches.',
      'Aborting',
    ].join('\n');
    assert.deepEqual(overwrittenFiles(stderr), { changed: ['params.yaml', 'src/a b.py'], untracked: ['models/new.bin'] });
    assert.equal(overwrittenFiles('fatal: invalid reference: nope\n'), undefined);
  });
});

describe('the way back from a checkout', () => {
  it('switchBack returns to the branch the checkout left; popStash brings back the stashed edit', async () => {
    const { repo, v1 } = twoVersions();
    try {
      repo.write({ 'params.yaml': 'lr: 0.5 (my edit)\n' });
      const g = await GitRepository.open(repo.dir, { gitPath: 'git' });
      const result = await checkoutVersion(g, { commit: v1, label: 'churn@v1.0.0', stash: true });
      assert.deepEqual(result.previous, { branch: 'main', commit: repo.git('rev-parse', 'main').trim() });
      assert.ok(result.stash, 'a stash was made');
      assert.equal(repo.head(), v1);
      // Another stash made meanwhile: the pop still finds the checkout's own.
      repo.write({ 'README.md': 'other work\n' });
      repo.git('stash', 'push', '-m', 'other work');
      assert.match(await switchBack(g, result.previous!), /^Switched back to main$/);
      assert.equal(repo.git('symbolic-ref', '--short', 'HEAD').trim(), 'main');
      assert.match(await popStash(g, result.stash!.oid), /^Popped stash@\{1\}/);
      assert.equal(read(repo.dir, 'params.yaml'), 'lr: 0.5 (my edit)\n', 'the edit is back');
      assert.match(repo.git('stash', 'list'), /other work/, 'the other stash stays');
      assert.doesNotMatch(repo.git('stash', 'list'), /before checking out/);
      g.dispose();
    } finally {
      repo.remove();
    }
  });

  it('switchBack and popStash refuse on a dirty tree and leave HEAD, the files and the stash as they are', async () => {
    const { repo, v1, v2 } = twoVersions();
    try {
      repo.write({ 'params.yaml': 'lr: 0.5 (my edit)\n' });
      const g = await GitRepository.open(repo.dir, { gitPath: 'git' });
      const result = await checkoutVersion(g, { commit: v1, label: 'churn@v1.0.0', stash: true });
      repo.write({ 'README.md': 'edited at v1\n' });
      await assert.rejects(switchBack(g, result.previous!), (e: SafetyError) => e instanceof SafetyError && /1 file has uncommitted changes; commit or stash them before switching back/.test(e.message) && e.files.join() === 'README.md');
      assert.equal(repo.head(), v1, 'HEAD did not move');
      await assert.rejects(popStash(g, result.stash!.oid), /1 file has uncommitted changes; commit or stash them before popping stash@\{0\}/);
      assert.equal(read(repo.dir, 'README.md'), 'edited at v1\n');
      assert.match(repo.git('stash', 'list'), /before checking out churn@v1\.0\.0/, 'the stash is kept');
      // A detached start goes back detached at its commit.
      repo.git('checkout', '-q', '--', 'README.md');
      repo.git('switch', '-q', '--detach', v2);
      const detached = await checkoutVersion(g, { commit: v1, label: 'churn@v1.0.0' });
      assert.deepEqual(detached.previous, { branch: null, commit: v2 });
      assert.match(await switchBack(g, detached.previous!), /HEAD is back at [0-9a-f]{7} \(detached\)/);
      assert.equal(repo.head(), v2);
      g.dispose();
    } finally {
      repo.remove();
    }
  });
});

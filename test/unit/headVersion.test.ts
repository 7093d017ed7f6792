// describeHead: the nearest version tag at or before HEAD, and how far HEAD is past it.
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { GitRepository } from '../../src/git/repository';
import { describeHead } from '../../src/git/headVersion';
import { makeRepo, type TestRepo } from './helpers/gitRepo';

describe('describeHead', () => {
  const made: TestRepo[] = [];
  const opened: GitRepository[] = [];
  const open = async (r: TestRepo) => {
    const g = await GitRepository.open(r.dir, { gitPath: 'git' });
    opened.push(g);
    return g;
  };
  after(() => {
    opened.forEach((g) => g.dispose());
    made.forEach((r) => r.remove());
  });

  it('names the version tag HEAD is two commits past, and not a stage tag after it', async () => {
    const r = makeRepo();
    made.push(r);
    r.commit('one', { 'a.txt': '1\n' });
    r.tag('churn@v1.0.0', { date: 1_700_000_000 });
    r.commit('two', { 'a.txt': '2\n' });
    r.tag('churn#prod#1', { date: 1_700_000_100 });
    r.commit('three', { 'a.txt': '3\n' });
    assert.deepEqual(await describeHead(await open(r), ['*@v*']), { tag: 'churn@v1.0.0', ahead: 2 });
  });

  it('is undefined where no tag matches, and in a repository without commits', async () => {
    const r = makeRepo();
    made.push(r);
    const empty = await open(r);
    assert.equal(await describeHead(empty, ['*@v*']), undefined);
    r.commit('one', { 'a.txt': '1\n' });
    r.tag('release-1');
    assert.equal(await describeHead(await open(r), ['*@v*']), undefined);
    assert.equal(await describeHead(await open(r), []), undefined);
  });
});

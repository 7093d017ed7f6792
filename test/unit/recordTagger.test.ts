// A version's record names who tagged it whoever asks first: the tree builds versions from its
// listing rows (the tag by name only) and the panel from resolve(); both share one cached record.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { makeRepo } from './helpers/gitRepo';
import { GitRepository } from '../../src/git/repository';
import { ModelStore } from '../../src/core/modelStore';

describe('the tagger of a version', () => {
  it('is in the record read from a listing row (no tag object given), and stays there for resolve()', async () => {
    const repo = makeRepo();
    try {
      repo.commit('model', { 'model.yaml': 'name: churn\nhyperparameters:\n  lr: 0.1\n' });
      // The tagger is whoever commits the tag object: not the commit's author here.
      execFileSync('git', ['tag', '-a', '-m', 'Registering artifact churn version v1.0.0', 'churn@v1.0.0'], {
        cwd: repo.dir,
        env: { ...process.env, GIT_COMMITTER_NAME: 'Alan Turing', GIT_COMMITTER_EMAIL: 'alan@example.com' },
      });
      const git = await GitRepository.open(repo.dir, { gitPath: 'git' });
      try {
        const store = new ModelStore(git);
        const model = await store.model('churn');
        const v = model.versions.find((x) => x.version === 'v1.0.0')!;
        // What the tree hands the store: the listing's version, its tag named but not given.
        const fromTree = await store.record({ model: 'churn', version: v.version, label: 'churn@v1.0.0', commit: v.commit, registryVersion: v });
        assert.equal(fromTree.code.tagger, 'Alan Turing');
        assert.equal(fromTree.code.author, 'Ada Lovelace');
        const fromPanel = await store.record(await store.resolve('churn@v1.0.0'));
        assert.equal(fromPanel.code.tagger, 'Alan Turing');
        assert.equal(fromPanel.code.tagMessage, 'Registering artifact churn version v1.0.0');
      } finally {
        git.dispose();
      }
    } finally {
      repo.remove();
    }
  });
});

// Manifest globs from the settings: the glob matcher, and a model declared in a file that only a
// glob names is listed and read at its versions.
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { globMatcher, globToRegExp } from '../../src/core/glob';
import { ModelStore } from '../../src/core/modelStore';
import { GitRepository } from '../../src/git/repository';
import { makeRepo } from './helpers/gitRepo';

describe('glob patterns', () => {
  it('** spans folders, * and ? stay within a name, braces choose', () => {
    const re = globToRegExp('**/card.{yml,yaml}');
    assert.ok(re.test('card.yaml'));
    assert.ok(re.test('models/churn/card.yml'));
    assert.ok(!re.test('models/churn/card.json'));
    assert.ok(globToRegExp('models/*/card.yaml').test('models/churn/card.yaml'));
    assert.ok(!globToRegExp('models/*/card.yaml').test('models/a/b/card.yaml'));
    assert.ok(globToRegExp('m?del.yaml').test('model.yaml'));
    assert.ok(!globToRegExp('*.yaml').test('a/b.yaml'), '* does not cross folders');
    assert.ok(globToRegExp('a.b(c)+.yaml').test('a.b(c)+.yaml'), 'regex characters are literal');
  });

  it('a matcher of several globs skips empty ones and strips a leading ./', () => {
    const m = globMatcher(['', './cards/*.yaml', '**/x.yaml']);
    assert.ok(m('cards/churn.yaml'));
    assert.ok(m('deep/down/x.yaml'));
    assert.ok(!m('other/churn.yaml'));
  });
});

describe('manifest globs in the model store', () => {
  const repo = makeRepo();
  after(() => repo.remove());

  it('a manifest named only by a glob declares a model whose versions read from it', async () => {
    repo.commit('card v1', { 'models/churn/card.yaml': 'name: churn\nhyperparameters:\n  lr: 0.1\n' });
    repo.tag('churn@v1.0.0', { date: 1_700_000_000 });
    repo.commit('card v2', { 'models/churn/card.yaml': 'name: churn\nhyperparameters:\n  lr: 0.2\n' });
    repo.tag('churn@v1.1.0', { date: 1_700_000_100 });
    const git = await GitRepository.open(repo.dir, { gitPath: 'git' });
    try {
      const plain = new ModelStore(git);
      const withoutGlob = await plain.record(await plain.resolve('churn@v1.0.0'));
      assert.deepEqual(withoutGlob.hyperparameters, {}, 'without the glob the card is not a manifest');
      const store = new ModelStore(git, { manifestGlobs: ['**/card.yaml'] });
      const { models } = await store.list();
      assert.equal(models.find((m) => m.name === 'churn')?.definition?.file, 'models/churn/card.yaml');
      const { diff } = await store.diff(['churn@v1.0.0', 'churn@v1.1.0']);
      assert.deepEqual(diff.rows.filter((r) => r.status !== 'unchanged').map((r) => [r.key, ...r.values]), [['lr', 0.1, 0.2]]);
    } finally {
      git.dispose();
    }
  });
});

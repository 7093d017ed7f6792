import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { makeRepo, type TestRepo } from './helpers/gitRepo';
import { GitRepository } from '../../src/git/repository';
import { definitionFiles, discoverModels, isDefinitionPath } from '../../src/core/discovery';

const GIT = { gitPath: 'git' };

describe('discoverModels finds every model a version declares', () => {
  let t: TestRepo;
  let repo: GitRepository;
  let c1: string;
  let c2: string;

  before(async () => {
    t = makeRepo();
    c1 = t.commit('models', {
      'dvc.yaml': 'artifacts:\n  churn:\n    path: models/churn.pkl\n    type: model\n',
      'nlp/dvc.yaml': 'artifacts:\n  sentiment:\n    path: model.bin\n',
      'cv/detect/dvc.yaml': 'artifacts:\n  yolo:\n    path: best.pt\n',
      'artifacts.yaml': 'legacy:\n  type: model\n  path: old/model.pkl\n',
      'models/ranker/model.yaml': 'framework: lightgbm\n',
      'forecast.model.yaml': 'name: demand\n',
      'team/x.model.yml': '{}\n',
      'broken/model.yaml': 'name: [unclosed\n',
      'dup/model.yaml': 'name: churn\n',
      'node_modules/pkg/model.yaml': 'name: vendored\n',
      '.venv/lib/dvc.yaml': 'artifacts:\n  venv:\n    path: x\n',
      'README.md': '# models\n',
    });
    c2 = t.commit('ranker renamed', { 'models/ranker/model.yaml': 'name: ranker2\n' });
    repo = await GitRepository.open(t.dir, GIT);
  });

  after(() => {
    repo?.dispose();
    t?.remove();
  });

  const discover = async (commit: string) => {
    const src = repo.sourceAt(commit);
    return discoverModels(src, definitionFiles(await src.listFiles()));
  };

  it('manifests, dvc.yaml artifacts (root and sub-folders as folder:name) and artifacts.yaml', async () => {
    const d = await discover(c1);
    const byName = Object.fromEntries(d.definitions.map((x) => [x.name, `${x.kind} ${x.file}`]));
    assert.deepEqual(byName, {
      'broken': 'manifest broken/model.yaml',
      'cv/detect:yolo': 'dvc-artifact cv/detect/dvc.yaml',
      'churn': 'dvc-artifact dvc.yaml',
      'demand': 'manifest forecast.model.yaml',
      'legacy': 'artifacts-yaml artifacts.yaml',
      'nlp:sentiment': 'dvc-artifact nlp/dvc.yaml',
      'ranker': 'manifest models/ranker/model.yaml',
      'x': 'manifest team/x.model.yml',
    });
  });

  it('excluded folders (node_modules, .venv) are not searched', async () => {
    const d = await discover(c1);
    assert.ok(!d.definitions.some((x) => x.name === 'vendored' || x.name === 'venv'));
    assert.deepEqual(definitionFiles(['node_modules/a/model.yaml', 'ok/model.yaml', 'wandb/dvc.yaml', 'x/mlruns/y/model.yaml']), ['ok/model.yaml']);
  });

  it('a manifest that does not parse is still a model, with its syntax error as a diagnostic', async () => {
    const d = await discover(c1);
    assert.ok(d.definitions.some((x) => x.name === 'broken'));
    const e = d.diagnostics.find((x) => x.file === 'broken/model.yaml');
    assert.equal(e?.severity, 'error');
    assert.ok(e?.line);
  });

  it('a name declared twice keeps the declaration nearest the root and warns on the other', async () => {
    const d = await discover(c1);
    assert.equal(d.definitions.find((x) => x.name === 'churn')?.file, 'dvc.yaml');
    assert.ok(d.diagnostics.some((x) => x.file === 'dup/model.yaml' && /also declared in dvc\.yaml, which is used/.test(x.message)));
  });

  it('each version declares its own models', async () => {
    const d = await discover(c2);
    assert.ok(d.definitions.some((x) => x.name === 'ranker2'));
    assert.ok(!d.definitions.some((x) => x.name === 'ranker'));
  });

  it('only manifests, dvc.yaml and the root artifacts.yaml are definition files', () => {
    assert.ok(isDefinitionPath('a/dvc.yaml'));
    assert.ok(isDefinitionPath('artifacts.yaml'));
    assert.ok(!isDefinitionPath('sub/artifacts.yaml'));
    assert.ok(!isDefinitionPath('dvc.lock'));
    assert.ok(!isDefinitionPath('params.yaml'));
  });
});

describe('quick manifest names for listings', () => {
  it('reads a plain, quoted or commented top-level name line', async () => {
    const { quickManifestName } = await import('../../src/core/discovery');
    assert.equal(quickManifestName('name: churn\nhyperparameters: {}\n'), 'churn');
    assert.equal(quickManifestName('# a model\nname: "team/churn-2"  # the registry name\n'), 'team/churn-2');
    assert.equal(quickManifestName("description: x\nname: 'fraud'\r\n"), 'fraud');
  });

  it('leaves anything unusual to the YAML parser', async () => {
    const { quickManifestName } = await import('../../src/core/discovery');
    assert.equal(quickManifestName('name: 007\n'), undefined, 'a YAML number');
    assert.equal(quickManifestName('name: churn\nname: other\n'), undefined, 'a duplicate key');
    assert.equal(quickManifestName('  name: nested\n'), undefined, 'not top-level');
    assert.equal(quickManifestName('name: -bad\n'), undefined, 'not a valid model name');
    assert.equal(quickManifestName('name: &a churn\n'), undefined, 'an anchor');
    assert.equal(quickManifestName('hyperparameters:\n  lr: 1\n'), undefined, 'no name line');
  });
});

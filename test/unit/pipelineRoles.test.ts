// A DVC pipeline's paths sorted by what dvc.lock says they are: code deps are code, a stage's
// outs are outputs (or the weights, or metrics), and only the remaining deps are input data; and
// a `type: dataset` artifact is not listed as a model.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cli } from './helpers/cli';
import { GitRepository } from '../../src/git/repository';
import { ModelStore } from '../../src/core/modelStore';
import { classifyPipeline, isCodePath } from '../../src/core/pipelineRoles';
import { looksLikeWeights } from '../../src/core/versionReader';
import type { LockStage } from '../../src/core/readers/dvcLock';
import type { HashEntry } from '../../src/core/types';
import { hashesFor, makePipelineRepo, type PipelineRepo } from '../fixtures/pipelineRepo';

const e = (path: string, extra: Partial<HashEntry> = {}): HashEntry => ({ path, hash: 'a'.repeat(32), algorithm: 'md5', source: 'dvc.lock', sourceFile: 'dvc.lock', ...extra });
const roles = (stages: LockStage[], ctx: Partial<Parameters<typeof classifyPipeline>[1]> = {}) =>
  Object.fromEntries(classifyPipeline(stages, { looksLikeWeights, ...ctx }).map((c) => [c.entry.path, c.entry.role ? `${c.role}:${c.entry.role}` : c.role]));

describe('classifyPipeline', () => {
  it('code is told by extension, by name and by a folder of code', () => {
    for (const p of ['src/train.py', 'nb/explore.ipynb', 'run.sh', 'R/fit.R', 'fit.jl', 'Main.scala', 'Train.java', 'x.ts', 'y.js', 'z.go', 'lib.rs', 'k.cpp', 'k.c', 'k.h', 'src', 'pkg/scripts', 'requirements.txt', 'Dockerfile']) {
      assert.ok(isCodePath(p), p);
    }
    for (const p of ['data/train.csv', 'data/images', 'model.pkl', 'eval', 'params.yaml', 'sources.csv']) assert.ok(!isCodePath(p), p);
  });

  it('a folder of code as a dep goes to code; a data folder to data', () => {
    assert.deepEqual(roles([{ name: 'train', deps: [e('src', { isDir: true }), e('data/images', { isDir: true })], outs: [e('models/net.pt')] }]), {
      'models/net.pt': 'weights',
      src: 'code',
      'data/images': 'data',
    });
  });

  it('what a stage reading only remote storage writes is data; a remote dep itself is data, never code', () => {
    assert.deepEqual(
      roles([
        { name: 'download', deps: [e('s3://bucket/raw.csv', { remote: 's3' }), e('src/download.py')], outs: [e('data/raw.csv')] },
        { name: 'train', deps: [e('data/raw.csv'), e('https://h/lib.py', { remote: 'https' })], outs: [e('out/model.bin')] },
      ]),
      { 'data/raw.csv': 'data', 'out/model.bin': 'weights', 's3://bucket/raw.csv': 'data', 'src/download.py': 'code', 'https://h/lib.py': 'data' },
    );
  });

  it("another artifact's weights file is an output of this model's pipeline, not its weights", () => {
    const stages = [{ name: 'train', deps: [e('data/x.csv')], outs: [e('a.pkl'), e('b.pkl')] }];
    assert.deepEqual(roles(stages, { artifactPath: 'a.pkl', otherArtifacts: ['b.pkl'] }), { 'a.pkl': 'weights', 'b.pkl': 'output', 'data/x.csv': 'data' });
  });

  it('an out holding plots only is an output marked plots', () => {
    assert.deepEqual(roles([{ name: 'plot', deps: [e('data/x.csv')], outs: [e('reports')] }], { plotsFiles: ['reports/roc.json'] }), { reports: 'output:plots', 'data/x.csv': 'data' });
  });
});

describe('a DVC pipeline like example-get-started', () => {
  let fx: PipelineRepo;
  let git: GitRepository;
  let store: ModelStore;
  const h1 = hashesFor(1);
  const h2 = hashesFor(2);

  before(async () => {
    fx = makePipelineRepo();
    git = await GitRepository.open(fx.repo.dir, { gitPath: 'git' });
    store = new ModelStore(git, { runStores: false });
  });

  after(() => {
    git?.dispose();
    fx?.repo.remove();
  });

  it('Data holds only the input no stage wrote; the stage scripts are code, with their dvc.lock hashes', async () => {
    const r = await store.record(await store.resolve('text-classifier@v1.1.0'));
    assert.deepEqual(Object.keys(r.data), ['data/questions.xml']);
    assert.deepEqual(
      Object.values(r.code.files ?? {}).map((x) => [x.path, x.hash, x.stage]),
      [
        ['src/prepare.py', h2.prepare, 'prepare'],
        ['src/featurization.py', h2.featurization, 'featurize'],
        ['src/train.py', h2.train, 'train'],
        ['src/evaluate.py', h2.evaluate, 'evaluate'],
      ],
    );
    assert.equal(r.code.commit, fx.commits.v2, 'the commit info stays beside the files');
  });

  it("the artifact's model.pkl is the weights; prepared and features are outputs; eval/ is a metrics output", async () => {
    const r = await store.record(await store.resolve('text-classifier@v1.1.0'));
    assert.deepEqual(Object.keys(r.weights), ['model.pkl']);
    assert.equal(r.weights['model.pkl']!.hash, h2.model);
    assert.deepEqual(Object.values(r.outputs).map((x) => [x.path, x.stage, x.role ?? null]), [
      ['data/prepared', 'prepare', null],
      ['data/features', 'featurize', null],
      ['eval', 'evaluate', 'metrics'],
    ]);
    assert.deepEqual(r.metricsFiles, [{ path: 'eval/metrics.json', present: false }]);
  });

  it('show lists the scripts under Pipeline code and eval under Outputs, not under Data', async () => {
    const r = await cli(fx.repo.dir, 'show', 'text-classifier#prod');
    assert.equal(r.code, 0, r.err);
    const section = (title: string) => (new RegExp(`\\n${title}\\n((?:  .*\\n?)*)`).exec(r.out)?.[1] ?? '').trimEnd().split('\n').map((l) => l.trim().split('  ')[0]);
    assert.deepEqual(section('Data'), ['data/questions.xml']);
    assert.deepEqual(section('Pipeline code'), ['src/prepare.py', 'src/featurization.py', 'src/train.py', 'src/evaluate.py']);
    assert.deepEqual(section('Weights'), ['model.pkl']);
    assert.deepEqual(section('Outputs'), ['data/prepared', 'data/features', 'eval']);
    assert.match(r.out, /\n {2}eval {2}\S+\.dir md5 \(DVC 3\) {2}from dvc\.lock \(stage evaluate\) {2}\(metrics\)\n/);
    const json = JSON.parse((await cli(fx.repo.dir, 'show', 'text-classifier@v1.1.0', '--json')).out);
    assert.deepEqual(Object.keys(json.data), ['data/questions.xml']);
    assert.deepEqual(Object.keys(json.code.files), ['src/prepare.py', 'src/featurization.py', 'src/train.py', 'src/evaluate.py']);
    assert.deepEqual(Object.keys(json.outputs), ['data/prepared', 'data/features', 'eval']);
  });

  it('diff puts the changed script under Pipeline code and the changed stage outputs under Outputs', async () => {
    const json = JSON.parse((await cli(fx.repo.dir, 'diff', 'text-classifier@v1.0.0', 'text-classifier@v1.1.0', '--json')).out);
    const changes = json.changes.filter((c: { section: string }) => c.section !== 'hyperparameters').map((c: { section: string; key: string; values: unknown[] }) => [c.section, c.key, c.values]);
    assert.deepEqual(changes, [
      ['code', 'src/featurization.py', [h1.featurization, h2.featurization]],
      ['weights', 'model.pkl', [h1.model, h2.model]],
      ['outputs', 'data/features', [h1.features, h2.features]],
      ['outputs', 'eval', [h1.eval, h2.eval]],
    ]);
    const evalRow = json.changes.find((c: { key: string }) => c.key === 'eval');
    assert.equal(evalRow.sources[1].role, 'metrics');
    const text = (await cli(fx.repo.dir, 'diff', 'text-classifier@v1.0.0', 'text-classifier@v1.1.0')).out;
    assert.match(text, /\nPipeline code\n {2}~ src\/featurization\.py: /);
    assert.match(text, /\nOutputs\n {2}~ data\/features: \S+\.dir {2}→ {2}\S+\.dir\n {2}~ eval: /);
    assert.doesNotMatch(text, /\nData\n/, 'the input data did not change');
  });

  it('a type: dataset artifact (dvc.yaml or a manifest) is listed apart from the models, not as a model with no versions', async () => {
    const json = JSON.parse((await cli(fx.repo.dir, 'list', '--json')).out);
    assert.deepEqual(json.models.map((m: { name: string }) => m.name), ['text-classifier']);
    assert.equal(json.models[0].type, 'model');
    assert.deepEqual(json.datasets.map((m: { name: string; type: string; latest: string | null }) => [m.name, m.type, m.latest]), [
      ['questions-dataset', 'dataset', 'v1.0.0'],
      ['reviews', 'dataset', null],
    ]);
    const text = (await cli(fx.repo.dir, 'list')).out;
    assert.match(text, /^text-classifier {2}latest v1\.1\.0 {2}prod: v1\.1\.0\n/);
    assert.match(text, /\n\nDatasets \(type: dataset\)\n {2}questions-dataset {2}latest v1\.0\.0\n {4}v1\.0\.0 .*\n {2}reviews {2}latest —\n$/);
    const listing = await new ModelStore(git, { runStores: false }).list();
    assert.deepEqual(listing.models.map((m) => m.name), ['text-classifier'], 'the tree and pickers read listing.models');
  });

  it("a dataset's version is still shown, its path as data rather than weights", async () => {
    const r = await cli(fx.repo.dir, 'show', 'questions-dataset@v1.0.0', '--json');
    assert.equal(r.code, 0, r.err);
    const json = JSON.parse(r.out);
    assert.deepEqual(Object.keys(json.data), ['data/questions.xml']);
    assert.equal(json.data['data/questions.xml'].hash, h1.questions);
    assert.equal(Object.hasOwn(json.weights, 'data/questions.xml'), false);
  });
});

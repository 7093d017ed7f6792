import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { makeRepo, type TestRepo } from './helpers/gitRepo';
import { GitRepository } from '../../src/git/repository';
import { readVersion } from '../../src/core/versionReader';
import { definitionFiles, discoverModels, type ModelDefinition } from '../../src/core/discovery';
import { modelFiles } from '../../src/core/modelFiles';
import { diffRecords } from '../../src/core/diff';
import type { VersionRecord } from '../../src/core/types';

const GIT = { gitPath: 'git' };
const T = 1_700_000_000;

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const lfsPointer = (content: string) => `version https://git-lfs.github.com/spec/v1\noid sha256:${sha256(content)}\nsize ${Buffer.byteLength(content)}\n`;
const dvcFile = (md5: string, size: number, path: string) => `outs:\n- md5: ${md5}\n  size: ${size}\n  hash: md5\n  path: ${path}\n`;

const MANIFEST = `name: churn
description: Churn classifier
framework: sklearn
labels: [tabular]
params:
  - params.yaml
  - configs/train.json
hyperparameters:
  train:
    epochs: 5
configs:
  - configs/features.yaml
  - configs/prep.py
data:
  - data/train.csv
  - path: data/holdout.csv
    md5: 9e107d9d372bb6826bd81d3542a419d6
    size: 52048
  - data/labels.csv
  - data/small.csv
  - data/missing.csv
weights:
  - model.pt
metrics: eval/metrics.json
`;

const DVC2_LOCK = `schema: '2.0'
stages:
  label:
    cmd: python label.py
    outs:
    - path: data/labels.csv
      md5: 3863d0e317dee0a55c4e59d2ec0eef33
      size: 8123
`;

const hint = (file: string): ModelDefinition => ({ kind: 'manifest', name: 'churn', file });

describe('readVersion reads a manifest model from Git at each version', () => {
  let t: TestRepo;
  let repo: GitRepository;
  let v1: string;
  let v2: string;
  let v3: string;
  let r1: VersionRecord;
  let r2: VersionRecord;
  let r3: VersionRecord;

  before(async () => {
    t = makeRepo();
    v1 = t.commit(
      'churn v1',
      {
        'models/churn/model.yaml': MANIFEST,
        'models/churn/params.yaml': 'train:\n  lr: 0.1\n  epochs: 10\nseed: 1\n',
        'models/churn/configs/train.json': '{"batch": 32, "train": {"optimizer": "adam"}}',
        'models/churn/configs/features.yaml': 'cols: [age, tenure]\n',
        'models/churn/configs/prep.py': 'print("prep v1")\n',
        'models/churn/data/train.csv.dvc': dvcFile('22a1a2931c8370d3aeedd7183606fd7f', 14445097, 'train.csv'),
        'models/churn/dvc.lock': DVC2_LOCK,
        'models/churn/data/small.csv': 'a,b\n1,2\n',
        'models/churn/model.pt': lfsPointer('weights v1'),
        '.gitignore': 'models/churn/eval/\n',
      },
      `@${T} +0000`,
    );
    t.tag('churn@v1.0.0', { date: T, message: 'Registering artifact churn version v1.0.0' });
    v2 = t.commit(
      'churn v2',
      {
        'models/churn/params.yaml': 'train:\n  lr: 0.01\n  epochs: 10\nseed: 1\n',
        'models/churn/configs/prep.py': 'print("prep v2")\n',
        'models/churn/data/train.csv.dvc': dvcFile('0cc175b9c0f1b6a831c399e269772661', 14445100, 'train.csv'),
        'models/churn/model.pt': lfsPointer('weights v2'),
        '.gitignore': null,
        'models/churn/eval/metrics.json': '{"acc": 0.91, "per_class": {"churned": {"f1": 0.8}}, "note": "text"}',
      },
      `@${T + 100} +0000`,
    );
    t.tag('churn@v2.0.0', { date: T + 100 });
    // v3: params.yaml is broken on line 3; everything else must still read.
    v3 = t.commit('churn v3: broken params', { 'models/churn/params.yaml': 'train:\n  lr: 0.01\n  epochs: [10\nseed: 1\n' }, `@${T + 200} +0000`);
    t.tag('churn@v3.0.0', { date: T + 200 });
    // After tagging, the working tree changes: versions must not see it.
    t.write({ 'models/churn/params.yaml': 'train:\n  lr: 999\n', 'models/churn/eval/metrics.json': '{"acc": 0.0}' });

    repo = await GitRepository.open(t.dir, GIT);
    const tags = await repo.readTags();
    const read = async (commit: string, version: string) => {
      const tag = tags.find((x) => x.name === `churn@${version}`);
      return readVersion('churn', version, repo.sourceAt(commit), await repo.codeInfo(commit, tag), hint('models/churn/model.yaml'));
    };
    [r1, r2, r3] = await Promise.all([read(v1, 'v1.0.0'), read(v2, 'v2.0.0'), read(v3, 'v3.0.0')]);
  });

  after(() => {
    repo?.dispose();
    t?.remove();
  });

  it('describes the model from the manifest', () => {
    assert.equal(r1.model, 'churn');
    assert.equal(r1.version, 'v1.0.0');
    assert.equal(r1.commit, v1);
    assert.equal(r1.description, 'Churn classifier');
    assert.equal(r1.framework, 'sklearn');
    assert.deepEqual(r1.labels, ['tabular']);
  });

  it('params files merge in order and manifest hyperparameters win', () => {
    assert.deepEqual(r1.hyperparameters, { train: { lr: 0.1, epochs: 5, optimizer: 'adam' }, seed: 1, batch: 32 });
    assert.equal((r2.hyperparameters.train as Record<string, unknown>).lr, 0.01);
  });

  it('YAML/JSON configs are parsed; other configs are compared by their blob id at that version', () => {
    assert.deepEqual(r1.configs['models/churn/configs/features.yaml']?.values, { cols: ['age', 'tenure'] });
    const prep1 = r1.configs['models/churn/configs/prep.py']!;
    assert.equal(prep1.values, undefined);
    assert.equal(prep1.oid, t.git('rev-parse', `${v1}:models/churn/configs/prep.py`).trim());
    assert.notEqual(r2.configs['models/churn/configs/prep.py']!.oid, prep1.oid);
  });

  it('a data hash comes from the manifest, a .dvc file, dvc.lock or the git blob, labelled by source', () => {
    const d = r1.data;
    assert.deepEqual(d['models/churn/data/holdout.csv'], {
      path: 'models/churn/data/holdout.csv',
      hash: '9e107d9d372bb6826bd81d3542a419d6',
      algorithm: 'md5',
      size: 52048,
      source: 'manifest',
      sourceFile: 'models/churn/model.yaml',
    });
    assert.deepEqual(
      [d['models/churn/data/train.csv']!.hash, d['models/churn/data/train.csv']!.algorithm, d['models/churn/data/train.csv']!.source, d['models/churn/data/train.csv']!.sourceFile],
      ['22a1a2931c8370d3aeedd7183606fd7f', 'md5', 'dvc-file', 'models/churn/data/train.csv.dvc'],
    );
    const labels = d['models/churn/data/labels.csv']!;
    assert.deepEqual([labels.hash, labels.algorithm, labels.source, labels.stage], ['3863d0e317dee0a55c4e59d2ec0eef33', 'md5-dvc2', 'dvc.lock', 'label']);
    const small = d['models/churn/data/small.csv']!;
    assert.deepEqual([small.hash, small.algorithm, small.source, small.size], [t.git('rev-parse', `${v1}:models/churn/data/small.csv`).trim(), 'git-blob', 'git', 8]);
  });

  it('a data path that is nowhere at that version has no hash and an info diagnostic', () => {
    assert.equal(r1.data['models/churn/data/missing.csv']!.hash, null);
    assert.ok(r1.diagnostics.some((d) => d.severity === 'info' && d.message.includes('models/churn/data/missing.csv')));
  });

  it('LFS-tracked weights carry the sha256 and size of the real file', () => {
    const w1 = r1.weights['models/churn/model.pt']!;
    assert.deepEqual([w1.hash, w1.algorithm, w1.size, w1.source], [sha256('weights v1'), 'sha256', 10, 'lfs']);
    assert.equal(r2.weights['models/churn/model.pt']!.hash, sha256('weights v2'));
  });

  it('a metrics file that is not in Git at a version is reported absent, not as an error', () => {
    assert.deepEqual(r1.metricsFiles, [{ path: 'models/churn/eval/metrics.json', present: false }]);
    assert.deepEqual(r1.metrics, {});
    assert.deepEqual(r1.diagnostics.filter((d) => d.file === 'models/churn/eval/metrics.json'), []);
    assert.deepEqual(r1.diagnostics.filter((d) => d.severity !== 'info'), []);
  });

  it('a committed metrics file gives every number inside by dotted path', () => {
    assert.deepEqual(r2.metricsFiles, [{ path: 'models/churn/eval/metrics.json', present: true, keys: ['acc', 'per_class.churned.f1'] }]);
    assert.deepEqual(r2.metrics, { acc: 0.91, 'per_class.churned.f1': 0.8 });
  });

  it('files are read at the version, never from the working tree', async () => {
    assert.equal((r2.hyperparameters.train as Record<string, unknown>).lr, 0.01);
    assert.equal(r2.metrics.acc, 0.91);
    const again = await readVersion('churn', 'v2.0.0', repo.sourceAt(v2), { commit: v2 });
    assert.deepEqual(again.hyperparameters, r2.hyperparameters);
    const wd = await readVersion('churn', 'workdir', repo.workdir(), { commit: null });
    assert.equal((wd.hyperparameters.train as Record<string, unknown>).lr, 999);
    assert.equal(wd.metrics.acc, 0);
    assert.equal(wd.commit, null);
  });

  it('the tag and commit behind the version are kept', () => {
    assert.equal(r1.code.commit, v1);
    assert.equal(r1.code.tag, 'churn@v1.0.0');
    assert.equal(r1.code.tagMessage, 'Registering artifact churn version v1.0.0');
    assert.equal(r1.code.message, 'churn v1');
  });

  it('a malformed params.yaml gives a diagnostic with its line, and the rest of the record still reads', () => {
    const bad = r3.diagnostics.find((d) => d.file === 'models/churn/params.yaml' && d.severity === 'error');
    assert.ok(bad, JSON.stringify(r3.diagnostics));
    assert.ok(bad.line! >= 3, `line ${bad.line}`);
    assert.deepEqual(r3.hyperparameters, { batch: 32, train: { optimizer: 'adam', epochs: 5 } });
    assert.equal(r3.metrics.acc, 0.91);
    assert.equal(r3.weights['models/churn/model.pt']!.hash, sha256('weights v2'));
    assert.equal(Object.keys(r3.data).length, 5);
  });

  it('the record lists the files it was built from, and modelFiles covers the model folder', () => {
    assert.ok(r1.sources.includes('models/churn/model.yaml'));
    assert.ok(r1.sources.includes('models/churn/params.yaml'));
    assert.ok(r1.sources.includes('models/churn/data/train.csv.dvc'));
    assert.ok(r1.sources.includes('models/churn/model.pt'));
    assert.deepEqual(modelFiles(r1, hint('models/churn/model.yaml')), ['models/churn']);
    assert.equal(new Set(r1.sources).size, r1.sources.length);
  });

  it('diffing v1 and v2 shows the changed params, weights, data and metrics', () => {
    const d = diffRecords([
      { label: 'v1.0.0', record: r1 },
      { label: 'v2.0.0', record: r2 },
    ]);
    const changed = d.rows.filter((r) => r.status !== 'unchanged').map((r) => `${r.section}:${r.key}:${r.status}`);
    assert.deepEqual(changed, [
      'hyperparameters:train.lr:changed',
      'config:models/churn/configs/prep.py:(file):changed',
      'data:models/churn/data/train.csv:changed',
      'weights:models/churn/model.pt:changed',
      'metrics:acc:added',
      'metrics:per_class.churned.f1:added',
    ]);
  });
});

describe('readVersion keeps bad input inert', () => {
  let t: TestRepo;
  let repo: GitRepository;
  const commits: Record<string, string> = {};

  before(async () => {
    t = makeRepo();
    const bomb = ['a0: &a0 [x, x, x, x, x, x, x, x, x]', ...Array.from({ length: 9 }, (_, i) => `a${i + 1}: &a${i + 1} [${Array(9).fill(`*a${i}`).join(', ')}]`)].join('\n');
    const cases: Record<string, Record<string, string | null>> = {
      escape: {
        'm/model.yaml': 'name: m\nparams: [../secrets.yaml, /etc/passwd, params.yaml]\ndata: [../../outside.csv, data.csv]\nconfigs: [C:/boot.ini]\n',
        'm/params.yaml': 'lr: 1\n',
        'm/data.csv': 'x\n',
        'secrets.yaml': 'token: hunter2\n',
      },
      proto: { 'm/model.yaml': 'name: m\nparams: [params.yaml]\nmetrics: [metrics.json]\n', 'm/params.yaml': '__proto__:\n  polluted: yes\nconstructor:\n  prototype:\n    polluted: yes\nlr: 1\n', 'm/metrics.json': '{"__proto__": {"polluted": 1}, "acc": 1}' },
      bomb: { 'm/params.yaml': bomb },
      deep: { 'm/params.yaml': '['.repeat(10_000) + ']'.repeat(10_000) },
      deepjson: { 'm/params.yaml': 'lr: 1\n', 'm/model.yaml': 'name: m\nparams: [params.yaml, deep.json]\n', 'm/deep.json': '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000) },
      cycle: { 'm/params.yaml': 'a: &a [*a]\n' },
      bom: { 'm/params.yaml': '\ufefflr: 2\r\nlayers:\r\n  - 64\r\n' },
      dup: { 'm/params.yaml': 'lr: 1\nepochs: 2\nlr: 3\n' },
      brokenManifest: { 'm/model.yaml': 'name: m\nparams: [params.yaml\n', 'm/params.yaml': 'lr: 1\n' },
    };
    for (const [name, files] of Object.entries(cases)) {
      commits[name] = t.commit(name, { 'm/model.yaml': 'name: m\nparams: [params.yaml]\n', ...files });
    }
    repo = await GitRepository.open(t.dir, GIT);
  });

  after(() => {
    repo?.dispose();
    t?.remove();
  });

  const read = (name: string) => readVersion('m', name, repo.sourceAt(commits[name]!), { commit: commits[name]! }, hint('m/model.yaml'));

  it("'..' and absolute manifest paths are refused with diagnostics; nothing outside is read", async () => {
    const r = await read('escape');
    assert.deepEqual(r.hyperparameters, { lr: 1 });
    assert.deepEqual(Object.keys(r.data), ['m/data.csv']);
    assert.deepEqual(r.configs, {});
    assert.ok(!r.sources.includes('secrets.yaml'));
    const refused = r.diagnostics.filter((d) => d.file === 'm/model.yaml' && d.severity === 'warning');
    assert.equal(refused.length, 4, JSON.stringify(r.diagnostics));
  });

  it('a YAML or JSON __proto__ key cannot pollute prototypes', async () => {
    const r = await read('proto');
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.equal(Object.getPrototypeOf(r.hyperparameters), Object.prototype);
    assert.ok(Object.hasOwn(r.hyperparameters, '__proto__'));
    assert.equal(r.hyperparameters.lr, 1);
    assert.equal(r.metrics.acc, 1);
    assert.equal(r.metrics['__proto__.polluted'], 1);
  });

  for (const [name, pattern] of [
    ['bomb', /alias/i],
    ['deep', /levels deep/],
    ['deepjson', /levels deep/],
    ['cycle', /refers to itself/],
    ['dup', /unique/i],
  ] as const) {
    it(`a params file with ${name === 'dup' ? 'duplicate keys' : name === 'bomb' ? 'an alias bomb' : name === 'cycle' ? 'a self-referencing alias' : '10,000 levels of nesting'} is a diagnostic, not a crash (${name})`, async () => {
      const r = await read(name);
      const d = r.diagnostics.find((x) => pattern.test(x.message));
      assert.ok(d, JSON.stringify(r.diagnostics));
      assert.equal(d.severity, 'error');
      assert.ok(d.line! >= 1);
    });
  }

  it('a BOM and CRLF params file reads normally', async () => {
    const r = await read('bom');
    assert.deepEqual(r.hyperparameters, { lr: 2, layers: [64] });
    assert.deepEqual(r.diagnostics, []);
  });

  it('a manifest that does not parse gives its syntax error, not "is empty"', async () => {
    const r = await read('brokenManifest');
    assert.ok(r.diagnostics.some((d) => d.file === 'm/model.yaml' && d.severity === 'error' && d.line !== undefined));
    assert.ok(!r.diagnostics.some((d) => /is empty/.test(d.message)), JSON.stringify(r.diagnostics));
  });
});

describe('readVersion finds a model that moved between versions', () => {
  let t: TestRepo;
  let repo: GitRepository;
  let old: string;
  let head: string;

  before(async () => {
    t = makeRepo();
    old = t.commit('v1 in a legacy folder', {
      'projects/legacy/churn/model.yaml': 'params: params.yaml\n',
      'projects/legacy/churn/params.yaml': 'lr: 0.5\n',
    });
    t.tag('churn@v1.0.0');
    head = t.commit('move to ml/', {
      'projects/legacy/churn/model.yaml': null,
      'projects/legacy/churn/params.yaml': null,
      'ml/churn/model.yaml': 'params: params.yaml\nmetrics:\n  auc: 0.71\n  latency_ms: 4\n',
      'ml/churn/params.yaml': 'lr: 0.05\n',
    });
    repo = await GitRepository.open(t.dir, GIT);
  });

  after(() => {
    repo?.dispose();
    t?.remove();
  });

  it('the definition found at HEAD (with inline metrics) is used at HEAD, and the old folder is found at the old version', async () => {
    const src = repo.sourceAt(head);
    const found = await discoverModels(src, definitionFiles(await src.listFiles()));
    const def = found.definitions.find((d) => d.name === 'churn')!;
    assert.equal(def.file, 'ml/churn/model.yaml');
    const now = await readVersion('churn', 'HEAD', src, { commit: head }, def);
    assert.equal(now.hyperparameters.lr, 0.05);
    assert.deepEqual(now.metrics, { auc: 0.71, latency_ms: 4 });
    assert.deepEqual(now.metricsFiles, []);
    const then = await readVersion('churn', 'v1.0.0', repo.sourceAt(old), { commit: old }, def);
    assert.equal(then.hyperparameters.lr, 0.5);
    assert.ok(then.sources.includes('projects/legacy/churn/model.yaml'));
  });
});

describe('readVersion reads DVC projects (GTO artifacts)', () => {
  let t: TestRepo;
  let repo: GitRepository;
  let c: string;

  before(async () => {
    t = makeRepo();
    c = t.commit('dvc project', {
      'dvc.yaml': `stages:
  train:
    cmd: python train.py
    params: [train.lr]
    deps: [data/train.csv]
    outs: [models/churn.pkl]
    metrics:
    - eval/metrics.json:
        cache: false
artifacts:
  churn:
    path: models/churn.pkl
    type: model
    desc: Churn model
    labels: [gbm]
`,
      'params.yaml': 'train:\n  lr: 0.3\n',
      'dvc.lock': `schema: '2.0'
stages:
  train:
    cmd: python train.py
    deps:
    - path: data/train.csv
      hash: md5
      md5: 3863d0e317dee0a55c4e59d2ec0eef33
      size: 10
    params:
      params.yaml:
        train.lr: 0.3
    outs:
    - path: models/churn.pkl
      hash: md5
      md5: a304afb96060aad90176268345e10355
      size: 2048
`,
      'eval/metrics.json': '{"auc": 0.88}',
      'nlp/dvc.yaml': 'artifacts:\n  sentiment:\n    path: model.bin\n    type: model\n',
      'nlp/params.yaml': 'max_len: 128\n',
      'nlp/model.bin': lfsPointer('bert'),
      'wdir/dvc.yaml': 'stages:\n  t:\n    wdir: sub\n    cmd: x\n    params: [k]\nartifacts:\n  w:\n    path: sub/out.bin\n',
      'wdir/sub/params.yaml': 'k: 9\n',
      'bare/dvc.yaml': 'artifacts:\n  plain:\n    path: weights.onnx\n',
      'bare/weights.onnx': 'not really onnx\n',
      'wdir/dvc.lock': "schema: '2.0'\nstages:\n  t:\n    cmd: x\n    outs:\n    - path: out.bin\n      md5: 0cc175b9c0f1b6a831c399e269772661\n",
    });
    repo = await GitRepository.open(t.dir, GIT);
  });

  after(() => {
    repo?.dispose();
    t?.remove();
  });

  it('a root dvc.yaml artifact reads params.yaml, dvc.lock (weights by artifact path) and metrics', async () => {
    const r = await readVersion('churn', 'HEAD', repo.sourceAt(c), { commit: c });
    assert.equal(r.description, 'Churn model');
    assert.deepEqual(r.labels, ['gbm']);
    assert.deepEqual(r.hyperparameters, { train: { lr: 0.3 } });
    assert.deepEqual(Object.keys(r.weights), ['models/churn.pkl']);
    assert.equal(r.weights['models/churn.pkl']!.algorithm, 'md5');
    assert.deepEqual(Object.keys(r.data), ['data/train.csv']);
    assert.deepEqual(r.metrics, { auc: 0.88 });
    assert.deepEqual(r.diagnostics, []);
  });

  it('a sub-folder artifact is named folder:name and reads that folder', async () => {
    const r = await readVersion('nlp:sentiment', 'HEAD', repo.sourceAt(c), { commit: c });
    assert.deepEqual(r.hyperparameters, { max_len: 128 });
    assert.equal(r.weights['nlp/model.bin']!.hash, sha256('bert'));
    assert.equal(r.weights['nlp/model.bin']!.source, 'lfs');
  });

  it("a stage's wdir is honoured for its params.yaml and its dvc.lock paths", async () => {
    const r = await readVersion('wdir:w', 'HEAD', repo.sourceAt(c), { commit: c });
    assert.deepEqual(r.hyperparameters, { k: 9 });
    assert.deepEqual(Object.keys(r.weights), ['wdir/sub/out.bin']);
    assert.equal(r.weights['wdir/sub/out.bin']!.source, 'dvc.lock');
  });

  it('a dvc.yaml that names no params file gets no warning about a missing params.yaml', async () => {
    const r = await readVersion('bare:plain', 'HEAD', repo.sourceAt(c), { commit: c });
    assert.deepEqual(r.diagnostics, []);
    assert.equal(r.weights['bare/weights.onnx']!.source, 'git');
  });

  it('a model declared nowhere at a version reads only the root DVC project, or says so', async () => {
    const r = await readVersion('unknown', 'HEAD', repo.sourceAt(c), { commit: c });
    assert.deepEqual(r.hyperparameters, { train: { lr: 0.3 } });
    const empty = makeRepo();
    try {
      const e = empty.commit('nothing', { 'README.md': 'hi\n' });
      const g = await GitRepository.open(empty.dir, GIT);
      try {
        const r2 = await readVersion('x', 'HEAD', g.sourceAt(e), { commit: e });
        assert.deepEqual(r2.hyperparameters, {});
        assert.equal(r2.diagnostics.length, 1);
        assert.equal(r2.diagnostics[0]!.severity, 'info');
      } finally {
        g.dispose();
      }
    } finally {
      empty.remove();
    }
  });
});

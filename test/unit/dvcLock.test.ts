import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseYaml } from '../../src/core/structuredText';
import { readDvcLock } from '../../src/core/readers/dvcLock';
import { readDvcFile } from '../../src/core/readers/dvcFile';

const yaml = (text: string) => {
  const r = parseYaml('x.yaml', text);
  assert.deepEqual(r.diagnostics, []);
  return r.value;
};

// As `dvc repro` 3.x writes it.
const DVC3_LOCK = `schema: '2.0'
stages:
  prepare:
    cmd: python src/prepare.py data/data.xml
    deps:
    - path: data/data.xml
      hash: md5
      md5: 22a1a2931c8370d3aeedd7183606fd7f
      size: 14445097
    - path: src/prepare.py
      hash: md5
      md5: f09ea0c15980b43010257ccb9f0055e2
      size: 1576
    params:
      params.yaml:
        prepare.seed: 20170428
        prepare.split: 0.2
    outs:
    - path: data/prepared
      hash: md5
      md5: 153aad06d376b6595932470e459ef42a.dir
      size: 8437363
      nfiles: 2
  train:
    cmd: python src/train.py data/features model.pkl
    deps:
    - path: data/features
      hash: md5
      md5: f35d4cc2c552ac959ae602162b8543f3.dir
      size: 2232588
      nfiles: 2
    params:
      params.yaml:
        train.min_split: 0.01
        train.n_est: 50
        train.seed: 20170428
    outs:
    - path: model.pkl
      hash: md5
      md5: 0c1d6c1a6ab2c3d4e5f60718293a4b5c
      size: 1875214
`;

// DVC 2.x: the same shape without `hash: md5`; its md5s were taken after CRLF → LF.
const DVC2_LOCK = `schema: '2.0'
stages:
  train:
    cmd: python train.py
    deps:
    - path: data/train.csv
      md5: 3863d0e317dee0a55c4e59d2ec0eef33
      size: 8123
    outs:
    - path: model.pkl
      md5: a304afb96060aad90176268345e10355
      size: 1024
`;

// DVC 1.x: stages at the top level, no schema.
const DVC1_LOCK = `train:
  cmd: python train.py
  deps:
  - path: data/train.csv
    md5: 3863d0e317dee0a55c4e59d2ec0eef33
  params:
    params.yaml:
      lr: 0.01
  outs:
  - path: model.pkl
    md5: a304afb96060aad90176268345e10355
`;

describe('dvc.lock', () => {
  it('DVC 3 entries (hash: md5) are md5 of raw bytes, with size, stage and source', () => {
    const lock = readDvcLock(yaml(DVC3_LOCK), 'dvc.lock', '');
    assert.deepEqual(lock.diagnostics, []);
    const model = lock.entries.find((e) => e.path === 'model.pkl');
    assert.deepEqual(model, {
      path: 'model.pkl',
      hash: '0c1d6c1a6ab2c3d4e5f60718293a4b5c',
      algorithm: 'md5',
      size: 1875214,
      source: 'dvc.lock',
      sourceFile: 'dvc.lock',
      stage: 'train',
    });
    assert.deepEqual(
      lock.entries.map((e) => `${e.stage}:${e.path}`),
      ['prepare:data/data.xml', 'prepare:src/prepare.py', 'prepare:data/prepared', 'train:data/features', 'train:model.pkl'],
    );
  });

  it('a .dir hash is a folder listing, with its file count', () => {
    const lock = readDvcLock(yaml(DVC3_LOCK), 'dvc.lock', '');
    const prepared = lock.entries.find((e) => e.path === 'data/prepared')!;
    assert.equal(prepared.isDir, true);
    assert.equal(prepared.nfiles, 2);
    assert.equal(prepared.hash, '153aad06d376b6595932470e459ef42a.dir');
    assert.equal(lock.entries.find((e) => e.path === 'model.pkl')!.isDir, undefined);
  });

  it('resolved params are kept per params file, merged across stages', () => {
    const lock = readDvcLock(yaml(DVC3_LOCK), 'dvc.lock', '');
    assert.deepEqual(lock.params, {
      'params.yaml': {
        'prepare.seed': 20170428,
        'prepare.split': 0.2,
        'train.min_split': 0.01,
        'train.n_est': 50,
        'train.seed': 20170428,
      },
    });
  });

  it('DVC 2 entries (no hash: line) are labelled md5-dvc2, since the same file has another DVC 3 md5', () => {
    const lock = readDvcLock(yaml(DVC2_LOCK), 'dvc.lock', '');
    assert.deepEqual(lock.entries.map((e) => e.algorithm), ['md5-dvc2', 'md5-dvc2']);
  });

  it('DVC 1.x locks with stages at the top level are read', () => {
    const lock = readDvcLock(yaml(DVC1_LOCK), 'dvc.lock', '');
    assert.deepEqual(lock.entries.map((e) => [e.stage, e.path, e.algorithm]), [
      ['train', 'data/train.csv', 'md5-dvc2'],
      ['train', 'model.pkl', 'md5-dvc2'],
    ]);
    assert.deepEqual(lock.params, { 'params.yaml': { lr: 0.01 } });
  });

  it('paths in a sub-folder lock are relative to that folder', () => {
    const lock = readDvcLock(yaml(DVC2_LOCK), 'nlp/dvc.lock', 'nlp');
    assert.deepEqual(lock.entries.map((e) => e.path), ['nlp/data/train.csv', 'nlp/model.pkl']);
    assert.ok(lock.entries.every((e) => e.sourceFile === 'nlp/dvc.lock'));
  });

  it("a stage with a wdir has its paths (and params files) relative to the wdir", () => {
    const lock = readDvcLock(yaml(DVC1_LOCK), 'dvc.lock', '', { train: 'training' });
    assert.deepEqual(lock.entries.map((e) => e.path), ['training/data/train.csv', 'training/model.pkl']);
    assert.deepEqual(Object.keys(lock.params), ['training/params.yaml']);
  });

  it('import-url deps keep their URL and etag instead of being mangled into a repository path', () => {
    const lock = readDvcLock(
      yaml(`schema: '2.0'
stages:
  download:
    cmd: dvc import-url s3://bucket/raw.csv data/raw.csv
    deps:
    - path: s3://bucket/raw.csv
      etag: '"0cc175b9c0f1b6a831c399e269772661"'
      size: 1200
    outs:
    - path: data/raw.csv
      hash: md5
      md5: 0cc175b9c0f1b6a831c399e269772661
      size: 1200
`),
      'dvc.lock',
      '',
    );
    assert.deepEqual(lock.entries.map((e) => [e.path, e.algorithm]), [
      ['s3://bucket/raw.csv', 'etag'],
      ['data/raw.csv', 'md5'],
    ]);
  });

  it('a path that leaves the repository is refused with a diagnostic; the other entries stay', () => {
    const lock = readDvcLock(
      yaml(`schema: '2.0'
stages:
  train:
    cmd: x
    deps:
    - path: ../../etc/passwd
      md5: 3863d0e317dee0a55c4e59d2ec0eef33
    - path: /etc/shadow
      md5: 3863d0e317dee0a55c4e59d2ec0eef33
    outs:
    - path: model.pkl
      md5: a304afb96060aad90176268345e10355
`),
      'dvc.lock',
      '',
    );
    assert.deepEqual(lock.entries.map((e) => e.path), ['model.pkl']);
    assert.equal(lock.diagnostics.length, 2);
    assert.ok(lock.diagnostics.every((d) => d.file === 'dvc.lock' && d.severity === 'warning'));
  });

  it('malformed locks give diagnostics, not exceptions', () => {
    const cases: Array<[string, unknown, RegExp]> = [
      ['a list', ['train'], /holds no stages/],
      ['a string', 'garbage', /holds no stages/],
      ['stages as a list', { schema: '2.0', stages: ['train'] }, /'stages' is not a map/],
      ['a stage that is a string', { schema: '2.0', stages: { train: 'python train.py' } }, /stage 'train' is not a map/],
      ['deps that are a map', { schema: '2.0', stages: { train: { deps: { path: 'x' } } } }, /train\.deps is not a list/],
      ['an out that is a string', { schema: '2.0', stages: { train: { outs: ['model.pkl'] } } }, /not a map of path and hash/],
      ['an out without a path', { schema: '2.0', stages: { train: { outs: [{ md5: 'abc' }] } } }, /non-empty string/],
    ];
    for (const [label, value, message] of cases) {
      const lock = readDvcLock(value, 'dvc.lock', '');
      assert.deepEqual(lock.entries, [], label);
      assert.ok(lock.diagnostics.some((d) => message.test(d.message)), `${label}: ${JSON.stringify(lock.diagnostics)}`);
    }
  });

  it('an entry without any hash is kept with hash null, so "not computed yet" shows', () => {
    const lock = readDvcLock({ schema: '2.0', stages: { train: { outs: [{ path: 'model.pkl' }] } } }, 'dvc.lock', '');
    assert.deepEqual(lock.entries.map((e) => [e.path, e.hash, e.algorithm]), [['model.pkl', null, 'unknown']]);
  });

  it('a newer lock schema is read with an info diagnostic', () => {
    const lock = readDvcLock({ schema: '3.0', stages: { train: { outs: [{ path: 'm.pkl', md5: 'a304afb96060aad90176268345e10355', hash: 'md5' }] } } }, 'dvc.lock', '');
    assert.equal(lock.entries.length, 1);
    assert.equal(lock.diagnostics[0]?.severity, 'info');
  });

  it('a params file named __proto__ does not replace the prototype of the params map', () => {
    const parsed = parseYaml('dvc.lock', "schema: '2.0'\nstages:\n  s:\n    params:\n      __proto__:\n        lr: 1\n");
    const l2 = readDvcLock(parsed.value, 'dvc.lock', '');
    assert.equal(Object.getPrototypeOf(l2.params), Object.prototype);
    assert.deepEqual(Object.keys(l2.params), ['__proto__']);
  });
});

describe('.dvc files', () => {
  it('a dvc add file gives the hash, size and DVC 3 algorithm of its out, relative to its folder', () => {
    const r = readDvcFile(
      yaml(`outs:
- md5: a304afb96060aad90176268345e10355
  size: 14445097
  hash: md5
  path: data.xml
`),
      'data/data.xml.dvc',
    );
    assert.deepEqual(r.diagnostics, []);
    assert.deepEqual(r.entries, [
      { path: 'data/data.xml', hash: 'a304afb96060aad90176268345e10355', algorithm: 'md5', size: 14445097, source: 'dvc-file', sourceFile: 'data/data.xml.dvc' },
    ]);
  });

  it('a DVC 2 .dvc file of a folder is md5-dvc2 with a .dir hash and nfiles', () => {
    const r = readDvcFile(yaml('outs:\n- md5: b8f4d5a78e55e88906d5f4aeaf43802e.dir\n  size: 2044\n  nfiles: 12\n  path: images\n'), 'images.dvc');
    assert.deepEqual(r.entries.map((e) => [e.path, e.algorithm, e.isDir, e.nfiles]), [['images', 'md5-dvc2', true, 12]]);
  });

  it('a dvc import file gives its out; the source repository lock does not become an entry', () => {
    const r = readDvcFile(
      yaml(`md5: 1f2e3d4c5b6a79880f1e2d3c4b5a6978
frozen: true
deps:
- path: get-started/data.xml
  repo:
    url: https://github.com/iterative/dataset-registry
    rev_lock: f31f5c4cdae787b4bdeb97a717687d44667d9e62
outs:
- md5: 22a1a2931c8370d3aeedd7183606fd7f
  size: 14445097
  hash: md5
  path: data.xml
`),
      'data/data.xml.dvc',
    );
    assert.deepEqual(r.entries.map((e) => [e.path, e.hash]), [['data/data.xml', '22a1a2931c8370d3aeedd7183606fd7f']]);
  });

  it('a .dvc file without outs is a warning', () => {
    const r = readDvcFile(yaml('deps: []\n'), 'x.dvc');
    assert.deepEqual(r.entries, []);
    assert.match(r.diagnostics[0]!.message, /has no outs/);
  });

  it('an out that leaves the repository is refused', () => {
    const r = readDvcFile({ outs: [{ path: '../../secret', md5: 'a304afb96060aad90176268345e10355' }] }, 'data/x.dvc');
    assert.deepEqual(r.entries, []);
    assert.match(r.diagnostics[0]!.message, /'\.\.'/);
  });
});

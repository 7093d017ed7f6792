import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseYaml } from '../../src/core/structuredText';
import { readArtifactsYaml, readDvcYaml } from '../../src/core/readers/dvcYaml';

const yaml = (text: string) => {
  const r = parseYaml('dvc.yaml', text);
  assert.deepEqual(r.diagnostics, []);
  return r.value;
};

const PROJECT = `stages:
  prepare:
    cmd: python src/prepare.py data/data.xml
    deps:
    - data/data.xml
    - src/prepare.py
    params:
    - prepare.seed
    - prepare.split
    outs:
    - data/prepared
  train:
    cmd: python src/train.py
    params:
    - train
    - configs/model.json:
      - layers
      - dropout
    outs:
    - model.pkl
  evaluate:
    cmd: python src/evaluate.py model.pkl
    metrics:
    - eval/metrics.json:
        cache: false
    - eval/scores.yaml
params:
- configs/extra.toml
metrics:
- reports/summary.json
artifacts:
  churn:
    path: model.pkl
    type: model
    desc: Churn classifier
    labels:
    - tabular
    - gbm
    meta:
      owner: ml-team
`;

describe('dvc.yaml', () => {
  it('artifacts give name, type, path, description, labels and meta', () => {
    const p = readDvcYaml(yaml(PROJECT), 'dvc.yaml', '');
    assert.deepEqual(p.artifacts, [
      { name: 'churn', type: 'model', path: 'model.pkl', description: 'Churn classifier', labels: ['tabular', 'gbm'], meta: { owner: 'ml-team' } },
    ]);
  });

  it('params files: params.yaml for stage keys first, then {file: [keys]} and top-level params:', () => {
    const p = readDvcYaml(yaml(PROJECT), 'dvc.yaml', '');
    assert.deepEqual(p.paramsFiles, ['params.yaml', 'configs/extra.toml', 'configs/model.json']);
  });

  it('metrics files: top-level list, stage strings and {path: {cache: false}} entries', () => {
    const p = readDvcYaml(yaml(PROJECT), 'dvc.yaml', '');
    assert.deepEqual(p.metricsFiles, ['reports/summary.json', 'eval/metrics.json', 'eval/scores.yaml']);
    assert.deepEqual(p.diagnostics, []);
  });

  it('plots files: stage plots, top-level plot files and the files a plot\'s x/y maps name (not its id)', () => {
    const p = readDvcYaml(
      yaml(`stages:
  evaluate:
    cmd: x
    plots:
    - eval/prc.json:
        x: recall
    - eval/cm.csv
plots:
- ROC:
    x: fpr
    y:
      eval/roc/train.json: tpr
      eval/roc/test.json: tpr
- eval/importance.png
- eval/loss.tsv:
    template: linear
`),
      'nlp/dvc.yaml',
      'nlp',
    );
    assert.deepEqual(p.plotsFiles, ['nlp/eval/roc/train.json', 'nlp/eval/roc/test.json', 'nlp/eval/importance.png', 'nlp/eval/loss.tsv', 'nlp/eval/prc.json', 'nlp/eval/cm.csv']);
    assert.deepEqual(p.diagnostics, []);
  });

  it('in a sub-folder every path is relative to that folder', () => {
    const p = readDvcYaml(yaml(PROJECT), 'nlp/dvc.yaml', 'nlp');
    assert.deepEqual(p.paramsFiles, ['nlp/params.yaml', 'nlp/configs/extra.toml', 'nlp/configs/model.json']);
    assert.deepEqual(p.metricsFiles, ['nlp/reports/summary.json', 'nlp/eval/metrics.json', 'nlp/eval/scores.yaml']);
  });

  it("a stage's wdir moves its params.yaml and metrics into that folder", () => {
    const p = readDvcYaml(
      yaml('stages:\n  train:\n    wdir: training\n    cmd: python train.py\n    params: [lr]\n    metrics: [metrics.json]\n  same:\n    wdir: .\n    cmd: x\n    params: [seed]\n'),
      'dvc.yaml',
      '',
    );
    assert.deepEqual(p.paramsFiles, ['params.yaml', 'training/params.yaml']);
    assert.deepEqual(p.metricsFiles, ['training/metrics.json']);
    assert.deepEqual(p.stageFolders, { train: 'training' });
  });

  it("a wdir or path outside the repository is refused with a diagnostic", () => {
    const p = readDvcYaml(
      yaml('stages:\n  train:\n    wdir: ../elsewhere\n    cmd: x\n    params: [lr]\nmetrics:\n- /etc/metrics.json\n- ok.json\n'),
      'dvc.yaml',
      '',
    );
    assert.deepEqual(p.paramsFiles, []);
    assert.deepEqual(p.metricsFiles, ['ok.json']);
    assert.equal(p.diagnostics.length, 2);
    assert.ok(p.diagnostics.some((d) => /wdir/.test(d.message)));
  });

  it('a dvc.yaml that is not a map, or whose stages or artifacts are lists, gives a diagnostic', () => {
    assert.match(readDvcYaml(['train'], 'dvc.yaml', '').diagnostics[0]!.message, /should be a map/);
    assert.match(readDvcYaml({ stages: ['train'] }, 'dvc.yaml', '').diagnostics[0]!.message, /'stages'/);
    assert.match(readDvcYaml({ artifacts: ['churn'] }, 'dvc.yaml', '').diagnostics[0]!.message, /'artifacts'/);
    assert.deepEqual(readDvcYaml(null, 'dvc.yaml', '').diagnostics, []);
  });

  it('an artifact with no body is still declared, by name only', () => {
    const p = readDvcYaml(yaml('artifacts:\n  churn:\n'), 'dvc.yaml', '');
    assert.deepEqual(p.artifacts.map((a) => a.name), ['churn']);
    assert.equal(p.artifacts[0]!.path, undefined);
  });
});

describe('artifacts.yaml (GTO before 0.3)', () => {
  it('reads type, path, description, labels and custom', () => {
    const value = parseYaml(
      'artifacts.yaml',
      'churn:\n  type: model\n  path: models/churn.pkl\n  description: Churn model\n  labels: [tabular]\n  custom: {owner: me}\n  virtual: false\nsegment:\n  type: model\n',
    ).value;
    assert.deepEqual(readArtifactsYaml(value), [
      { name: 'churn', type: 'model', path: 'models/churn.pkl', description: 'Churn model', labels: ['tabular'], meta: { owner: 'me' } },
      { name: 'segment', type: 'model', path: undefined, description: undefined, labels: undefined, meta: undefined },
    ]);
  });

  it('anything but a map declares nothing', () => {
    assert.deepEqual(readArtifactsYaml(['churn']), []);
    assert.deepEqual(readArtifactsYaml(null), []);
  });
});

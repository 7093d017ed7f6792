import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { makeRepo, type TestRepo } from './helpers/gitRepo';
import { GitRepository } from '../../src/git/repository';
import type { FileSource } from '../../src/core/fileSource';
import { readMlmodel, readMlmodelAt } from '../../src/core/readers/mlflowModel';
import { parseMetricLines, readMlflowFileStore, type MlflowFileStore, type MlflowRun } from '../../src/core/readers/mlflowFileStore';
import type { Diagnostic } from '../../src/core/types';
import { mlmodelText } from '../fixtures/mlflowStores';

const GIT = { gitPath: 'git' };
const T = 1_700_000_000_000;

const MLMODEL = mlmodelText('0a1b2c3d4e5f60718293a4b5c6d7e8f9');

const expMeta = (id: string, name: string, stage = 'active') =>
  `artifact_location: file:///tmp/mlruns/${id}\ncreation_time: ${T}\nexperiment_id: '${id}'\nlast_update_time: ${T}\nlifecycle_stage: ${stage}\nname: ${name}\n`;
const runMeta = (exp: string, id: string, name: string, start: number, stage = 'active') =>
  `artifact_uri: file:///tmp/mlruns/${exp}/${id}/artifacts\nend_time: ${start + 60_000}\nentry_point_name: ''\nexperiment_id: '${exp}'\nlifecycle_stage: ${stage}\nrun_id: ${id}\nrun_name: ${name}\nrun_uuid: ${id}\nsource_name: ''\nsource_type: 4\nsource_version: ''\nstart_time: ${start}\nstatus: 3\ntags: []\nuser_id: ada\n`;
const versionMeta = (name: string, v: number, runId: string, stage = 'None') =>
  `creation_timestamp: ${T + v}\ncurrent_stage: ${stage}\ndescription: ''\nlast_updated_timestamp: ${T + v}\nname: ${name}\nrun_id: ${runId}\nrun_link: ''\nsource: mlflow-artifacts:/1/${runId}/artifacts/model\nstatus: READY\nstatus_message: ''\nuser_id: ada\nversion: ${v}\n`;

const messages = (ds: Diagnostic[]) => ds.map((d) => d.message).join('\n');

describe('MLmodel files', () => {
  it('an sklearn MLmodel gives its flavors, MLflow version, uuid, creation time and run', () => {
    const m = readMlmodel('models/churn/MLmodel', MLMODEL);
    assert.deepEqual(m.diagnostics, []);
    assert.deepEqual(Object.keys(m.flavors), ['python_function', 'sklearn']);
    assert.equal(m.flavors.sklearn!.sklearn_version, '1.4.2');
    assert.equal(m.mlflowVersion, '2.12.1');
    assert.equal(m.modelUuid, '5d4b8b3e7a0c4c0f9d1b2a3c4d5e6f70');
    assert.equal(m.createdAt, '2024-05-01 12:00:00.123456');
    assert.equal(m.runId, '0a1b2c3d4e5f60718293a4b5c6d7e8f9');
    assert.equal(m.artifactPath, 'model');
  });

  it('the signature, stored as JSON strings inside the YAML, comes back as columns', () => {
    const m = readMlmodel('MLmodel', MLMODEL);
    assert.deepEqual(m.signature?.inputs, [
      { type: 'double', name: 'tenure', required: true },
      { type: 'string', name: 'plan', required: true },
    ]);
    assert.deepEqual(m.signature?.outputs, [{ type: 'long', required: true }]);
    assert.equal(m.signature?.params, undefined);
  });

  it('a signature that is not valid JSON is reported and the rest of the MLmodel still reads', () => {
    const m = readMlmodel('MLmodel', MLMODEL.replace(`'[{"type": "long", "required": true}]'`, `'[{"type": "long", '`));
    assert.match(messages(m.diagnostics), /signature outputs is not valid JSON/);
    assert.equal(m.signature?.outputs, undefined);
    assert.equal(m.signature?.inputs && (m.signature.inputs as unknown[]).length, 2);
    assert.equal(m.mlflowVersion, '2.12.1');
  });

  it('an MLmodel that is not YAML is an error diagnostic, never an exception', () => {
    const m = readMlmodel('MLmodel', 'flavors: [unclosed\n');
    assert.equal(m.diagnostics[0]?.severity, 'error');
    assert.deepEqual(m.flavors, {});
  });

  it("an MLmodel without 'flavors' is said to have none", () => {
    const m = readMlmodel('MLmodel', 'mlflow_version: 2.0.1\nmodel_uuid: x\nutc_time_created: now\n');
    assert.match(messages(m.diagnostics), /has no 'flavors'/);
  });
});

describe('MLflow file store (mlruns/) read from a real commit', () => {
  let t: TestRepo;
  let repo: GitRepository;
  let trainCommit: string;
  let store: MlflowFileStore;
  let source: FileSource;
  const run = (id: string): MlflowRun | undefined => store.experiments.flatMap((e) => e.runs).find((r) => r.id === id);

  before(async () => {
    t = makeRepo();
    trainCommit = t.commit('train.py', { 'train.py': 'print("train")\n' });
    const r = (exp: string, id: string) => `mlruns/${exp}/${id}`;
    t.commit('mlruns', {
      'models/churn/MLmodel': MLMODEL,
      'models/junk/MLmodel': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0xff, 0xfe, 0x00, 0x01]),
      'mlruns/0/meta.yaml': expMeta('0', 'Default'),
      'mlruns/1/meta.yaml': expMeta('1', 'churn'),
      // A good run: params, metrics with history (and a nested key), tags linking it to a commit.
      [`${r('1', 'aaa111')}/meta.yaml`]: runMeta('1', 'aaa111', 'bold-owl', T + 1000),
      [`${r('1', 'aaa111')}/params/lr`]: '0.01',
      [`${r('1', 'aaa111')}/params/layers`]: '[64, 32]',
      [`${r('1', 'aaa111')}/params/__proto__`]: 'odd but legal',
      [`${r('1', 'aaa111')}/metrics/accuracy`]: `${T + 1} 0.71 0\n${T + 3} 0.84 2\n${T + 2} 0.80 1\n`,
      [`${r('1', 'aaa111')}/metrics/val/loss`]: `${T + 1} 0.5 0\n${T + 2} nan 1\n`,
      [`${r('1', 'aaa111')}/tags/mlflow.source.git.commit`]: trainCommit,
      [`${r('1', 'aaa111')}/tags/mlflow.runName`]: 'bold-owl',
      [`${r('1', 'aaa111')}/artifacts/model/MLmodel`]: MLMODEL,
      // A damaged run: a truncated last line, a non-numeric value, binary junk in place of a metric.
      [`${r('1', 'bbb222')}/meta.yaml`]: runMeta('1', 'bbb222', 'calm-fox', T + 2000),
      [`${r('1', 'bbb222')}/params/lr`]: '0.1',
      [`${r('1', 'bbb222')}/metrics/accuracy`]: `${T + 1} 0.60 0\n${T + 2} abc 1\n${T + 3} 0.66 2\n17000000`,
      [`${r('1', 'bbb222')}/metrics/loss`]: Buffer.from([0x00, 0x01, 0x02, 0xff, 0xfe, 0x00]),
      [`${r('1', 'bbb222')}/metrics/f1`]: `${T} 0.5 0\n`,
      // A run deleted with `mlflow runs delete` stays in place, marked deleted.
      [`${r('1', 'ccc333')}/meta.yaml`]: runMeta('1', 'ccc333', 'gone', T + 3000, 'deleted'),
      [`${r('1', 'ccc333')}/params/lr`]: '9',
      // A run whose meta.yaml was lost.
      [`${r('0', 'ddd444')}/params/lr`]: '0.5',
      [`${r('0', 'ddd444')}/metrics/accuracy`]: `${T} 0.5 0\n`,
      // An experiment folder with a broken meta.yaml: its runs still list.
      'mlruns/2/meta.yaml': 'name: [broken\n',
      [`${r('2', 'eee555')}/meta.yaml`]: runMeta('2', 'eee555', 'lone', T),
      [`${r('2', 'eee555')}/metrics/accuracy`]: `${T} 0.9 0\n`,
      // Deleted experiments are moved to .trash.
      'mlruns/.trash/7/meta.yaml': expMeta('7', 'deleted-exp', 'deleted'),
      'mlruns/.trash/7/fff666/meta.yaml': runMeta('7', 'fff666', 'trashed', T),
      // The file registry: three versions, one without meta.yaml, and two aliases.
      'mlruns/models/churn/meta.yaml': `creation_timestamp: ${T}\ndescription: Churn classifier\nlast_updated_timestamp: ${T + 5}\nname: churn\n`,
      'mlruns/models/churn/version-1/meta.yaml': versionMeta('churn', 1, 'aaa111', 'Archived'),
      'mlruns/models/churn/version-2/meta.yaml': versionMeta('churn', 2, 'bbb222', 'Production'),
      'mlruns/models/churn/version-2/tags/validated': 'true',
      'mlruns/models/churn/version-10/meta.yaml': versionMeta('churn', 10, 'aaa111'),
      'mlruns/models/churn/version-3/tags/note': 'meta.yaml lost',
      'mlruns/models/churn/aliases/champion': '2',
      'mlruns/models/churn/aliases/ghost': '9',
      'mlruns/models/churn/aliases/bad': 'two',
      'mlruns/models/churn/tags/team': 'growth',
    });
    repo = await GitRepository.open(t.dir, GIT);
    source = repo.sourceAt(t.head());
    store = await readMlflowFileStore(source);
  });

  after(() => {
    repo?.dispose();
    t?.remove();
  });

  it('lists the experiments by id with their names; the trashed one is left out', () => {
    assert.deepEqual(
      store.experiments.map((e) => [e.id, e.name]),
      [
        ['0', 'Default'],
        ['1', 'churn'],
        ['2', undefined],
      ],
    );
  });

  it('a run gives its name, status, times, raw params and tags', () => {
    const a = run('aaa111')!;
    assert.equal(a.name, 'bold-owl');
    assert.equal(a.status, 'FINISHED');
    assert.equal(a.startTime, T + 1000);
    assert.equal(a.endTime, T + 61_000);
    assert.equal(a.userId, 'ada');
    assert.equal(a.params.lr, '0.01');
    assert.equal(a.params.layers, '[64, 32]');
    assert.ok(Object.hasOwn(a.params, '__proto__'), 'a param named __proto__ stays a param');
    assert.equal(a.params['__proto__'], 'odd but legal');
    assert.equal(a.tags['mlflow.runName'], 'bold-owl');
  });

  it('mlflow.source.git.commit links the run to the commit it trained at', () => {
    assert.equal(run('aaa111')!.gitCommit, trainCommit);
    assert.equal(run('bbb222')!.gitCommit, undefined);
  });

  it("a metric's last value is the highest step, not the last line, and its history keeps every point", () => {
    const acc = run('aaa111')!.metrics.accuracy!;
    assert.deepEqual(acc.last, { timestamp: T + 3, value: 0.84, step: 2 });
    assert.deepEqual(
      acc.history.map((p) => p.step),
      [0, 2, 1],
    );
  });

  it('a metric in a sub-folder keeps its slash, and nan is a value', () => {
    const loss = run('aaa111')!.metrics['val/loss']!;
    assert.ok(Number.isNaN(loss.last.value));
    assert.equal(loss.last.step, 1);
  });

  it('a truncated line and a non-numeric value are reported by line and the good lines still count', () => {
    const b = run('bbb222')!;
    assert.deepEqual(
      b.metrics.accuracy!.history.map((p) => p.value),
      [0.6, 0.66],
    );
    const accFile = 'mlruns/1/bbb222/metrics/accuracy';
    const lines = store.diagnostics.filter((d) => d.file === accFile).map((d) => d.line);
    assert.deepEqual(lines, [2, 4]);
  });

  it('binary junk in place of a metric is a warning; the run keeps its other metrics and params', () => {
    const b = run('bbb222')!;
    assert.equal(b.metrics.loss, undefined);
    assert.match(messages(store.diagnostics.filter((d) => d.file === 'mlruns/1/bbb222/metrics/loss')), /is not a text file/);
    assert.equal(b.metrics.f1!.last.value, 0.5);
    assert.equal(b.params.lr, '0.1');
  });

  it('a run marked deleted is left out', () => {
    assert.equal(run('ccc333'), undefined);
    assert.equal(run('fff666'), undefined);
  });

  it('a run without meta.yaml is listed with a warning that says what is lost', () => {
    const d = run('ddd444')!;
    assert.equal(d.experimentId, '0');
    assert.equal(d.params.lr, '0.5');
    assert.equal(d.status, undefined);
    assert.match(messages(store.diagnostics), /mlruns\/0\/ddd444 has no meta\.yaml; the run is listed without its name, status or times/);
  });

  it("a broken experiment meta.yaml is an error with a line, and the experiment's runs still list", () => {
    const d = store.diagnostics.find((x) => x.file === 'mlruns/2/meta.yaml')!;
    assert.equal(d.severity, 'error');
    assert.ok(d.line, 'the error names a line');
    assert.equal(run('eee555')!.metrics.accuracy!.last.value, 0.9);
  });

  it('the registry lists versions in numeric order with stage, run and tags; one without meta.yaml is skipped and said so', () => {
    assert.equal(store.models.length, 1);
    const m = store.models[0]!;
    assert.equal(m.name, 'churn');
    assert.equal(m.description, 'Churn classifier');
    assert.equal(m.tags.team, 'growth');
    assert.deepEqual(
      m.versions.map((v) => [v.version, v.stage, v.runId]),
      [
        [1, 'Archived', 'aaa111'],
        [2, 'Production', 'bbb222'],
        [10, 'None', 'aaa111'],
      ],
    );
    assert.equal(m.versions[1]!.tags.validated, 'true');
    assert.match(messages(store.diagnostics), /version-3 has no meta\.yaml; version 3 is skipped/);
  });

  it('an alias points at its version; an alias to a missing version or to no number is a warning', () => {
    const m = store.models[0]!;
    assert.deepEqual(m.aliases.champion, 2);
    assert.deepEqual(m.versions[1]!.aliases, ['champion']);
    assert.match(messages(store.diagnostics), /alias 'ghost' names version 9, which is not in the registry/);
    assert.match(messages(store.diagnostics), /alias 'bad' names 'two', not a version number/);
  });

  it('an MLmodel in a model folder is read through the same source; binary junk there is a warning', async () => {
    const m = await readMlmodelAt(source, 'models/churn');
    assert.equal(m?.flavors.sklearn?.pickled_model, 'model.pkl');
    const junk = await readMlmodelAt(source, 'models/junk');
    assert.match(messages(junk!.diagnostics), /models\/junk\/MLmodel is not a text file/);
    assert.equal(await readMlmodelAt(source, 'models/none'), undefined, 'a folder without MLmodel is not an MLflow model');
  });

  it('a store under another folder name is read from the listing it is given', async () => {
    const files = (await source.listFiles()).filter((f) => f.startsWith('mlruns/1/')).map((f) => f.replace(/^mlruns/, 'tracking'));
    const none = await readMlflowFileStore(source, 'tracking', files);
    // The listing names files that do not exist at that path: each is a warning, nothing throws.
    assert.ok(none.diagnostics.some((d) => /is missing/.test(d.message)));
    assert.equal(none.experiments.length, 1);
  });
});

describe('metric lines', () => {
  it('two-field lines from old MLflow read as step 0', () => {
    const ds: Diagnostic[] = [];
    const m = parseMetricLines('m', `${T} 0.5\n`, ds);
    assert.deepEqual(ds, []);
    assert.deepEqual(m?.last, { timestamp: T, value: 0.5, step: 0 });
  });

  it('inf and -inf are values; a file of junk is capped at a few diagnostics plus a count', () => {
    const ds: Diagnostic[] = [];
    assert.equal(parseMetricLines('m', `${T} inf 0\n${T} -inf 1\n`, ds)?.last.value, -Infinity);
    const junk: Diagnostic[] = [];
    assert.equal(parseMetricLines('m', 'x\n'.repeat(50), junk), undefined);
    assert.equal(junk.length, 4);
    assert.match(junk[3]!.message, /47 more bad lines are skipped/);
  });

  it('an empty metric file holds no values and says so', () => {
    const ds: Diagnostic[] = [];
    assert.equal(parseMetricLines('m', '\n', ds), undefined);
    assert.match(ds[0]!.message, /holds no values/);
  });
});

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { makeRepo, type TestRepo } from './helpers/gitRepo';
import { cli } from './helpers/cli';
import { GitRepository } from '../../src/git/repository';
import { ModelStore } from '../../src/core/modelStore';
import { localModelFolders } from '../../src/core/runStores';
import { buildInteropRepo, type InteropRepo } from '../fixtures/interopRepo';
import { buildMlflowDb } from '../fixtures/mlflowStores';

const GIT = { gitPath: 'git' };

/** Every GitRepository a test opens, closed after all tests (its cat-file processes stay up). */
const opened: GitRepository[] = [];
async function openStore(dir: string): Promise<ModelStore> {
  const git = await GitRepository.open(dir, GIT);
  opened.push(git);
  return new ModelStore(git);
}
after(() => {
  for (const g of opened) g.dispose();
});

interface Row {
  section: string;
  key: string;
  values: unknown[];
  status: string;
  deltas?: Array<{ absolute: number | null }>;
}

for (const variant of ['mlruns', 'mlflow.db'] as const) {
  describe(`MLflow, W&B and Hugging Face in the model store (MLflow content in ${variant})`, () => {
    let repo: TestRepo;
    let fx: InteropRepo;
    let store: ModelStore;
    before(async () => {
      repo = makeRepo();
      fx = await buildInteropRepo(repo, { db: variant === 'mlflow.db' });
      store = await openStore(repo.dir);
    });
    after(() => repo.remove());

    it('lists Git models, the Hugging Face and MLflow folders, and the MLflow registry model without tags', async () => {
      const listing = await store.list();
      assert.deepEqual(listing.models.map((m) => m.name), ['bert-tiny', 'churn', 'fraud-detector', 'sk-churn']);
      const fraud = listing.models.find((m) => m.name === 'fraud-detector')!;
      assert.equal(fraud.origin, 'mlflow');
      assert.deepEqual(fraud.versions.map((v) => v.version), ['2', '1']);
      assert.equal(fraud.latest, '2');
      assert.deepEqual(fraud.stages, { champion: '2', Production: '1' });
      assert.equal(fraud.versions[0]!.commit, fx.commits.v2, 'the version is linked to the commit its source run recorded');
      assert.equal(fraud.versions[0]!.mlflow?.store, variant);
      assert.equal(listing.models.find((m) => m.name === 'bert-tiny')!.definition?.kind, 'huggingface');
      assert.equal(listing.models.find((m) => m.name === 'sk-churn')!.definition?.kind, 'mlflow-model');
      assert.deepEqual(listing.diagnostics.filter((d) => d.severity !== 'info'), []);
    });

    it('a tagged version shows the MLflow and W&B runs logged at its commit, newest first, not another model\'s', async () => {
      const v1 = await store.record(await store.resolve('churn@v1.0.0'));
      assert.deepEqual(v1.runs.map((r) => `${r.source}:${r.id}`), [`wandb:${fx.wandbIds.v1}`, `mlflow:${fx.runIds.churnV1}`]);
      const run = v1.runs.find((r) => r.source === 'mlflow')!;
      assert.equal(run.name, 'bold-crow-1');
      assert.equal(run.experiment, 'churn');
      assert.deepEqual(run.params, { lr: '0.1', depth: '6' });
      assert.deepEqual(run.metrics, { accuracy: 0.85, val_loss: 0.4 }, 'the last value of each metric');
      assert.deepEqual(run.history?.accuracy, [{ step: 0, value: 0.8 }, { step: 1, value: 0.85 }], 'and its history by step');
      const wb = v1.runs.find((r) => r.source === 'wandb')!;
      assert.deepEqual(wb.params, { lr: 0.1, epochs: 10 });
      assert.deepEqual(wb.metrics, { acc: 0.84, loss: 1 - 0.84 });
      const v2 = await store.record(await store.resolve('churn@v1.1.0'));
      assert.deepEqual(v2.runs.filter((r) => r.source === 'mlflow').map((r) => r.id), [fx.runIds.churnV2, fx.runIds.churnV2Sweep]);
    });

    it('diff compares the newest run of each source: params, and metrics with deltas', async () => {
      const { diff } = await store.diff(['churn@v1.0.0', 'churn@v1.1.0']);
      const rows = diff.rows as Row[];
      const row = (section: string, key: string) => rows.find((r) => r.section === section && r.key === key);
      assert.deepEqual(row('run-params', 'mlflow:lr')?.values, ['0.1', '0.05']);
      assert.equal(row('run-params', 'mlflow:depth')?.status, 'unchanged');
      assert.deepEqual(row('run-params', 'mlflow:(run)')?.values, [`bold-crow-1 (${fx.runIds.churnV1.slice(0, 8)})`, `calm-owl-2 (${fx.runIds.churnV2.slice(0, 8)})`]);
      const acc = row('run-metrics', 'mlflow:accuracy')!;
      assert.deepEqual(acc.values, [0.85, 0.9]);
      assert.ok(Math.abs(acc.deltas![1]!.absolute! - 0.05) < 1e-12);
      assert.deepEqual(row('run-params', 'wandb:lr')?.values, [0.1, 0.05]);
      assert.deepEqual(row('run-metrics', 'wandb:acc')?.values, [0.84, 0.89]);
      assert.deepEqual(row('hyperparameters', 'lr')?.values, [0.1, 0.05], 'the manifest still compares as before');
    });

    it('a failed run at the same commit is listed but not the one compared', async () => {
      const failedFirst = { ...(await store.record(await store.resolve('churn@v1.1.0'))) };
      const sweep = failedFirst.runs.find((r) => r.id === fx.runIds.churnV2Sweep)!;
      assert.equal(sweep.status, 'FAILED');
      // Make the failed sweep the newest run: the diff still compares the finished one.
      failedFirst.runs = [{ ...sweep, startedAt: '2099-01-01T00:00:00.000Z' }, ...failedFirst.runs.filter((r) => r !== sweep)];
      const { diffRecords } = await import('../../src/core/diff');
      const v1 = await store.record(await store.resolve('churn@v1.0.0'));
      const d = diffRecords([{ label: 'a', record: v1 }, { label: 'b', record: failedFirst }]);
      assert.deepEqual(d.rows.find((r) => r.key === 'mlflow:lr')?.values, ['0.1', '0.05']);
    });

    it('an MLflow registry version shows its source run; versions and aliases resolve', async () => {
      const two = await store.resolve('fraud-detector@2');
      assert.equal(two.registryVersion?.mlflow?.version, 2);
      const champion = await store.resolve('fraud-detector#champion');
      assert.equal(champion.version, '2');
      const record = await store.record(two);
      assert.deepEqual(record.runs.map((r) => r.id), [fx.runIds.fraud2]);
      assert.equal(record.code.commit, fx.commits.v2);
      assert.equal(record.code.message, 'churn: lower learning rate');
      // The registered model's own MLmodel, found under mlartifacts/ from the version's source.
      assert.equal(record.framework, 'sklearn');
      assert.equal(record.configs.MLmodel?.path, `mlartifacts/2/${fx.runIds.fraud2}/artifacts/model/MLmodel`);
      const { diff } = await store.diff(['fraud-detector@1', 'fraud-detector#champion']);
      const rows = diff.rows as Row[];
      const sk = rows.find((r) => r.section === 'config' && r.key === 'MLmodel:flavors.sklearn.sklearn_version')!;
      assert.deepEqual(sk.values, ['1.3.2', '1.4.2'], 'the signature and flavors compare between MLflow versions');
      assert.deepEqual(rows.find((r) => r.key === 'mlflow:n_estimators')?.values, ['100', '300']);
      assert.deepEqual(rows.find((r) => r.key === 'mlflow:auc')?.values, [0.91, 0.94]);
      assert.equal(rows.find((r) => r.key === 'mlflow:max_depth')?.status, 'unchanged');
      await assert.rejects(store.resolve('fraud-detector@7'), /no MLflow version 7/);
    });

    it('a Hugging Face folder: config.json as hyperparameters, model-index metrics, LFS weights, card labels', async () => {
      const { diff, records } = await store.diff(['bert-tiny@v1.0.0', 'bert-tiny@v1.1.0']);
      const [a, b] = records;
      assert.equal(a!.hyperparameters.hidden_size, 128);
      assert.equal(b!.hyperparameters.hidden_size, 256);
      assert.deepEqual(a!.metrics, { 'text-classification/imdb/accuracy': 0.81 });
      assert.equal(a!.framework, 'transformers');
      assert.ok(a!.labels?.includes('license:apache-2.0') && a!.labels.includes('dataset:imdb'));
      const w = a!.weights['models/bert-tiny/model.safetensors']!;
      assert.equal(w.source, 'lfs');
      assert.equal(w.hash, '1'.repeat(64));
      // Runs at the same commits link here too (Git cannot tell which model a run trained).
      const changed = (diff.rows as Row[]).filter((r) => r.status !== 'unchanged' && !r.section.startsWith('run-')).map((r) => `${r.section}:${r.key}`);
      assert.deepEqual(changed.sort(), ['hyperparameters:hidden_size', 'metrics:text-classification/imdb/accuracy', 'weights:models/bert-tiny/model.safetensors']);
      // The MLflow runs at these commits are in the experiment named after churn: churn's, not bert-tiny's.
      // The W&B runs say nothing about their model, so they show under every model at the commit.
      assert.deepEqual([...new Set(a!.runs.map((r) => r.source))], ['wandb']);
    });

    it('an MLflow saved model: flavors as a config, the framework, its files as weights, the run its MLmodel names', async () => {
      const r = await store.record(await store.resolve('sk-churn@v1.0.0'));
      assert.equal(r.framework, 'sklearn');
      const cfg = r.configs['models/sk-churn/MLmodel']!;
      assert.equal((cfg.values as { run_id: string }).run_id, fx.runIds.churnV1);
      assert.ok(r.weights['models/sk-churn/model.pkl']?.hash, 'model.pkl compares by its blob id');
      assert.equal(r.runs[0]?.id, fx.runIds.churnV1);
    });

    it('the CLI lists, shows and diffs them', async () => {
      const list = await cli(repo.dir, 'list', '--json');
      assert.equal(list.code, 0, list.err);
      const fraud = JSON.parse(list.out).models.find((m: { name: string }) => m.name === 'fraud-detector');
      assert.deepEqual(fraud.versions.map((v: { version: string }) => v.version), ['2', '1']);
      assert.equal(fraud.origin, 'mlflow');
      assert.deepEqual(fraud.versions[0].mlflow, { store: variant, version: 2, runId: fx.runIds.fraud2, status: 'READY', aliases: ['champion'], source: `mlflow-artifacts:/2/${fx.runIds.fraud2}/artifacts/model` });
      assert.equal(fraud.versions[1].mlflow.stage, 'Production');
      const text = await cli(repo.dir, 'list');
      assert.match(text.out, /^fraud-detector \(MLflow registry\)  latest 2  champion: 2, Production: 1$/m);
      assert.match(text.out, /^ {2}2 {12}2024-05-02  [0-9a-f]{7}  \[champion\] \(MLflow\)$/m);
      const show = await cli(repo.dir, 'show', 'churn@v1.0.0');
      assert.equal(show.code, 0, show.err);
      assert.match(show.out, /MLflow run bold-crow-1/);
      assert.match(show.out, /W&B run abc123/);
      assert.match(show.out, /metric accuracy = 0\.85/);
      const showJson = JSON.parse((await cli(repo.dir, 'show', 'fraud-detector#champion', '--json')).out);
      assert.equal(showJson.mlflow.version, 2);
      assert.equal(showJson.runs[0].id, fx.runIds.fraud2);
      const diff = await cli(repo.dir, 'diff', 'fraud-detector@1', 'fraud-detector@2', '--json');
      assert.equal(diff.code, 0, diff.err);
      const keys = JSON.parse(diff.out).changes.map((c: Row) => `${c.section}:${c.key}`);
      assert.ok(keys.includes('run-params:mlflow:n_estimators') && keys.includes('run-metrics:mlflow:auc'), keys.join(' '));
      const hf = await cli(repo.dir, 'diff', 'bert-tiny@v1.0.0', 'bert-tiny@v1.1.0');
      assert.equal(hf.code, 0, hf.err);
      assert.match(hf.out, /~ hidden_size: 128 {2}→ {2}256/);
      // The text output shortens hashes to 12 characters (--json keeps them whole).
      assert.match(hf.out, /~ models\/bert-tiny\/model\.safetensors: 1{12} {2}→ {2}2{12}$/m);
      const sk = await cli(repo.dir, 'show', 'sk-churn@v1.0.0');
      assert.match(sk.out, /framework: sklearn/);
      assert.match(sk.out, /Config models\/sk-churn\/MLmodel\n {2}flavors\.python_function\.env\.conda = conda\.yaml/);
      const md = await cli(repo.dir, 'diff', 'churn@v1.0.0', 'churn@v1.1.0', '--markdown');
      assert.match(md.out, /#### Run metrics/);
      assert.match(md.out, /mlflow:accuracy \| 0\.85 \| 0\.9 \| \+0\.05/);
    });
  });
}

describe('broken run stores give a warning and everything else still lists', () => {
  let repo: TestRepo;
  let fx: InteropRepo;
  before(async () => {
    repo = makeRepo();
    fx = await buildInteropRepo(repo);
    const run = path.join(repo.dir, 'mlruns', '1', fx.runIds.churnV1);
    // A metric line cut short while MLflow was writing, a run without meta.yaml, junk in W&B's summary.
    appendFileSync(path.join(run, 'metrics', 'accuracy'), '1714565000000 0.9');
    appendFileSync(path.join(run, 'metrics', 'val_loss'), '1714565000000 \n');
    rmSync(path.join(repo.dir, 'mlruns', '1', fx.runIds.churnV2, 'meta.yaml'));
    writeFileSync(path.join(repo.dir, 'wandb', `run-20240502_121500-${fx.wandbIds.v2}`, 'files', 'wandb-summary.json'), Buffer.from([0xff, 0x00, 0x13, 0x37, 0x7b]));
    writeFileSync(path.join(repo.dir, 'mlflow.db'), Buffer.from('SQLite format 3\0 but then nothing a database holds'));
  });
  after(() => repo.remove());

  it('each problem is a warning naming its file; models, versions and the other runs still show', async () => {
    const store = await openStore(repo.dir);
    const listing = await store.list();
    assert.deepEqual(listing.models.map((m) => m.name), ['bert-tiny', 'churn', 'fraud-detector', 'sk-churn']);
    assert.ok(listing.diagnostics.some((d) => d.file === 'mlflow.db' && d.severity === 'warning'), 'the corrupt database is named');
    const v1 = await store.record(await store.resolve('churn@v1.0.0'));
    assert.equal(v1.runs.find((r) => r.source === 'mlflow')?.metrics.accuracy, 0.85, 'the good lines of a damaged metric file still count');
    const { diagnostics } = await store.runs();
    const about = (s: string) => diagnostics.filter((d) => (d.file ?? '').includes(s) && d.severity === 'warning');
    assert.ok(about(`${fx.runIds.churnV1}/metrics/val_loss`).length === 1, JSON.stringify(diagnostics));
    assert.ok(about(`${fx.runIds.churnV2}/meta.yaml`).length === 1, JSON.stringify(diagnostics));
    assert.ok(about('wandb-summary.json').length === 1, JSON.stringify(diagnostics));
    const v2 = await store.record(await store.resolve('churn@v1.1.0'));
    assert.ok(v2.runs.some((r) => r.id === fx.runIds.churnV2), 'a run without meta.yaml still shows its params and metrics');
    const list = await cli(repo.dir, 'list');
    assert.equal(list.code, 0);
    assert.match(list.err, /mlflow\.db/);
  });

  it('a broken config.json or MLmodel at one version is a warning on that version; the others still read', async () => {
    repo.commit('broken model folders', { 'models/bert-tiny/config.json': '{"hidden_size": 512,', 'models/sk-churn/MLmodel': Buffer.from([0, 159, 146, 150, 0xff, 0xfe, 7]) });
    repo.tag('bert-tiny@v1.2.0');
    repo.tag('sk-churn@v1.1.0');
    const store = await openStore(repo.dir);
    const listing = await store.list();
    assert.deepEqual(listing.models.map((m) => m.name), ['bert-tiny', 'churn', 'fraud-detector', 'sk-churn']);
    const broken = await store.record(await store.resolve('bert-tiny@v1.2.0'));
    assert.ok(broken.diagnostics.some((d) => d.file === 'models/bert-tiny/config.json' && d.severity !== 'info'), JSON.stringify(broken.diagnostics));
    assert.equal(broken.metrics['text-classification/imdb/accuracy'], 0.86, 'the model card still reads');
    const junk = await store.record(await store.resolve('sk-churn@v1.1.0'));
    assert.ok(junk.diagnostics.some((d) => d.file === 'models/sk-churn/MLmodel' && d.severity !== 'info'), JSON.stringify(junk.diagnostics));
    assert.equal((await store.record(await store.resolve('bert-tiny@v1.1.0'))).hyperparameters.hidden_size, 256, 'the earlier version is untouched');
    const show = await cli(repo.dir, 'show', 'bert-tiny@v1.2.0');
    assert.equal(show.code, 0);
    assert.match(show.err, /config\.json/);
  });
});

describe('the same MLflow content in mlruns/ and mlflow.db, and odd values', () => {
  it('a model in both stores lists each version once, highest first; a run in both shows once; the db is parsed once', async () => {
    const repo = makeRepo();
    try {
      const fx = await buildInteropRepo(repo);
      // The database holds what mlruns/ holds, plus a version 3 registered later.
      const spec = structuredClone(fx.spec);
      spec.models![0]!.versions.push({ version: 3, runId: fx.runIds.fraud2, status: 'READY', stage: 'None', creationTime: Date.UTC(2024, 4, 3), description: 'from the db' });
      writeFileSync(path.join(repo.dir, 'mlflow.db'), await buildMlflowDb(spec));
      const git = await GitRepository.open(repo.dir, GIT);
      opened.push(git);
      let parses = 0;
      const { readMlflowDb } = await import('../../src/core/readers/mlflowSqlStore');
      const store = new ModelStore(git, { readDb: (b, p, s) => (parses++, readMlflowDb(b, p, s)) });
      const fraud = (await store.list()).models.find((m) => m.name === 'fraud-detector')!;
      assert.deepEqual(fraud.versions.map((v) => v.version), ['3', '2', '1']);
      assert.equal(fraud.latest, '3');
      assert.equal(fraud.versions[0]!.mlflow?.store, 'mlflow.db');
      assert.equal(fraud.versions[1]!.mlflow?.store, 'mlruns', 'a version in both stores comes from the file store');
      const v1 = await store.record(await store.resolve('churn@v1.0.0'));
      assert.deepEqual(v1.runs.filter((r) => r.source === 'mlflow').map((r) => r.location.split('/')[0]), ['mlruns'], 'the run is listed once');
      assert.equal(parses, 1, 'the listing and the runs share one parse of mlflow.db');
    } finally {
      repo.remove();
    }
  });

  it('a recorded commit that is not a commit id links nothing and never reaches the terminal; #constructor is no stage', async () => {
    const repo = makeRepo();
    try {
      const fx = await buildInteropRepo(repo);
      writeFileSync(path.join(repo.dir, 'mlruns', '2', fx.runIds.fraud2, 'tags', 'mlflow.source.git.commit'), '\u001b[2J\u001b]0;owned\u0007');
      writeFileSync(path.join(repo.dir, 'mlruns', '1', fx.runIds.churnV2, 'tags', 'mlflow.source.git.commit'), 'HEAD');
      const list = await cli(repo.dir, 'list');
      assert.equal(list.code, 0, list.err);
      assert.ok(!list.out.includes('\u001b') && !list.err.includes('\u001b'), 'no escape sequence is printed');
      const store = await openStore(repo.dir);
      const fraud = (await store.list()).models.find((m) => m.name === 'fraud-detector')!;
      assert.equal(fraud.versions[0]!.commit, '', 'version 2 has no commit now');
      const two = await store.record(await store.resolve('fraud-detector@2'));
      assert.equal(two.code.commit, null);
      const v2 = await store.record(await store.resolve('churn@v1.1.0'));
      assert.ok(!v2.runs.some((r) => r.id === fx.runIds.churnV2), "a run that recorded 'HEAD' is linked to no version");
      const checkout = await cli(repo.dir, 'checkout', 'fraud-detector@2');
      assert.equal(checkout.code, 1);
      assert.match(checkout.err, /has no Git commit to check out/);
      const odd = await cli(repo.dir, 'show', 'churn#constructor');
      assert.equal(odd.code, 1);
      assert.match(odd.err, /no version of churn is in stage 'constructor'/);
    } finally {
      repo.remove();
    }
  });
});

describe('a model with Git tags and MLflow registry versions', () => {
  it("lists the tagged versions first, then MLflow's; a GTO stage wins over an MLflow alias of the same name", async () => {
    const repo = makeRepo();
    try {
      const fx = await buildInteropRepo(repo);
      repo.tag('fraud-detector@v1.0.0', { rev: fx.commits.v1, date: '2024-05-03T00:00:00Z' });
      repo.tag('fraud-detector#champion#1', { rev: fx.commits.v1, date: '2024-05-03T00:01:00Z' });
      const store = await openStore(repo.dir);
      const m = (await store.list()).models.find((x) => x.name === 'fraud-detector')!;
      assert.equal(m.origin, undefined, 'Git knows the model too');
      assert.deepEqual(m.versions.map((v) => v.version), ['v1.0.0', '2', '1']);
      assert.equal(m.latest, 'v1.0.0');
      assert.deepEqual(m.stages, { champion: 'v1.0.0', Production: '1' });
      assert.deepEqual(m.versions[1]!.stages, [], "MLflow's champion alias is not shown as the GTO stage");
      assert.deepEqual(m.versions[1]!.mlflow?.aliases, ['champion']);
      assert.equal((await store.resolve('fraud-detector#champion')).version, 'v1.0.0');
      assert.equal((await store.resolve('fraud-detector@2')).registryVersion?.mlflow?.version, 2);
    } finally {
      repo.remove();
    }
  });
});

describe('Git commands on an MLflow registry model', () => {
  it('promote refuses an MLflow version and creates no tag; tag registers the model in Git from v0.0.1 even at the commit of an MLflow version', async () => {
    const repo = makeRepo();
    try {
      const fx = await buildInteropRepo(repo);
      const before = repo.git('tag', '--list').trim().split('\n').sort();
      const promote = await cli(repo.dir, 'promote', 'fraud-detector@2', 'prod');
      assert.equal(promote.code, 1);
      assert.match(promote.err, /fraud-detector 2 is an MLflow registry version: give it an alias or stage in MLflow/);
      assert.deepEqual(repo.git('tag', '--list').trim().split('\n').sort(), before, 'no tag was created');
      assert.equal(repo.head(), fx.commits.v2, 'HEAD is the commit MLflow version 2 ran at');
      const tag = await cli(repo.dir, 'tag', 'fraud-detector', 'patch');
      assert.equal(tag.code, 0, tag.err);
      assert.match(repo.git('tag', '--list', 'fraud-detector@*'), /^fraud-detector@v0\.0\.1$/m);
      const listed = JSON.parse((await cli(repo.dir, 'list', '--json')).out).models.find((m: { name: string }) => m.name === 'fraud-detector');
      assert.deepEqual(listed.versions.map((v: { version: string }) => v.version), ['v0.0.1', '2', '1'], 'the Git version first, then MLflow\'s');
      assert.equal(listed.latest, 'v0.0.1');
    } finally {
      repo.remove();
    }
  });
});

describe('an mlflow.db that MLflow is writing', () => {
  it('an empty -wal (MLflow holds the database open) is quiet; a -wal with changes and a -journal are warnings; the runs still show', async () => {
    const repo = makeRepo();
    try {
      await buildInteropRepo(repo, { db: true });
      const warnings = async () => {
        const store = await openStore(repo.dir);
        const listing = await store.list();
        assert.ok(listing.models.some((m) => m.name === 'fraud-detector'), 'the registry is still read');
        return listing.diagnostics.filter((d) => d.file === 'mlflow.db' && d.severity === 'warning').map((d) => d.message);
      };
      writeFileSync(path.join(repo.dir, 'mlflow.db-wal'), '');
      assert.deepEqual(await warnings(), []);
      writeFileSync(path.join(repo.dir, 'mlflow.db-wal'), Buffer.alloc(4096, 1));
      assert.match((await warnings()).join('\n'), /mlflow\.db-wal are not shown/);
      rmSync(path.join(repo.dir, 'mlflow.db-wal'));
      writeFileSync(path.join(repo.dir, 'mlflow.db-journal'), '');
      assert.match((await warnings()).join('\n'), /a write was in progress/);
    } finally {
      repo.remove();
    }
  });
});

describe('hostile run names, params and metrics stay text', () => {
  it('HTML, Markdown links and control characters from a run reach the CLI, --markdown and --html inert', async () => {
    const repo = makeRepo();
    try {
      const fx = await buildInteropRepo(repo);
      const run = path.join(repo.dir, 'mlruns', '1', fx.runIds.churnV2);
      writeFileSync(path.join(run, 'params', 'lr'), '<img src=x onerror=alert(1)>');
      writeFileSync(path.join(run, 'tags', 'mlflow.runName'), '[click](javascript:alert(1))\u001b[31m');
      writeFileSync(path.join(run, 'meta.yaml'), readMeta(run).replace(/run_name: .*/, 'run_name: "<script>alert(2)</script>"'));
      writeFileSync(path.join(run, 'metrics', '<b>bold<\u202eb>'), '1714600000000 0.5 0\n');
      const html = await cli(repo.dir, 'diff', 'churn@v1.0.0', 'churn@v1.1.0', '--html');
      assert.equal(html.code, 0, html.err);
      assert.ok(!html.out.includes('<img src=x') && !html.out.includes('<script>alert(2)') && !html.out.includes('<b>bold'), 'no markup from a run reaches the page');
      assert.match(html.out, /&lt;img src=x onerror=alert\(1\)&gt;/);
      const md = await cli(repo.dir, 'diff', 'churn@v1.0.0', 'churn@v1.1.0', '--markdown');
      // Markdown shows a backslash-escaped character as itself: only an unescaped one is markup.
      assert.ok(!/(^|[^\\])<(img|script|b)/.test(md.out) && !/(^|[^\\])\]\(javascript:/.test(md.out), md.out);
      assert.match(md.out, /\\<script\\>alert\\\(2\\\)/);
      const text = await cli(repo.dir, 'show', 'churn@v1.1.0');
      assert.ok(!text.out.includes('\u001b') && !text.out.includes('\u202e'), 'no terminal escape or bidi override reaches the terminal');
    } finally {
      repo.remove();
    }
  });
});

function readMeta(runFolder: string): string {
  return readFileSync(path.join(runFolder, 'meta.yaml'), 'utf8');
}

describe("where a registered version's model folder can be", () => {
  const run = { source: 'mlflow', id: 'abc', location: 'mlruns/3/abc', params: {}, metrics: {} } as const;
  it('mlflow-artifacts:, runs: and file: sources name folders inside the repository, and nothing else', () => {
    assert.deepEqual(localModelFolders('mlflow-artifacts:/3/abc/artifacts/model', run), ['mlartifacts/3/abc/artifacts/model', 'mlruns/3/abc/artifacts/model']);
    assert.deepEqual(localModelFolders('runs:/abc/model', run), ['mlruns/3/abc/artifacts/model']);
    assert.deepEqual(localModelFolders('runs:/other/model', run), [], 'another run than the version\'s');
    assert.deepEqual(localModelFolders('file:///home/ada/proj/mlruns/3/abc/artifacts/my%20model', run), ['mlruns/3/abc/artifacts/my model']);
    for (const hostile of ['mlflow-artifacts:/../../etc', 'file:///srv/mlruns/../../etc/passwd', 'file:///etc/passwd', 'runs:/abc/../../../etc', 's3://bucket/mlruns/3/abc', 'models:/fraud/2', 'mlflow-artifacts:/3/.git/hooks']) {
      assert.deepEqual(localModelFolders(hostile, run), [], hostile);
    }
  });
});

describe('run stores that are missing or outside the repository', () => {
  it('a repository without stores has no runs and no warnings', async () => {
    const repo = makeRepo();
    try {
      repo.commit('m', { 'model.yaml': 'name: solo\n' });
      repo.tag('solo@v1.0.0');
      const store = await openStore(repo.dir);
      const listing = await store.list();
      assert.deepEqual(listing.diagnostics, []);
      assert.deepEqual((await store.record(await store.resolve('solo@v1.0.0'))).runs, []);
    } finally {
      repo.remove();
    }
  });

  it('store paths from settings that leave the repository are refused; runs can be switched off', async () => {
    const repo = makeRepo();
    try {
      await buildInteropRepo(repo);
      const git = await GitRepository.open(repo.dir, GIT);
      opened.push(git);
      const escaping = new ModelStore(git, { runStores: { mlruns: '../mlruns', mlflowDb: '/etc/mlflow.db', wandb: 'wandb' } });
      const listing = await escaping.list();
      assert.ok(!listing.models.some((m) => m.name === 'fraud-detector'), 'nothing is read from outside');
      assert.equal(listing.diagnostics.filter((d) => /is not a path inside the repository/.test(d.message)).length, 2);
      assert.deepEqual((await escaping.runs()).runs.map((r) => r.source), ['wandb', 'wandb'], 'the valid store is still read');
      const off = new ModelStore(git, { runStores: false });
      assert.ok(!(await off.list()).models.some((m) => m.name === 'fraud-detector'));
      assert.deepEqual((await off.record(await off.resolve('churn@v1.0.0'))).runs, []);
    } finally {
      repo.remove();
    }
  });

  it('an mlruns link leading out of the repository is refused with a warning and never read', async () => {
    const repo = makeRepo();
    const outside = mkdtempSync(path.join(tmpdir(), 'mv-outside-'));
    try {
      const other = makeRepo();
      const fx = await buildInteropRepo(other);
      mkdirSync(path.join(outside, 'store'));
      symlinkSync(path.join(other.dir, 'mlruns'), path.join(repo.dir, 'mlruns'));
      repo.commit('m', { 'model.yaml': 'name: solo\n' });
      const store = await openStore(repo.dir);
      const listing = await store.list();
      assert.deepEqual(listing.models.map((m) => m.name), ['solo'], 'the registry behind the link is not read');
      assert.ok(listing.diagnostics.some((d) => /leads out of the repository/.test(d.message)));
      assert.ok(fx.runIds.churnV1);
      other.remove();
    } finally {
      repo.remove();
      rmSync(outside, { recursive: true, force: true });
    }
  });
});

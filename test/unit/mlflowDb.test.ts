import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeRepo, type TestRepo } from './helpers/gitRepo';
import { GitRepository } from '../../src/git/repository';
import { readMlflowDb } from '../../src/core/readers/mlflowSqlStore';
import { readMlflowFileStore, type MlflowFileStore, type MlflowRun } from '../../src/core/readers/mlflowFileStore';
import { loadSqlJs } from '../../src/core/readers/sqlite';
import { buildMlflowDb, writeMlflowFileStore, type MlflowSpec } from '../fixtures/mlflowStores';
import type { Diagnostic } from '../../src/core/types';

const GIT = { gitPath: 'git' };
const T = 1_700_000_000_000;
const COMMIT = '0123456789abcdef0123456789abcdef01234567';
const id = (n: number) => n.toString(16).padStart(32, '0');

/** `__proto__` as an own key: an object literal would set the prototype instead. */
const hostileParams = (): Record<string, string> => JSON.parse('{"__proto__": "polluted?", "lr": "0.01", "constructor": "x"}');

function spec(): MlflowSpec {
  return {
    experiments: [
      { id: '0', name: 'Default', creationTime: T },
      {
        id: '1',
        name: 'churn',
        creationTime: T + 1,
        runs: [
          {
            id: id(1),
            name: 'bold-owl',
            status: 'FINISHED',
            startTime: T + 1000,
            endTime: T + 61_000,
            params: hostileParams(),
            // Logged out of step order: the value shown is step 2's, the history keeps log order.
            metrics: {
              accuracy: [
                { timestamp: T + 1, value: 0.71, step: 0 },
                { timestamp: T + 3, value: 0.84, step: 2 },
                { timestamp: T + 2, value: 0.8, step: 1 },
              ],
              'val/loss': [
                { timestamp: T + 1, value: 0.5, step: 0 },
                { timestamp: T + 2, value: NaN, step: 1 },
              ],
            },
            tags: { 'mlflow.source.git.commit': COMMIT, 'mlflow.user': 'ada' },
          },
          {
            id: id(2),
            name: '<img src=x onerror=alert(1)>',
            status: 'FAILED',
            startTime: T + 2000,
            endTime: T + 3000,
            params: { lr: '0.1', layers: '[64, 32]' },
            metrics: { accuracy: [{ timestamp: T + 5, value: 0.5, step: 0 }] },
          },
          { id: id(3), name: 'deleted-run', startTime: T + 3000, lifecycle: 'deleted', params: { lr: '9' } },
        ],
      },
      {
        id: '2',
        name: 'fraud',
        creationTime: T + 2,
        runs: [{ id: id(4), name: 'calm-fox', status: 'RUNNING', startTime: T + 4000, params: { depth: '6' }, metrics: { auc: [{ timestamp: T + 6, value: 0.91, step: 0 }] } }],
      },
      { id: '3', name: 'abandoned', lifecycle: 'deleted', creationTime: T + 3, runs: [{ id: id(5), name: 'in-trash', startTime: T + 5000 }] },
    ],
    models: [
      {
        name: 'churn',
        description: 'Churn classifier',
        creationTime: T + 10,
        tags: { team: 'growth' },
        aliases: { champion: 2, challenger: 1 },
        versions: [
          { version: 1, runId: id(1), source: `mlflow-artifacts:/1/${id(1)}/artifacts/model`, stage: 'Archived', creationTime: T + 11, description: 'first' },
          { version: 2, runId: id(2), source: `mlflow-artifacts:/1/${id(2)}/artifacts/model`, stage: 'Production', creationTime: T + 12, tags: { validated: 'yes' } },
          { version: 3, runId: id(4), source: 'models:/gone', stage: 'Deleted_Internal', creationTime: T + 13 },
        ],
      },
      { name: '<b onclick=alert(1)>fraud', creationTime: T + 20, versions: [{ version: 1, runId: id(4), source: 's3://bucket/m', creationTime: T + 21 }] },
    ],
  };
}

const allRuns = (s: MlflowFileStore): MlflowRun[] => s.experiments.flatMap((e) => e.runs);
const runById = (s: MlflowFileStore, runId: string) => allRuns(s).find((r) => r.id === runId);
const warnings = (ds: Diagnostic[]) => ds.filter((d) => d.severity === 'warning');

/** What a user sees of a store, without where it lives (folders, artifact URIs differ by design). */
function content(s: MlflowFileStore) {
  return {
    experiments: s.experiments.map((e) => ({
      id: e.id,
      name: e.name,
      creationTime: e.creationTime,
      runs: e.runs.map((r) => ({
        id: r.id,
        experimentId: r.experimentId,
        name: r.name,
        status: r.status,
        startTime: r.startTime,
        endTime: r.endTime,
        userId: r.userId,
        params: { ...r.params },
        metrics: Object.fromEntries(Object.entries(r.metrics)),
        tags: { ...r.tags },
        gitCommit: r.gitCommit,
      })),
    })),
    models: s.models.map((m) => ({ ...m, versions: m.versions.map((v) => ({ ...v, aliases: [...v.aliases].sort() })) })),
  };
}

describe('MLflow SQLite store (mlflow.db)', () => {
  let bytes: Uint8Array;
  let store: MlflowFileStore;

  before(async () => {
    bytes = await buildMlflowDb(spec());
    store = await readMlflowDb(bytes, 'mlflow.db');
  });

  it('lists both live experiments with their runs, leaving the deleted experiment and run out', () => {
    assert.deepEqual(store.diagnostics, []);
    assert.deepEqual(
      store.experiments.map((e) => [e.id, e.name, e.runs.map((r) => r.name)]),
      [
        ['0', 'Default', []],
        ['1', 'churn', ['<img src=x onerror=alert(1)>', 'bold-owl']],
        ['2', 'fraud', ['calm-fox']],
      ],
    );
    assert.equal(runById(store, id(3)), undefined);
    assert.equal(runById(store, id(5)), undefined);
  });

  it('a run has its status as a name, its times, params, tags, the commit it ran at, and the db as its folder', () => {
    const run = runById(store, id(1))!;
    assert.equal(run.status, 'FINISHED');
    assert.equal(runById(store, id(4))!.status, 'RUNNING');
    assert.equal(run.startTime, T + 1000);
    assert.equal(run.endTime, T + 61_000);
    assert.equal(run.params.lr, '0.01');
    assert.equal(run.tags['mlflow.user'], 'ada');
    assert.equal(run.gitCommit, COMMIT);
    assert.equal(run.folder, 'mlflow.db');
    assert.equal(store.root, 'mlflow.db');
  });

  it("a metric shows MLflow's latest value (highest step) while its history keeps every point in logged order", () => {
    const accuracy = runById(store, id(1))!.metrics.accuracy!;
    assert.deepEqual(accuracy.last, { timestamp: T + 3, value: 0.84, step: 2 });
    assert.deepEqual(
      accuracy.history.map((p) => p.value),
      [0.71, 0.84, 0.8],
    );
    const loss = runById(store, id(1))!.metrics['val/loss']!;
    assert.ok(Number.isNaN(loss.last.value), 'a NaN MLflow stored as is_nan comes back as NaN, not 0');
  });

  it('the registry lists versions with stage, source, run and tags, hides the deleted version, and maps aliases both ways', () => {
    const churn = store.models.find((m) => m.name === 'churn')!;
    assert.equal(churn.description, 'Churn classifier');
    assert.deepEqual(churn.tags, { team: 'growth' });
    assert.deepEqual(
      churn.versions.map((v) => [v.version, v.stage, v.runId, v.status]),
      [
        [1, 'Archived', id(1), 'READY'],
        [2, 'Production', id(2), 'READY'],
      ],
    );
    assert.equal(churn.versions[0]!.source, `mlflow-artifacts:/1/${id(1)}/artifacts/model`);
    assert.equal(churn.versions[0]!.description, 'first');
    assert.deepEqual(churn.versions[1]!.tags, { validated: 'yes' });
    assert.deepEqual(churn.aliases, { champion: 2, challenger: 1 });
    assert.deepEqual(churn.versions[1]!.aliases, ['champion']);
    assert.deepEqual(churn.versions[0]!.aliases, ['challenger']);
  });

  it("a run whose runs.name is empty (older MLflow) takes its name from the mlflow.runName tag", async () => {
    const SQL = await loadSqlJs();
    const db = new SQL.Database(bytes);
    db.run('UPDATE runs SET name = NULL WHERE run_uuid = ?', [id(4)]);
    const edited = db.export();
    db.close();
    const s = await readMlflowDb(edited, 'mlflow.db');
    assert.equal(runById(s, id(4))!.name, 'calm-fox');
  });

  it('hostile strings stay data: a __proto__ param key is an own key and pollutes nothing; HTML names are kept as text', () => {
    const params = runById(store, id(1))!.params;
    assert.ok(Object.hasOwn(params, '__proto__'));
    assert.equal(Object.getOwnPropertyDescriptor(params, '__proto__')!.value, 'polluted?');
    assert.equal(Object.getPrototypeOf(params), Object.prototype);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.equal(params.constructor, 'x');
    assert.ok(store.models.some((m) => m.name === '<b onclick=alert(1)>fraud'));
    assert.equal(runById(store, id(2))!.name, '<img src=x onerror=alert(1)>');
  });
});

describe('the same MLflow content as mlruns/ and as mlflow.db reads the same', () => {
  let t: TestRepo;
  let fromFiles: MlflowFileStore;
  let fromDb: MlflowFileStore;

  before(async () => {
    t = makeRepo();
    t.commit('init', { '.gitignore': 'mlruns/\nmlflow.db\n' });
    writeMlflowFileStore(path.join(t.dir, 'mlruns'), spec());
    fs.writeFileSync(path.join(t.dir, 'mlflow.db'), await buildMlflowDb(spec()));
    const repo = await GitRepository.open(t.dir, GIT);
    const files = fs.readdirSync(path.join(t.dir, 'mlruns'), { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => path.relative(t.dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'));
    fromFiles = await readMlflowFileStore(repo.workdir(), 'mlruns', files);
    fromDb = await readMlflowDb(new Uint8Array(fs.readFileSync(path.join(t.dir, 'mlflow.db'))), 'mlflow.db');
  });
  after(() => t.remove());

  it('experiments, runs, params, metrics (last and history), tags and the registry are equal', () => {
    assert.deepEqual(fromFiles.diagnostics, []);
    assert.deepEqual(fromDb.diagnostics, []);
    assert.equal(allRuns(fromFiles).length, 3);
    assert.deepEqual(content(fromDb), content(fromFiles));
  });

  it('each run points at where it is stored: its mlruns folder, or the db file', () => {
    assert.equal(runById(fromFiles, id(1))!.folder, `mlruns/1/${id(1)}`);
    assert.equal(runById(fromDb, id(1))!.folder, 'mlflow.db');
  });
});

describe('a damaged or unusual mlflow.db gives one clear warning and never throws', () => {
  let good: Uint8Array;
  before(async () => {
    good = await buildMlflowDb(spec());
  });

  const only = (s: MlflowFileStore, pattern: RegExp) => {
    const ws = warnings(s.diagnostics);
    assert.equal(ws.length, 1, ws.map((d) => d.message).join('\n'));
    assert.equal(ws[0]!.file, 'data/mlflow.db');
    assert.match(ws[0]!.message, pattern);
  };

  it('random bytes: not an SQLite database, nothing shown', async () => {
    const junk = new Uint8Array(4096).map((_, i) => (i * 7919 + 13) % 256);
    const s = await readMlflowDb(junk, 'data/mlflow.db');
    only(s, /data\/mlflow\.db is not an SQLite database; runs from it are not shown/);
    assert.deepEqual([s.experiments, s.models], [[], []]);
  });

  it('an empty file: said to be empty', async () => {
    only(await readMlflowDb(new Uint8Array(0), 'data/mlflow.db'), /is empty; runs from it are not shown/);
  });

  it('a truncated file: said to be truncated, with how much is there', async () => {
    const s = await readMlflowDb(good.slice(0, Math.floor(good.length / 2)), 'data/mlflow.db');
    only(s, new RegExp(`is truncated \\(${Math.floor(good.length / 2)} of its ${good.length} bytes are there\\)`));
  });

  it('pages overwritten with junk behind an intact header: said to be damaged, with what SQLite reported', async () => {
    const broken = good.slice();
    for (let i = 4096; i < broken.length; i++) broken[i] = (i * 31) % 251;
    const s = await readMlflowDb(broken, 'data/mlflow.db');
    only(s, /is damaged \(.+\); (runs and versions that could not be read|runs from it) are not shown/);
  });

  it('an SQLite database without MLflow tables: said so, nothing shown', async () => {
    const SQL = await loadSqlJs();
    const db = new SQL.Database();
    db.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT); INSERT INTO notes (text) VALUES (\'hello\');');
    const other = db.export();
    db.close();
    const s = await readMlflowDb(other, 'data/mlflow.db');
    only(s, /is an SQLite database without MLflow's experiments and runs tables; runs from it are not shown/);
    assert.deepEqual(s.experiments, []);
  });

  it('a -wal sidecar: warns that its changes are not shown, and shows the rest', async () => {
    const s = await readMlflowDb(good, 'data/mlflow.db', { wal: true });
    only(s, /changes MLflow still holds in mlflow\.db-wal are not shown/);
    assert.equal(allRuns(s).length, 3);
  });

  it('a -journal sidecar: warns that a write was in progress, and shows the rest', async () => {
    const s = await readMlflowDb(good, 'data/mlflow.db', { journal: true });
    only(s, /a write was in progress when it was read/);
    assert.equal(allRuns(s).length, 3);
  });

  it('a db in WAL mode (header says so) is still read from its main file', async () => {
    const wal = good.slice();
    wal[18] = 2;
    wal[19] = 2;
    const s = await readMlflowDb(wal, 'data/mlflow.db');
    assert.deepEqual(s.diagnostics, []);
    assert.equal(allRuns(s).length, 3);
  });

  it('a db from an MLflow without the registry or alias tables still lists its runs, silently', async () => {
    const SQL = await loadSqlJs();
    const db = new SQL.Database(good);
    db.exec('DROP TABLE registered_model_aliases; DROP TABLE model_version_tags; DROP TABLE model_versions; DROP TABLE registered_model_tags; DROP TABLE registered_models;');
    const old = db.export();
    db.close();
    const s = await readMlflowDb(old, 'data/mlflow.db');
    assert.deepEqual(s.diagnostics, []);
    assert.equal(allRuns(s).length, 3);
    assert.deepEqual(s.models, []);
  });

  it('any bytes of a damaged db (random bytes overwritten anywhere) resolve, with warnings only about that file', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.nat(good.length - 1), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 40 }), fc.boolean(), async (edits, cut) => {
        const bytes = good.slice(0, cut ? Math.max(1, edits[0]![0]) : good.length);
        for (const [at, b] of edits) if (at < bytes.length) bytes[at] = b;
        const s = await readMlflowDb(bytes, 'data/mlflow.db');
        for (const d of s.diagnostics) assert.equal(d.file, 'data/mlflow.db');
        const about = s.diagnostics.filter((d) => /is (damaged|truncated|not an SQLite database|empty)|could not be opened|without MLflow's/.test(d.message));
        assert.ok(about.length <= 1, s.diagnostics.map((d) => d.message).join('\n'));
      }),
      { numRuns: 150 },
    );
  });
});

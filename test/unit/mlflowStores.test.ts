import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeRepo, type TestRepo } from './helpers/gitRepo';
import { GitRepository } from '../../src/git/repository';
import type { FileSource } from '../../src/core/fileSource';
import fc from 'fast-check';
import { flatYamlMap, readMlflowFileStore } from '../../src/core/readers/mlflowFileStore';
import { parseYaml } from '../../src/core/structuredText';
import { writeMlflowFileStore, type MlflowSpec } from '../fixtures/mlflowStores';

const GIT = { gitPath: 'git' };
const T = 1_700_000_000_000;
const id = (n: number) => n.toString(16).padStart(32, '0');

const SPEC: MlflowSpec = {
  experiments: [
    {
      id: '1',
      name: 'churn',
      creationTime: T,
      runs: [
        { id: id(1), name: 'bold-owl', startTime: T + 1, params: { lr: '0.01' }, metrics: { acc: [{ timestamp: T, value: 0.9, step: 0 }] } },
        // MLflow writes run_name: '' when a run has no name; the tag is then all there is.
        { id: id(2), startTime: T + 2, tags: { 'mlflow.runName': 'from-tag' } },
      ],
    },
  ],
  models: [
    {
      name: 'churn',
      creationTime: T,
      aliases: { champion: 2 },
      versions: [
        { version: 1, runId: id(1), source: 'runs:/1/model', creationTime: T + 10 },
        { version: 2, runId: id(1), source: 'runs:/1/model', creationTime: T + 11 },
        { version: 3, runId: id(2), source: 'runs:/2/model', stage: 'Deleted_Internal', creationTime: T + 12 },
      ],
    },
  ],
};

/** Every file under `folder`, repository-relative, as a walk of the working tree lists them. */
function listUnder(root: string, folder: string): string[] {
  return fs
    .readdirSync(path.join(root, folder), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(root, path.join(e.parentPath, e.name)).split(path.sep).join('/'));
}

/** The working tree, remembering which files were opened. */
function recording(source: FileSource, reads: string[]): FileSource {
  return {
    kind: source.kind,
    commit: source.commit,
    read: (p, max) => {
      reads.push(p);
      return source.read(p, max);
    },
    info: (p) => source.info(p),
    listFiles: () => source.listFiles(),
  };
}

describe('MLflow file store as the fixture writes it', () => {
  let t: TestRepo;
  let repo: GitRepository;
  let files: string[];

  before(async () => {
    t = makeRepo();
    t.commit('init', { '.gitignore': 'mlruns/\n' });
    writeMlflowFileStore(path.join(t.dir, 'mlruns'), SPEC);
    repo = await GitRepository.open(t.dir, GIT);
    files = listUnder(t.dir, 'mlruns');
  });
  after(() => t.remove());

  it('reading only the registry lists models, versions and aliases without opening a single run file', async () => {
    const reads: string[] = [];
    const store = await readMlflowFileStore(recording(repo.workdir(), reads), 'mlruns', files, { registryOnly: true });
    assert.deepEqual(store.diagnostics, []);
    assert.deepEqual(store.experiments, []);
    assert.deepEqual(
      store.models.map((m) => [m.name, m.versions.map((v) => [v.version, v.aliases])]),
      [['churn', [[1, []], [2, ['champion']]]]],
    );
    assert.ok(reads.length > 0);
    assert.deepEqual(
      reads.filter((p) => !p.startsWith('mlruns/models/')),
      [],
    );
  });

  it('reading everything still lists the runs, after the same registry', async () => {
    const all = await readMlflowFileStore(repo.workdir(), 'mlruns', files);
    const registry = await readMlflowFileStore(repo.workdir(), 'mlruns', files, { registryOnly: true });
    assert.deepEqual(all.models, registry.models);
    assert.deepEqual(
      all.experiments.flatMap((e) => e.runs.map((r) => r.id)),
      [id(2), id(1)],
    );
  });

  it('a version MLflow deleted (current_stage Deleted_Internal, folder kept) is not listed', async () => {
    const store = await readMlflowFileStore(repo.workdir(), 'mlruns', files, { registryOnly: true });
    assert.ok(fs.existsSync(path.join(t.dir, 'mlruns/models/churn/version-3/meta.yaml')));
    assert.deepEqual(
      store.models[0]!.versions.map((v) => v.version),
      [1, 2],
    );
  });

  it("a run whose meta.yaml has run_name: '' is named by its mlflow.runName tag", async () => {
    const store = await readMlflowFileStore(repo.workdir(), 'mlruns', files);
    const run = store.experiments[0]!.runs.find((r) => r.id === id(2))!;
    assert.match(fs.readFileSync(path.join(t.dir, 'mlruns/1', id(2), 'meta.yaml'), 'utf8'), /^run_name: ''$/m);
    assert.equal(run.name, 'from-tag');
  });
});

describe("meta.yaml's fast path", () => {
  const TRICKY = [
    "''", "'it''s'", "'1'", "'a: b'", 'null', 'Null', '~', 'true', 'False', 'yes', 'no', 'on', '[]', '{}', '0', '-0', '007', '12', '-5', '+5',
    '1.5', '1e5', '1E+5', '.5', '.inf', '-.inf', '.nan', '0x1F', '0o17', '0b101', '1_000', '2024-01-01', '12:30', 'file:///tmp/mlruns/1',
    'mlflow-artifacts:/1/abc/artifacts', '0a1b2c3d4e5f60718293a4b5c6d7e8f9', '1234e5678', 'abc:', 'a:b', 'a #b', 'a#b', '@x', '%x', '-x', '?x',
    '*x', '&x', '!x', '|', '>', 'churn model', 'x ', "'unclosed", "'a'b'", 'Default', 'READY', 'None', 'Production', '3', '1700000000000',
  ];

  it("accepts MLflow's meta.yaml files and reads every value as the YAML parser does", () => {
    const meta = 'artifact_uri: file:///tmp/mlruns/1/abc/artifacts\nend_time: null\nentry_point_name: \'\'\nexperiment_id: \'1\'\nrun_id: 0a1b2c\nstart_time: 1700000000000\nstatus: 3\ntags: []\n';
    assert.deepEqual(flatYamlMap(meta), parseYaml('meta.yaml', meta).value);
    for (const v of TRICKY) {
      const text = `name: ${v}\n`;
      const fast = flatYamlMap(text);
      if (fast !== undefined) assert.deepEqual(fast, parseYaml('meta.yaml', text).value, `value ${JSON.stringify(v)}`);
    }
  });

  it('whatever it accepts, the YAML parser reads the same (random values)', () => {
    const char = fc.constantFrom(...'abz09_./:@%+-\' #~[]{}!&*?|>,"eExXo\t'.split(''));
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom('name', 'status', 'run_id', 'tags'), fc.string({ unit: char, maxLength: 12 })), { minLength: 1, maxLength: 4 }), (pairs) => {
        const text = pairs.map(([k, v]) => `${k}: ${v}`).join('\n') + '\n';
        const fast = flatYamlMap(text);
        if (fast === undefined) return;
        const slow = parseYaml('meta.yaml', text);
        assert.deepEqual(slow.diagnostics, [], text);
        assert.deepEqual(fast, slow.value, text);
      }),
      { numRuns: 3000 },
    );
  });
});

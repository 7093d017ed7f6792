// `history`, `check-ref`, `--at` and the `--gto` JSON against real repositories: GTO's keys and
// orders (same-second events where GTO's own sorts leave them), and the registry's past.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cli } from './helpers/cli';
import { makeRepo, type TestRepo } from './helpers/gitRepo';
import { buildGtoState } from '../../src/core/gtoState';
import { previousHolder, stageTimeline } from '../../src/core/history';
import { pythonJson } from '../../src/core/gtoJson';
import { planRollback } from '../../src/core/actions/rollback';
import { GitRepository } from '../../src/git/repository';
import { gitRepoReader } from '../../src/git/tagDetails';

process.env.GIT_COMMITTER_NAME = 'Grace Hopper';
process.env.GIT_COMMITTER_EMAIL = 'grace@example.com';

const T = 1_767_603_600; // 2026-01-05T09:00:00Z

describe('history: same-second events in GTO\'s order', () => {
  let repo: TestRepo;
  before(() => {
    repo = makeRepo();
    repo.commit('one', { 'a.txt': '1\n' });
    repo.tag('m@v1.0.0', { date: T, message: 'Registering artifact m version v1.0.0' });
    repo.tag('m#prod#1', { date: T + 10, message: 'Assigning stage prod to artifact m version v1.0.0' });
    repo.commit('two', { 'a.txt': '2\n' });
    repo.tag('m@v2.0.0', { date: T, message: 'Registering artifact m version v2.0.0' });
    repo.tag('m#staging#2', { date: T + 10, message: 'Assigning stage staging to artifact m version v2.0.0' });
  });
  after(() => repo.remove());

  // Worked out by hand from gto's api.history and base.py: stable sorts by (time, priority) over
  // the artifact's events newest first (each list reversed after its sort), then reversed.
  it('newest first: prod#1, staging#2, then v1.0.0 before v2.0.0', async () => {
    const rows = JSON.parse((await cli(repo.dir, 'history', '--json')).out) as { ref: string }[];
    assert.deepEqual(rows.map((r) => r.ref), ['m#prod#1', 'm#staging#2', 'm@v1.0.0', 'm@v2.0.0']);
  });

  it('--ascending is not the reverse of that: v2.0.0, v1.0.0, staging#2, prod#1', async () => {
    const rows = JSON.parse((await cli(repo.dir, 'history', '--json', '--ascending')).out) as { ref: string }[];
    assert.deepEqual(rows.map((r) => r.ref), ['m@v2.0.0', 'm@v1.0.0', 'm#staging#2', 'm#prod#1']);
  });

  it('a registration and an assignment in the same second: the priority puts the assignment after it', async () => {
    const r2 = makeRepo();
    try {
      r2.commit('one', { 'a.txt': '1\n' });
      r2.tag('n#prod#1', { date: T, message: 'Assigning stage prod to artifact n version v0.0.1' });
      r2.tag('n@v0.0.1', { date: T, message: 'Registering artifact n version v0.0.1' });
      const rows = JSON.parse((await cli(r2.dir, 'history', '--json')).out) as { event: string }[];
      assert.deepEqual(rows.map((r) => r.event), ['assignment', 'registration']);
    } finally {
      r2.remove();
    }
  });
});

describe('history: columns and JSON keys of gto history', () => {
  let repo: TestRepo;
  let c1: string;
  before(() => {
    repo = makeRepo();
    c1 = repo.commit('one', { 'a.txt': '1\n' });
    repo.tag('churn@v1.0.0', { date: '2026-01-05T10:00:00+05:30', message: 'Registering artifact churn version v1.0.0\n\nwith a body  \n' });
    repo.tag('churn#prod#1', { date: '2026-01-06T10:00:00-03:00', message: 'Assigning stage prod to artifact churn version v1.0.0' });
    repo.tag('churn@deprecated', { date: '2026-01-07T00:00:00Z', message: "Deprecating artifact 'churn'" });
    repo.tag('other@v0.0.1', { date: '2026-01-04T00:00:00Z', message: 'Registering artifact other version v0.0.1' });
    repo.tag('not-a-gto-tag', { message: 'ignored' });
  });
  after(() => repo.remove());

  it('--json: GTO\'s keys in its order, each time in the tagger\'s own zone, the whole message stripped, indent 4', async () => {
    const r = await cli(repo.dir, 'history', 'churn', '--json');
    assert.equal(r.code, 0, r.err);
    assert.ok(r.out.startsWith('[\n    {\n        "timestamp": '), r.out);
    const rows = JSON.parse(r.out) as Record<string, unknown>[];
    assert.deepEqual(rows[2], {
      timestamp: '2026-01-05T10:00:00+05:30',
      artifact: 'churn',
      event: 'registration',
      priority: 3,
      version: 'v1.0.0',
      stage: null,
      commit: c1,
      author: 'Ada Lovelace',
      author_email: 'ada@example.com',
      message: 'Registering artifact churn version v1.0.0\n\nwith a body',
      ref: 'churn@v1.0.0',
    });
    assert.deepEqual(Object.keys(rows[0]!), ['timestamp', 'artifact', 'event', 'priority', 'version', 'stage', 'commit', 'author', 'author_email', 'message', 'ref']);
    assert.deepEqual(rows.map((x) => [x.event, x.timestamp, x.version, x.stage]), [
      ['deprecation', '2026-01-07T00:00:00+00:00', null, null],
      ['assignment', '2026-01-06T10:00:00-03:00', 'v1.0.0', 'prod'],
      ['registration', '2026-01-05T10:00:00+05:30', 'v1.0.0', null],
    ]);
  });

  it('the table: gto history\'s columns, short commits, - for none; every model without a name', async () => {
    const r = await cli(repo.dir, 'history');
    const lines = r.out.trimEnd().split('\n');
    assert.match(lines[0]!, /^timestamp +artifact +event +version +stage +commit +ref$/);
    assert.match(lines[1]!, /^2026-01-07 00:00:00\+00:00 +churn +deprecation +- +- +[0-9a-f]{7} +churn@deprecated$/);
    assert.equal(lines.length, 5);
    assert.match(lines[4]!, /other +registration +v0\.0\.1/);
  });

  it('an empty history says so, as gto does; --json gives []', async () => {
    const empty = makeRepo();
    try {
      empty.commit('one', { 'a.txt': '1\n' });
      assert.equal((await cli(empty.dir, 'history')).out, 'Nothing found in the current workspace\n');
      assert.equal((await cli(empty.dir, 'history', '--json')).out, '[]\n');
    } finally {
      empty.remove();
    }
  });

  it('check-ref: the fields, the JSON and the sentence of gto check-ref; nothing for a tag that is not GTO\'s', async () => {
    assert.equal((await cli(repo.dir, 'check-ref', 'churn#prod#1', '--name')).out, 'churn\n');
    assert.equal((await cli(repo.dir, 'check-ref', 'refs/tags/churn#prod#1', '--stage')).out, 'prod\n');
    assert.equal((await cli(repo.dir, 'check-ref', 'churn#prod#1', '--version')).out, 'v1.0.0\n');
    assert.equal((await cli(repo.dir, 'check-ref', 'churn#prod#1', '--event')).out, 'assignment\n');
    assert.equal((await cli(repo.dir, 'check-ref', 'churn@v1.0.0')).out, '✅  Version "v1.0.0" of artifact "churn" was registered\n');
    const json = JSON.parse((await cli(repo.dir, 'check-ref', 'churn#prod#1', '--json')).out);
    assert.deepEqual(Object.keys(json), ['artifact', 'created_at', 'author', 'author_email', 'message', 'commit_hexsha', 'tag', 'version', 'stage', 'event']);
    assert.equal(json.created_at, '2026-01-06T10:00:00-03:00');
    const none = await cli(repo.dir, 'check-ref', 'not-a-gto-tag');
    assert.deepEqual([none.code, none.out], [0, '']);
    assert.equal((await cli(repo.dir, 'check-ref', 'churn@v1.0.0', '--json', '--name')).code, 2);
  });
});

describe('--at: the registry as it stood then', () => {
  let repo: TestRepo;
  let c1: string;
  let c2: string;
  before(() => {
    repo = makeRepo();
    c1 = repo.commit('one', { 'models/churn/model.yaml': 'name: churn\n', 'a.txt': '1\n' }, '2026-01-01T00:00:00Z');
    repo.tag('churn@v1.1.0', { date: '2026-01-02T00:00:00Z' });
    repo.tag('churn#prod#1', { date: '2026-01-03T00:00:00Z' });
    c2 = repo.commit('two', { 'a.txt': '2\n' }, '2026-03-01T00:00:00Z');
    repo.tag('churn@v1.2.0', { date: '2026-03-02T00:00:00Z' });
    repo.tag('churn#prod#2', { date: '2026-03-10T12:00:00Z' });
  });
  after(() => repo.remove());

  it('show churn#prod --at 2026-03-03 is v1.1.0 (promoted away later); now it is v1.2.0', async () => {
    const then = await cli(repo.dir, 'show', 'churn#prod', '--at', '2026-03-03', '--json');
    assert.equal(then.code, 0, then.err);
    assert.equal(JSON.parse(then.out).version, 'v1.1.0');
    assert.equal(JSON.parse(then.out).code.commit, c1);
    assert.match(then.err, /the registry as it stood at 2026-03-03T23:59:59/);
    assert.equal(JSON.parse((await cli(repo.dir, 'show', 'churn#prod', '--json')).out).code.commit, c2);
  });

  it('list --at a day counts that whole day; an instant counts up to that second', async () => {
    const day = JSON.parse((await cli(repo.dir, 'list', '--json', '--at', '2026-03-10')).out).models[0];
    assert.equal(day.stages.prod, 'v1.2.0');
    const morning = JSON.parse((await cli(repo.dir, 'list', '--json', '--at', '2026-03-10T11:59:59Z')).out).models[0];
    assert.deepEqual([morning.stages.prod, morning.latest], ['v1.1.0', 'v1.2.0']);
    const before = JSON.parse((await cli(repo.dir, 'list', '--json', '--at', '2026-01-02')).out).models[0];
    assert.deepEqual([before.stages, before.versions.map((v: { version: string }) => v.version)], [{}, ['v1.1.0']]);
  });

  it('a date that is not one is a usage error', async () => {
    const r = await cli(repo.dir, 'list', '--at', 'last tuesday');
    assert.equal(r.code, 2);
    assert.match(r.err, /is not a date/);
  });

  it('the timeline says who held prod until when, and Roll Back gives prod back to v1.1.0 with GTO\'s tag', async () => {
    const git = await GitRepository.open(repo.dir, { gitPath: 'git' });
    try {
      const state = buildGtoState(await gitRepoReader(git).readTagDetails());
      const spans = stageTimeline(state, 'churn');
      assert.deepEqual(
        spans.map((s) => [s.version, s.until, s.then]),
        [
          ['v1.1.0', Date.parse('2026-03-10T12:00:00Z') / 1000, 'v1.2.0'],
          ['v1.2.0', null, null],
        ],
      );
      assert.equal(previousHolder(state, 'churn', 'prod')?.version, 'v1.1.0');
      const plan = planRollback(state, { model: 'churn', stage: 'prod' });
      assert.deepEqual([plan.tag, plan.commit, plan.message], ['churn#prod#3', c1, 'Assigning stage prod to artifact churn version v1.1.0']);
    } finally {
      git.dispose();
    }
  });
});

describe('--json --gto: the shapes of gto show --json', () => {
  let repo: TestRepo;
  let c2: string;
  before(() => {
    repo = makeRepo();
    repo.commit('one', { 'a.txt': '1\n' });
    repo.tag('churn@v1.0.0', { date: T, message: 'Registering artifact churn version v1.0.0' });
    c2 = repo.commit('two', { 'a.txt': '2\n' });
    repo.tag('churn@v1.1.0', { date: T + 100, message: 'Registering artifact churn version v1.1.0' });
    repo.tag('churn#prod#1', { date: T + 200, message: 'Assigning stage prod to artifact churn version v1.1.0' });
    repo.tag('old@v0.1.0', { date: T + 50 });
    repo.tag('old@deprecated', { date: T + 60 });
    repo.tag('zeta@v0.0.1', { date: T - 50 });
  });
  after(() => repo.remove());

  it('list --json --gto: models in the order GTO met them, latest, every used stage sorted; deprecated ones with --all', async () => {
    const r = await cli(repo.dir, 'list', '--json', '--gto');
    assert.equal(r.code, 0, r.err);
    assert.equal(
      r.out,
      pythonJson({
        zeta: { version: 'v0.0.1', stage: { prod: null }, registered: true, active: true },
        churn: { version: 'v1.1.0', stage: { prod: 'v1.1.0' }, registered: true, active: true },
      }) + '\n',
    );
    const all = JSON.parse((await cli(repo.dir, 'list', '--json', '--gto', '--all')).out);
    // GTO indexes deprecation tags first, so a deprecated model comes first.
    assert.deepEqual(Object.keys(all), ['old', 'zeta', 'churn']);
    assert.equal(all.old.active, false);
  });

  it('list --json --gto takes its columns from .gto\'s stages when it lists them', async () => {
    repo.commit('config', { '.gto': 'stages: [dev, prod]\n' });
    const r = JSON.parse((await cli(repo.dir, 'list', '--json', '--gto')).out);
    assert.deepEqual(r.churn.stage, { dev: null, prod: 'v1.1.0' });
  });

  it('show <model> --json --gto: versions highest first with GTO\'s keys; #prod narrows to its holder', async () => {
    const all = JSON.parse((await cli(repo.dir, 'show', 'churn', '--json', '--gto')).out);
    assert.deepEqual(all.map((v: { version: string }) => v.version), ['v1.1.0', 'v1.0.0']);
    assert.deepEqual(Object.keys(all[0]), [
      'artifact', 'commit_hexsha', 'version', 'enrichments', 'registrations', 'deregistrations', 'stages',
      'is_active', 'activated_at', 'created_at', 'author', 'author_email', 'message', 'ref', 'discovered',
    ]);
    assert.deepEqual(Object.keys(all[0].registrations[0]), ['priority', 'addition', 'artifact', 'created_at', 'author', 'author_email', 'message', 'commit_hexsha', 'tag', 'version']);
    assert.equal(all[0].stages[0].stage, 'prod');
    assert.equal(all[0].stages[0].assignments[0].event, 'assignment');
    assert.equal(all[0].enrichments[0].commit_hexsha, c2);
    const prod = JSON.parse((await cli(repo.dir, 'show', 'churn#prod', '--json', '--gto')).out);
    assert.deepEqual(prod.map((v: { version: string }) => v.version), ['v1.1.0']);
    assert.equal(JSON.parse((await cli(repo.dir, 'show', 'old', '--json', '--gto')).out).length, 0);
    const missing = await cli(repo.dir, 'show', 'nope', '--json', '--gto');
    assert.equal(missing.code, 1);
    assert.match(missing.err, /Cannot find artifact 'nope'/);
  });

  it('the JSON is Python\'s: four spaces, non-ASCII as \\u escapes', () => {
    assert.equal(pythonJson({ a: ['é', 1], b: {} }), '{\n    "a": [\n        "\\u00e9",\n        1\n    ],\n    "b": {}\n}');
  });
});

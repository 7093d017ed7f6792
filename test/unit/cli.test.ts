// The read-only CLI commands end to end (`list`, `show`, `diff`) against real repositories:
// output contracts, operands, exit codes and the one-line messages a user sees.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cli, CLI_MAIN, lines } from './helpers/cli';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { makeRepo, type TestRepo } from './helpers/gitRepo';




const DVC_YAML = `stages:
  train:
    cmd: python train.py
    deps:
      - data/train.csv
      - data/features.csv
    params:
      - train
    outs:
      - models/churn.pkl
artifacts:
  churn:
    path: models/churn.pkl
    type: model
    desc: Churn classifier
`;

function params(lr: number, extra = ''): string {
  return `train:\n  lr: ${lr}\n  epochs: 10\n  seed: 7\n${extra}`;
}

function dvcLock(train: string, features: string, weights: string): string {
  const entry = (p: string, md5: string, size: number) => `    - path: ${p}\n      hash: md5\n      md5: ${md5}\n      size: ${size}\n`;
  return `schema: '2.0'\nstages:\n  train:\n    cmd: python train.py\n    deps:\n${entry('data/train.csv', train, 100)}${entry('data/features.csv', features, 50)}    outs:\n${entry('models/churn.pkl', weights, 2000)}`;
}

const TRAIN_MD5 = 'a1111111111111111111111111111111';
const FEATURES_V1 = 'b2222222222222222222222222222222';
const FEATURES_V2 = 'c3333333333333333333333333333333';
const WEIGHTS_V1 = 'd4444444444444444444444444444444';
const WEIGHTS_V2 = 'e5555555555555555555555555555555';

describe('model-versions list, show and diff', () => {
  let repo: TestRepo;
  let c1: string;
  let c2: string;
  let c3: string;

  before(() => {
    repo = makeRepo();
    c1 = repo.commit(
      'first model',
      {
        'dvc.yaml': DVC_YAML,
        'params.yaml': params(0.1),
        'dvc.lock': dvcLock(TRAIN_MD5, FEATURES_V1, WEIGHTS_V1),
        'models/fraud/model.yaml': 'name: fraud\nparams: params.yaml\nhyperparameters:\n  depth: 3\n',
        'models/fraud/params.yaml': 'lr: 0.2\n',
      },
      '2024-01-01T10:00:00Z',
    );
    repo.tag('churn@v1.0.0', { date: '2024-01-01T10:05:00Z', message: 'Registering artifact churn version v1.0.0' });
    repo.tag('fraud@v0.1.0', { date: '2024-01-01T10:06:00Z', message: 'Registering artifact fraud version v0.1.0' });
    // v1.1.0: lr changes, dropout appears, one data hash and the weights hash change.
    c2 = repo.commit(
      'retrain with dropout',
      {
        'params.yaml': params(0.05, '  dropout: 0.2\n'),
        'dvc.lock': dvcLock(TRAIN_MD5, FEATURES_V2, WEIGHTS_V2),
        // The params file of fraud is broken at this version only.
        'models/fraud/params.yaml': 'lr: [0.3\n',
      },
      '2024-02-01T10:00:00Z',
    );
    repo.tag('churn@v1.1.0', { date: '2024-02-01T10:05:00Z', message: 'Registering artifact churn version v1.1.0' });
    repo.tag('fraud@v0.2.0', { date: '2024-02-01T10:06:00Z', message: 'Registering artifact fraud version v0.2.0' });
    repo.tag('churn#staging#1', { rev: c1, date: '2024-02-02T09:00:00Z', message: 'Assigning stage staging to artifact churn version v1.0.0' });
    repo.tag('churn#prod#2', { rev: c2, date: '2024-02-03T09:00:00Z', message: 'Assigning stage prod to artifact churn version v1.1.0' });
    c3 = repo.commit('fraud params fixed', { 'models/fraud/params.yaml': 'lr: 0.4\n' }, '2024-03-01T10:00:00Z');
    repo.tag('fraud@v0.3.0', { date: '2024-03-01T10:06:00Z', message: 'Registering artifact fraud version v0.3.0' });
    repo.git('branch', 'experiment', c2);
  });

  after(() => repo.remove());

  describe('list', () => {
    it('list --json names every model with its latest version, stages and versions newest first', async () => {
      const r = await cli(repo.dir, 'list', '--json');
      assert.equal(r.code, 0, r.err);
      const json = JSON.parse(r.out);
      assert.deepEqual(
        json.models.map((m: { name: string }) => m.name),
        ['churn', 'fraud'],
      );
      const churn = json.models[0];
      assert.equal(churn.latest, 'v1.1.0');
      assert.equal(churn.deprecated, false);
      assert.deepEqual(churn.stages, { prod: 'v1.1.0', staging: 'v1.0.0' });
      assert.deepEqual(
        churn.versions.map((v: { version: string; tag: string; commit: string }) => [v.version, v.tag, v.commit]),
        [
          ['v1.1.0', 'churn@v1.1.0', c2],
          ['v1.0.0', 'churn@v1.0.0', c1],
        ],
      );
      assert.deepEqual(churn.versions[0].stages, ['prod']);
      assert.equal(churn.versions[1].message, 'Registering artifact churn version v1.0.0');
      assert.equal(churn.versions[1].date, '2024-01-01T10:05:00.000Z');
      assert.deepEqual(churn.definition, { kind: 'dvc-artifact', file: 'dvc.yaml' });
      assert.equal(json.models[1].latest, 'v0.3.0');
      assert.equal(json.models[1].versions.length, 3, 'the version with a broken params file is still listed');
    });

    it('list prints each model with its latest version and stages, then its versions', async () => {
      const r = await cli(repo.dir, 'list');
      assert.equal(r.code, 0, r.err);
      const out = lines(r.out);
      assert.match(out[0]!, /^churn +latest v1\.1\.0 +prod: v1\.1\.0, staging: v1\.0\.0$/);
      assert.match(out[1]!, new RegExp(`^  v1\\.1\\.0 +2024-02-01 +${c2.slice(0, 7)} +\\[prod\\]$`));
      assert.match(out[2]!, new RegExp(`^  v1\\.0\\.0 +2024-01-01 +${c1.slice(0, 7)} +\\[staging\\]$`));
      assert.match(out[3]!, /^fraud +latest v0\.3\.0$/);
    });

    it('an empty repository lists "No models found" and exits 0', async () => {
      const empty = makeRepo();
      try {
        empty.commit('readme only', { 'README.md': 'hello\n' });
        const r = await cli(empty.dir, 'list');
        assert.equal(r.code, 0);
        assert.match(r.out, /^No models found/);
        assert.equal(r.err, '');
        const json = await cli(empty.dir, 'list', '--json');
        assert.deepEqual(JSON.parse(json.out).models, []);
      } finally {
        empty.remove();
      }
    });

    it('--repo points the CLI at a repository other than the current folder', async () => {
      const r = await cli(tmpdir(), 'list', '--json', '--repo', repo.dir);
      assert.equal(r.code, 0, r.err);
      assert.equal(JSON.parse(r.out).models.length, 2);
    });

    it('a GIT_DIR inherited from a git hook does not redirect the CLI to another repository', async () => {
      const other = makeRepo();
      const saved = process.env.GIT_DIR;
      try {
        other.commit('nothing here', { 'a.txt': 'a\n' });
        process.env.GIT_DIR = path.join(other.dir, '.git');
        const r = await cli(repo.dir, 'list', '--json');
        assert.equal(r.code, 0, r.err);
        const churn = JSON.parse(r.out).models.find((m: { name: string }) => m.name === 'churn');
        assert.equal(churn.latest, 'v1.1.0', 'the tags are read from the repository of the folder');
      } finally {
        if (saved === undefined) delete process.env.GIT_DIR;
        else process.env.GIT_DIR = saved;
        other.remove();
      }
    });
  });

  describe('show', () => {
    it('show --json gives the hyperparameters, hashes, tag and commit of one version', async () => {
      const r = await cli(repo.dir, 'show', 'churn@v1.0.0', '--json');
      assert.equal(r.code, 0, r.err);
      const json = JSON.parse(r.out);
      assert.equal(json.model, 'churn');
      assert.equal(json.version, 'v1.0.0');
      assert.equal(json.commit, c1);
      assert.equal(json.tag, 'churn@v1.0.0');
      assert.deepEqual(json.hyperparameters, { train: { lr: 0.1, epochs: 10, seed: 7 } });
      assert.equal(json.weights['models/churn.pkl'].hash, WEIGHTS_V1);
      assert.equal(json.data['data/features.csv'].hash, FEATURES_V1);
      assert.equal(json.code.tagMessage, 'Registering artifact churn version v1.0.0');
    });

    it('show <model> lists that model\'s versions and stages, as gto show <model> does, and names the latest', async () => {
      const r = await cli(repo.dir, 'show', 'churn');
      assert.equal(r.code, 0, r.err);
      const out = lines(r.out);
      assert.match(out[0]!, /^churn +latest v1\.1\.0 +(prod: v1\.1\.0, staging: v1\.0\.0|staging: v1\.0\.0, prod: v1\.1\.0)$/);
      assert.match(out[1]!, /^  v1\.1\.0 +2024-02-01 +[0-9a-f]{7} +\[prod\]$/);
      assert.match(out[2]!, /^  v1\.0\.0 +2024-01-01 +[0-9a-f]{7} +\[staging\]$/);
      assert.equal(out.at(-1), 'show churn@v1.1.0 says what the latest version is made of');
      const json = JSON.parse((await cli(repo.dir, 'show', 'churn', '--json')).out);
      assert.deepEqual(json.versions.map((v: { version: string }) => v.version), ['v1.1.0', 'v1.0.0']);
      const unknown = await cli(repo.dir, 'show', 'chrun');
      assert.equal(unknown.code, 1);
      assert.match(unknown.err, /^model-versions: no model named 'chrun' \(known models: .*churn/);
    });

    it('show prints the values of the version, read at its tag and not from the working tree', async () => {
      const r = await cli(repo.dir, 'show', 'churn@v1.0.0');
      assert.equal(r.code, 0, r.err);
      assert.match(r.out, /^churn v1\.0\.0/);
      assert.match(r.out, /train\.lr = 0\.1\n/);
      assert.doesNotMatch(r.out, /dropout/);
      assert.match(r.out, /models\/churn\.pkl +d44444444444 md5/);
    });

    it('a version whose params file is malformed still shows what it can, with a warning on stderr', async () => {
      const r = await cli(repo.dir, 'show', 'fraud@v0.2.0', '--json');
      assert.equal(r.code, 0, r.err);
      assert.deepEqual(JSON.parse(r.out).hyperparameters, { depth: 3 }, 'the manifest’s own values are still read');
      const errs = lines(r.err);
      assert.ok(errs.length >= 1);
      for (const l of errs) assert.match(l, /^(error|warning): fraud@v0\.2\.0: models\/fraud\/params\.yaml/);
      const good = await cli(repo.dir, 'show', 'fraud@v0.3.0', '--json');
      assert.equal(good.err, '');
      assert.deepEqual(JSON.parse(good.out).hyperparameters, { lr: 0.4, depth: 3 });
    });
  });

  describe('operands', () => {
    const versionOf = async (operand: string) => {
      const r = await cli(repo.dir, 'show', operand, '--json');
      assert.equal(r.code, 0, `${operand}: ${r.err}`);
      const json = JSON.parse(r.out);
      return { commit: json.commit as string | null, lr: json.hyperparameters?.train?.lr as number | undefined };
    };

    it('model@vX.Y.Z and model@X.Y.Z name the same registered version', async () => {
      assert.deepEqual(await versionOf('churn@v1.0.0'), { commit: c1, lr: 0.1 });
      assert.deepEqual(await versionOf('churn@1.0.0'), { commit: c1, lr: 0.1 });
    });

    it('model#stage is the version holding the stage; model@latest the highest version', async () => {
      assert.equal((await versionOf('churn#prod')).commit, c2);
      assert.equal((await versionOf('churn#staging')).commit, c1);
      assert.equal((await versionOf('churn@latest')).commit, c2);
      assert.equal((await versionOf('fraud@latest')).commit, c3);
    });

    it('model@<commit id>, a short id and a branch name read the model at that commit', async () => {
      assert.deepEqual(await versionOf(`churn@${c1}`), { commit: c1, lr: 0.1 });
      assert.deepEqual(await versionOf(`churn@${c1.slice(0, 8)}`), { commit: c1, lr: 0.1 });
      assert.deepEqual(await versionOf('churn@experiment'), { commit: c2, lr: 0.05 });
      assert.deepEqual(await versionOf('churn@HEAD~2'), { commit: c1, lr: 0.1 });
    });

    it('model@workdir reads the files on disk, uncommitted edits included', async () => {
      const original = params(0.05, '  dropout: 0.2\n');
      repo.write({ 'params.yaml': params(0.5, '  dropout: 0.2\n') });
      try {
        assert.deepEqual(await versionOf('churn@workdir'), { commit: null, lr: 0.5 });
        const r = await cli(repo.dir, 'diff', 'churn@latest', 'churn@workdir', '--json');
        assert.equal(r.code, 0, r.err);
        const changes = JSON.parse(r.out).changes;
        assert.deepEqual(
          changes.map((ch: { key: string; values: unknown[] }) => [ch.key, ch.values]),
          [['train.lr', [0.05, 0.5]]],
        );
      } finally {
        repo.write({ 'params.yaml': original });
      }
    });

    it('an unknown model exits 1 with one line that names the known models', async () => {
      const r = await cli(repo.dir, 'show', 'nope@v1.0.0');
      assert.equal(r.code, 1);
      assert.deepEqual(lines(r.err), ["model-versions: no model named 'nope' (known models: churn, fraud)"]);
      assert.equal(r.out, '');
    });

    it('an unknown version exits 1 with one line that names the versions there are', async () => {
      const r = await cli(repo.dir, 'show', 'churn@v9.9.9');
      assert.equal(r.code, 1);
      assert.deepEqual(lines(r.err), ['model-versions: churn has no version v9.9.9 (versions: v1.1.0, v1.0.0)']);
    });

    it('an unknown stage and an unknown revision exit 1 with one line each', async () => {
      const stage = await cli(repo.dir, 'show', 'churn#qa');
      assert.equal(stage.code, 1);
      assert.equal(lines(stage.err).length, 1);
      assert.match(stage.err, /no version of churn is in stage 'qa' \(stages: prod, staging\)/);
      const rev = await cli(repo.dir, 'show', 'churn@no-such-branch');
      assert.equal(rev.code, 1);
      assert.deepEqual(lines(rev.err), ["model-versions: 'no-such-branch' names no commit in this repository"]);
    });

    it('a revision starting with "-" is refused and never reaches git as an option', async () => {
      const saved = process.env.MODEL_VERSIONS_DEBUG;
      process.env.MODEL_VERSIONS_DEBUG = '1';
      try {
        for (const rev of ['-n', '--output=/tmp/x', '--all']) {
          const r = await cli(repo.dir, 'show', `churn@${rev}`);
          assert.equal(r.code, 1, rev);
          const gitLines = lines(r.err).filter((l) => l.startsWith('[git] '));
          const problems = lines(r.err).filter((l) => !l.startsWith('[git] '));
          assert.deepEqual(problems, [`model-versions: '${rev}' is not a valid revision`]);
          assert.ok(gitLines.length > 0, 'the debug log shows the git commands that did run');
          for (const l of gitLines) assert.ok(!l.includes(rev), `git was given ${rev}: ${l}`);
        }
      } finally {
        if (saved === undefined) delete process.env.MODEL_VERSIONS_DEBUG;
        else process.env.MODEL_VERSIONS_DEBUG = saved;
      }
    });
  });

  describe('diff', () => {
    it('diff names every changed param and hash from dvc.lock, and nothing unchanged', async () => {
      const r = await cli(repo.dir, 'diff', 'churn@v1.0.0', 'churn@v1.1.0');
      assert.equal(r.code, 0, r.err);
      for (const changed of ['train.lr', 'train.dropout', 'data/features.csv', 'models/churn.pkl']) assert.match(r.out, new RegExp(`[~+-] ${changed.replace('.', '\\.')}:`), changed);
      for (const unchanged of ['train.epochs', 'train.seed', 'data/train.csv']) assert.ok(!r.out.includes(unchanged), `${unchanged} is unchanged and not shown`);
      assert.match(r.out, /~ train\.lr: 0\.1 +→ +0\.05/);
      assert.match(r.out, /\+ train\.dropout: — +→ +0\.2/);
      assert.match(r.out, /~ models\/churn\.pkl: d44444444444 +→ +e55555555555/);
      assert.match(r.out, /3 changed, 1 added, 0 removed, 3 unchanged/);
    });

    it('diff --json lists exactly the changed rows with their values and hash sources', async () => {
      const r = await cli(repo.dir, 'diff', 'churn@v1.0.0', 'churn@v1.1.0', '--json');
      assert.equal(r.code, 0, r.err);
      const json = JSON.parse(r.out);
      assert.deepEqual(
        json.operands.map((o: { label: string; commit: string }) => [o.label, o.commit]),
        [
          ['churn@v1.0.0', c1],
          ['churn@v1.1.0', c2],
        ],
      );
      const byKey = Object.fromEntries(json.changes.map((ch: { key: string }) => [ch.key, ch]));
      assert.deepEqual(Object.keys(byKey).sort(), ['data/features.csv', 'models/churn.pkl', 'train.dropout', 'train.lr']);
      assert.deepEqual(byKey['train.lr'].values, [0.1, 0.05]);
      assert.equal(byKey['train.dropout'].status, 'added');
      assert.deepEqual(byKey['models/churn.pkl'].values, [WEIGHTS_V1, WEIGHTS_V2]);
      assert.equal(byKey['models/churn.pkl'].section, 'weights');
      const { availability, ...source } = byKey['models/churn.pkl'].sources[0];
      assert.deepEqual(source, { algorithm: 'md5', source: 'dvc.lock', file: 'dvc.lock', size: 2000 });
      // A repository without a .dvc folder has no cache to say anything about.
      assert.equal(availability, undefined);
      assert.deepEqual(json.counts, { added: 1, removed: 0, changed: 3, unchanged: 3 });
    });

    it('diff --all shows the unchanged rows too', async () => {
      const r = await cli(repo.dir, 'diff', 'churn@v1.0.0', 'churn@v1.1.0', '--all');
      assert.equal(r.code, 0, r.err);
      assert.match(r.out, / {4}train\.epochs: 10 +→ +10/);
      assert.match(r.out, / {4}train\.seed: 7 +→ +7/);
      assert.match(r.out, / {4}data\/train\.csv: a11111111111 +→ +a11111111111/);
      const json = JSON.parse((await cli(repo.dir, 'diff', 'churn@v1.0.0', 'churn@v1.1.0', '--json', '--all')).out);
      assert.equal(json.changes.length, 7);
    });

    it('diff of identical versions says there are no differences', async () => {
      const r = await cli(repo.dir, 'diff', 'churn@v1.1.0', 'churn#prod');
      assert.equal(r.code, 0, r.err);
      assert.match(r.out, /No differences\./);
    });

    it('diff takes three operands and gives every row one value per operand', async () => {
      const r = await cli(repo.dir, 'diff', 'churn@v1.0.0', 'churn@v1.1.0', `churn@${c3}`, '--json');
      assert.equal(r.code, 0, r.err);
      const json = JSON.parse(r.out);
      assert.equal(json.operands.length, 3);
      const lr = json.changes.find((ch: { key: string }) => ch.key === 'train.lr');
      assert.deepEqual(lr.values, [0.1, 0.05, 0.05]);
      const text = await cli(repo.dir, 'diff', 'churn@v1.0.0', 'churn@v1.1.0', `churn@${c3}`);
      assert.match(text.out, /~ train\.lr: 0\.1 +→ +0\.05 +→ +0\.05/);
    });

    it('diff --markdown gives a table per section with one column per version', async () => {
      const r = await cli(repo.dir, 'diff', 'churn@v1.0.0', 'churn@v1.1.0', '--markdown');
      assert.equal(r.code, 0, r.err);
      assert.match(r.out, /^### churn@v1\.0\.0 ↔ churn@v1\.1\.0\n/);
      assert.match(r.out, /\n#### Hyperparameters\n\n\| Key \| churn@v1\.0\.0 \| churn@v1\.1\.0 \| Status \|\n/);
      assert.ok(r.out.includes('\n| train.lr | 0.1 | 0.05 | changed |\n'), r.out);
      assert.ok(r.out.includes('\n| train.dropout | — | 0.2 | added |\n'), r.out);
      assert.ok(r.out.includes('\n| models/churn.pkl | d44444444444 | e55555555555 | changed |\n'), r.out);
      assert.ok(!r.out.includes('train.epochs'), 'unchanged rows are left out');
    });

    it('diff --html is one page whose CSP allows only its own nonce\'d style and script', async () => {
      const r = await cli(repo.dir, 'diff', 'churn@v1.0.0', 'churn@v1.1.0', '--html');
      assert.equal(r.code, 0, r.err);
      assert.match(r.out, /^<!DOCTYPE html>/);
      const csp = /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'nonce-([A-Za-z0-9+/=]+)'; script-src 'nonce-([A-Za-z0-9+/=]+)';/.exec(r.out);
      assert.ok(csp && csp[1] === csp[2], 'one nonce for style and script');
      // The panel's own scripts (charts.js, then webview.js; nonce'd) and its data (JSON, not executed); nothing else.
      const scripts = [...r.out.matchAll(/<script([^>]*)>/gi)].map((m) => m[1]!.trim());
      assert.deepEqual(scripts, ['type="application/json" id="panel-data"', `nonce="${csp![1]}"`, `nonce="${csp![1]}"`]);
      // The SVG namespace is a name, not an address; no other URL is in the page.
      // XML namespaces are names, not addresses, and ECharts' bundled licence notice names its
      // source; no other URL is in the page.
      const names = ['http://www.w3.org/2000/svg', 'http://www.w3.org/1999/xlink', 'http://www.w3.org/2000/xmlns/', 'http://www.w3.org/XML/1998/namespace', 'https://github.com/ecomfe/zrender/blob/master/LICENSE.txt'];
      assert.doesNotMatch(names.reduce((t, n) => t.replaceAll(n, ''), r.out), /https?:\/\//, 'no external address');
      assert.match(r.out, /<th scope="row" class="key">train\.lr<\/th>/);
      assert.match(r.out, /Registering artifact churn version v1\.1\.0/, 'the tag messages head the page');
    });

    it('two output formats at once, and a diff of one operand, are usage errors (exit 2)', async () => {
      const two = await cli(repo.dir, 'diff', 'churn@v1.0.0', 'churn@v1.1.0', '--json', '--html');
      assert.equal(two.code, 2);
      assert.deepEqual(lines(two.err), ['model-versions: choose one of --json, --html']);
      const one = await cli(repo.dir, 'diff', 'churn@v1.0.0');
      assert.equal(one.code, 2);
      assert.equal(lines(one.err).length, 1);
    });
  });

  describe('usage and repository errors', () => {
    it('an unknown command, an unknown flag, a flag of another command and missing arguments exit 2 with one line', async () => {
      const cases: Array<[string[], RegExp]> = [
        [['frobnicate'], /^model-versions: unknown command 'frobnicate'; the commands are list, show, diff, tag, promote, checkout, unassign, deregister, deprecate, history, check-ref, fetch, push, runs$/],
        [['list', '--frob'], /^model-versions: unknown option --frob$/],
        [['show', 'churn@v1.0.0', '--stash'], /^model-versions: show does not take --stash$/],
        [['show'], /^model-versions: show takes 1 argument; see model-versions --help$/],
        [['show', 'churn@'], /^model-versions: 'churn@' names no version after '@'$/],
        [['tag', 'churn'], /^model-versions: tag takes 2 arguments/],
        [['list', '--repo'], /^model-versions: --repo needs a value$/],
        [[], /^model-versions: no command given/],
      ];
      for (const [args, message] of cases) {
        const r = await cli(repo.dir, ...args);
        assert.equal(r.code, 2, args.join(' '));
        assert.equal(lines(r.err).length, 1, `${args.join(' ')}: ${r.err}`);
        assert.match(lines(r.err)[0]!, message);
        assert.equal(r.out, '');
      }
    });

    it('--help prints the usage and exits 0', async () => {
      const r = await cli(repo.dir, '--help');
      assert.equal(r.code, 0);
      assert.match(r.out, /^Usage: model-versions <command>/);
    });

    it('outside a Git repository every command exits 1 with one line saying so', async () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'mv-norepo-'));
      try {
        for (const args of [['list'], ['show', 'churn@v1.0.0'], ['diff', 'a@v1.0.0', 'a@v2.0.0']]) {
          const r = await cli(dir, ...args);
          assert.equal(r.code, 1);
          assert.deepEqual(lines(r.err), [`model-versions: ${dir} is not in a Git repository; run it inside one or pass --repo DIR`]);
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('--repo naming a missing folder or a file exits 1 with one line saying which', async () => {
      const missing = path.join(tmpdir(), 'mv-no-such-folder-here');
      const r = await cli(repo.dir, 'list', '--repo', missing);
      assert.equal(r.code, 1);
      assert.deepEqual(lines(r.err), [`model-versions: ${missing} does not exist; run it inside one or pass --repo DIR`]);
      const file = path.join(repo.dir, 'params.yaml');
      const f = await cli(repo.dir, 'list', '--repo', file);
      assert.equal(f.code, 1);
      assert.deepEqual(lines(f.err), [`model-versions: ${file} is not a folder; run it inside one or pass --repo DIR`]);
    });

    it('a git executable that is not there is one line, not a stack trace', async () => {
      const saved = process.env.MODEL_VERSIONS_GIT;
      process.env.MODEL_VERSIONS_GIT = '/no/such/git';
      try {
        const r = await cli(repo.dir, 'list');
        assert.equal(r.code, 1);
        assert.deepEqual(lines(r.err), ['model-versions: git was not found (/no/such/git); install Git or set its path']);
      } finally {
        if (saved === undefined) delete process.env.MODEL_VERSIONS_GIT;
        else process.env.MODEL_VERSIONS_GIT = saved;
      }
    });
  });

  describe('a shallow clone', () => {
    let clone: string;
    before(() => {
      clone = mkdtempSync(path.join(tmpdir(), 'mv-shallow-'));
      execFileSync('git', ['clone', '-q', '--depth', '1', '--no-local', `file://${repo.dir}`, clone], { stdio: 'pipe' });
    });
    after(() => rmSync(clone, { recursive: true, force: true }));

    it('lists the versions whose tags came with the clone and exits 0', async () => {
      const r = await cli(clone, 'list', '--json');
      assert.equal(r.code, 0, r.err);
      const fraud = JSON.parse(r.out).models.find((m: { name: string }) => m.name === 'fraud');
      assert.equal(fraud.latest, 'v0.3.0');
      assert.equal((await cli(clone, 'show', 'fraud@latest')).code, 0);
    });

    it('a commit the clone does not have is a one-line error that suggests unshallowing', async () => {
      const r = await cli(clone, 'show', `fraud@${c1}`);
      assert.equal(r.code, 1);
      assert.equal(lines(r.err).length, 1);
      assert.match(r.err, /names no commit in this repository; this is a shallow clone, .*git fetch --unshallow --tags/);
    });
  });

  it('ends quietly, with the command\'s own exit code, when the program reading its output closes the pipe (`| head`)', async () => {
    // The real executable, its stdout a pipe whose reading end is closed before a byte is read.
    const child = spawn(process.execPath, [CLI_MAIN, 'list', '--json'], { cwd: repo.dir, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let err = '';
    child.stderr.on('data', (b: Buffer) => (err += b.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    assert.equal(err, '', 'nothing on stderr: no stack trace for the closed pipe');
    assert.equal(code, 0);
  });
});

describe('hostile text in a repository stays inert in every output', () => {
  const EVIL = '<img src=x onerror=alert(1)>';
  const SCRIPT = '</td><script>alert(2)</script>';
  let repo: TestRepo;

  before(() => {
    repo = makeRepo();
    const lock = (md5: string) =>
      `schema: '2.0'\nstages:\n  train:\n    cmd: x\n    outs:\n    - path: "data/${EVIL}.csv"\n      hash: md5\n      md5: ${md5}\n      size: 1\n`;
    repo.commit('v1', {
      'dvc.yaml': 'artifacts:\n  evil:\n    path: model.pkl\n',
      'params.yaml': `"${EVIL}": 1\nnote: "a"\n`,
      'dvc.lock': lock('f6666666666666666666666666666666'),
    });
    repo.tag('evil@v1.0.0', { message: `${EVIL} registered` });
    repo.commit('v2', {
      'params.yaml': `"${EVIL}": 2\nnote: "${SCRIPT}"\n`,
      'dvc.lock': lock('f7777777777777777777777777777777'),
    });
    repo.tag('evil@v2.0.0', { message: `${SCRIPT} second` });
  });
  after(() => repo.remove());

  it('diff --html escapes hostile param keys, values, tag messages and file names', async () => {
    const r = await cli(repo.dir, 'diff', 'evil@v1.0.0', 'evil@v2.0.0', '--html');
    assert.equal(r.code, 0, r.err);
    // The panel's script and data are checked apart; the markup around them must be inert.
    const data = /<script type="application\/json" id="panel-data">([^<]*)<\/script>/.exec(r.out);
    assert.ok(data, 'the panel data is embedded as JSON without a raw <');
    const embedded = JSON.parse(data[1]!) as { data: { rows: Array<{ key: string; values: Array<string | null> }> } };
    assert.ok(embedded.data.rows.some((row) => row.key === '<img src=x onerror=alert(1)>'), 'the data keeps the key as plain text');
    const html = r.out.replace(/<script\b[^>]*>[\s\S]*?<\/script>/gi, '');
    assert.ok(!html.includes('<img'), 'no img element');
    assert.ok(html.includes('&lt;img src=x onerror=alert(1)&gt;'), 'the key is shown as text');
    assert.ok(html.includes('data/&lt;img src=x onerror=alert(1)&gt;.csv'), 'the file name is shown as text');
    assert.ok(html.includes('&lt;img src=x onerror=alert(1)&gt; registered'), 'the tag message is shown as text');
    assert.ok(html.includes('&lt;/td&gt;&lt;script&gt;alert(2)&lt;/script&gt;'), 'the value is shown as text');
    // Only the page's own elements exist.
    const elements = new Set([...html.matchAll(/<([a-zA-Z][a-zA-Z0-9]*)/g)].map((m) => m[1]!.toLowerCase()));
    const allowed = new Set(['html', 'head', 'meta', 'title', 'style', 'body', 'div', 'h1', 'h2', 'p', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'code']);
    for (const el of elements) assert.ok(allowed.has(el), `unexpected element <${el}>`);
  });

  it('diff --markdown escapes the same strings so they render as text', async () => {
    const r = await cli(repo.dir, 'diff', 'evil@v1.0.0', 'evil@v2.0.0', '--markdown');
    assert.equal(r.code, 0, r.err);
    // A backslash before '<' makes it a literal character: no '<' may be left without one.
    assert.doesNotMatch(r.out, /(^|[^\\])</m, r.out);
    assert.ok(r.out.includes('| \\<img src=x onerror=alert\\(1\\)\\> | 1 | 2 | changed |'), r.out);
    assert.ok(r.out.includes('| data/\\<img src=x onerror=alert\\(1\\)\\>.csv |'), r.out);
  });

  it('text output shows control characters in names as escapes, never raw', async () => {
    repo.commit('v3', { 'params.yaml': `"bell\\a\\u001b[31mred": 1\n` });
    repo.tag('evil@v3.0.0');
    const r = await cli(repo.dir, 'show', 'evil@v3.0.0');
    assert.equal(r.code, 0, r.err);
    assert.ok(!/[\u0007\u001b]/.test(r.out), 'no raw control character reaches the terminal');
    assert.ok(r.out.includes('["bell\\u0007\\u001b[31mred"] = 1'), r.out);
  });
});

describe('list hides what GTO hides, unless --all', () => {
  let repo: TestRepo;
  before(() => {
    repo = makeRepo();
    const c1 = repo.commit('one', { 'a.txt': '1\n' });
    repo.tag('churn@v1.0.0', { date: '2024-01-01T00:00:00Z' });
    const c2 = repo.commit('two', { 'a.txt': '2\n' });
    repo.tag('churn@v1.1.0', { date: '2024-01-02T00:00:00Z' });
    repo.tag('churn@v1.1.0!', { rev: c2, date: '2024-01-03T00:00:00Z' });
    repo.tag('old@v0.1.0', { rev: c1, date: '2024-01-01T00:00:00Z' });
    repo.tag('old@deprecated', { rev: c1, date: '2024-01-04T00:00:00Z' });
  });
  after(() => repo.remove());

  it('a deregistered version and a deprecated model are hidden from list and shown by list --all', async () => {
    const r = await cli(repo.dir, 'list');
    assert.equal(r.code, 0, r.err);
    assert.deepEqual(lines(r.out).map((l) => l.trim().split(/ +/)[0]), ['churn', 'v1.0.0']);
    assert.match(lines(r.out)[0]!, /latest v1\.0\.0/, 'the deregistered v1.1.0 is not latest');
    const all = await cli(repo.dir, 'list', '--all');
    assert.ok(lines(all.out).some((l) => /^ +v1\.1\.0 .*\(deregistered\)$/.test(l)), all.out);
    assert.ok(lines(all.out).some((l) => /^old \(deprecated\) +latest v0\.1\.0$/.test(l)), all.out);
  });

  it('list --json always holds both, marked', async () => {
    const json = JSON.parse((await cli(repo.dir, 'list', '--json')).out);
    const churn = json.models.find((m: { name: string }) => m.name === 'churn');
    assert.deepEqual(
      churn.versions.map((v: { version: string; deregistered: boolean }) => [v.version, v.deregistered]),
      [
        ['v1.1.0', true],
        ['v1.0.0', false],
      ],
    );
    assert.equal(json.models.find((m: { name: string }) => m.name === 'old').deprecated, true);
  });
});

// A restore touches only its model: dvc.lock, dvc.yaml and params.yaml that several models share
// are restored per entry (this model's stages, artifact and params) and every other byte is kept,
// or not at all, with the reason. Two models in one DVC project; the demo repository's fraud.
import { describe, it, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { makeRepo, type TestRepo } from './helpers/gitRepo';
import { cli } from './helpers/cli';
import { md5, outEntry } from './helpers/dvcCache';
import { snapshotFiles } from './helpers/worktreeSnapshot';
import { makeDemoRepo } from '../fixtures/demoRepo';
import { mergeEntries } from '../../src/core/sharedFiles';

const DVC_YAML = `stages:
  train_churn:
    cmd: python churn.py
    params: [churn]
    outs: [churn.pkl]
  train_fraud:
    cmd: python fraud.py
    params: [fraud.depth]
    outs: [fraud.pkl]
# both models live here
artifacts:
  churn:
    path: churn.pkl
    type: model
  fraud:
    path: fraud.pkl
    type: model
`;

interface State {
  churnLr: number;
  fraudDepth: number;
}

const params = (s: State) => `# shared by both models
churn:
  lr: ${s.churnLr}   # tuned by hand
  epochs: 10
fraud:
  depth: ${s.fraudDepth}
`;

const stageChurn = (s: State) => `  train_churn:
    cmd: python churn.py
    params:
      params.yaml:
        churn:
          epochs: 10
          lr: ${s.churnLr}
    outs:
${outEntry('churn.pkl', md5(`churn ${s.churnLr}`), 100)}`;

const stageFraud = (s: State) => `  train_fraud:
    cmd: python fraud.py
    params:
      params.yaml:
        fraud.depth: ${s.fraudDepth}
    outs:
${outEntry('fraud.pkl', md5(`fraud ${s.fraudDepth}`), 100)}`;

const lock = (churn: State, fraud: State) => `schema: '2.0'\nstages:\n${stageChurn(churn)}${stageFraud(fraud)}`;

describe('a restore touches only its model', () => {
  let repo: TestRepo;
  afterEach(() => repo.remove());

  /** churn@v1 and fraud@v1 together; churn@v2 retrains churn; fraud@v2 (HEAD) retrains fraud. */
  function twoModels(): { v1: State; v2: State; v3: State } {
    repo = makeRepo('mv-shared-');
    const v1 = { churnLr: 0.1, fraudDepth: 4 };
    const v2 = { churnLr: 0.05, fraudDepth: 4 };
    const v3 = { churnLr: 0.05, fraudDepth: 6 };
    repo.commit('both', { 'dvc.yaml': DVC_YAML, 'params.yaml': params(v1), 'dvc.lock': lock(v1, v1), '.gitignore': '/churn.pkl\n/fraud.pkl\n' });
    repo.tag('churn@v1.0.0');
    repo.tag('fraud@v1.0.0');
    repo.commit('churn', { 'params.yaml': params(v2), 'dvc.lock': lock(v2, v2) });
    repo.tag('churn@v2.0.0');
    repo.commit('fraud', { 'params.yaml': params(v3), 'dvc.lock': lock(v3, v3) });
    repo.tag('fraud@v2.0.0');
    return { v1, v2, v3 };
  }

  it("restoring churn@v1.0.0 rewrites churn's stage and params, and keeps fraud's entries byte for byte", async () => {
    const { v1, v3 } = twoModels();
    const before = snapshotFiles(repo.dir);
    const r = await cli(repo.dir, 'checkout', 'churn@v1.0.0', '--files-only');
    assert.equal(r.code, 0, r.err);
    const read = (p: string) => readFileSync(path.join(repo.dir, p), 'utf8');
    // Exactly the text churn's v1 and fraud's current entries make: nothing else moved.
    assert.equal(read('dvc.lock'), lock(v1, v3));
    assert.equal(read('params.yaml'), params({ churnLr: v1.churnLr, fraudDepth: v3.fraudDepth }));
    assert.equal(read('dvc.yaml'), DVC_YAML);
    assert.match(r.out, /dvc\.lock: restored stages\.train_churn of churn; its other entries are as they were/);
    assert.match(r.out, /params\.yaml: restored churn of churn/);
    assert.match(r.out, /dvc\.yaml: not restored: churn's entries are already as at the version/);
    const after = snapshotFiles(repo.dir);
    for (const [p, b] of before) if (p !== 'dvc.lock' && p !== 'params.yaml') assert.equal(after.get(p), b, p);
  });

  it("restoring fraud@v1.0.0 leaves churn's retrained stage and params alone", async () => {
    const { v1, v3 } = twoModels();
    const r = await cli(repo.dir, 'checkout', 'fraud@v1.0.0', '--files-only');
    assert.equal(r.code, 0, r.err);
    assert.equal(readFileSync(path.join(repo.dir, 'dvc.lock'), 'utf8'), lock(v3, v1));
    assert.equal(readFileSync(path.join(repo.dir, 'params.yaml'), 'utf8'), params({ churnLr: v3.churnLr, fraudDepth: v1.fraudDepth }));
  });

  it('a shared file with uncommitted changes stops the restore, changing nothing', async () => {
    twoModels();
    repo.write({ 'params.yaml': params({ churnLr: 0.3, fraudDepth: 9 }) });
    const before = snapshotFiles(repo.dir);
    const r = await cli(repo.dir, 'checkout', 'churn@v1.0.0', '--files-only');
    assert.equal(r.code, 1);
    assert.match(r.err, /params\.yaml/);
    assert.deepEqual(snapshotFiles(repo.dir), before);
  });

  it("the demo's fraud v2.0.0 does not rewrite the root dvc.lock, and says why", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'mv-demo-shared-'));
    try {
      makeDemoRepo(dir);
      repo = { remove: () => undefined } as TestRepo;
      const lockBefore = readFileSync(path.join(dir, 'dvc.lock'));
      const r = await cli(dir, 'checkout', 'fraud@v2.0.0', '--files-only');
      assert.equal(r.code, 0, r.err);
      assert.deepEqual(readFileSync(path.join(dir, 'dvc.lock')), lockBefore);
      assert.match(r.out, /dvc\.lock: not restored: no stage in it is fraud's/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('entries spliced into a YAML file', () => {
  it('replaces, adds and removes entries and keeps comments and the rest of the text', () => {
    const current = 'a: 1  # one\nstages:\n  x:\n    cmd: old\n  y:\n    cmd: keep   # mine\n';
    const target = 'a: 2\nstages:\n  x:\n    cmd: new\n  z:\n    cmd: added\n';
    const m = mergeEntries(current, target, [['stages', 'x'], ['stages', 'z'], ['stages', 'y']]);
    assert.equal(m?.text, 'a: 1  # one\nstages:\n  x:\n    cmd: new\n  z:\n    cmd: added\n');
    const keepY = mergeEntries(current, target, [['stages', 'x'], ['stages', 'z']]);
    assert.equal(keepY?.text, 'a: 1  # one\nstages:\n  x:\n    cmd: new\n  y:\n    cmd: keep   # mine\n  z:\n    cmd: added\n');
  });

  it('a JSON params file keeps its other keys', () => {
    const m = mergeEntries('{\n  "a": {"lr": 1},\n  "b": 2\n}\n', '{"a": {"lr": 3}, "b": 5}', [['a', 'lr']], true);
    assert.deepEqual(JSON.parse(m!.text), { a: { lr: 3 }, b: 2 });
  });
});

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { makeRepo, type TestRepo } from './helpers/gitRepo';
import { GitRepository } from '../../src/git/repository';
import { readWandbConfig, readWandbMetadata, readWandbRuns, readWandbSummary, type WandbRun } from '../../src/core/readers/wandbRun';
import type { Diagnostic } from '../../src/core/types';

const GIT = { gitPath: 'git' };

// As wandb 0.16 writes it: a version header, `{desc, value}` per key, and the `_wandb` block.
const CONFIG = `wandb_version: 1

_wandb:
  desc: null
  value:
    cli_version: 0.16.6
    python_version: 3.11.7
    t:
      1: [1, 55]
batch_size:
  desc: null
  value: 32
lr:
  desc: Learning rate
  value: 0.001
optimizer:
  desc: null
  value:
    name: adam
    betas: [0.9, 0.999]
`;

const SUMMARY = JSON.stringify({ accuracy: 0.91, loss: 0.23, val: { loss: 0.31, acc: 0.88 }, best_epoch: 7, note: 'fine', confusion: { _type: 'table-file', path: 'media/table.json' }, _step: 99, _runtime: 812.5, _timestamp: 1714560000.25, _wandb: { runtime: 812 } });

const metadata = (commit: string, startedAt = '2024-05-01T12:00:00.000000') =>
  JSON.stringify({ os: 'Linux', python: '3.11.7', startedAt, program: 'train.py', args: ['--lr', '0.001'], git: { remote: 'https://github.com/acme/churn.git', commit }, host: 'gpu-01' });

const messages = (ds: Diagnostic[]) => ds.map((d) => d.message).join('\n');

describe('W&B files', () => {
  it('config.yaml values are unwrapped from {desc, value} and the bookkeeping keys are dropped', () => {
    const r = readWandbConfig('config.yaml', CONFIG);
    assert.deepEqual(r.diagnostics, []);
    assert.deepEqual(r.config, { batch_size: 32, lr: 0.001, optimizer: { name: 'adam', betas: [0.9, 0.999] } });
  });

  it('a bare config value from an old client or a hand edit is kept as it is', () => {
    assert.deepEqual(readWandbConfig('c.yaml', 'seed: 3\nlr:\n  value: 0.1\n').config, { seed: 3, lr: 0.1 });
  });

  it('summary numbers are metrics, nested maps flatten with a slash, and _step/_runtime/_timestamp stay apart', () => {
    const r = readWandbSummary('s.json', SUMMARY);
    assert.deepEqual(r.diagnostics, []);
    assert.deepEqual(r.summary.metrics, { accuracy: 0.91, loss: 0.23, 'val/loss': 0.31, 'val/acc': 0.88, best_epoch: 7 });
    assert.equal(r.summary.step, 99);
    assert.equal(r.summary.runtime, 812.5);
    assert.equal(r.summary.timestamp, 1714560000.25);
  });

  it("Python's bare NaN and Infinity do not lose the summary; a NaN inside a string stays text", () => {
    const r = readWandbSummary('s.json', '{"loss": NaN, "grad": -Infinity, "acc": 0.5, "label": "NaN or Infinity", "_step": 3}');
    assert.deepEqual(r.diagnostics, []);
    assert.ok(Number.isNaN(r.summary.metrics.loss));
    assert.equal(r.summary.metrics.grad, -Infinity);
    assert.equal(r.summary.metrics.acc, 0.5);
    assert.equal(Object.hasOwn(r.summary.metrics, 'label'), false);
  });

  it('metadata gives the git commit, remote, program, args and start time', () => {
    const r = readWandbMetadata('m.json', metadata('0123456789abcdef0123456789abcdef01234567'));
    assert.deepEqual(r.metadata, {
      gitCommit: '0123456789abcdef0123456789abcdef01234567',
      gitRemote: 'https://github.com/acme/churn.git',
      program: 'train.py',
      args: ['--lr', '0.001'],
      host: 'gpu-01',
      python: '3.11.7',
      startedAt: '2024-05-01T12:00:00.000000',
    });
  });

  it('a git.commit that is not a commit id is reported and links to nothing', () => {
    const r = readWandbMetadata('m.json', metadata('$(rm -rf ~)'));
    assert.equal(r.metadata.gitCommit, undefined);
    assert.match(messages(r.diagnostics), /is not a commit id/);
  });
});

describe('W&B run folders read from a real commit', () => {
  let t: TestRepo;
  let repo: GitRepository;
  let trainCommit: string;
  let runs: WandbRun[];
  const byId = (id: string) => runs.find((r) => r.id === id)!;

  before(async () => {
    t = makeRepo();
    trainCommit = t.commit('train.py', { 'train.py': 'print(1)\n' });
    t.commit('wandb runs', {
      'wandb/run-20240501_120000-abc123/files/config.yaml': CONFIG,
      'wandb/run-20240501_120000-abc123/files/wandb-summary.json': SUMMARY,
      'wandb/run-20240501_120000-abc123/files/wandb-metadata.json': metadata(trainCommit),
      'wandb/run-20240501_120000-abc123/files/requirements.txt': 'torch==2.3.0\n',
      'wandb/run-20240501_120000-abc123/run-abc123.wandb': Buffer.from([0x3a, 0xd7, 0x00, 0x01]),
      // Second run: summary truncated mid-write, binary junk for a config, no metadata at all.
      'wandb/offline-run-20240502_080000-def456/files/config.yaml': Buffer.from([0x00, 0xff, 0x13, 0x37, 0x00]),
      'wandb/offline-run-20240502_080000-def456/files/wandb-summary.json': '{"accuracy": 0.93, "loss": 0.2',
      'wandb/offline-run-20240502_080000-def456/files/output.log': 'epoch 1\n',
      // A third run with only a non-numeric summary value and a hand-broken config.
      'wandb/run-20240503_090000-ghi789/files/wandb-summary.json': '{"accuracy": "high", "loss": 0.4}',
      'wandb/run-20240503_090000-ghi789/files/config.yaml': 'lr: {value: [oops\n',
      // Not runs: the debug logs and a folder that only looks like one.
      'wandb/debug.log': 'x\n',
      'wandb/latest-run-notes/files/config.yaml': CONFIG,
    });
    repo = await GitRepository.open(t.dir, GIT);
    runs = await readWandbRuns(repo.sourceAt(t.head()));
  });

  after(() => {
    repo?.dispose();
    t?.remove();
  });

  it('finds the run folders (online and offline), newest first, and nothing else', () => {
    assert.deepEqual(
      runs.map((r) => [r.id, r.offline]),
      [
        ['ghi789', false],
        ['def456', true],
        ['abc123', false],
      ],
    );
  });

  it('a complete run gives its config, metrics and the commit it ran at', () => {
    const r = byId('abc123');
    assert.deepEqual(r.diagnostics, []);
    assert.equal(r.config.lr, 0.001);
    assert.equal(r.summary.metrics.accuracy, 0.91);
    assert.equal(r.metadata.gitCommit, trainCommit);
    assert.equal(r.startedAt, '2024-05-01T12:00:00.000000');
    assert.equal(r.folder, 'wandb/run-20240501_120000-abc123');
  });

  it('a truncated summary and a binary config are reported by file, and the run still lists with its start time', () => {
    const r = byId('def456');
    assert.deepEqual(r.summary.metrics, {});
    assert.deepEqual(r.config, {});
    assert.equal(r.startedAt, '2024-05-02T08:00:00');
    const files = r.diagnostics.map((d) => d.file);
    assert.ok(files.includes('wandb/offline-run-20240502_080000-def456/files/wandb-summary.json'));
    assert.match(messages(r.diagnostics), /files\/config\.yaml is not a text file/);
  });

  it('a non-numeric summary value is not a metric, the numbers beside it are; a broken config is an error', () => {
    const r = byId('ghi789');
    assert.deepEqual(r.summary.metrics, { loss: 0.4 });
    assert.ok(r.diagnostics.some((d) => d.severity === 'error' && d.file?.endsWith('files/config.yaml')));
  });
});

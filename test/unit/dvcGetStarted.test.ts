// The "done when" on a repository laid out like iterative/example-get-started: every
// version's metrics are DVC outputs (eval/metrics.json inside the `eval` folder output), and
// `show` and `diff` (text, JSON, markdown, HTML) give them with deltas, each labelled with where
// it was read (the local cache, or the remote that config.local points at).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { cli } from './helpers/cli';
import { md5 } from './helpers/dvcCache';
import { evalFolder, makeGetStarted, MODEL, VERSIONS, type GetStarted } from '../fixtures/dvcGetStarted';

const [V1, V2, V3] = VERSIONS.map((v) => `${MODEL}@${v.tag}`) as [string, string, string];

describe('example-get-started: metrics that are DVC outputs, at every version', () => {
  let gs: GetStarted;

  before(() => {
    gs = makeGetStarted();
  });
  after(() => {
    gs.repo.remove();
    rmSync(gs.remote, { recursive: true, force: true });
  });

  it('show gives the metrics of eval/metrics.json from the cache, its plots data and where each hash is', async () => {
    const r = await cli(gs.repo.dir, 'show', V1);
    assert.equal(r.code, 0, r.err);
    assert.equal(r.err, '', 'everything is on this machine: no warning');
    assert.match(r.out, /^Metrics\n {2}avg_prec\.train = 0\.97\n {2}avg_prec\.test = 0\.925\n {2}roc_auc\.train = 0\.98\n {2}roc_auc\.test = 0\.946\n {2}\(eval\/metrics\.json from the DVC cache \(in output eval, dvc\.lock stage evaluate\)\)$/m);
    assert.doesNotMatch(r.out, /not in Git at this version/);
    assert.match(r.out, /^Plots data\n {2}eval\/plots\/sklearn\/roc\/train\.json {2}[0-9a-f]{12} md5 \(DVC 3\) {2}from dvc\.lock \(stage evaluate\), in output eval {2}\[in the local DVC cache\]$/m);
    assert.match(r.out, /eval\/plots\/images\/importance\.png {2}[0-9a-f]{12} /);
    assert.match(r.out, /^ {2}model\.pkl {2}[0-9a-f]{12} md5 \(DVC 3\) {2}from dvc\.lock \(stage train\) {2}\[in the local DVC cache\]$/m);
    // Code is in Git: nothing to say about it.
    assert.match(r.out, /^ {2}src\/train\.py {2}[0-9a-f]{12} md5 \(DVC 3\) {2}from dvc\.lock \(stage train\)$/m);
    assert.match(r.out, /^ {2}data\/prepared .*\[in the local DVC cache \(2 files\)\]$/m);
    assert.match(r.out, /^ {2}eval .*\(metrics\) {2}\[in the local DVC cache \(5 files\)\]$/m);
    assert.match(r.out, /^ {2}data\/data\.xml .*\[in the local DVC cache\]$/m);
  });

  it('a version whose objects are only on the remote reads them there and says so', async () => {
    const r = await cli(gs.repo.dir, 'show', V2, '--json');
    assert.equal(r.code, 0, r.err);
    const json = JSON.parse(r.out);
    assert.deepEqual(json.metrics, { 'avg_prec.train': 0.98, 'avg_prec.test': 0.931, 'roc_auc.train': 0.99, 'roc_auc.test': 0.951 });
    assert.deepEqual(json.metricsFiles, [
      {
        path: 'eval/metrics.json',
        present: true,
        origin: { kind: 'dvc-remote', out: 'eval', sourceFile: 'dvc.lock', stage: 'evaluate', hash: md5(evalFolder(VERSIONS[1]!)['metrics.json']!), algorithm: 'md5', remote: 'storage' },
        keys: ['avg_prec.train', 'avg_prec.test', 'roc_auc.train', 'roc_auc.test'],
      },
    ]);
    assert.equal(json.weights['model.pkl'].availability.state, 'remote');
    assert.equal(json.weights['model.pkl'].availability.note, "on DVC remote 'storage', not in the local cache: checkout --pull (Pull on the checkout's message) or dvc pull");
    assert.deepEqual(Object.keys(json.plots).sort(), ['eval/plots/images/importance.png', 'eval/plots/sklearn/cm/test.json', 'eval/plots/sklearn/roc/test.json', 'eval/plots/sklearn/roc/train.json']);
    assert.equal(json.hyperparameters.train.n_est, 100);
  });

  it('diff of three versions gives every metric with deltas, and where each version read it', async () => {
    const r = await cli(gs.repo.dir, 'diff', V1, V2, V3);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^ {2}~ avg_prec\.test: 0\.925 {2}→ {2}0\.931 {2}→ {2}0\.94 {2}\(\+0\.006 \(\+0\.64%\), \+0\.015 \(\+1\.62%\)\)$/m);
    assert.match(r.out, /^ {2}~ roc_auc\.test: 0\.946 {2}→ {2}0\.951 {2}→ {2}0\.958 /m);
    assert.match(r.out, new RegExp(`^ {2}from {2}${V1}: eval/metrics\\.json from the DVC cache \\(in output eval, dvc\\.lock stage evaluate\\)$`, 'm'));
    assert.match(r.out, new RegExp(`^ {8}${V2}: eval/metrics\\.json from DVC remote 'storage' \\(in output eval, dvc\\.lock stage evaluate\\)$`, 'm'));
    assert.match(r.out, /^Plots data\n {2}~ eval\/plots\/sklearn\/roc\/train\.json: [0-9a-f]{12} {2}→ /m);
    assert.match(r.out, /^ {2}~ train\.n_est: 50 {2}→ {2}100 {2}→ {2}100$/m);
  });

  it('diff --json: metric rows carry deltas and their origins; plots rows their hashes and availability', async () => {
    const r = await cli(gs.repo.dir, 'diff', V1, V3, '--json');
    assert.equal(r.code, 0, r.err);
    const json = JSON.parse(r.out);
    const row = json.changes.find((c: { key: string }) => c.key === 'avg_prec.test');
    assert.equal(row.section, 'metrics');
    assert.deepEqual(row.values, [0.925, 0.94]);
    assert.ok(Math.abs(row.deltas[1].absolute - 0.015) < 1e-12);
    assert.deepEqual(row.origins, [
      { file: 'eval/metrics.json', from: 'dvc-cache', out: 'eval', sourceFile: 'dvc.lock', stage: 'evaluate' },
      { file: 'eval/metrics.json', from: 'dvc-cache', out: 'eval', sourceFile: 'dvc.lock', stage: 'evaluate' },
    ]);
    const plot = json.changes.find((c: { key: string }) => c.key === 'eval/plots/sklearn/roc/test.json');
    assert.equal(plot.section, 'plots');
    assert.equal(plot.status, 'changed');
    assert.equal(plot.sources[0].out, 'eval');
    assert.equal(plot.sources[0].availability.state, 'local');
    // The eval folder's hash is still a row of its own, among the pipeline's outputs.
    assert.ok(json.changes.some((c: { key: string; section: string }) => c.key === 'eval' && c.section === 'outputs'));
  });

  it('a working tree where dvc checkout put v1.2.0\'s outputs is no different from v1.2.0', async () => {
    // HEAD is v1.2.0's commit; its eval folder is on disk, as `dvc checkout` writes it.
    for (const [rel, content] of Object.entries(evalFolder(VERSIONS[2]!))) {
      mkdirSync(path.dirname(path.join(gs.repo.dir, 'eval', rel)), { recursive: true });
      writeFileSync(path.join(gs.repo.dir, 'eval', rel), content);
    }
    try {
      const r = await cli(gs.repo.dir, 'diff', V3, `${MODEL}@workdir`, '--json');
      assert.equal(r.code, 0, r.err);
      assert.deepEqual(JSON.parse(r.out).changes, []);
      const show = JSON.parse((await cli(gs.repo.dir, 'show', `${MODEL}@workdir`, '--json')).out);
      assert.equal(show.metrics['avg_prec.test'], 0.94);
      assert.equal(show.metricsFiles[0].origin, undefined, 'read from disk');
    } finally {
      rmSync(path.join(gs.repo.dir, 'eval'), { recursive: true, force: true });
    }
  });

  it('diff --markdown and --html give the metrics table with a Δ column and where it was read', async () => {
    const md = await cli(gs.repo.dir, 'diff', V2, V3, '--markdown');
    assert.equal(md.code, 0, md.err);
    assert.match(md.out, /#### Metrics\n\n\| Key \| text-classification@v1\.1\.0 \| text-classification@v1\.2\.0 \| Δ text-classification@v1\.2\.0 \| Status \|/);
    assert.match(md.out, /^\| avg\\_prec\.test \| 0\.931 \| 0\.94 \| \+0\.009 \\\(\+0\.96%\\\) \| changed \|$/m);
    assert.match(md.out, /^Read from: text-classification@v1\.1\.0: eval/m);
    assert.match(md.out, /DVC remote 'storage'/);
    assert.match(md.out, /#### Plots data/);
    const html = await cli(gs.repo.dir, 'diff', V1, V2, '--html');
    assert.equal(html.code, 0, html.err);
    assert.match(html.out, /<h2>Metrics<\/h2>/);
    assert.match(html.out, /<th scope="row" class="key">avg_prec\.test<\/th><td class="" title="0\.925\neval\/metrics\.json from the DVC cache[^"]*">0\.925<\/td><td class="changed" title="0\.931\neval\/metrics\.json from DVC remote &#39;storage&#39;[^"]*">0\.931<\/td><td class="delta">\+0\.006 \(\+0\.64%\)<\/td>/);
    assert.match(html.out, /<p class="origins">Read from: /);
  });
});

// One comparison for the panel and `diff --html` (#12): the core's compare() gives the panel its
// Code section and metric directions, and the CLI's page shows the same ones. Real git.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { makeRepo, type TestRepo } from './helpers/gitRepo';
import { cli } from './helpers/cli';
import { compare } from '../../src/core/compare';
import { ModelStore } from '../../src/core/modelStore';
import { GitRepository } from '../../src/git/repository';
import { codeChanges } from '../../src/git/changedFiles';
import { workspaceMetricDirections } from '../../src/cli/workspaceSettings';

let repo: TestRepo;

const manifest = 'name: scorer\nhyperparameters:\n  depth: 3\nmetrics: metrics.yaml\n';

describe('compare: one comparison for the panel and diff --html', () => {
  before(() => {
    repo = makeRepo('mv-compare-');
    // `drift` has no direction from its name; the workspace says lower is better.
    repo.commit('v1', {
      'scorer/model.yaml': manifest,
      'scorer/metrics.yaml': 'auc: 0.80\ndrift: 0.30\n',
      'src/train.py': 'print(1)\n',
      '.vscode/settings.json': '{\n  // lower drift is better\n  "modelVersions.metrics.lowerIsBetter": ["drift"],\n}\n',
    });
    repo.tag('scorer@v1.0.0');
    repo.commit('v2', { 'scorer/metrics.yaml': 'auc: 0.85\ndrift: 0.20\n', 'src/train.py': 'print(2)\n', 'src/features.py': 'x = 1\n' });
    repo.tag('scorer@v1.1.0');
  });
  after(() => repo.remove());

  it('the comparison carries the files changed between the versions and the workspace\'s metric directions', async () => {
    const git = await GitRepository.open(repo.dir, { gitPath: 'git' });
    const store = new ModelStore(git);
    const c = await compare(store, codeChanges(git), ['scorer@v1.0.0', 'scorer@v1.1.0'], workspaceMetricDirections(git.root)).finally(() => git.dispose());
    assert.deepEqual(c.panel.code[0], []);
    assert.deepEqual(
      c.panel.code[1]!.map((f) => `${f.status} ${f.path}`).sort(),
      ['A src/features.py', 'M scorer/metrics.yaml', 'M src/train.py'],
    );
    const drift = c.panel.rows.find((r) => r.key === 'drift')!;
    assert.equal(drift.direction, 'lower');
    assert.equal(drift.deltas![1]!.better, true, 'drift fell: better, as the workspace says');
    assert.equal(c.panel.rows.find((r) => r.key === 'auc')!.direction, 'higher');
  });

  it('diff --html shows the same Code section and metric verdicts as the panel\'s data', async () => {
    const git = await GitRepository.open(repo.dir, { gitPath: 'git' });
    const c = await compare(new ModelStore(git), codeChanges(git), ['scorer@v1.0.0', 'scorer@v1.1.0'], workspaceMetricDirections(git.root)).finally(() => git.dispose());
    const r = await cli(repo.dir, 'diff', 'scorer@v1.0.0', 'scorer@v1.1.0', '--html');
    assert.equal(r.code, 0, r.err);
    const page = r.out.replace(/<script\b[^>]*>[\s\S]*?<\/script>/gi, '');
    assert.match(page, /<h2>Code<\/h2>/);
    const listed = [...page.matchAll(/<tr><td class="status"[^>]*>([A-Z])<\/td><td>([^<]*)<\/td><\/tr>/g)].map((m) => `${m[1]} ${m[2]}`);
    assert.deepEqual(listed.sort(), c.panel.code[1]!.map((f) => `${f.status} ${f.path}`).sort());
    for (const row of c.panel.rows.filter((x) => x.deltas)) {
      const better = row.deltas![1]!.better;
      const cls = better === null ? 'delta' : better ? 'delta better' : 'delta worse';
      assert.match(page, new RegExp(`<th scope="row" class="key">${row.key}</th>(?:(?!</tr>)[^])*<td class="${cls}">`), `${row.key}: the page's verdict is the panel's`);
    }
    assert.match(page, /<title>scorer v1\.0\.0 ↔ v1\.1\.0 — [^<]+<\/title>/, 'the title names the model, the versions and the repository');
  });
});

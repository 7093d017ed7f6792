// list --json for a program (compact, written model by model) and for a person (indented) are the same JSON.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { main } from '../../src/cli/main';
import { makeRepo, type TestRepo } from './helpers/gitRepo';

describe('list --json', () => {
  let repo: TestRepo;
  before(() => {
    repo = makeRepo();
    const c1 = repo.commit('one', { 'models/churn/model.yaml': 'name: churn\n', 'models/fraud/model.yaml': 'name: fraud\n' });
    const c2 = repo.commit('two', { 'a.txt': '2' });
    repo.tag('churn@v1.0.0', { rev: c1, date: 1_700_000_000, message: 'quotes " and \\ backslash, tab\tand ünïcödé 🚀' });
    repo.tag('churn@v1.1.0', { rev: c2, date: 1_700_000_100, message: '</script><b>not html</b>' });
    repo.tag('churn#prod#1', { rev: c1, date: 1_700_000_200 });
    repo.tag('fraud@v0.1.0', { rev: c2, date: 1_700_000_300 });
    repo.tag('fraud@v0.1.0!', { rev: c2, date: 1_700_000_400 });
    repo.tag('fraud#constructor#2', { rev: c2, date: 1_700_000_500 });
    repo.lightweightTag('churn@v9.9.9', c2);
  });
  after(() => repo.remove());

  const run = async (interactive: boolean) => {
    const out: string[] = [];
    assert.equal(await main(['list', '--json', '--repo', repo.dir], { out: (s) => out.push(s), err: () => undefined, interactive }), 0);
    return out.join('');
  };

  it('piped, it is exactly JSON.stringify of what a terminal is shown indented: same keys, order and escapes', async () => {
    const compact = await run(false);
    const indented = await run(true);
    assert.equal(compact, JSON.stringify(JSON.parse(indented)) + '\n');
    assert.equal(compact.split('\n').length, 2, 'one line and its newline');
    const listing = JSON.parse(compact);
    assert.deepEqual(Object.keys(listing), ['repository', 'models', 'datasets', 'diagnostics']);
    const churn = listing.models.find((m: { name: string }) => m.name === 'churn');
    assert.equal(churn.versions.find((v: { version: string }) => v.version === 'v1.0.0').message, 'quotes " and \\ backslash, tab\tand ünïcödé 🚀');
    assert.deepEqual(churn.stages, { prod: 'v1.0.0' });
    assert.ok(listing.diagnostics.some((d: { message: string }) => /lightweight/.test(d.message)));
  });
});

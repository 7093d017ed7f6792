// The listing keeps its tags as rows of a TagTable and builds a model's versions when they are
// first read. Both must give exactly what the TagRefs and the eager registry gave.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { GitRepository } from '../../src/git/repository';
import { readTags, readTagTable, parseTagRefs, TAG_FORMAT } from '../../src/git/refs';
import { ModelStore } from '../../src/core/modelStore';
import { buildRegistry } from '../../src/core/registry';
import { TagList, TagTable, type TargetStrings } from '../../src/core/store/tagTable';
import type { TagRef } from '../../src/core/types';
import { makeRepo, type TestRepo } from './helpers/gitRepo';

const config = { gitPath: 'git' };

describe('the tag table', () => {
  let repo: TestRepo;
  let t = 1_700_000_000;

  before(() => {
    repo = makeRepo();
    const c1 = repo.commit('one', { 'churn/model.yaml': 'name: churn\n', 'fraud/model.yaml': 'name: fraud\n' });
    const c2 = repo.commit('two', { 'churn/params.yaml': 'lr: 0.1\n' });
    const tag = (name: string, rev: string, message?: string) => repo.tag(name, { rev, date: t++, message });
    tag('churn@v1.0.0', c1, 'first — ünïcode ✓');
    tag('churn@v1.1.0', c2, '');
    tag('churn#prod#1', c2);
    tag('churn#prod#2', c1);
    tag('churn@v1.1.0!', c2);
    tag('fraud@v0.1.0', c1);
    tag('fraud#staging#3', c1);
    tag('modèle@v2.0.0', c2, 'a name in UTF-8');
    tag('zeta@v1.0.0', c1);
    repo.git('tag', '-a', '-m', 'not a commit', 'alpha@v1.0.0', `${c1}^{tree}`);
    repo.git('tag', '-a', '-m', 'a tag of a tag', 'beta@v1.0.0', 'zeta@v1.0.0');
    repo.lightweightTag('churn#dev#7', c1);
    repo.lightweightTag('plain', c2);
    repo.git('pack-refs', '--all');
  });
  after(() => repo.remove());

  it('gives back every tag exactly as readTags reads it, in the same order', async () => {
    const refs = await readTags(repo.dir, config);
    const table = await readTagTable(repo.dir, config);
    assert.equal(table.size, refs.length);
    assert.deepEqual(TagList.of(table).toArray(), refs);
    // The odd rows (a tree, a tag of a tag, a lightweight tag) are among them.
    assert.ok(refs.some((r) => r.targetType === 'tree') && refs.some((r) => r.targetType === 'tag') && refs.some((r) => !r.annotated));
  });

  it('rows pushed as TagRefs read back as those TagRefs, ids of any shape included', () => {
    const odd: TagRef[] = [
      { name: 'a', annotated: true, tagObject: 'f'.repeat(64), targetType: 'commit', target: 'e'.repeat(64), date: 5, tagger: 'T', subject: 's' },
      { name: 'b', annotated: true, tagObject: null, targetType: 'missing object', target: 'not hex', date: null, tagger: '', subject: '' },
      { name: 'c', annotated: false, tagObject: null, targetType: 'commit', target: 'ABC', date: -3, tagger: 'T', subject: 'x\ty' },
    ];
    assert.deepEqual(TagList.fromRefs(odd).toArray(), odd);
  });

  it('finds tags by name and keeps git order when tags change', async () => {
    const list = TagList.of(await readTagTable(repo.dir, config));
    assert.equal(list.sorted, true);
    assert.equal(list.name(list.indexOf('fraud@v0.1.0')), 'fraud@v0.1.0');
    assert.equal(list.indexOf('fraud@v0.1.1'), -1);
    const fresh = parseTagRefs(repo.git('for-each-ref', `--format=${TAG_FORMAT}`, 'refs/tags/zeta@v1.0.0')).map((r) => ({ ...r, name: 'fraud@v0.2.0' }));
    const next = list.withChanges(['churn#prod#1', 'fraud@v0.2.0'], fresh);
    const names = next.toArray().map((r) => r.name);
    assert.ok(!names.includes('churn#prod#1'));
    assert.equal(names[names.indexOf('fraud@v0.1.0') + 1], 'fraud@v0.2.0');
    // The list it came from is unchanged: its rows are still there.
    assert.ok(list.toArray().some((r) => r.name === 'churn#prod#1'));
    assert.ok(!list.toArray().some((r) => r.name === 'fraud@v0.2.0'));
  });

  it("a listing's models have the versions and stage events of the eager registry, read in any way", async () => {
    const eager = buildRegistry(await readTags(repo.dir, config));
    const git = await GitRepository.open(repo.dir, config);
    try {
      const listing = await new ModelStore(git, { versionsOnRead: true }).list();
      assert.deepEqual(listing.tags, await readTags(repo.dir, config));
      const all = [...listing.models, ...listing.datasets];
      for (const e of eager.models) {
        const m = all.find((x) => x.name === e.name)!;
        // A spread reads the versions through; a direct read builds them on first use.
        const spread = { ...m };
        assert.deepEqual(spread.versions, e.versions, e.name);
        assert.deepEqual(m.versions, e.versions, e.name);
        assert.deepEqual(m.stageEvents, e.stageEvents, e.name);
        assert.equal(m.latest, e.latest);
        assert.deepEqual(m.stages, e.stages);
      }
      assert.deepEqual(listing.diagnostics.filter((d) => !d.file), eager.diagnostics);
      // Built whole with the listing (the CLI's way), the same.
      const whole = await new ModelStore(git).list();
      for (const e of eager.models) assert.deepEqual([...whole.models, ...whole.datasets].find((x) => x.name === e.name)!.versions, e.versions);
      // Set, a lazy list is replaced (MLflow's versions are appended so).
      const m = all.find((x) => x.name === 'fraud')!;
      m.versions = [...m.versions, ...m.versions];
      assert.equal(m.versions.length, 2 * eager.models.find((x) => x.name === 'fraud')!.versions.length);
    } finally {
      git.dispose();
    }
  });

  it("the versions on a commit are each model's highest registered active one there, and asking leaves the versions unbuilt", async () => {
    const git = await GitRepository.open(repo.dir, config);
    try {
      const store = new ModelStore(git, { versionsOnRead: true });
      const { models } = await store.list();
      for (const commit of [repo.git('rev-parse', 'HEAD').trim(), repo.git('rev-parse', 'HEAD~1').trim()]) {
        const at = await store.versionsAt(commit);
        const eager = buildRegistry(await readTags(repo.dir, config)).models
          .filter((m) => models.some((x) => x.name === m.name))
          .flatMap((m) => {
            const v = m.versions.find((x) => x.commit === commit && x.registered && x.active);
            return v ? [{ model: m.name, version: v.version }] : [];
          });
        assert.deepEqual(at, eager);
        // HEAD's only version was deregistered; the commit before holds three.
        assert.equal(at.length, commit === repo.git('rev-parse', 'HEAD').trim() ? 0 : 3);
      }
      // Still unbuilt (an accessor, not a list): only reading a model's versions builds them.
      assert.deepEqual(models.filter((m) => !Object.getOwnPropertyDescriptor(m, 'versions')?.get).map((m) => m.name), []);
    } finally {
      git.dispose();
    }
  });

  it('a table is one row per push, however the rows came', () => {
    const table = new TagTable();
    for (let i = 0; i < 1000; i++) table.push({ name: `m@v${i}.0.0`, annotated: true, tagObject: i.toString(16).padStart(40, '0'), targetType: 'commit', target: 'a'.repeat(40), date: i, tagger: `t${i % 3}`, subject: `s${i}` });
    table.trim();
    assert.equal(table.size, 1000);
    assert.equal(table.ref(999).subject, 's999');
    assert.equal(table.ref(500).tagObject, (500).toString(16).padStart(40, '0'));
    assert.equal(table.ref(2).tagger, 't2');
  });

  it("commit ids read back right when ids share their first bytes (the table's id strings are looked up by them)", () => {
    // Same first 4 bytes (and so the same first 30 bits), different after; and the same id again.
    const a = `deadbeef${'1'.repeat(32)}`;
    const b = `deadbeef${'2'.repeat(32)}`;
    const c = `deadbeaf${'1'.repeat(32)}`; // 0xaf and 0xef differ only in the two bits the lookup leaves out
    const targets = [a, b, a, c, b, c, a];
    const refs: TagRef[] = targets.map((target, i) => ({ name: `m@v${i}.0.0`, annotated: true, tagObject: 'f'.repeat(40), targetType: 'commit', target, date: i, tagger: 'T', subject: '' }));
    const list = TagList.fromRefs(refs);
    // Read through one build's strings, in an order other than the rows' own, each twice.
    const known: TargetStrings = new Map();
    for (const i of [3, 1, 5, 0, 6, 2, 4, 3, 1]) assert.equal(list.table.ref(i, false, false, known).target, targets[i], `row ${i}`);
    for (const i of [0, 4]) assert.equal(list.table.target(i), targets[i], `row ${i}`);
    assert.deepEqual(list.toArray().map((r) => r.target), targets);
    assert.equal(list.table.ref(2, false, false).tagObject, null);
    assert.equal(list.table.ref(2).tagObject, 'f'.repeat(40));
  });

  it('subjects coded against the row before read back whole, a shared prefix ending inside a character included', () => {
    const subjects = ['', 'é', 'è', 'èa', 'Assigning stage dev to artifact m version v1.0.0', 'Assigning stage dev to artifact m version v1.10.0', 'Assigning stage prod', 'x'];
    const refs: TagRef[] = [];
    for (let i = 0; i < 200; i++) {
      refs.push({ name: `m#${i}`, annotated: true, tagObject: 'b'.repeat(40), targetType: 'commit', target: 'a'.repeat(40), date: i, tagger: 'T', subject: `${subjects[i % subjects.length]}${i % 3 ? '' : i}` });
    }
    const list = TagList.fromRefs(refs);
    assert.deepEqual(list.toArray(), refs);
    for (let i = 199; i >= 0; i -= 7) assert.equal(list.table.subject(i), refs[i]!.subject);
    assert.equal(list.table.ref(5, false).subject, '');
  });
});

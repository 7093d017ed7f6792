import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { makeRepo, type TestRepo } from './helpers/gitRepo';
import { parseTagRefs, readTags, TAG_FORMAT } from '../../src/git/refs';
import { buildRegistry, type Registry, type RegistryModel } from '../../src/core/registry';
import type { TagConventions } from '../../src/core/tagGrammar';

const GIT = { gitPath: 'git' };
/** A fixed origin for tagger dates, so every event's order is chosen by the test. */
const T = 1_700_000_000;

async function registryOf(repo: TestRepo, conventions?: TagConventions): Promise<Registry> {
  return buildRegistry(await readTags(repo.dir, GIT), conventions);
}

function model(reg: Registry, name: string): RegistryModel {
  const m = reg.models.find((x) => x.name === name);
  assert.ok(m, `model ${name} should be in the registry (have: ${reg.models.map((x) => x.name).join(', ')})`);
  return m;
}

function version(m: RegistryModel, v: string) {
  const found = m.versions.filter((x) => x.version === v);
  assert.equal(found.length, 1, `${m.name} should have one version ${v}`);
  return found[0]!;
}

/** A repository with `n` commits c1..cn; returns their ids. */
function repoWithCommits(n: number): { repo: TestRepo; c: string[] } {
  const repo = makeRepo();
  const c: string[] = [];
  for (let i = 1; i <= n; i++) c.push(repo.commit(`c${i}`, { 'model.txt': `weights ${i}\n` }, `@${T - 1000 + i} +0000`));
  return { repo, c };
}

describe('readTags and parseTagRefs', () => {
  it('a repository without tags, or without commits, has no tags', async () => {
    const repo = makeRepo();
    try {
      assert.deepEqual(await readTags(repo.dir, GIT), []);
      repo.commit('first');
      assert.deepEqual(await readTags(repo.dir, GIT), []);
    } finally {
      repo.remove();
    }
  });

  it('empty for-each-ref output parses to no tags', () => {
    assert.deepEqual(parseTagRefs(''), []);
    assert.deepEqual(parseTagRefs('\n'), []);
  });

  it('annotated tags give the tagger date and the tagged commit; lightweight ones the commit date', async () => {
    const { repo, c } = repoWithCommits(2);
    try {
      repo.tag('churn@v1.0.0', { rev: c[0], date: T + 5, message: 'Registering artifact churn version v1.0.0' });
      repo.lightweightTag('churn@v2.0.0', c[1]);
      const tags = await readTags(repo.dir, GIT);
      const annotated = tags.find((t) => t.name === 'churn@v1.0.0')!;
      assert.equal(annotated.annotated, true);
      assert.equal(annotated.target, c[0]);
      assert.equal(annotated.targetType, 'commit');
      assert.equal(annotated.tagObject, repo.git('rev-parse', 'churn@v1.0.0').trim());
      assert.notEqual(annotated.tagObject, c[0]);
      assert.equal(annotated.date, T + 5);
      assert.equal(annotated.tagger, 'Ada Lovelace');
      assert.equal(annotated.subject, 'Registering artifact churn version v1.0.0');
      const light = tags.find((t) => t.name === 'churn@v2.0.0')!;
      assert.equal(light.annotated, false);
      assert.equal(light.tagObject, null);
      assert.equal(light.target, c[1]);
      assert.equal(light.date, T - 1000 + 2);
    } finally {
      repo.remove();
    }
  });

  it('odd subjects, multi-line messages and unicode tag names are read intact', async () => {
    const { repo, c } = repoWithCommits(1);
    try {
      const subject = 'Tab\there, "quotes", \'single\', %(refname) %00 \\0 ünïcødé 🚀 <b>html</b>';
      repo.tag('churn@v1.0.0', { rev: c[0], date: T, message: `${subject}\n\nbody line one\nbody line two` });
      repo.tag('churn@v1.1.0', { rev: c[0], date: T + 1, message: 'first line\nsecond line of the same paragraph' });
      repo.tag('модель@v1.0.0', { rev: c[0], date: T + 2, message: 'ünïcødé name' });
      repo.tag('models/日本/v1.0.0', { rev: c[0], date: T + 3 });
      const tags = await readTags(repo.dir, GIT);
      assert.deepEqual(tags.map((t) => t.name).sort(), ['churn@v1.0.0', 'churn@v1.1.0', 'models/日本/v1.0.0', 'модель@v1.0.0'].sort());
      assert.equal(tags.find((t) => t.name === 'churn@v1.0.0')!.subject, subject);
      // git joins the lines of the first paragraph into one subject line.
      assert.equal(tags.find((t) => t.name === 'churn@v1.1.0')!.subject, 'first line second line of the same paragraph');
      assert.equal(tags.find((t) => t.name === 'модель@v1.0.0')!.subject, 'ünïcødé name');
      for (const t of tags) assert.equal(t.target, c[0]);

      const reg = buildRegistry(tags, { gto: true, prefix: 'models' });
      assert.deepEqual(reg.models.map((m) => m.name), ['churn'], 'names outside GTO\'s ASCII grammar are not models');
      assert.equal(version(model(reg, 'churn'), 'v1.0.0').message, subject);
    } finally {
      repo.remove();
    }
  });

  it('the format string separates fields with NUL so subjects cannot break records', () => {
    assert.ok(TAG_FORMAT.endsWith('%00'));
    const record = (name: string, subject: string) =>
      [`refs/tags/${name}`, 'tag', 'a'.repeat(40), 'commit', 'b'.repeat(40), String(T), String(T), 'Ada', subject].join('\0') + '\0\n';
    const tags = parseTagRefs(record('m@v1.0.0', 'has\nnewline and\ttab') + record('m@v1.1.0', ''));
    assert.deepEqual(tags.map((t) => [t.name, t.subject]), [['m@v1.0.0', 'has\nnewline and\ttab'], ['m@v1.1.0', '']]);
  });
});

describe('registry: which tags count', () => {
  it('only annotated tags are events; lightweight GTO tags are ignored but still raise maxCounter', async () => {
    const { repo, c } = repoWithCommits(2);
    try {
      repo.tag('churn@v1.0.0', { rev: c[0], date: T });
      repo.lightweightTag('churn@v2.0.0', c[1]);
      repo.lightweightTag('churn#prod#7', c[1]);
      repo.lightweightTag('ghost#prod#4', c[1]);
      const reg = await registryOf(repo);
      const churn = model(reg, 'churn');
      assert.equal(churn.latest, 'v1.0.0');
      assert.deepEqual(churn.versions.map((v) => v.version), ['v1.0.0']);
      assert.deepEqual(churn.stages, {});
      assert.equal(churn.maxCounter, 7);
      assert.deepEqual(reg.models.map((m) => m.name), ['churn'], 'a model with only lightweight tags is not shown');
      assert.equal(reg.maxCounters.get('ghost'), 4, 'but its counter is still known for the next tag');
      assert.ok(reg.diagnostics.some((d) => d.severity === 'info' && /3 lightweight tags/.test(d.message)));
    } finally {
      repo.remove();
    }
  });

  it('tags that are not GTO tags are ignored', async () => {
    const { repo, c } = repoWithCommits(1);
    try {
      repo.tag('v1.0.0', { rev: c[0], date: T });
      repo.tag('wrong-tag-unrelated', { rev: c[0], date: T });
      repo.tag('model@v1', { rev: c[0], date: T });
      repo.tag('churn@v1.0.0', { rev: c[0], date: T });
      const reg = await registryOf(repo);
      assert.deepEqual(reg.models.map((m) => m.name), ['churn']);
      assert.equal(reg.tagCount, 4);
      assert.deepEqual(reg.diagnostics, []);
    } finally {
      repo.remove();
    }
  });

  it('tags pointing to a tree, a blob or another tag are ignored with a diagnostic', async () => {
    const { repo, c } = repoWithCommits(1);
    try {
      repo.tag('churn@v1.0.0', { rev: c[0], date: T });
      const tree = repo.git('rev-parse', `${c[0]}^{tree}`).trim();
      const blob = repo.git('rev-parse', `${c[0]}:model.txt`).trim();
      repo.tag('churn@v2.0.0', { rev: tree, date: T + 1 });
      repo.tag('churn#prod#1', { rev: blob, date: T + 2 });
      repo.tag('treeonly@v1.0.0', { rev: tree, date: T + 3 });
      repo.git('-c', 'advice.nestedTag=false', 'tag', '-a', '-m', 'nested', 'churn#staging#2', 'churn@v1.0.0');
      const reg = await registryOf(repo);
      const churn = model(reg, 'churn');
      assert.deepEqual(churn.versions.map((v) => v.version), ['v1.0.0']);
      assert.deepEqual(churn.stages, {});
      assert.equal(churn.maxCounter, 2);
      assert.deepEqual(reg.models.map((m) => m.name), ['churn']);
      const warnings = reg.diagnostics.filter((d) => d.severity === 'warning').map((d) => d.message);
      assert.ok(warnings.some((m) => m.includes('churn@v2.0.0') && m.includes('tree')), warnings.join('\n'));
      assert.ok(warnings.some((m) => m.includes('churn#prod#1') && m.includes('blob')), warnings.join('\n'));
      assert.ok(warnings.some((m) => m.includes('treeonly@v1.0.0')), warnings.join('\n'));
      assert.ok(warnings.some((m) => m.includes('churn#staging#2') && m.includes('points to a tag')), warnings.join('\n'));
    } finally {
      repo.remove();
    }
  });

  it('a @created tag matches the grammar but makes no event', async () => {
    const { repo, c } = repoWithCommits(1);
    try {
      repo.tag('churn@created', { rev: c[0], date: T });
      repo.tag('churn@v1.0.0', { rev: c[0], date: T + 1 });
      repo.tag('only@created#3', { rev: c[0], date: T + 2 });
      const reg = await registryOf(repo);
      assert.deepEqual(reg.models.map((m) => m.name), ['churn']);
      assert.equal(model(reg, 'churn').latest, 'v1.0.0');
      assert.equal(reg.maxCounters.get('only'), 3);
    } finally {
      repo.remove();
    }
  });

  it('under the plain and prefix conventions lightweight tags are versions too', async () => {
    const { repo, c } = repoWithCommits(3);
    try {
      repo.lightweightTag('v1.0.0', c[0]);
      repo.tag('v1.1.0', { rev: c[1], date: T });
      repo.lightweightTag('models/churn/v0.3.0', c[2]);
      const reg = await registryOf(repo, { gto: true, plainModel: 'classifier', prefix: 'models' });
      const classifier = model(reg, 'classifier');
      assert.equal(classifier.convention, 'plain');
      assert.equal(classifier.latest, 'v1.1.0');
      assert.equal(version(classifier, 'v1.0.0').commit, c[0]);
      const churn = model(reg, 'churn');
      assert.equal(churn.convention, 'prefix');
      assert.equal(churn.latest, 'v0.3.0');
      assert.ok(!reg.diagnostics.some((d) => /lightweight/.test(d.message)));
    } finally {
      repo.remove();
    }
  });
});

describe('registry: latest version', () => {
  it('latest is the highest SemVer among registered versions, not the newest tag', async () => {
    const { repo, c } = repoWithCommits(4);
    try {
      repo.tag('churn@v1.10.0', { rev: c[0], date: T });
      repo.tag('churn@v1.9.0', { rev: c[1], date: T + 10 });
      repo.tag('churn@v2.0.0-rc.1', { rev: c[2], date: T + 20 });
      repo.tag('churn@v1.2.0', { rev: c[3], date: T + 30 });
      const churn = model(await registryOf(repo), 'churn');
      assert.equal(churn.latest, 'v2.0.0-rc.1');
      assert.deepEqual(churn.versions.map((v) => v.version), ['v2.0.0-rc.1', 'v1.10.0', 'v1.9.0', 'v1.2.0']);
      assert.ok(churn.versions.every((v) => v.registered && v.active));
      assert.equal(version(churn, 'v1.9.0').commit, c[1]);
      assert.equal(version(churn, 'v1.9.0').date, T + 10);
      assert.equal(version(churn, 'v1.9.0').tag, 'churn@v1.9.0');
    } finally {
      repo.remove();
    }
  });

  it('a release outranks its own pre-release', async () => {
    const { repo, c } = repoWithCommits(2);
    try {
      repo.tag('churn@v2.0.0', { rev: c[0], date: T });
      repo.tag('churn@v2.0.0-rc.9', { rev: c[1], date: T + 10 });
      assert.equal(model(await registryOf(repo), 'churn').latest, 'v2.0.0');
    } finally {
      repo.remove();
    }
  });

  it('a deregistered version is not latest, and registering it again restores it', async () => {
    const { repo, c } = repoWithCommits(2);
    try {
      repo.tag('churn@v1.0.0', { rev: c[0], date: T });
      repo.tag('churn@v1.1.0', { rev: c[1], date: T + 10 });
      repo.tag('churn@v1.1.0!', { rev: c[1], date: T + 20 });
      let churn = model(await registryOf(repo), 'churn');
      assert.equal(churn.latest, 'v1.0.0');
      assert.equal(version(churn, 'v1.1.0').active, false);
      assert.equal(version(churn, 'v1.1.0').registered, true);

      repo.tag('churn@v1.1.0#3', { rev: c[1], date: T + 30, message: 'again' });
      churn = model(await registryOf(repo), 'churn');
      assert.equal(churn.latest, 'v1.1.0');
      assert.equal(version(churn, 'v1.1.0').active, true);
      assert.equal(version(churn, 'v1.1.0').tag, 'churn@v1.1.0#3', 'the newest registration describes the version');
      assert.equal(version(churn, 'v1.1.0').message, 'again');
    } finally {
      repo.remove();
    }
  });

  it('a model whose every version is deregistered has no latest', async () => {
    const { repo, c } = repoWithCommits(1);
    try {
      repo.tag('churn@v1.0.0', { rev: c[0], date: T });
      repo.tag('churn@v1.0.0!', { rev: c[0], date: T + 10 });
      const churn = model(await registryOf(repo), 'churn');
      assert.equal(churn.latest, null);
      assert.equal(churn.deprecated, false);
    } finally {
      repo.remove();
    }
  });
});

describe('registry: stages', () => {
  it('a stage tag on the same commit as v1.2.0 puts v1.2.0 in prod', async () => {
    const { repo, c } = repoWithCommits(2);
    try {
      repo.tag('churn@v1.1.0', { rev: c[0], date: T });
      repo.tag('churn@v1.2.0', { rev: c[1], date: T + 10 });
      repo.tag('churn#prod#1', { rev: c[1], date: T + 20 });
      const churn = model(await registryOf(repo), 'churn');
      assert.deepEqual(churn.stages, { prod: 'v1.2.0' });
      assert.deepEqual(version(churn, 'v1.2.0').stages, ['prod']);
      assert.deepEqual(version(churn, 'v1.2.0').stageTags, ['churn#prod#1']);
      assert.deepEqual(version(churn, 'v1.1.0').stages, []);
      assert.deepEqual(churn.stageEvents, [{ stage: 'prod', action: 'assign', tag: 'churn#prod#1', commit: c[1], date: T + 20, counter: 1 }]);
    } finally {
      repo.remove();
    }
  });

  it('the most recent assignment wins, even when it is a lower version', async () => {
    const { repo, c } = repoWithCommits(2);
    try {
      repo.tag('churn@v1.0.0', { rev: c[0], date: T });
      repo.tag('churn@v2.0.0', { rev: c[1], date: T + 1 });
      repo.tag('churn#prod#1', { rev: c[1], date: T + 10 });
      repo.tag('churn#prod#2', { rev: c[0], date: T + 20 });
      const churn = model(await registryOf(repo), 'churn');
      assert.deepEqual(churn.stages, { prod: 'v1.0.0' });
      assert.equal(churn.latest, 'v2.0.0');
      assert.deepEqual(version(churn, 'v2.0.0').stages, [], 'v2.0.0 still has its assignment, but is outranked');
    } finally {
      repo.remove();
    }
  });

  it('a registration tagged after the stage tag still owns the stage', async () => {
    const { repo, c } = repoWithCommits(1);
    try {
      repo.tag('churn#dev#1', { rev: c[0], date: T });
      repo.tag('churn@v0.1.0', { rev: c[0], date: T + 10 });
      const churn = model(await registryOf(repo), 'churn');
      assert.deepEqual(churn.stages, { dev: 'v0.1.0' });
      assert.deepEqual(churn.versions.map((v) => v.version), ['v0.1.0']);
    } finally {
      repo.remove();
    }
  });

  it('an unassignment makes the previous assignment visible again', async () => {
    const { repo, c } = repoWithCommits(2);
    try {
      repo.tag('churn@v1.0.0', { rev: c[0], date: T });
      repo.tag('churn@v2.0.0', { rev: c[1], date: T + 1 });
      repo.tag('churn#prod#1', { rev: c[0], date: T + 10 });
      repo.tag('churn#prod#2', { rev: c[1], date: T + 20 });
      assert.deepEqual(model(await registryOf(repo), 'churn').stages, { prod: 'v2.0.0' });
      repo.tag('churn#prod!#3', { rev: c[1], date: T + 30 });
      const churn = model(await registryOf(repo), 'churn');
      assert.deepEqual(churn.stages, { prod: 'v1.0.0' });
      assert.deepEqual(version(churn, 'v1.0.0').stages, ['prod']);
      assert.deepEqual(version(churn, 'v2.0.0').stages, []);
    } finally {
      repo.remove();
    }
  });

  it('unassigning the only holder leaves the stage empty, and assigning again restores it', async () => {
    const { repo, c } = repoWithCommits(1);
    try {
      repo.tag('churn@v1.0.0', { rev: c[0], date: T });
      repo.tag('churn#prod#1', { rev: c[0], date: T + 10 });
      repo.tag('churn#staging#2', { rev: c[0], date: T + 11 });
      repo.tag('churn#prod!#3', { rev: c[0], date: T + 20 });
      let churn = model(await registryOf(repo), 'churn');
      assert.deepEqual(churn.stages, { staging: 'v1.0.0' });
      repo.tag('churn#prod#4', { rev: c[0], date: T + 30 });
      churn = model(await registryOf(repo), 'churn');
      assert.deepEqual(churn.stages, { staging: 'v1.0.0', prod: 'v1.0.0' });
      assert.deepEqual(version(churn, 'v1.0.0').stages, ['staging', 'prod'], 'in the order they were assigned');
    } finally {
      repo.remove();
    }
  });

  it('a deregistered version loses its stages and the previous holder reappears; registering again restores them', async () => {
    const { repo, c } = repoWithCommits(2);
    try {
      repo.tag('churn@v1.0.0', { rev: c[0], date: T });
      repo.tag('churn@v2.0.0', { rev: c[1], date: T + 1 });
      repo.tag('churn#prod#1', { rev: c[0], date: T + 10 });
      repo.tag('churn#prod#2', { rev: c[1], date: T + 20 });
      repo.tag('churn#dev#3', { rev: c[1], date: T + 21 });
      repo.tag('churn@v2.0.0!', { rev: c[1], date: T + 30 });
      let churn = model(await registryOf(repo), 'churn');
      assert.deepEqual(churn.stages, { prod: 'v1.0.0' });
      assert.equal(churn.latest, 'v1.0.0');
      assert.deepEqual(version(churn, 'v2.0.0').stages, []);

      repo.tag('churn@v2.0.0#4', { rev: c[1], date: T + 40 });
      churn = model(await registryOf(repo), 'churn');
      assert.deepEqual(churn.stages, { prod: 'v2.0.0', dev: 'v2.0.0' });
      assert.equal(churn.latest, 'v2.0.0');
    } finally {
      repo.remove();
    }
  });

  it('a stage tagged on a deregistered version stays hidden', async () => {
    const { repo, c } = repoWithCommits(2);
    try {
      repo.tag('churn@v1.0.0', { rev: c[0], date: T });
      repo.tag('churn@v2.0.0', { rev: c[1], date: T + 1 });
      repo.tag('churn@v2.0.0!', { rev: c[1], date: T + 2 });
      repo.tag('churn#prod#1', { rev: c[0], date: T + 10 });
      repo.tag('churn#prod#2', { rev: c[1], date: T + 20 });
      assert.deepEqual(model(await registryOf(repo), 'churn').stages, { prod: 'v1.0.0' });
    } finally {
      repo.remove();
    }
  });

  it('a stage on a commit with no registered version shows that commit id', async () => {
    const { repo, c } = repoWithCommits(2);
    try {
      repo.tag('churn#staging#1', { rev: c[1], date: T });
      repo.tag('churn#prod#2', { rev: c[1], date: T + 10 });
      const churn = model(await registryOf(repo), 'churn');
      assert.deepEqual(churn.stages, { staging: c[1], prod: c[1] });
      assert.equal(churn.latest, null);
      assert.equal(churn.versions.length, 1, 'one version for the commit, however many stage tags');
      const v = churn.versions[0]!;
      assert.equal(v.version, c[1]);
      assert.equal(v.commit, c[1]);
      assert.equal(v.registered, false);
      assert.equal(v.active, true);
      assert.equal(v.semver, undefined);
    } finally {
      repo.remove();
    }
  });

  it('unassigning a stage on an unregistered commit clears it', async () => {
    // Read literally, GTO's base.py files each stage tag on such a commit under its own copy of
    // the commit's version, so its unassignment would never hide the assignment; we follow the
    // evident intent instead.
    const { repo, c } = repoWithCommits(1);
    try {
      repo.tag('churn#staging#1', { rev: c[0], date: T });
      repo.tag('churn#staging!#2', { rev: c[0], date: T + 10 });
      assert.deepEqual(model(await registryOf(repo), 'churn').stages, {});
    } finally {
      repo.remove();
    }
  });

  it('registered versions sort before commit-id versions', async () => {
    const { repo, c } = repoWithCommits(2);
    try {
      repo.tag('churn@v0.0.1', { rev: c[0], date: T });
      repo.tag('churn#dev#1', { rev: c[1], date: T + 10 });
      const churn = model(await registryOf(repo), 'churn');
      assert.deepEqual(churn.versions.map((v) => v.version), ['v0.0.1', c[1]]);
      assert.equal(churn.latest, 'v0.0.1');
      assert.deepEqual(churn.stages, { dev: c[1] });
    } finally {
      repo.remove();
    }
  });

  it("GTO's showcase: rf#production shows v1.2.3 after its forced re-assignment", async () => {
    const { repo, c } = repoWithCommits(2);
    try {
      repo.tag('rf@v1.2.3', { rev: c[0], date: T, message: 'Registering artifact rf version v1.2.3' });
      repo.tag('rf@v1.2.4', { rev: c[1], date: T + 1, message: 'Registering artifact rf version v1.2.4' });
      repo.tag('rf#production#1', { rev: c[0], date: T + 2 });
      repo.tag('rf#staging#2', { rev: c[1], date: T + 3 });
      repo.tag('rf#production#3', { rev: c[1], date: T + 4 });
      repo.tag('rf#production#4', { rev: c[0], date: T + 5 });
      const rf = model(await registryOf(repo), 'rf');
      assert.equal(rf.latest, 'v1.2.4');
      assert.deepEqual(rf.stages, { production: 'v1.2.3', staging: 'v1.2.4' });
      assert.deepEqual(version(rf, 'v1.2.3').stages, ['production']);
      assert.deepEqual(version(rf, 'v1.2.4').stages, ['staging']);
      assert.equal(rf.maxCounter, 4);
      assert.equal(version(rf, 'v1.2.3').message, 'Registering artifact rf version v1.2.3');
      assert.equal(version(rf, 'v1.2.3').tagger, 'Ada Lovelace');
    } finally {
      repo.remove();
    }
  });

  it('same-second events are ordered by counter, not by tag name', async () => {
    const { repo, c } = repoWithCommits(2);
    try {
      repo.tag('churn@v1.0.0', { rev: c[0], date: T });
      repo.tag('churn@v2.0.0', { rev: c[1], date: T });
      // By name 'churn#prod#9' sorts after 'churn#prod#10'; by counter it is older.
      repo.tag('churn#prod#9', { rev: c[1], date: T + 10 });
      repo.tag('churn#prod#10', { rev: c[0], date: T + 10 });
      assert.deepEqual(model(await registryOf(repo), 'churn').stages, { prod: 'v1.0.0' });
    } finally {
      repo.remove();
    }
  });

  it('an unassignment in the same second as its assignment wins', async () => {
    const { repo, c } = repoWithCommits(1);
    try {
      repo.tag('churn@v1.0.0', { rev: c[0], date: T });
      repo.tag('churn#prod#1', { rev: c[0], date: T + 10 });
      repo.tag('churn#prod!#2', { rev: c[0], date: T + 10 });
      repo.tag('churn#dev', { rev: c[0], date: T + 20 });
      repo.tag('churn#dev!', { rev: c[0], date: T + 20 });
      assert.deepEqual(model(await registryOf(repo), 'churn').stages, {});
    } finally {
      repo.remove();
    }
  });

  it('a stage named like an Object property still shows', async () => {
    const { repo, c } = repoWithCommits(1);
    try {
      repo.tag('churn@v1.0.0', { rev: c[0], date: T });
      repo.tag('churn#constructor#1', { rev: c[0], date: T + 10 });
      repo.tag('churn#toString#2', { rev: c[0], date: T + 11 });
      const churn = model(await registryOf(repo), 'churn');
      assert.equal(Object.keys(churn.stages).sort().join(','), 'constructor,toString');
      assert.equal(churn.stages['constructor'], 'v1.0.0');
      assert.deepEqual(version(churn, 'v1.0.0').stages, ['constructor', 'toString']);
    } finally {
      repo.remove();
    }
  });
});

describe('registry: hand-made tags GTO itself would not create', () => {
  it('a deregistration with no registration on its commit hides stage tags there, as in GTO', async () => {
    const { repo, c } = repoWithCommits(2);
    try {
      repo.tag('churn@v1.0.0', { rev: c[0], date: T });
      repo.tag('churn#prod#1', { rev: c[0], date: T + 1 });
      repo.tag('churn@v9.0.0!', { rev: c[1], date: T + 10 });
      repo.tag('churn#prod#2', { rev: c[1], date: T + 20 });
      const reg = await registryOf(repo);
      const churn = model(reg, 'churn');
      assert.deepEqual(churn.stages, { prod: 'v1.0.0' });
      assert.equal(churn.latest, 'v1.0.0');
      const ghost = version(churn, 'v9.0.0');
      assert.equal(ghost.registered, false);
      assert.equal(ghost.active, false);
      assert.ok(reg.diagnostics.some((d) => d.severity === 'warning' && d.message.includes('churn@v9.0.0!')));
    } finally {
      repo.remove();
    }
  });

  it('a deregistration dated before its registration does not deregister it', async () => {
    const { repo, c } = repoWithCommits(1);
    try {
      repo.tag('churn@v1.0.0!', { rev: c[0], date: T });
      repo.tag('churn@v1.0.0', { rev: c[0], date: T + 10 });
      const reg = await registryOf(repo);
      const churn = model(reg, 'churn');
      assert.equal(churn.latest, 'v1.0.0');
      assert.equal(version(churn, 'v1.0.0').active, true);
      assert.deepEqual(reg.diagnostics, []);
    } finally {
      repo.remove();
    }
  });

  it('the same version registered on two commits is two versions, each holding its own stages', async () => {
    const { repo, c } = repoWithCommits(2);
    try {
      repo.tag('churn@v1.0.0', { rev: c[0], date: T });
      repo.tag('churn@v1.0.0#1', { rev: c[1], date: T + 10 });
      repo.tag('churn#prod#2', { rev: c[1], date: T + 20 });
      const reg = await registryOf(repo);
      const churn = model(reg, 'churn');
      assert.deepEqual(churn.versions.map((v) => [v.version, v.commit]).sort(), [['v1.0.0', c[0]], ['v1.0.0', c[1]]].sort());
      assert.deepEqual(churn.stages, { prod: 'v1.0.0' });
      assert.deepEqual(churn.versions.find((v) => v.commit === c[1])!.stages, ['prod']);
      assert.deepEqual(churn.versions.find((v) => v.commit === c[0])!.stages, []);
      assert.ok(reg.diagnostics.some((d) => d.severity === 'warning' && /v1\.0\.0 is registered on 2 commits/.test(d.message)));
    } finally {
      repo.remove();
    }
  });

  it('two versions on one commit: a stage tag there goes to the highest active one, with a warning', async () => {
    const { repo, c } = repoWithCommits(1);
    try {
      repo.tag('churn@v1.0.0', { rev: c[0], date: T });
      repo.tag('churn@v1.1.0', { rev: c[0], date: T + 1 });
      repo.tag('churn@v1.1.0!', { rev: c[0], date: T + 2 });
      repo.tag('churn#prod#1', { rev: c[0], date: T + 10 });
      const reg = await registryOf(repo);
      assert.deepEqual(model(reg, 'churn').stages, { prod: 'v1.0.0' });
      assert.ok(reg.diagnostics.some((d) => d.severity === 'warning' && d.message.includes('churn#prod#1')));
    } finally {
      repo.remove();
    }
  });
});

describe('registry: deprecation', () => {
  it('a deprecated model is marked, and keeps its versions and stages', async () => {
    const { repo, c } = repoWithCommits(1);
    try {
      repo.tag('churn@v1.0.0', { rev: c[0], date: T });
      repo.tag('churn#prod#1', { rev: c[0], date: T + 10 });
      repo.tag('churn@deprecated', { rev: c[0], date: T + 20 });
      const churn = model(await registryOf(repo), 'churn');
      assert.equal(churn.deprecated, true);
      assert.equal(churn.latest, 'v1.0.0');
      assert.deepEqual(churn.stages, { prod: 'v1.0.0' });
    } finally {
      repo.remove();
    }
  });

  it('any later event revives a deprecated model', async () => {
    for (const [later, on] of [['churn@v1.1.0', 1], ['churn#prod#2', 0], ['churn#prod!#2', 0], ['churn@v1.0.0!', 0]] as const) {
      const { repo, c } = repoWithCommits(2);
      try {
        repo.tag('churn@v1.0.0', { rev: c[0], date: T });
        repo.tag('churn@deprecated', { rev: c[0], date: T + 10 });
        repo.tag(later, { rev: c[on], date: T + 20 });
        assert.equal(model(await registryOf(repo), 'churn').deprecated, false, later);
      } finally {
        repo.remove();
      }
    }
  });

  it('an event before the deprecation does not revive it, whatever the tag names', async () => {
    const { repo, c } = repoWithCommits(1);
    try {
      repo.tag('churn@deprecated#1', { rev: c[0], date: T + 20 });
      repo.tag('churn@v9.0.0', { rev: c[0], date: T + 10 });
      repo.tag('churn#prod#5', { rev: c[0], date: T + 15 });
      assert.equal(model(await registryOf(repo), 'churn').deprecated, true);
    } finally {
      repo.remove();
    }
  });

  it('a deprecation in the same second as a version event, without counters to tell, does not win', async () => {
    const { repo, c } = repoWithCommits(1);
    try {
      repo.tag('churn@v1.0.0', { rev: c[0], date: T });
      repo.tag('churn@deprecated', { rev: c[0], date: T + 10 });
      // By tag name 'churn#prod' sorts before 'churn@deprecated'; GTO still counts the assignment as newer.
      repo.tag('churn#prod', { rev: c[0], date: T + 10 });
      assert.equal(model(await registryOf(repo), 'churn').deprecated, false);
    } finally {
      repo.remove();
    }
  });
});

describe('registry: names and counters', () => {
  it('dirname=name tags make the model dirname:name', async () => {
    const { repo, c } = repoWithCommits(2);
    try {
      repo.tag('nlp=churn@v1.0.0', { rev: c[0], date: T });
      repo.tag('nlp=churn#prod#1', { rev: c[0], date: T + 10 });
      repo.tag('churn@v5.0.0', { rev: c[1], date: T + 20 });
      repo.tag('some/folder=some/artifact@v0.1.0', { rev: c[1], date: T + 30 });
      const reg = await registryOf(repo);
      assert.deepEqual(reg.models.map((m) => m.name), ['churn', 'nlp:churn', 'some/folder:some/artifact']);
      const nlp = model(reg, 'nlp:churn');
      assert.equal(nlp.dirname, 'nlp');
      assert.equal(nlp.latest, 'v1.0.0');
      assert.deepEqual(nlp.stages, { prod: 'v1.0.0' });
      assert.equal(nlp.maxCounter, 1);
      assert.equal(model(reg, 'churn').dirname, undefined);
      assert.deepEqual(model(reg, 'churn').stages, {});
      assert.equal(model(reg, 'some/folder:some/artifact').dirname, 'some/folder');
    } finally {
      repo.remove();
    }
  });

  it('models are independent and listed by name', async () => {
    const { repo, c } = repoWithCommits(2);
    try {
      repo.tag('segment@v0.2.0', { rev: c[0], date: T });
      repo.tag('churn@v3.0.0', { rev: c[0], date: T + 1 });
      repo.tag('churn@v3.1.0', { rev: c[1], date: T + 2 });
      repo.tag('churn#prod#1', { rev: c[0], date: T + 10 });
      repo.tag('segment#prod#6', { rev: c[0], date: T + 11 });
      repo.tag('cv-class@v0.1.13', { rev: c[1], date: T + 12 });
      repo.tag('churn#staging#2', { rev: c[1], date: T + 13 });
      const reg = await registryOf(repo);
      assert.deepEqual(reg.models.map((m) => [m.name, m.latest, m.stages, m.maxCounter]), [
        ['churn', 'v3.1.0', { prod: 'v3.0.0', staging: 'v3.1.0' }, 2],
        ['cv-class', 'v0.1.13', {}, 0],
        ['segment', 'v0.2.0', { prod: 'v0.2.0' }, 6],
      ]);
    } finally {
      repo.remove();
    }
  });

  it('maxCounter is the highest #N over every action and stage of the model, not per stage', async () => {
    const { repo, c } = repoWithCommits(1);
    try {
      repo.tag('churn@v1.0.0', { rev: c[0], date: T });
      repo.tag('churn#staging#1', { rev: c[0], date: T + 1 });
      repo.tag('churn#prod#2', { rev: c[0], date: T + 2 });
      repo.tag('churn#dev#3', { rev: c[0], date: T + 3 });
      repo.tag('churn#dev!#11', { rev: c[0], date: T + 4 });
      repo.tag('churn@deprecated#5', { rev: c[0], date: T + 5 });
      repo.tag('churn#legacy', { rev: c[0], date: T + 6 });
      repo.tag('nlp=churn#prod#40', { rev: c[0], date: T + 7 });
      const reg = await registryOf(repo);
      assert.equal(model(reg, 'churn').maxCounter, 11);
      assert.equal(reg.maxCounters.get('churn'), 11);
      assert.equal(model(reg, 'nlp:churn').maxCounter, 40, 'a dirname model counts its own tags only');
    } finally {
      repo.remove();
    }
  });

  it('a model without counters starts from 0', async () => {
    const { repo, c } = repoWithCommits(1);
    try {
      repo.tag('churn@v1.0.0', { rev: c[0], date: T });
      repo.tag('churn#prod', { rev: c[0], date: T + 1 });
      const churn = model(await registryOf(repo), 'churn');
      assert.equal(churn.maxCounter, 0);
      assert.deepEqual(churn.stages, { prod: 'v1.0.0' });
    } finally {
      repo.remove();
    }
  });
});

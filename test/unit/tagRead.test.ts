// Reading every tag: the streamed parse, and the read the CLI's list starts before the
// repository is opened.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { EarlyTagRead, parseTagRefs, readTags, TagParser, TAG_FORMAT } from '../../src/git/refs';
import type { TagRef } from '../../src/core/types';
import { main } from '../../src/cli/main';
import { makeRepo, type TestRepo } from './helpers/gitRepo';

const config = { gitPath: 'git' };

describe('reading all tags', () => {
  let repo: TestRepo;
  let c1: string;
  let c2: string;
  before(() => {
    repo = makeRepo();
    c1 = repo.commit('one', { 'a.txt': '1' });
    c2 = repo.commit('two', { 'sub/b.txt': '2' });
    repo.tag('churn@v1.0.0', { rev: c1, date: 1_700_000_000, message: 'Registering churn v1.0.0' });
    repo.tag('churn#prod#1', { rev: c2, date: 1_700_000_100, message: 'prod, with ünïcödé in the subject' });
    repo.lightweightTag('churn@v0.9.0', c1);
    for (let i = 0; i < 400; i++) repo.tag(`bulk-${String(i).padStart(3, '0')}@v1.0.${i}`, { rev: c2, date: 1_700_000_200 + i, message: `bulk ${i} ${'x'.repeat(i % 50)}` });
  });
  after(() => repo.remove());

  it('gives every tag with its type, target, date, tagger and subject', async () => {
    const tags = await readTags(repo.dir, config);
    assert.equal(tags.length, 403);
    const reg = tags.find((t) => t.name === 'churn@v1.0.0')!;
    assert.equal(reg.annotated, true);
    assert.equal(reg.targetType, 'commit');
    assert.equal(reg.target, c1);
    assert.match(reg.tagObject!, /^[0-9a-f]{40}$/);
    assert.equal(reg.date, 1_700_000_000);
    assert.equal(reg.tagger, 'Ada Lovelace');
    assert.equal(reg.subject, 'Registering churn v1.0.0');
    assert.equal(tags.find((t) => t.name === 'churn#prod#1')!.subject, 'prod, with ünïcödé in the subject');
    const light = tags.find((t) => t.name === 'churn@v0.9.0')!;
    assert.deepEqual([light.annotated, light.tagObject, light.targetType, light.target], [false, null, 'commit', c1]);
  });

  it('the streamed read and a parse of the whole output agree tag for tag, in order', async () => {
    const whole = parseTagRefs(repo.git('for-each-ref', `--format=${TAG_FORMAT}`, 'refs/tags'));
    const seen: string[] = [];
    const streamed = await readTags(repo.dir, config, undefined, (t) => seen.push(t.name));
    assert.deepEqual(streamed, whole);
    assert.deepEqual(seen, whole.map((t) => t.name));
  });

  it('output cut anywhere (inside a record, a field, a UTF-8 character) parses the same', () => {
    const bytes = Buffer.from(repo.git('for-each-ref', `--format=${TAG_FORMAT}`, 'refs/tags'), 'utf8');
    const whole = parseTagRefs(bytes);
    assert.equal(whole.length, 403);
    for (const size of [1, 2, 3, 7, 64, 1000]) {
      const got: TagRef[] = [];
      const parser = new TagParser((t) => got.push(t));
      for (let i = 0; i < bytes.length; i += size) parser.write(bytes.subarray(i, i + size));
      parser.end();
      assert.deepEqual(got, whole, `chunks of ${size} bytes`);
    }
  });

  it('a read started in a subfolder and taken over by the repository root gives the same tags', async () => {
    const expected = await readTags(repo.dir, config);
    const early = new EarlyTagRead(path.join(repo.dir, 'sub'), config);
    // Let git finish before anyone takes the output over: it waits in memory.
    await new Promise((resolve) => setTimeout(resolve, 300));
    early.adopt(repo.dir);
    const seen: string[] = [];
    assert.deepEqual(await readTags(repo.dir, config, undefined, (t) => seen.push(t.name)), expected);
    assert.equal(seen.length, expected.length);
  });

  it('a cancelled early read is not used: the next read sees a tag made after it', async () => {
    const early = new EarlyTagRead(repo.dir, config);
    early.adopt(repo.dir);
    early.cancel();
    repo.tag('late@v1.0.0', { rev: c2, date: 1_700_001_000 });
    try {
      assert.ok((await readTags(repo.dir, config)).some((t) => t.name === 'late@v1.0.0'));
    } finally {
      repo.git('tag', '-d', 'late@v1.0.0');
    }
  });

  it('list in a folder that does not exist: exit 1 with the usual message, whatever the early read met', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(['list', '--json', '--repo', path.join(repo.dir, 'missing')], { out: (s) => out.push(s), err: (s) => err.push(s) });
    assert.equal(code, 1);
    assert.equal(out.join(''), '');
    assert.match(err.join(''), /missing does not exist/);
  });

  it('list --json run twice in one process gives the same answer (no read is reused)', async () => {
    const run = async () => {
      const out: string[] = [];
      assert.equal(await main(['list', '--json', '--repo', repo.dir], { out: (s) => out.push(s), err: () => undefined }), 0);
      return out.join('');
    };
    const first = await run();
    repo.tag('churn@v2.0.0', { rev: c2, date: 1_700_002_000 });
    try {
      const second = await run();
      assert.notEqual(second, first);
      assert.equal(JSON.parse(second).models.find((m: { name: string }) => m.name === 'churn').latest, 'v2.0.0');
    } finally {
      repo.git('tag', '-d', 'churn@v2.0.0');
    }
  });
});

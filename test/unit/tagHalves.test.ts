// Reading every tag as two halves at once: whatever the pivot, the first half's output followed by
// the second's must be byte for byte what one `git for-each-ref` of refs/tags writes.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { pivotBetween, splitPatterns, tagHalves } from '../../src/git/tagHalves';
import { EarlyTagRead, parseTagRefs, readTagTable, readTags, TAG_FORMAT } from '../../src/git/refs';
import { makeRepo, type TestRepo } from './helpers/gitRepo';

const config = { gitPath: 'git' };

/** Characters a tag name may hold, with the ones next to `/` and the class delimiters in byte order. */
const ALPHABET = [...'!"#$%&\'()+,-.0123456789;<=>@ABYZ]_`abyz{|}', 'é', 'ü', '日', '😀'];

/** A deterministic stream of numbers (no flaky names between runs). */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function validName(name: string): boolean {
  return (
    name !== '' &&
    name !== '@' &&
    !name.startsWith('/') &&
    !name.endsWith('/') &&
    !name.endsWith('.') &&
    !name.includes('//') &&
    !name.includes('..') &&
    !name.includes('@{') &&
    name.split('/').every((part) => !part.startsWith('.') && !part.endsWith('.lock'))
  );
}

/** Names with odd characters, folders of tags (`team/…`), and names that are prefixes of others. */
function oddNames(count: number, next: () => number): string[] {
  const names = new Set<string>();
  const folders = new Set<string>();
  const pick = () => ALPHABET[Math.floor(next() * ALPHABET.length)]!;
  while (names.size < count) {
    let name = '';
    const length = 1 + Math.floor(next() * 6);
    for (let i = 0; i < length; i++) name += pick();
    if (next() < 0.25) name += '/' + pick() + pick();
    if (next() < 0.1) name += '/' + pick();
    if (!validName(name)) continue;
    // git keeps no ref where another ref's folder is (refs/tags/a beside refs/tags/a/b).
    const parts = name.split('/');
    const own = parts.slice(0, -1).map((_, i) => parts.slice(0, i + 1).join('/'));
    if (own.some((f) => names.has(f)) || folders.has(name)) continue;
    names.add(name);
    for (const f of own) folders.add(f);
  }
  return [...names];
}

function forEachRef(dir: string, patterns: readonly string[]): Buffer {
  return execFileSync('git', ['for-each-ref', `--format=${TAG_FORMAT}`, '--end-of-options', ...patterns], { cwd: dir, maxBuffer: 1 << 28 });
}

function createTags(dir: string, names: readonly string[], oid: string): void {
  execFileSync('git', ['update-ref', '--stdin'], { cwd: dir, input: names.map((n) => `create refs/tags/${n} ${oid}\n`).join('') });
}

describe('two halves of the tags', () => {
  let repo: TestRepo;
  let names: string[];
  let whole: Buffer;
  before(() => {
    repo = makeRepo();
    const c = repo.commit('one', { 'a.txt': '1' });
    names = oddNames(600, random(17));
    // Prefixes of one another and a GTO-like family, packed and loose.
    names.push('m', 'mo', 'model', 'model-1', 'model-1@v1.0.0', 'model-1#prod#1', 'model-10@v1.0.0', 'model-2@v1.0.0');
    createTags(repo.dir, names, c);
    repo.git('pack-refs', '--all');
    createTags(repo.dir, ['loose-after-packing', 'model-15@v2', 'zz/loose'], c);
    repo.tag('annotated@v1', { message: 'an annotated one' });
    whole = forEachRef(repo.dir, ['refs/tags']);
  });
  after(() => repo.remove());

  it('split at any pivot, list every tag once and in git’s order', () => {
    const next = random(99);
    const pivots = new Set<string>(['!', '~', 'model-1', 'model-1@', 'model-15', 'm', 'zz/', 'zz/l', 'a/b', '}', ']', '@', '-', '/x']);
    for (const n of names.slice(0, 60)) {
      pivots.add(pivotBetween('', n));
      // Each start of a name, ASCII or not, cut where a pattern cannot hold it.
      for (let i = 1; i <= n.length; i++) pivots.add(pivotBetween(n.slice(0, i - 1), n.slice(0, i)));
    }
    for (let i = 0; i < 30; i++) pivots.add(String.fromCharCode(...Array.from({ length: 1 + Math.floor(next() * 5) }, () => 0x21 + Math.floor(next() * 94))));
    let checked = 0;
    for (const pivot of pivots) {
      const split = splitPatterns(pivot);
      if (!split) continue;
      const below = forEachRef(repo.dir, split.below);
      const above = forEachRef(repo.dir, split.atOrAbove);
      assert.ok(Buffer.concat([below, above]).equals(whole), `pivot ${JSON.stringify(pivot)}: halves differ from one listing`);
      // And the halves are what they say: below the pivot, then at or above it, byte for byte.
      const cut = Buffer.from(pivot);
      for (const t of parseTagRefs(below)) assert.ok(Buffer.compare(Buffer.from(t.name), cut) < 0, `${t.name} is not below ${pivot}`);
      for (const t of parseTagRefs(above)) assert.ok(Buffer.compare(Buffer.from(t.name), cut) >= 0, `${t.name} is below ${pivot}`);
      checked++;
    }
    assert.ok(checked > 100, `only ${checked} pivots checked`);
  });

  it('refuses a pivot a pattern cannot hold', () => {
    for (const pivot of ['', '!', 'a b', 'é', 'a*', 'a?', 'a[', 'a\\b', '\x7f']) assert.equal(splitPatterns(pivot), undefined, JSON.stringify(pivot));
    assert.equal(pivotBetween('model-2000@v1', 'model-2500@v1'), 'model-25');
    assert.equal(pivotBetween('modèle-1', 'modèle-2'), 'mod');
  });
});

describe('reading every tag in two processes', () => {
  let repo: TestRepo;
  before(() => {
    repo = makeRepo();
    const c1 = repo.commit('one', { 'a.txt': '1' });
    repo.commit('two', { 'a.txt': '2' });
    // Enough packed tags (some 200 KB of packed-refs) for the read to split.
    const names = Array.from({ length: 3500 }, (_, i) => `model-${String(i % 700).padStart(3, '0')}@v${Math.floor(i / 700)}.0.0`);
    createTags(repo.dir, names, c1);
    for (let i = 0; i < 20; i++) repo.tag(`annotated-${i}#prod#${i}`, { message: `promoted ${i}`, date: 1_700_000_000 + i });
    repo.git('pack-refs', '--all');
    // Loose tags on both sides of any pivot: they are not in packed-refs, so not where it is chosen.
    createTags(repo.dir, ['aaa-loose@v1.0.0', 'model-350@v9.0.0', 'zzz-loose@v1.0.0', 'team/model-1@v1.0.0'], c1);
  });
  after(() => repo.remove());

  it('splits a repository with thousands of packed tags', () => {
    const halves = tagHalves(repo.dir);
    assert.ok(halves, 'no split');
    const below = parseTagRefs(forEachRef(repo.dir, halves.below)).length;
    const above = parseTagRefs(forEachRef(repo.dir, halves.atOrAbove)).length;
    // Balanced: neither half is more than two thirds of the tags.
    assert.ok(Math.max(below, above) < ((below + above) * 2) / 3, `halves of ${below} and ${above}`);
  });

  it('readTags, readTagTable and the early read give what one for-each-ref gives, in order', async () => {
    const expected = parseTagRefs(forEachRef(repo.dir, ['refs/tags']));
    assert.equal(expected.length, 3524);
    assert.deepEqual(await readTags(repo.dir, config), expected);
    const table = await readTagTable(repo.dir, config);
    assert.deepEqual(
      Array.from({ length: table.size }, (_, i) => table.name(i)),
      expected.map((t) => t.name),
    );
    const early = new EarlyTagRead(repo.dir, config);
    // Both halves finish before the read is taken over: their output waits, in order.
    await new Promise((r) => setTimeout(r, 300));
    early.adopt(repo.dir);
    assert.deepEqual(await readTags(repo.dir, config), expected);
  });

  it('a small repository is read by one process', () => {
    const small = makeRepo();
    try {
      small.commit('one', { 'a.txt': '1' });
      small.tag('churn@v1.0.0');
      small.git('pack-refs', '--all');
      assert.equal(tagHalves(small.dir), undefined);
    } finally {
      small.remove();
    }
  });
});

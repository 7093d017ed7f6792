import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { flatten, sameValue } from '../../src/core/flatten';
import { diffRecords } from '../../src/core/diff';
import { emptyRecord, type HashEntry, type VersionRecord } from '../../src/core/types';

/** Reads a flattened path back into segments: `a.b`, `[0]`, `["x.y"]`. */
function parsePath(path: string): Array<string | number> {
  const out: Array<string | number> = [];
  let i = 0;
  while (i < path.length) {
    if (path[i] === '.') i++;
    if (path.startsWith('["', i)) {
      let j = i + 2;
      let key = '';
      while (path[j] !== '"') {
        if (path[j] === '\\') j++;
        key += path[j];
        j++;
      }
      out.push(key);
      i = j + 2;
    } else if (path[i] === '[') {
      const j = path.indexOf(']', i);
      out.push(Number(path.slice(i + 1, j)));
      i = j + 1;
    } else {
      let j = i;
      while (j < path.length && path[j] !== '.' && path[j] !== '[') j++;
      out.push(path.slice(i, j));
      i = j;
    }
  }
  return out;
}

/** Rebuilds a value from its flattened paths. */
function unflatten(flat: Map<string, unknown>): unknown {
  const root: Record<string, unknown> = {};
  for (const [path, leaf] of flat) {
    const segs = parsePath(path);
    let cur: Record<string | number, unknown> = root;
    segs.forEach((seg, n) => {
      const last = n === segs.length - 1;
      const next = last ? leaf : Object.hasOwn(cur, seg) ? cur[seg] : typeof segs[n + 1] === 'number' ? [] : {};
      if (!Object.hasOwn(cur, seg) || last) Object.defineProperty(cur, seg, { value: next, enumerable: true, writable: true, configurable: true });
      cur = cur[seg] as Record<string | number, unknown>;
    });
  }
  return root;
}

// Keys chosen to stress quoting: dots, brackets, quotes, backslashes, empty and __proto__.
const keyArb = fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom('a.b', '[0]', '"', '\\', '', '__proto__', 'x]y', '0'));
const leafArb = fc.oneof(fc.integer(), fc.double({ noNaN: true }), fc.string({ maxLength: 5 }), fc.boolean(), fc.constant(null));
const treeArb = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leafArb, tie('list'), tie('map')),
  list: fc.array(tie('node'), { maxLength: 3 }),
  map: fc.dictionary(keyArb, tie('node'), { maxKeys: 4, noNullPrototype: true }),
})).map;

const hashArb = fc.constantFrom('a'.repeat(64), 'b'.repeat(64), 'c'.repeat(64));
const entriesArb = fc.dictionary(fc.constantFrom('data/a.csv', 'data/b.csv', 'model.pt'), hashArb, { maxKeys: 3 }).map((d) => {
  const out: Record<string, HashEntry> = {};
  for (const [path, hash] of Object.entries(d)) out[path] = { path, hash, algorithm: 'sha256', source: 'lfs', sourceFile: path };
  return out;
});
const recordArb = fc
  .record({
    hyperparameters: fc.dictionary(keyArb, fc.oneof(leafArb, treeArb), { maxKeys: 4, noNullPrototype: true }),
    metrics: fc.dictionary(fc.constantFrom('acc', 'loss', 'f1', 'constructor'), fc.oneof(fc.double(), fc.integer()), { maxKeys: 3 }),
    data: entriesArb,
    weights: entriesArb,
  })
  .map((p): VersionRecord => ({ ...emptyRecord('m', 'v', null), ...p }));

const run = (...records: VersionRecord[]) => diffRecords(records.map((record, i) => ({ label: `v${i}`, record })));

describe('flatten and diff properties', () => {
  it('flatten loses nothing: every map or list rebuilds from its paths', () => {
    fc.assert(
      fc.property(fc.dictionary(keyArb, treeArb, { maxKeys: 4, noNullPrototype: true }), (tree) => {
        assert.deepEqual(unflatten(flatten(tree)), tree);
      }),
      { numRuns: 500 },
    );
  });

  it('flatten gives leaves only: no non-empty map or list is ever a value', () => {
    fc.assert(
      fc.property(treeArb, (tree) => {
        for (const v of flatten(tree).values()) {
          if (Array.isArray(v)) assert.equal(v.length, 0);
          else if (typeof v === 'object' && v !== null) assert.equal(Object.keys(v).length, 0);
        }
      }),
    );
  });

  it('diff(a, a) has no changes', () => {
    fc.assert(
      fc.property(recordArb, (a) => {
        const d = run(a, a);
        assert.equal(d.counts.added + d.counts.removed + d.counts.changed, 0);
      }),
    );
  });

  it('swapping two operands swaps every value and turns added into removed', () => {
    fc.assert(
      fc.property(recordArb, recordArb, (a, b) => {
        const ab = run(a, b);
        const ba = run(b, a);
        const index = new Map(ba.rows.map((r) => [`${r.section}\0${r.key}`, r]));
        assert.equal(ab.rows.length, ba.rows.length);
        const flip = { added: 'removed', removed: 'added', changed: 'changed', unchanged: 'unchanged' } as const;
        for (const r of ab.rows) {
          const other = index.get(`${r.section}\0${r.key}`)!;
          assert.ok(other, r.key);
          assert.ok(sameValue(other.values[0], r.values[1]) && sameValue(other.values[1], r.values[0]), r.key);
          assert.equal(other.status, flip[r.status]);
        }
      }),
    );
  });

  it('every key of every operand has exactly one row, changed rows before unchanged, counts add up', () => {
    fc.assert(
      fc.property(fc.array(recordArb, { minLength: 2, maxLength: 4 }), (records) => {
        const d = run(...records);
        const keys = d.rows.map((r) => `${r.section}\0${r.key}`);
        assert.equal(new Set(keys).size, keys.length, 'no duplicate rows');
        const expected = new Set<string>();
        for (const r of records) {
          for (const k of flatten(r.hyperparameters).keys()) expected.add(`hyperparameters\0${k}`);
          for (const k of Object.keys(r.metrics)) expected.add(`metrics\0${k}`);
          for (const k of Object.keys(r.data)) expected.add(`data\0${k}`);
          for (const k of Object.keys(r.weights)) expected.add(`weights\0${k}`);
        }
        assert.deepEqual(new Set(keys), expected);
        const firstUnchanged = d.rows.findIndex((r) => r.status === 'unchanged');
        if (firstUnchanged >= 0) assert.ok(d.rows.slice(firstUnchanged).every((r) => r.status === 'unchanged'));
        assert.equal(d.counts.added + d.counts.removed + d.counts.changed + d.counts.unchanged, d.rows.length);
        for (const r of d.rows) assert.equal(r.values.length, records.length);
      }),
    );
  });

  it('metric deltas are value minus the first value', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ noNaN: true, min: -1e6, max: 1e6 }), { minLength: 2, maxLength: 4 }), (values) => {
        const records = values.map((v) => ({ ...emptyRecord('m', 'v', null), metrics: { acc: v } }));
        const row = run(...records).rows.find((r) => r.key === 'acc')!;
        row.deltas!.forEach((d, i) => {
          assert.equal(d.absolute, values[i]! - values[0]!);
          assert.equal(d.relative, values[0] === 0 ? null : (values[i]! - values[0]!) / Math.abs(values[0]!));
        });
      }),
    );
  });
});

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { flatten, formatValue, joinKey, sameValue } from '../../src/core/flatten';
import { parseYaml } from '../../src/core/structuredText';

const entries = (v: unknown) => [...flatten(v)];

describe('flatten', () => {
  it('nested maps become dotted paths in the order they are written', () => {
    assert.deepEqual(entries({ train: { lr: 0.1, optimizer: { name: 'adam', beta: 0.9 } }, seed: 1 }), [
      ['train.lr', 0.1],
      ['train.optimizer.name', 'adam'],
      ['train.optimizer.beta', 0.9],
      ['seed', 1],
    ]);
  });

  it('list items are addressed by index, including maps inside lists', () => {
    assert.deepEqual(entries({ layers: [{ units: 64 }, { units: 32, act: 'relu' }], tags: ['a', 'b'] }), [
      ['layers[0].units', 64],
      ['layers[1].units', 32],
      ['layers[1].act', 'relu'],
      ['tags[0]', 'a'],
      ['tags[1]', 'b'],
    ]);
    assert.deepEqual(entries({ grid: [[1, 2], [3]] }), [
      ['grid[0][0]', 1],
      ['grid[0][1]', 2],
      ['grid[1][0]', 3],
    ]);
  });

  it('keys with dots or brackets are quoted so "a.b" the key differs from a → b', () => {
    const flat = flatten({ 'train.lr': 1, train: { lr: 2 }, 'x[0]': 3, '': 4, 'say "hi".': 5 });
    assert.deepEqual([...flat.keys()], ['["train.lr"]', 'train.lr', '["x[0]"]', '[""]', '["say \\"hi\\"."]']);
    assert.equal(flat.get('["train.lr"]'), 1);
    assert.equal(flat.get('train.lr'), 2);
    assert.equal(joinKey('a', 'b.c'), 'a["b.c"]');
  });

  it('empty maps and lists are kept as leaves, so adding the first item shows as a change', () => {
    assert.deepEqual(entries({ aug: {}, extra: [], nested: { none: {} } }), [
      ['aug', {}],
      ['extra', []],
      ['nested.none', {}],
    ]);
  });

  it('null, booleans, dates and big integers are leaves', () => {
    const date = new Date('2024-01-02T03:04:05Z');
    assert.deepEqual(entries({ a: null, b: false, c: date, d: 12n }), [
      ['a', null],
      ['b', false],
      ['c', date],
      ['d', 12n],
    ]);
  });

  it('YAML !!set, !!omap and !!binary flatten to what the file says', () => {
    const v = parseYaml('p.yaml', 'classes: !!set {cat, dog}\norder: !!omap [{b: 1}, {a: 2}]\nblob: !!binary aGVsbG8=\n').value;
    const flat = flatten(v);
    assert.deepEqual([...flat.keys()], ['classes[0]', 'classes[1]', 'order.b', 'order.a', 'blob']);
    assert.equal(formatValue(flat.get('blob')), '!!binary aGVsbG8=');
  });

  it('a 10,000-deep value flattens without overflowing the stack', () => {
    let v: unknown = 1;
    for (let i = 0; i < 10_000; i++) v = { k: v };
    const flat = flatten(v);
    assert.equal(flat.size, 1);
    assert.ok([...flat.keys()][0]!.startsWith('k.k.k'));
  });

  it('a scalar document has no keys', () => {
    assert.equal(flatten(42).size, 0);
    assert.equal(flatten(null).size, 0);
  });
});

describe('leaf equality and display', () => {
  it('1 and "1" differ; NaN equals NaN; equal dates are equal', () => {
    assert.equal(sameValue(1, '1'), false);
    assert.equal(sameValue(NaN, NaN), true);
    assert.equal(sameValue(new Date(0), new Date(0)), true);
    assert.equal(sameValue(new Date(0), new Date(1)), false);
    assert.equal(sameValue([], {}), false);
    assert.equal(sameValue(null, 'null'), false);
    assert.equal(sameValue(Buffer.from('a'), Buffer.from('a')), true);
    assert.equal(sameValue(Buffer.from('a'), Buffer.from('b')), false);
  });

  it('formatValue shows values as a person would type them', () => {
    assert.equal(formatValue(null), 'null');
    assert.equal(formatValue(NaN), 'NaN');
    assert.equal(formatValue(0.1), '0.1');
    assert.equal(formatValue([]), '[]');
    assert.equal(formatValue({}), '{}');
    assert.equal(formatValue(new Date('2024-01-02T00:00:00Z')), '2024-01-02T00:00:00.000Z');
    assert.equal(formatValue(undefined), '');
  });
});

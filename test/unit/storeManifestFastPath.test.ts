// The listing reads plain manifests without the YAML library (simpleYaml.ts). Whatever it reads
// must be exactly what the library reads, and whatever the library would report a problem in, or
// read differently (numbers in other spellings, null and booleans, quotes, comments, anchors),
// must go to the library — the Problems view keeps every diagnostic.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseSimpleYaml } from '../../src/core/simpleYaml';
import { parseYaml } from '../../src/core/structuredText';

/** Accepted documents equal the library's value and have no diagnostic from it. */
function agrees(text: string): 'fast' | 'library' {
  const fast = parseSimpleYaml(text);
  const lib = parseYaml('model.yaml', text);
  if (fast === undefined) return 'library';
  assert.deepStrictEqual(lib.diagnostics, [], `the library reports a problem in a document read without it:\n${text}`);
  assert.deepStrictEqual(fast, lib.value, `a different value for:\n${text}`);
  return 'fast';
}

// Values chosen where YAML's rules are easy to get wrong.
const SCALARS = [
  'churn', 'sklearn', 'v1.2.0', 'Benchmark model m-1, version v3.1.1', 'data/train.csv', '/abs/path', 'a (b) = c + d',
  '0', '7', '-3', '12', '007', '-0', '+1', '0.8950', '-0.25', '1.0', '1.', '.5', '1e5', '1E-3', '0x1f', '0o17', '1_000', '12:30', '1.2.3',
  'null', 'Null', 'NULL', '~', 'true', 'True', 'TRUE', 'false', 'FALSE', 'yes', 'no', 'on', 'off', 'y', 'n',
  '.inf', '-.inf', '.nan', '.NaN', 'Infinity', 'NaN',
  '"quoted"', "'single'", '"esc\\n"', 'a #comment', 'a#b', 'x: y', 'trailing:', '&anchor v', '*alias', '!tag v', '|', '>', '@at', '`tick`',
  '[a, b]', '[]', '[1, 2.5, null, true]', '[a b, c]', '[a,, b]', '[a, [b]]', '{}', '{a: 1}', '[a, b', 'a, b', 'a,', 'a ,b',
  '%x', '- item', '?', 'a\tb', '',
];

describe('plain manifests read without the YAML library', () => {
  it('a manifest as the benchmark and most repositories write it is read without the library, to the same value', () => {
    const text = [
      'name: model-035',
      'description: Benchmark model model-035, version v3.1.1',
      'framework: sklearn',
      'labels: [bench, tabular]',
      'params: params.yaml',
      'data:',
      '  - data/train.csv',
      'weights:',
      '- model.pkl',
      '# a comment line',
      'metrics:',
      '  accuracy: 0.8950',
      '  auc: 0.9133',
      '  nested:',
      '    deeper: -1',
      'hyperparameters:',
      'empty:',
      '',
    ].join('\n');
    assert.equal(agrees(text), 'fast');
  });

  it('every value, as a map value, a list item and a flow item, is read as the library reads it or left to it', () => {
    let fast = 0;
    for (const s of SCALARS) {
      for (const doc of [`name: m\nkey: ${s}\n`, `name: m\nlist:\n  - ${s}\n`, `name: m\nflow: [${s}]\n`, `name: m\nflow: [x, ${s}]\n`]) {
        if (agrees(doc) === 'fast') fast++;
      }
    }
    assert.ok(fast > 20, 'the plain values are read without the library');
  });

  it('structure it cannot be sure of goes to the library', () => {
    const cases = [
      'name: a\nname: b\n', // a repeated key: the library reports it
      '  name: a\n', // indented top level
      'name: a\n  more: b\n', // a value continued or mis-indented
      'a:\n  b: 1\n   c: 2\n',
      'a:\n  - x\n  y: 1\n',
      'a:\n  - b: 1\n',
      '- a\n- b\n', // not a map
      'plain text\n',
      '---\nname: a\n',
      'name: a\n...\n',
      'name: a\r\nx: 1\r\n',
      '\ufeffname: a\n',
      'true: 1\n',
      'null: 1\n',
      '__proto__: 1\n',
      'a: |\n  text\n',
      'a: b # c\n',
      'name: a\n\tx: 1\n',
      'key with space: 1\n',
      '1: a\n',
      '',
      '# only a comment\n',
      `${'a:\n'.repeat(1)}${Array.from({ length: 40 }, (_, i) => `${'  '.repeat(i + 1)}k${i}:`).join('\n')}\n`,
    ];
    for (const text of cases) assert.equal(parseSimpleYaml(text), undefined, JSON.stringify(text));
  });

  it('random documents of keys, nested maps, lists and tricky values agree with the library', () => {
    let seed = 17;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    const keys = ['name', 'description', 'data', 'a', 'b_c', 'x-y', 'k.1', 'type', 'on', 'yes'];
    const line = (indent: number, depth: number): string[] => {
      const key = keys[rand(keys.length)]!;
      const pad = ' '.repeat(indent);
      switch (depth < 3 ? rand(4) : rand(2)) {
        case 0:
          return [`${pad}${key}: ${SCALARS[rand(SCALARS.length)]}`];
        case 1:
          return [`${pad}${key}: [${Array.from({ length: rand(3) }, () => SCALARS[rand(SCALARS.length)]).join(', ')}]`];
        case 2:
          return [`${pad}${key}:`, ...Array.from({ length: 1 + rand(3) }, () => `${pad}${rand(2) ? '  ' : ''}- ${SCALARS[rand(SCALARS.length)]}`)];
        default:
          return [`${pad}${key}:`, ...Array.from({ length: 1 + rand(3) }, () => line(indent + 2, depth + 1)).flat()];
      }
    };
    let fast = 0;
    for (let n = 0; n < 3000; n++) {
      const doc = Array.from({ length: 1 + rand(5) }, () => line(0, 0)).flat().join('\n') + '\n';
      if (agrees(doc) === 'fast') fast++;
    }
    assert.ok(fast > 100, `only ${fast} of the random documents were read without the library`);
  });
});

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { MAX_NESTING, parseJson, parseStructured, parseYaml } from '../../src/core/structuredText';
import { flatten } from '../../src/core/flatten';
import type { Diagnostic } from '../../src/core/types';

function errorsOf(r: { diagnostics: Diagnostic[] }): Diagnostic[] {
  return r.diagnostics.filter((d) => d.severity === 'error');
}

describe('YAML and JSON files are read into values or diagnostics, never exceptions', () => {
  it('a params.yaml reads into nested values', () => {
    const r = parseYaml('params.yaml', 'train:\n  lr: 0.001\n  epochs: 20\n  layers: [64, 32]\nseed: 7\n');
    assert.deepEqual(r.value, { train: { lr: 0.001, epochs: 20, layers: [64, 32] }, seed: 7 });
    assert.deepEqual(r.diagnostics, []);
  });

  it('a syntax error names the file and the line it is on', () => {
    const r = parseYaml('params.yaml', 'train:\n  lr: 0.1\n  layers: [64, 32\nseed: 7\n');
    assert.equal(r.value, undefined);
    const [e] = errorsOf(r);
    assert.ok(e);
    assert.equal(e.file, 'params.yaml');
    assert.ok(e.line! >= 3, `line ${e.line}`);
    assert.match(e.message, /^params\.yaml: /);
  });

  it('a byte-order mark and CRLF line ends read like plain LF text, with the same line numbers', () => {
    const r = parseYaml('params.yaml', '\ufefftrain:\r\n  lr: 0.1\r\n  epochs: 3\r\n');
    assert.deepEqual(r.value, { train: { lr: 0.1, epochs: 3 } });
    const bad = parseYaml('params.yaml', '\ufeffa: 1\r\nb: 2\r\na: 3\r\n');
    assert.equal(errorsOf(bad)[0]?.line, 3);
  });

  it('a duplicate key is an error on the line of the second key', () => {
    const r = parseYaml('params.yaml', 'lr: 0.1\nepochs: 3\nlr: 0.2\n');
    assert.equal(r.value, undefined);
    const [e] = errorsOf(r);
    assert.equal(e?.line, 3);
    assert.match(e!.message, /unique/i);
  });

  it('a key named __proto__ stays a plain key and pollutes no prototype', () => {
    const r = parseYaml('params.yaml', '__proto__:\n  polluted: yes\nconstructor:\n  prototype:\n    polluted: yes\nlr: 1\n');
    const v = r.value as Record<string, unknown>;
    assert.equal(Object.getPrototypeOf(v), Object.prototype);
    assert.ok(Object.hasOwn(v, '__proto__'));
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.equal((Object.prototype as Record<string, unknown>).polluted, undefined);
    assert.deepEqual([...flatten(v).keys()], ['__proto__.polluted', 'constructor.prototype.polluted', 'lr']);
    const j = parseJson('config.json', '{"__proto__": {"polluted": 1}}');
    assert.equal(Object.getPrototypeOf(j.value), Object.prototype);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  it('an alias bomb ("billion laughs") is refused', () => {
    let text = 'a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n';
    for (let i = 1; i < 10; i++) text += `a${i}: &a${i} [${Array(9).fill(`*a${i - 1}`).join(', ')}]\n`;
    const r = parseYaml('params.yaml', text);
    assert.equal(r.value, undefined);
    assert.match(errorsOf(r)[0]!.message, /alias/i);
  });

  it('ordinary anchors, aliases and merge keys still work', () => {
    const r = parseYaml('params.yaml', 'base: &base\n  lr: 0.1\n  epochs: 3\nsmall:\n  <<: *base\n  epochs: 1\nlayers: &l [8, 8]\ncopy: *l\n');
    assert.deepEqual(r.value, { base: { lr: 0.1, epochs: 3 }, small: { lr: 0.1, epochs: 1 }, layers: [8, 8], copy: [8, 8] });
  });

  it('a self-referencing alias is refused instead of making a value that never ends', () => {
    for (const text of ['a: &a [*a]\n', 'a: &a {b: *a}\n', '&x [1, *x]\n']) {
      const r = parseYaml('params.yaml', text);
      assert.equal(r.value, undefined, text);
      assert.match(errorsOf(r)[0]!.message, /refers to itself/);
    }
  });

  it('10,000 levels of nesting (flow, block and sequence) give a diagnostic, and parsing still works afterwards', () => {
    let block = '';
    for (let i = 0; i < 2000; i++) block += `${' '.repeat(i)}k:\n`;
    const texts = ['['.repeat(10_000) + ']'.repeat(10_000), '{a: '.repeat(10_000) + '1' + '}'.repeat(10_000), '- '.repeat(10_000) + 'x\n', block];
    for (const text of texts) {
      const r = parseYaml('deep.yaml', text);
      assert.equal(r.value, undefined);
      assert.match(errorsOf(r)[0]!.message, new RegExp(`more than ${MAX_NESTING} levels`));
    }
    assert.deepEqual(parseYaml('ok.yaml', 'a: [1, 2]\n').value, { a: [1, 2] });
    const j = parseJson('deep.json', '['.repeat(100_000) + ']'.repeat(100_000));
    assert.equal(j.value, undefined);
    assert.match(errorsOf(j)[0]!.message, /levels deep/);
  });

  it('nesting at the limit is still read', () => {
    const n = MAX_NESTING - 1;
    const r = parseYaml('p.yaml', '['.repeat(n) + '1' + ']'.repeat(n));
    assert.deepEqual(r.diagnostics, []);
    assert.equal(flatten(r.value).size, 1);
  });

  it('reading deeply nested files twice in one process does not abort it', () => {
    // Before the depth check, the second parse of such a file aborted Node (V8 regexp OOM).
    const code = `
      const s = require(${JSON.stringify(path.resolve(__dirname, '../../src/core/structuredText.js'))});
      for (const n of [10000, 1000, 900]) s.parseYaml('d.yaml', '['.repeat(n) + ']'.repeat(n));
      process.stdout.write(JSON.stringify(s.parseYaml('ok.yaml', 'a: 1').value));`;
    const child = spawnSync(process.execPath, ['-e', code], { encoding: 'utf8', timeout: 30_000 });
    assert.equal(child.status, 0, child.stderr.slice(0, 500));
    assert.equal(child.stdout, '{"a":1}');
  });

  it('two YAML documents in one file are an error on the second one', () => {
    const r = parseYaml('params.yaml', 'a: 1\n---\nb: 2\n');
    assert.equal(r.value, undefined);
    assert.equal(errorsOf(r)[0]?.line, 2);
  });

  it('a binary file is reported as not text', () => {
    const r = parseYaml('model.yaml', 'name: x\0\x01\x02');
    assert.match(errorsOf(r)[0]!.message, /not a text file/);
  });

  it('a broken file gives at most a screenful of diagnostics', () => {
    const text = Array.from({ length: 200 }, (_, i) => `k${i}: [unclosed\n`).join('');
    const r = parseYaml('params.yaml', text);
    assert.ok(r.diagnostics.length <= 21, `${r.diagnostics.length} diagnostics`);
  });

  it('an empty YAML file reads as null without a diagnostic', () => {
    assert.deepEqual(parseYaml('params.yaml', ''), { value: null, diagnostics: [] });
  });

  it('a JSON error is reported at its line and column', () => {
    const r = parseJson('metrics.json', '{\n  "acc": 0.9,\n  "loss": 0.1,\n}\n');
    const [e] = errorsOf(r);
    assert.equal(e?.line, 4);
    assert.equal(e?.column, 1);
    const truncated = parseJson('metrics.json', '{\n  "acc": 0.9,\n  "loss": ');
    assert.equal(errorsOf(truncated)[0]?.line, 3);
    const other = parseJson('metrics.json', '{"acc": NaN}');
    assert.ok(!errorsOf(other)[0]!.message.includes('\n'));
  });

  it('the extension picks the parser: .json as JSON, anything else as YAML', () => {
    assert.equal(parseStructured('x.json', "{'a': 1}").value, undefined); // single quotes are YAML, not JSON
    assert.deepEqual(parseStructured('x.yaml', "{'a': 1}").value, { a: 1 });
    assert.deepEqual(parseStructured('dvc.lock', 'schema: "2.0"\n').value, { schema: '2.0' });
  });
});

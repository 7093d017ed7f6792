import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseJson, parseStructured } from '../../src/core/structuredText';
import { readManifest } from '../../src/core/readers/manifest';
import { readDvcLock } from '../../src/core/readers/dvcLock';
import { readDvcFile } from '../../src/core/readers/dvcFile';
import { readDvcYaml } from '../../src/core/readers/dvcYaml';
import { parseLfsPointer } from '../../src/core/readers/lfsPointer';
import { readVersion } from '../../src/core/versionReader';
import { GitRepository } from '../../src/git/repository';
import { makeRepo, type TestRepo } from './helpers/gitRepo';

const runs: Record<string, number> = {};
const count = (name: string, n: number) => {
  runs[name] = n;
  return n;
};

/** Every reader on one file's text. */
function readAll(name: string, text: string): void {
  const parsed = parseStructured(name, text);
  if (parsed.value === undefined && text.trim() !== '' && !/^\s*(#.*)?$/.test(text)) {
    // Unreadable text is never silent: an error diagnostic says why (unless it is only comments).
    const onlyComments = text.split(/\r?\n|\r/).every((l) => /^\s*(#.*)?$/.test(l) || /^\s*(---|\.\.\.)\s*$/.test(l));
    if (!onlyComments) assert.ok(parsed.diagnostics.some((d) => d.severity === 'error'), `no error for ${JSON.stringify(text.slice(0, 80))}`);
  }
  for (const d of parsed.diagnostics) assert.ok(typeof d.message === 'string' && d.message.length > 0);
  const m = readManifest(parsed.value, 'model.yaml');
  if (!m.manifest) assert.ok(m.diagnostics.length > 0, 'no manifest and no reason');
  readDvcLock(parsed.value, 'dvc.lock', '');
  readDvcFile(parsed.value, 'data.dvc');
  readDvcYaml(parsed.value, 'dvc.yaml', '');
  const pointer = parseLfsPointer(text);
  if (pointer) {
    assert.match(pointer.oid, /^[0-9a-f]{64}$/);
    assert.ok(Number.isSafeInteger(pointer.size) || pointer.size > Number.MAX_SAFE_INTEGER);
  }
}

/** Pieces of YAML syntax, so random strings reach the parser's corners and not only its first error. */
const YAML_PIECES = [
  'a', 'b', ':', ': ', '- ', '-', '? ', '&x ', '*x', '!!str ', '!!binary ', '!t ', '"', "'", '{', '}', '[', ']', ',', '#', '|', '>', '|-', '\n', '\r\n', '\n  ', '\t', ' ',
  '---', '...', '%YAML 1.2', '<<: ', '~', 'null', '.nan', '-.inf', '1e400', '9007199254740993', '0x1F', '2001-12-14', '__proto__', 'constructor', '\ufeff', '\u202e', '\0', '\x1b[2J', '\\',
];
const yamlish = fc.array(fc.constantFrom(...YAML_PIECES), { maxLength: 60 }).map((parts) => parts.join(''));

describe('readers on random input never throw and always answer', () => {
  for (const name of ['model.yaml', 'params.json', 'dvc.lock']) {
    it(`random bytes as ${name}: a value or an error diagnostic`, () => {
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 2048 }), (bytes) => {
          readAll(name, Buffer.from(bytes).toString('utf8'));
        }),
        { numRuns: count(`random bytes as ${name}`, 300) },
      );
    });
  }

  it('random unicode strings as YAML and JSON: a value or an error diagnostic', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), (text) => {
        readAll('model.yaml', text);
        readAll('params.json', text);
      }),
      { numRuns: count('random unicode strings', 300) },
    );
  });

  it('strings made of YAML syntax: a value or an error diagnostic', () => {
    fc.assert(
      fc.property(yamlish, (text) => {
        readAll('model.yaml', text);
        readAll('dvc.lock', text);
      }),
      { numRuns: count('strings of YAML syntax', 2000) },
    );
  });

  it('any JSON value reads back the same from a .json file and from a YAML file', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), (value) => {
        const text = JSON.stringify(value);
        // JSON has no -0; what JSON.stringify wrote is what must come back.
        const expected = JSON.parse(text) as unknown;
        const json = parseJson('params.json', text);
        assert.deepEqual(json.diagnostics, []);
        assert.deepEqual(json.value, expected);
        const yaml = parseStructured('params.yaml', text);
        assert.deepEqual(yaml.diagnostics, [], text);
        assert.deepEqual(yaml.value, expected, text);
      }),
      { numRuns: count('JSON values through parseJson and parseYaml', 500) },
    );
  });

  it('a well-formed LFS pointer always parses to its oid and size, with unknown keys kept', () => {
    const hex = fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 64, maxLength: 64 });
    fc.assert(
      fc.property(hex, fc.nat({ max: Number.MAX_SAFE_INTEGER }), fc.stringMatching(/^[a-z0-9.-]{1,10}$/), fc.stringMatching(/^[!-~]{0,20}$/), (oid, size, key, extra) => {
        fc.pre(!['version', 'oid', 'size'].includes(key));
        const lines = [`version https://git-lfs.github.com/spec/v1`, ...[`oid sha256:${oid}`, `size ${size}`, `${key} ${extra}`].sort()];
        const p = parseLfsPointer(lines.join('\n') + '\n');
        assert.ok(p);
        assert.equal(p.oid, oid);
        assert.equal(p.size, size);
        assert.equal(p.fields[key], extra);
      }),
      { numRuns: count('well-formed LFS pointers', 300) },
    );
  });

  after(() => {
    const total = Object.values(runs).reduce((a, b) => a + b, 0);
    console.log(`reader properties: ${Object.keys(runs).length} properties, ${total} runs (${Object.entries(runs).map(([k, n]) => `${k}: ${n}`).join('; ')})`);
  });
});

describe('large YAML stays linear', () => {
  // Grow the input and compare, rather than a wall-clock bound: 8× the keys costs about 8× when
  // the duplicate check is linear and 64× when it is quadratic (the old check took a minute on
  // 100,000 keys). The best of three runs of each size keeps a busy machine's noise out of it.
  it('a flat map of 100,000 keys costs about 8× one of 12,500 (not 64×), and a repeated key among them is still an error on its line', () => {
    const map = (n: number) => Array.from({ length: n }, (_, i) => `k${i}: ${i}`);
    const best = (text: string) => {
      let ms = Infinity;
      for (let i = 0; i < 3; i++) {
        const started = performance.now();
        parseStructured('params.yaml', text);
        ms = Math.min(ms, performance.now() - started);
      }
      return ms;
    };
    const small = best(map(12_500).join('\n'));
    const large = best(map(100_000).join('\n'));
    assert.ok(large / small < 32, `100,000 keys took ${(large / small).toFixed(1)}× as long as 12,500`);
    const lines = map(100_000);
    const ok = parseStructured('params.yaml', lines.join('\n'));
    assert.equal(Object.keys(ok.value as object).length, 100_000);
    lines[70_000] = 'k5: again';
    const dup = parseStructured('params.yaml', lines.join('\n'));
    assert.equal(dup.value, undefined);
    assert.deepEqual(dup.diagnostics.map((d) => [d.severity, d.line]), [['error', 70_001]]);
    assert.match(dup.diagnostics[0]!.message, /unique/);
  });

  it('a merge key may repeat a key it merges; a flow map repeating a key is an error', () => {
    assert.deepEqual(parseStructured('p.yaml', 'base: &b {lr: 1}\ntrain:\n  <<: *b\n  lr: 2\n').value, { base: { lr: 1 }, train: { lr: 2 } });
    assert.equal(parseStructured('p.yaml', 'a: {x: 1, x: 2}\n').diagnostics[0]?.severity, 'error');
  });

  it('parsing leaves Error.stackTraceLimit as it found it, also after a failure', () => {
    const before = Error.stackTraceLimit;
    parseStructured('m.yaml', '"'.repeat(1000));
    parseStructured('m.yaml', '['.repeat(10_000));
    parseStructured('m.yaml', 'a: 1\n');
    assert.equal(Error.stackTraceLimit, before);
  });
});

describe('a 50 MB blob named model.yaml', () => {
  let t: TestRepo;
  let repo: GitRepository;
  let commit: string;
  before(async () => {
    t = makeRepo('mv-bigmanifest-');
    // Compresses to almost nothing, so the repository is small, but the blob is 50 MB.
    commit = t.commit('big', { 'model.yaml': Buffer.alloc(50 * 1024 * 1024, 'a: 1\n') });
    repo = await GitRepository.open(t.dir, { gitPath: 'git' });
  });
  after(() => {
    repo?.dispose();
    t?.remove();
  });

  it('is reported as too large, not read', async () => {
    const heapBefore = process.memoryUsage().heapUsed;
    const record = await readVersion('model', 'v1', repo.sourceAt(commit), { commit }, { kind: 'manifest', name: 'model', file: 'model.yaml' });
    const messages = record.diagnostics.map((d) => d.message);
    assert.ok(messages.some((m) => /model\.yaml is \d+ bytes/.test(m)), messages.join('\n'));
    // Reading it would hold at least 50 MB of text.
    assert.ok(process.memoryUsage().heapUsed - heapBefore < 40 * 1024 * 1024, 'the blob was read into memory');
  });
});

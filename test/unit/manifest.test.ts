import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { defaultModelName, isManifestPath, readManifest } from '../../src/core/readers/manifest';
import { parseYaml } from '../../src/core/structuredText';
import { validates } from './helpers/jsonSchemaSubset';

// Compiled tests run from out/test/unit; the sources sit three folders up.
const ROOT = path.resolve(__dirname, '../../..');
const schema = JSON.parse(readFileSync(path.join(ROOT, 'schemas/model.schema.json'), 'utf8')) as Record<string, unknown>;
const docs = readFileSync(path.join(ROOT, 'docs/manifest.md'), 'utf8');

interface Example {
  text: string;
  file: string;
  invalid: string | undefined;
}

function examples(): Example[] {
  return [...docs.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => {
    const text = m[1]!;
    return {
      text,
      file: /^# file: (\S+)/m.exec(text)?.[1] ?? 'models/churn/model.yaml',
      invalid: /^# invalid: (.*)$/m.exec(text)?.[1],
    };
  });
}

const read = (text: string, file = 'models/churn/model.yaml') => {
  const parsed = parseYaml(file, text);
  assert.deepEqual(parsed.diagnostics, [], 'the example is valid YAML');
  return { ...readManifest(parsed.value, file), value: parsed.value };
};

describe('docs/manifest.md examples', () => {
  const all = examples();

  it('the page has valid and invalid examples', () => {
    assert.ok(all.filter((e) => e.invalid).length >= 5);
    assert.ok(all.filter((e) => !e.invalid).length >= 3);
  });

  for (const ex of all) {
    const title = ex.invalid ? `refused: ${ex.invalid}` : `accepted: ${ex.text.split('\n').find((l) => l && !l.startsWith('#'))}`;
    it(`${title} — by the reader and by the schema alike`, () => {
      const r = read(ex.text, ex.file);
      if (ex.invalid) {
        assert.ok(r.diagnostics.length > 0, 'the reader reports it');
        assert.equal(validates(schema, r.value), false, 'the schema refuses it');
        // What is valid is still read: a refused entry never empties the manifest.
        assert.ok(r.manifest, 'the manifest is still read');
      } else {
        assert.deepEqual(r.diagnostics, []);
        assert.equal(validates(schema, r.value), true, 'the schema accepts it');
      }
    });
  }

  it('the complete example reads into the declared model', () => {
    const ex = all.find((e) => e.text.includes('A complete example') || e.text.includes('name: churn\ndescription'))!;
    const { manifest } = read(ex.text, ex.file);
    assert.ok(manifest);
    assert.equal(manifest.name, 'churn');
    assert.equal(manifest.framework, 'xgboost');
    assert.deepEqual(manifest.labels, ['tabular', 'production']);
    assert.deepEqual(manifest.hyperparameters, { max_depth: 6, eta: 0.1, objective: 'binary:logistic' });
    assert.deepEqual(manifest.paramsFiles, ['models/churn/params.yaml', 'models/churn/configs/train.json']);
    assert.deepEqual(manifest.configs, ['models/churn/configs/features.yaml', 'models/churn/configs/preprocess.py']);
    assert.deepEqual(manifest.data, [
      { path: 'models/churn/data/train.csv' },
      { path: 'models/churn/data/holdout.parquet', hash: '9e107d9d372bb6826bd81d3542a419d6', algorithm: 'md5', size: 52048 },
      { path: 'models/churn/data/images', hash: '153aad06d376b6595932470e459ef42a.dir', algorithm: 'md5' },
    ]);
    assert.deepEqual(manifest.weights, [
      { path: 'models/churn/model.ubj', hash: '4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393', algorithm: 'sha256', size: 1048576 },
    ]);
    assert.deepEqual(manifest.metricsFiles, ['models/churn/eval/metrics.json']);
    assert.deepEqual(manifest.metrics, {});
  });

  it('the schema lists exactly the keys the reader knows', () => {
    const props = Object.keys(schema.properties as object).sort();
    const r = readManifest(Object.fromEntries(props.map((k) => [k, null])), 'm/model.yaml');
    assert.deepEqual(r.diagnostics, []);
    const extra = readManifest({ weigths: [] }, 'm/model.yaml');
    assert.match(extra.diagnostics[0]!.message, /unknown key 'weigths'/);
  });
});

describe('readManifest', () => {
  it('names a model after <name>.model.yaml, else its folder, else "model"', () => {
    assert.equal(defaultModelName('models/churn/model.yaml'), 'churn');
    assert.equal(defaultModelName('nlp/sentiment.model.yml'), 'sentiment');
    assert.equal(defaultModelName('model.yaml'), 'model');
    assert.equal(readManifest({}, 'models/churn/model.yaml').manifest?.name, 'churn');
    assert.ok(isManifestPath('a/b/model.yml'));
    assert.ok(isManifestPath('x.model.yaml'));
    assert.ok(!isManifestPath('a/mymodel.yaml'));
  });

  it("'..' and absolute paths are refused with a diagnostic; the other paths are kept", () => {
    const r = readManifest(
      { params: ['params.yaml', '../shared.yaml'], data: ['/etc/passwd', 'data/ok.csv', { path: 'C:/x' }], metrics: ['~/m.json', 'eval/m.json'] },
      'models/churn/model.yaml',
    );
    assert.deepEqual(r.manifest?.paramsFiles, ['models/churn/params.yaml']);
    assert.deepEqual(r.manifest?.data, [{ path: 'models/churn/data/ok.csv' }]);
    assert.deepEqual(r.manifest?.metricsFiles, ['models/churn/eval/m.json']);
    assert.equal(r.diagnostics.length, 4);
    assert.ok(r.diagnostics.every((d) => d.file === 'models/churn/model.yaml' && d.severity === 'warning'));
  });

  it('an invalid hash is reported and dropped, so the hash is looked up elsewhere instead', () => {
    const r = readManifest({ data: [{ path: 'd.csv', md5: 'xyz', size: -3 }] }, 'model.yaml');
    assert.deepEqual(r.manifest?.data, [{ path: 'd.csv' }]);
    assert.equal(r.diagnostics.length, 2);
  });

  it('sha256 wins over md5, and hex digits are read case-insensitively', () => {
    const r = readManifest({ weights: [{ path: 'w.pt', md5: 'A'.repeat(32), sha256: 'B'.repeat(64) }] }, 'model.yaml');
    assert.deepEqual(r.manifest?.weights, [{ path: 'w.pt', hash: 'b'.repeat(64), algorithm: 'sha256' }]);
    assert.deepEqual(r.diagnostics, []);
  });

  it('a name YAML reads as a number is kept but asks for quotes', () => {
    const r = read('name: 2024\n');
    assert.equal(r.manifest?.name, '2024');
    assert.match(r.diagnostics[0]!.message, /quotes/);
  });

  it('an invalid name falls back to the folder name', () => {
    const r = readManifest({ name: 'churn model' }, 'models/churn/model.yaml');
    assert.equal(r.manifest?.name, 'churn');
    assert.equal(r.diagnostics.length, 1);
  });

  it('an empty file and a non-map are diagnostics, not exceptions', () => {
    assert.match(readManifest(null, 'model.yaml').diagnostics[0]!.message, /is empty/);
    assert.equal(readManifest(null, 'model.yaml').manifest, undefined);
    const list = readManifest(['name', 'churn'], 'model.yaml');
    assert.equal(list.manifest, undefined);
    assert.equal(list.diagnostics[0]!.severity, 'error');
  });

  it('a metric named __proto__ stays a metric and pollutes nothing', () => {
    const r = read('metrics:\n  __proto__: 1\n  acc: 0.9\n');
    assert.deepEqual(Object.keys(r.manifest!.metrics), ['__proto__', 'acc']);
    assert.equal(Object.getPrototypeOf(r.manifest!.metrics), Object.prototype);
  });

  it('hyperparameters keep __proto__ as data', () => {
    const r = read('hyperparameters:\n  __proto__:\n    polluted: 1\n');
    assert.ok(Object.hasOwn(r.manifest!.hyperparameters, '__proto__'));
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });
});

// Mostly valid manifests with an occasional invalid value, so both outcomes are common.
const mostly = <T, U>(good: fc.Arbitrary<T>, bad: fc.Arbitrary<U>) => fc.oneof({ arbitrary: good, weight: 12 }, { arbitrary: bad, weight: 1 });
const goodPath = fc.constantFrom('params.yaml', 'data/train.csv', 'a b/c.json', '.', 'data/', '...', './x', 'ok.gitignore', 'x.git/y');
const badPath = fc.constantFrom('../x', 'a/../b', '..', '/abs', '~/h', 'C:/w', 'a\\b', '.git/config', 'x/.GIT', '', ' ', 'tab\tname');
// Remote storage: fine as data and weights, refused where a repository file is needed.
const uriPath = fc.constantFrom('s3://mycorp/proj-ml/classif-v2.pt', 'gs://b//k', 'https://h/x.csv?a=1', 'remote://store/x', 'ab://x/../y');
const badUri = fc.constantFrom('s3://a\tb', 'gs://x\ny');
const pathArb = mostly(goodPath, fc.oneof(badPath, uriPath));
const hexArb = (n: number) => fc.string({ unit: fc.constantFrom(...'0123456789abcdefABCDEF'), minLength: n, maxLength: n });
const rarely = fc.integer({ min: 0, max: 9 }).map((n) => n === 0);
const entryObjectArb = fc
  .tuple(
    fc.record(
      {
        md5: mostly(fc.oneof(hexArb(32), hexArb(32).map((h) => `${h}.dir`)), fc.constantFrom('xyz', null, 5)),
        sha256: mostly(hexArb(64), fc.oneof(hexArb(63), fc.integer())),
        size: mostly(fc.nat(), fc.oneof(fc.integer({ min: -5, max: -1 }), fc.double({ min: 0.1, max: 9, noNaN: true }), fc.constant('12'))),
      },
      { requiredKeys: [] },
    ),
    fc.option(mostly(fc.oneof(goodPath, uriPath), fc.oneof(badPath, badUri, fc.constant(null), fc.integer())), { nil: undefined, freq: 8 }),
    rarely,
  )
  .map(([rest, p, extra]) => ({ ...(p === undefined ? {} : { path: p }), ...rest, ...(extra ? { extra: 1 } : {}) }));
const entriesArb = mostly(fc.array(mostly(fc.oneof(goodPath, uriPath, entryObjectArb), fc.oneof(badPath, badUri, fc.integer(), fc.constant(null))), { maxLength: 3 }), fc.oneof(goodPath, fc.integer()));
const pathsArb = mostly(fc.oneof(pathArb, fc.array(pathArb, { maxLength: 3 }), fc.constant(null)), fc.oneof(fc.integer(), fc.constant({}), fc.array(fc.integer(), { minLength: 1, maxLength: 2 })));
const textArb = mostly(fc.oneof(fc.string(), fc.constant(null)), fc.oneof(fc.integer(), fc.boolean(), fc.constant(['x'])));
const nameArb = mostly(fc.constantFrom('churn', 'team/churn', 'a', 'x-1_y', 'A9', null), fc.oneof(fc.constantFrom('-bad', 'bad-', 'has space', '', 'a.b'), fc.integer()));
const manifestArb = fc
  .tuple(
    fc.record(
      {
        $schema: mostly(fc.constant('./schema.json'), fc.integer()),
        name: nameArb,
        description: textArb,
        framework: textArb,
        type: textArb,
        labels: mostly(fc.oneof(fc.array(fc.string(), { maxLength: 3 }), fc.constant(null)), fc.oneof(fc.array(fc.integer(), { minLength: 1, maxLength: 2 }), fc.string())),
        hyperparameters: mostly(fc.oneof(fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 3 }), fc.constant(null)), fc.oneof(fc.array(fc.integer()), fc.string())),
        params: pathsArb,
        configs: pathsArb,
        data: entriesArb,
        weights: entriesArb,
        metrics: mostly(fc.oneof(fc.dictionary(fc.string(), fc.double(), { maxKeys: 3 }), pathsArb), fc.oneof(fc.dictionary(fc.string(), fc.string(), { minKeys: 1, maxKeys: 2 }), fc.integer())),
      },
      { requiredKeys: [] },
    ),
    rarely,
  )
  .map(([m, typo]) => (typo ? { ...m, weigths: [] } : m));

describe('schemas/model.schema.json matches readManifest', () => {
  it('for a manifest in a sub-folder, the schema accepts exactly what the reader reads without a diagnostic', () => {
    const seen = { clean: 0, reported: 0 };
    fc.assert(
      fc.property(manifestArb, (m) => {
        const r = readManifest(m, 'models/churn/model.yaml');
        const clean = r.diagnostics.length === 0;
        seen[clean ? 'clean' : 'reported']++;
        assert.equal(validates(schema, m), clean, `${JSON.stringify(m)}\n${JSON.stringify(r.diagnostics)}`);
      }),
      { numRuns: 2000 },
    );
    // Both sides were exercised: a generator of only-invalid manifests would prove nothing.
    assert.ok(seen.clean > 100 && seen.reported > 100, JSON.stringify(seen));
  });
});

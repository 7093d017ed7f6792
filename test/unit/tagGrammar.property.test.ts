import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { formatGtoTag, isValidModelName, isValidStageName, parseGtoTag, parseTag, type ParsedTag } from '../../src/core/tagGrammar';
import { compareSemVer, parseSemVer } from '../../src/core/semver';

const RUNS = 3000;

const ALNUM = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const alnum = fc.constantFrom(...ALNUM);
const chars = (alphabet: string, min: number, max: number) => fc.string({ unit: fc.constantFrom(...alphabet), minLength: min, maxLength: max });

/** A GTO name: starts and ends alphanumeric, `-`, `_` and `/` allowed inside. */
const name = fc.oneof(
  alnum,
  fc.tuple(alnum, chars(ALNUM + '-_/', 0, 12), alnum).map(([a, mid, b]) => a + mid + b),
);
const dirname = chars(ALNUM + '-_./', 1, 12);
const modelName = fc.oneof(name, fc.tuple(dirname, name).map(([d, n]) => `${d}:${n}`));

const numericId = fc.oneof(fc.constant('0'), fc.bigInt({ min: 1n, max: 10n ** 25n }).map(String));
const alphaId = fc.tuple(chars('0123456789', 0, 3), fc.constantFrom(...'abcxyzABZ-'), chars(ALNUM + '-', 0, 6)).map(([d, l, r]) => d + l + r);
const prerelease = fc.array(fc.oneof(numericId, alphaId), { minLength: 1, maxLength: 4 }).map((ids) => ids.join('.'));
const build = fc.array(chars(ALNUM + '-', 1, 6), { minLength: 1, maxLength: 3 }).map((ids) => ids.join('.'));
const core = fc.tuple(fc.maxSafeNat(), fc.nat(1000), fc.nat()).map(([a, b, c]) => `${a}.${b}.${c}`);
const semverText = fc.tuple(core, fc.option(prerelease, { nil: undefined }), fc.option(build, { nil: undefined }))
  .map(([c, p, b]) => c + (p !== undefined ? `-${p}` : '') + (b !== undefined ? `+${b}` : ''));

const counter = fc.option(fc.maxSafeNat(), { nil: undefined });
type Event = Pick<ParsedTag, 'model' | 'action' | 'version' | 'stage' | 'counter'>;
const event: fc.Arbitrary<Event> = fc.oneof(
  fc.record({ model: modelName, action: fc.constantFrom('register' as const, 'deregister' as const), version: semverText.map((s) => `v${s}`), counter }),
  fc.record({ model: modelName, action: fc.constantFrom('assign' as const, 'unassign' as const), stage: name, counter }),
  fc.record({ model: modelName, action: fc.constantFrom('deprecate' as const, 'create' as const), counter }),
);

/** Strings over the characters that matter to the grammar, so that near-misses are common. */
const tagLike = chars('av01.9-_/=@#!+:zZ', 0, 30);
const anyText = fc.oneof(fc.string({ unit: 'binary', maxLength: 40 }), fc.string({ unit: 'grapheme', maxLength: 20 }), tagLike);

const ALL = { gto: true, plainModel: 'm', prefix: 'models' };

describe('tag grammar properties', () => {
  it('formatting an event and parsing the tag gives the same event back', () => {
    fc.assert(
      fc.property(event, (e) => {
        const tag = formatGtoTag(e);
        const p = parseGtoTag(tag);
        assert.ok(p, `${tag} should parse`);
        assert.deepEqual(
          { model: p.model, action: p.action, version: p.version, stage: p.stage, counter: p.counter },
          { model: e.model, action: e.action, version: e.version, stage: e.stage, counter: e.counter },
        );
        assert.equal(p.convention, 'gto');
        if (e.version) assert.equal(p.semver?.raw, e.version.slice(1));
        // GTO's tag separators never occur in a model name as written in tags.
        assert.equal(isValidModelName(p.model), true);
        if (p.stage !== undefined) assert.equal(isValidStageName(p.stage), true);
      }),
      { numRuns: RUNS },
    );
  });

  it('parsing never throws, for any string and any conventions', () => {
    fc.assert(
      fc.property(anyText, fc.boolean(), (text, gto) => {
        parseTag(text, { ...ALL, gto });
        parseGtoTag(text);
      }),
      { numRuns: RUNS },
    );
  });

  it('a parsed tag formats back to the same tag, up to counter leading zeros', () => {
    fc.assert(
      fc.property(fc.oneof(tagLike, event.map(formatGtoTag).map((t) => t.replace(/#(\d+)$/, '#00$1'))), (text) => {
        const p = parseGtoTag(text);
        if (!p || /#\d{16,}$/.test(text)) return; // counters past 2^53 are dropped on purpose
        const again = formatGtoTag(p);
        assert.equal(again, p.counter !== undefined ? text.replace(/#\d+$/, `#${p.counter}`) : text);
        assert.deepEqual(parseGtoTag(again), p);
      }),
      { numRuns: RUNS },
    );
  });

  it('agrees with the grammar written down in shared/FORMATS.md', () => {
    // tag = ^(dirname=)?name( (@v<semver> | #stage) (!)? | @deprecated | @created )(#counter)?$
    const NAME = '[a-zA-Z0-9](?:[a-zA-Z0-9\\-/_]*[a-zA-Z0-9])?';
    const SEMVER = '(?:0|[1-9]\\d*)\\.(?:0|[1-9]\\d*)\\.(?:0|[1-9]\\d*)(?:-[0-9A-Za-z.-]+)?(?:\\+[0-9A-Za-z.-]+)?';
    const doc = new RegExp(`^(?:[a-zA-Z0-9\\-_./]+=)?${NAME}(?:(?:@v(${SEMVER})|#${NAME})!?|@deprecated|@created)(?:#[0-9]+)?$`);
    fc.assert(
      fc.property(fc.oneof(tagLike, event.map(formatGtoTag)), (text) => {
        const m = doc.exec(text);
        // The doc's SemVer is loose about identifiers; the full SemVer check narrows it.
        const expected = m !== null && (m[1] === undefined || parseSemVer(m[1]) !== undefined);
        assert.equal(parseGtoTag(text) !== undefined, expected, text);
      }),
      { numRuns: RUNS },
    );
  });

  it('plain and prefix tags parse exactly when their SemVer part does', () => {
    fc.assert(
      fc.property(fc.oneof(semverText, tagLike.filter((t) => !t.includes('/'))), name, (s, n) => {
        const plain = parseTag(`v${s}`, { gto: false, plainModel: 'm' });
        assert.equal(plain !== undefined, parseSemVer(s) !== undefined, s);
        if (plain) assert.equal(plain.version, `v${s}`);
        const prefixed = parseTag(`models/${n}/v${s}`, { gto: false, prefix: 'models' });
        assert.equal(prefixed !== undefined, parseSemVer(s) !== undefined, s);
        if (prefixed) assert.equal(prefixed.model, n);
      }),
      { numRuns: RUNS },
    );
  });

  it('SemVer precedence is a total order that ignores build metadata', () => {
    const sv = semverText.map((s) => parseSemVer(s)!);
    fc.assert(
      fc.property(sv, sv, sv, (a, b, c) => {
        assert.equal(Math.sign(compareSemVer(a, b)), -Math.sign(compareSemVer(b, a)));
        if (compareSemVer(a, b) <= 0 && compareSemVer(b, c) <= 0) assert.ok(compareSemVer(a, c) <= 0);
        assert.equal(compareSemVer(a, parseSemVer(a.raw.split('+')[0]!)!), 0);
      }),
      { numRuns: RUNS },
    );
  });
});

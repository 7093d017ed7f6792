import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { bumpSemVer, compareSemVer, parseSemVer, type SemVer } from '../../src/core/semver';

function v(text: string): SemVer {
  const parsed = parseSemVer(text);
  assert.ok(parsed, `${text} should parse`);
  return parsed;
}

describe('SemVer parsing', () => {
  it('reads major, minor, patch, pre-release and build identifiers', () => {
    const s = v('1.2.3-rc.1+build.5');
    assert.equal(s.major, 1);
    assert.equal(s.minor, 2);
    assert.equal(s.patch, 3);
    assert.deepEqual(s.prerelease, ['rc', '1']);
    assert.deepEqual(s.build, ['build', '5']);
    assert.equal(s.raw, '1.2.3-rc.1+build.5');
  });

  it('accepts the valid examples of semver.org', () => {
    for (const t of ['0.0.4', '1.2.3', '10.20.30', '1.1.2-prerelease+meta', '1.1.2+meta', '1.1.2+meta-valid', '1.0.0-alpha', '1.0.0-beta',
      '1.0.0-alpha.beta', '1.0.0-alpha.beta.1', '1.0.0-alpha.1', '1.0.0-alpha0.valid', '1.0.0-alpha.0valid',
      '1.0.0-alpha-a.b-c-somethinglong+build.1-aef.1-its-okay', '1.0.0-rc.1+build.1', '2.0.0-rc.1+build.123', '1.2.3-beta',
      '10.2.3-DEV-SNAPSHOT', '1.2.3-SNAPSHOT-123', '2.0.0+build.1848', '2.0.1-alpha.1227', '1.0.0-alpha+beta',
      '1.2.3----RC-SNAPSHOT.12.9.1--.12+788', '1.2.3----R-S.12.9.1--.12+meta', '1.2.3----RC-SNAPSHOT.12.9.1--.12', '1.0.0+0.build.1-rc.10000aaa-kk-0.1',
      '1.0.0-0A.is.legal']) {
      assert.ok(parseSemVer(t), t);
    }
  });

  it('rejects the invalid examples of semver.org', () => {
    for (const t of ['1', '1.2', '1.2.3-0123', '1.2.3-0123.0123', '1.1.2+.123', '+invalid', '-invalid', '-invalid+invalid', '-invalid.01',
      'alpha', 'alpha.beta', 'alpha.beta.1', 'alpha.1', 'alpha+beta', 'alpha_beta', 'alpha.', 'alpha..', 'beta', '1.0.0-alpha_beta',
      '-alpha.', '1.0.0-alpha..', '1.0.0-alpha..1', '1.0.0-alpha...1', '1.0.0-alpha....1', '1.0.0-alpha.....1', '1.0.0-alpha......1',
      '1.0.0-alpha.......1', '01.1.1', '1.01.1', '1.1.01', '1.2', '1.2.3.DEV', '1.2-SNAPSHOT', '1.2.31.2.3----RC-SNAPSHOT.12.09.1--..12+788',
      '1.2-RC-SNAPSHOT', '-1.0.3-gamma+b7718', '+justmeta', '9.8.7+meta+meta', '9.8.7-whatever+meta+meta', 'v1.2.3', ' 1.2.3', '1.2.3 ', '']) {
      assert.equal(parseSemVer(t), undefined, t);
    }
  });

  it('rejects numbers too large to hold exactly', () => {
    assert.equal(parseSemVer('99999999999999999999.0.0'), undefined);
    assert.ok(parseSemVer(`${Number.MAX_SAFE_INTEGER}.0.0`));
  });
});

describe('SemVer precedence (semver.org §11)', () => {
  it('orders the chain given by the spec', () => {
    const chain = ['1.0.0-alpha', '1.0.0-alpha.1', '1.0.0-alpha.beta', '1.0.0-beta', '1.0.0-beta.2', '1.0.0-beta.11', '1.0.0-rc.1', '1.0.0', '2.0.0', '2.1.0', '2.1.1'];
    for (let i = 0; i < chain.length; i++) {
      for (let j = 0; j < chain.length; j++) {
        const expected = Math.sign(i - j);
        assert.equal(Math.sign(compareSemVer(v(chain[i]!), v(chain[j]!))), expected, `${chain[i]} vs ${chain[j]}`);
      }
    }
  });

  it('sorting shuffled versions gives precedence order', () => {
    const sorted = ['0.9.9', '1.0.0-0', '1.0.0-1', '1.0.0-2', '1.0.0-10', '1.0.0-a', '1.0.0-a.0', '1.0.0-b', '1.0.0', '1.0.1', '1.2.0', '1.10.0', '10.0.0'];
    const shuffled = [...sorted].reverse();
    shuffled.push(shuffled.shift()!);
    assert.deepEqual(shuffled.map(v).sort(compareSemVer).map((s) => s.raw), sorted);
  });

  it('compares numeric identifiers numerically, and below alphanumeric ones', () => {
    assert.ok(compareSemVer(v('1.0.0-beta.2'), v('1.0.0-beta.11')) < 0);
    assert.ok(compareSemVer(v('1.0.0-11'), v('1.0.0-2')) > 0);
    assert.ok(compareSemVer(v('1.0.0-999'), v('1.0.0-a')) < 0);
    assert.ok(compareSemVer(v('1.0.0-1a'), v('1.0.0-999')) > 0);
    assert.ok(compareSemVer(v('1.0.0-123456789012345678901234567890'), v('1.0.0-123456789012345678901234567891')) < 0);
  });

  it('compares alphanumeric identifiers in ASCII order', () => {
    assert.ok(compareSemVer(v('1.0.0-Beta'), v('1.0.0-alpha')) < 0, 'uppercase sorts before lowercase');
    assert.ok(compareSemVer(v('1.0.0-a-b'), v('1.0.0-a0')) < 0, '- sorts before digits');
  });

  it('ignores build metadata', () => {
    assert.equal(compareSemVer(v('1.0.0+build.1'), v('1.0.0+build.2')), 0);
    assert.equal(compareSemVer(v('1.0.0-rc.1+x'), v('1.0.0-rc.1')), 0);
    assert.ok(compareSemVer(v('1.0.0+zzz'), v('1.0.1+aaa')) < 0);
  });

  it('a pre-release is below its release, but above the previous patch', () => {
    assert.ok(compareSemVer(v('2.0.0-rc.1'), v('2.0.0')) < 0);
    assert.ok(compareSemVer(v('2.0.0-rc.1'), v('1.99.99')) > 0);
  });
});

describe('SemVer bumps', () => {
  it('the first version is 0.0.1 for patch, 0.1.0 for minor, 1.0.0 for major (GTO starts at v0.0.1)', () => {
    assert.equal(bumpSemVer(undefined, 'patch'), '0.0.1');
    assert.equal(bumpSemVer(undefined, 'minor'), '0.1.0');
    assert.equal(bumpSemVer(undefined, 'major'), '1.0.0');
  });

  it('patch, minor and major bumps reset the parts below', () => {
    assert.equal(bumpSemVer(v('1.2.3'), 'patch'), '1.2.4');
    assert.equal(bumpSemVer(v('1.2.3'), 'minor'), '1.3.0');
    assert.equal(bumpSemVer(v('1.2.3'), 'major'), '2.0.0');
  });

  it('bumps drop build metadata and pre-release; a pre-release patch-bumps to its own release', () => {
    assert.equal(bumpSemVer(v('1.2.3+build.9'), 'patch'), '1.2.4');
    assert.equal(bumpSemVer(v('1.2.3-rc.1'), 'patch'), '1.2.3');
    assert.equal(bumpSemVer(v('1.2.3-rc.1'), 'minor'), '1.3.0');
    assert.equal(bumpSemVer(v('1.2.3-rc.1'), 'major'), '2.0.0');
  });

  it('every bump is a valid SemVer above the version it bumps', () => {
    for (const text of ['0.0.0', '0.0.1', '1.2.3', '1.2.3-rc.1', '9.9.9+b', '1.0.0-alpha']) {
      for (const part of ['patch', 'minor', 'major'] as const) {
        const next = bumpSemVer(v(text), part);
        assert.ok(compareSemVer(v(next), v(text)) > 0, `${text} ${part} → ${next}`);
      }
    }
  });
});

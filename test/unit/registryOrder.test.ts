// Tags reach the registry as git lists them (sorted by name, a model's runs interleaved with
// other models'), one at a time while git still writes; whatever their order, the registry is the same.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { buildRegistry } from '../../src/core/registry';
import type { TagRef } from '../../src/core/types';

function tag(name: string, target: string, date: number, annotated = true): TagRef {
  return { name, annotated, tagObject: annotated ? `t${name}` : null, targetType: 'commit', target, date, tagger: 'A', subject: name };
}

/** Tags of several models whose names interleave in sorted order (m-1#…, m-10…, m-1@…). */
function sampleTags(): TagRef[] {
  const tags: TagRef[] = [];
  let d = 1_700_000_000;
  for (const m of ['m-1', 'm-10', 'm-1a', 'nlp=m-1', 'x']) {
    for (let v = 0; v < 4; v++) tags.push(tag(`${m}@v1.${v}.0`, `${m}-c${v}`, d++));
    tags.push(tag(`${m}#prod#1`, `${m}-c1`, d++));
    tags.push(tag(`${m}#prod#2`, `${m}-c3`, d++));
    tags.push(tag(`${m}#staging#3`, `${m}-c2`, d++));
    tags.push(tag(`${m}#prod!#4`, `${m}-c3`, d++));
    tags.push(tag(`${m}@v1.2.0!`, `${m}-c2`, d++));
    tags.push(tag(`${m}#dev#9`, `${m}-c0`, d++, false)); // lightweight: only its counter counts
  }
  tags.push(tag('m-1@deprecated', 'm-1-c3', d++));
  return tags;
}

const byName = (a: TagRef, b: TagRef) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

describe('registry: tag order', () => {
  it('sorted, reversed and shuffled tags give the same registry', () => {
    const sorted = [...sampleTags()].sort(byName);
    const expected = buildRegistry(sorted);
    assert.equal(expected.models.find((m) => m.name === 'm-10')?.stages.prod, 'v1.1.0', 'the unassignment re-exposes the earlier prod');
    assert.equal(expected.maxCounters.get('m-1a'), 9);
    assert.deepEqual(buildRegistry([...sorted].reverse()), expected);
    fc.assert(
      fc.property(fc.shuffledSubarray(sorted, { minLength: sorted.length, maxLength: sorted.length }), (shuffled) => {
        assert.deepEqual(buildRegistry(shuffled), expected);
      }),
      { numRuns: 200 },
    );
  });
});

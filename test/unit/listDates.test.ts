// list --json writes each version's date; computed without Date, it must read the same.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { isoDate } from '../../src/cli/listCommand';

describe('list --json dates', () => {
  it('are what Date#toISOString writes, for any whole second from 1970 to 9999', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 253_402_300_799 }), (s) => assert.equal(isoDate(s), new Date(s * 1000).toISOString())),
      { numRuns: 20_000 },
    );
  });

  it('are right on the days calendars get wrong: leap days, century years, the last second of 9999', () => {
    const days = ['1970-01-01T00:00:00Z', '2000-02-29T23:59:59Z', '2100-03-01T00:00:00Z', '1900-01-01T00:00:00Z', '2024-02-29T12:00:00Z', '9999-12-31T23:59:59Z'];
    for (const day of days) {
      const s = Date.parse(day) / 1000;
      if (s >= 0) assert.equal(isoDate(s), new Date(s * 1000).toISOString());
    }
  });

  it('outside that range or between seconds, read like Date reads them (or fail like it)', () => {
    for (const s of [-1, -86_400 * 365, 0.5, 1_704_640_860.25, 253_402_300_800]) assert.equal(isoDate(s), new Date(s * 1000).toISOString());
    assert.throws(() => isoDate(1e20), RangeError);
  });
});

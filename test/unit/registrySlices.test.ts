// Building the registry of thousands of models in slices (what the extension does, so its host
// never freezes) gives the registry a single pass gives, and lets the event loop run in between.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { RegistryBuilder } from '../../src/core/registry';
import type { TagRef } from '../../src/core/types';

function tags(models: number): TagRef[] {
  const out: TagRef[] = [];
  for (let m = 0; m < models; m++) {
    const name = `model-${String(m).padStart(4, '0')}`;
    for (let v = 0; v < 3; v++) {
      out.push({ name: `${name}@v1.${v}.0`, annotated: true, tagObject: `t${m}.${v}`, targetType: 'commit', target: `c${m}.${v}`, date: 1_700_000_000 + v, tagger: 'A', subject: 'reg' });
    }
    out.push({ name: `${name}#prod#1`, annotated: true, tagObject: `t${m}p`, targetType: 'commit', target: `c${m}.1`, date: 1_700_000_010, tagger: 'A', subject: 'prod' });
    // A warning of a tag and of a model: they keep their places.
    if (m % 500 === 0) out.push({ name: `${name}@v9.0.0`, annotated: true, tagObject: `t${m}x`, targetType: 'tree', target: `tree${m}`, date: 1_700_000_020, tagger: 'A', subject: 'x' });
    if (m % 700 === 0) out.push({ name: `${name}@v8.0.0!`, annotated: true, tagObject: `t${m}d`, targetType: 'commit', target: `c${m}.9`, date: 1_700_000_030, tagger: 'A', subject: 'x' });
  }
  return out;
}

const built = (all: TagRef[]) => {
  const b = new RegistryBuilder();
  for (const t of all) b.add(t);
  return b;
};

describe('registry: built in slices', () => {
  it('gives what one pass gives, with turns of the event loop in between', async () => {
    const all = tags(2000);
    const whole = built(all).finish();
    let turns = 0;
    let running = true;
    const spin = () => {
      turns++;
      if (running) setImmediate(spin);
    };
    setImmediate(spin);
    // A slice of 0 ms: a turn after every model.
    const sliced = await built(all).finishInSlices(0);
    running = false;
    assert.deepEqual(sliced, whole);
    assert.equal(whole.models.length, 2000);
    assert.ok(whole.diagnostics.length >= 4, 'the sample has warnings');
    assert.ok(turns >= 1999, `the event loop ran ${turns} times while 2,000 models were built`);
  });

  it('stops when the read is cancelled while the models are built', async () => {
    const controller = new AbortController();
    const building = built(tags(2000)).finishInSlices(0, controller.signal);
    setImmediate(() => controller.abort());
    await assert.rejects(building, { name: 'AbortError' });
  });
});

// `.gto`, GTO's config, read as GTO reads it: the stages and their order, the types; problems
// as diagnostics, never an exception.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { assertStageAllowed, orderStages, parseGtoConfig } from '../../src/core/gtoConfig';
import { PlanError } from '../../src/core/versionPlans';

describe('.gto', () => {
  it('reads stages and types in their order, keys in any case', () => {
    const c = parseGtoConfig('STAGES: [dev, staging, prod]\ntypes:\n  - model\n  - dataset\n');
    assert.deepEqual([c.stages, c.types, c.diagnostics], [['dev', 'staging', 'prod'], ['model', 'dataset'], []]);
  });

  it('an empty file, or stages: null, sets no rules', () => {
    assert.equal(parseGtoConfig('').stages, undefined);
    assert.equal(parseGtoConfig('stages: null\n').stages, undefined);
  });

  it('a name GTO refuses makes an error and no stage rule', () => {
    const c = parseGtoConfig('stages: [dev, "-bad"]\n');
    assert.equal(c.stages, undefined);
    assert.match(c.diagnostics[0]!.message, /'-bad' is not one/);
  });

  it('a key GTO does not know is a warning (gto itself refuses such a config)', () => {
    const c = parseGtoConfig('stages: [dev]\nenforce_order: true\n');
    assert.deepEqual(c.stages, ['dev']);
    assert.match(c.diagnostics[0]!.message, /'enforce_order' is not a GTO setting/);
  });

  it('broken YAML is a diagnostic, not an exception', () => {
    const c = parseGtoConfig('stages: [dev\n');
    assert.equal(c.stages, undefined);
    assert.equal(c.diagnostics[0]!.severity, 'error');
  });

  it('allowed stages: any without a list, only the listed ones with it, none with an empty list', () => {
    assertStageAllowed({}, 'qa');
    assertStageAllowed({ stages: ['dev', 'prod'] }, 'prod');
    assert.throws(() => assertStageAllowed({ stages: ['dev', 'prod'] }, 'qa'), (e: Error) => e instanceof PlanError && /allowed stages are: dev, prod/.test(e.message));
    assert.throws(() => assertStageAllowed({ stages: [] }, 'dev'), /allows no stages/);
  });

  it('orders stages by .gto, the unlisted after them in their own order', () => {
    assert.deepEqual(orderStages({ stages: ['dev', 'staging', 'prod'] }, ['qa', 'prod', 'dev', 'canary']), ['dev', 'prod', 'qa', 'canary']);
    assert.deepEqual(orderStages({}, ['b', 'a']), ['b', 'a']);
  });
});

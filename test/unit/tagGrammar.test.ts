import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  formatGtoTag,
  isValidModelName,
  isValidStageName,
  modelTagPrefix,
  parseGtoTag,
  parseTag,
  type ParsedTag,
} from '../../src/core/tagGrammar';

/** The fields a user sees in a parsed tag, without the SemVer breakdown. */
function summary(p: ParsedTag | undefined) {
  if (!p) return undefined;
  const { model, action, version, stage, counter, convention } = p;
  return { model, action, version, stage, counter, convention };
}

describe('GTO tag grammar: versions', () => {
  it('name@vX.Y.Z registers that version', () => {
    assert.deepEqual(summary(parseGtoTag('churn@v3.1.0')), {
      model: 'churn', action: 'register', version: 'v3.1.0', stage: undefined, counter: undefined, convention: 'gto',
    });
  });

  it('a registration keeps the full SemVer: pre-release and build metadata', () => {
    const p = parseGtoTag('nn@v1.0.0-alpha.beta+exp.sha.5114f85');
    assert.equal(p?.action, 'register');
    assert.equal(p?.version, 'v1.0.0-alpha.beta+exp.sha.5114f85');
    assert.deepEqual(p?.semver?.prerelease, ['alpha', 'beta']);
    assert.deepEqual(p?.semver?.build, ['exp', 'sha', '5114f85']);
    assert.equal(parseGtoTag('x@v0.0.1+build.1')?.version, 'v0.0.1+build.1');
    assert.equal(parseGtoTag('x@v2.0.0-rc.1')?.semver?.prerelease.join('.'), 'rc.1');
  });

  it('name@vX.Y.Z! deregisters the version', () => {
    const p = parseGtoTag('churn@v3.1.0!');
    assert.equal(p?.action, 'deregister');
    assert.equal(p?.version, 'v3.1.0');
  });

  it('a registration or deregistration may carry a counter', () => {
    assert.deepEqual(summary(parseGtoTag('nn@v1.0.0!#1')), {
      model: 'nn', action: 'deregister', version: 'v1.0.0', stage: undefined, counter: 1, convention: 'gto',
    });
    assert.equal(parseGtoTag('a2@v1.2.3#1')?.action, 'register');
    assert.equal(parseGtoTag('a2@v1.2.3#1')?.counter, 1);
  });

  it('a malformed or non-lowercase-v version is not a GTO tag', () => {
    for (const tag of ['model@v1', 'model@v1.2', 'x@V1.0.0', 'x@v01.0.0', 'x@v1.02.0', 'namespace/model@0.0.1', 'x@1.0.0', 'a@v1.0.0-', 'a@v1.0.0+', 'a@v1.0.0-01']) {
      assert.equal(parseGtoTag(tag), undefined, tag);
    }
  });
});

describe('GTO tag grammar: stages', () => {
  it('name#stage#N assigns the stage with counter N', () => {
    assert.deepEqual(summary(parseGtoTag('churn#prod#3')), {
      model: 'churn', action: 'assign', version: undefined, stage: 'prod', counter: 3, convention: 'gto',
    });
  });

  it('name#stage!#N unassigns the stage', () => {
    assert.deepEqual(summary(parseGtoTag('nn#prod!#2')), {
      model: 'nn', action: 'unassign', version: undefined, stage: 'prod', counter: 2, convention: 'gto',
    });
  });

  it('the older name#stage form (no counter) still assigns, and name#stage! unassigns', () => {
    assert.deepEqual(summary(parseGtoTag('nn#prod')), {
      model: 'nn', action: 'assign', version: undefined, stage: 'prod', counter: undefined, convention: 'gto',
    });
    assert.equal(parseGtoTag('nn#prod!')?.action, 'unassign');
    assert.equal(parseGtoTag('nn#prod!')?.counter, undefined);
  });

  it('name#stage-N from GTO 0.1 is read as the stage "stage-N", as current GTO does', () => {
    assert.deepEqual(summary(parseGtoTag('churn#prod-1')), {
      model: 'churn', action: 'assign', version: undefined, stage: 'prod-1', counter: undefined, convention: 'gto',
    });
  });

  it('a counter with leading zeros is read as its number', () => {
    assert.equal(parseGtoTag('churn#prod#007')?.counter, 7);
  });

  it('a counter too large to hold exactly still makes an event, without a counter', () => {
    // GTO (Python ints) accepts it; dropping the tag would change what `gto show` prints.
    const p = parseGtoTag('churn#prod#99999999999999999999');
    assert.equal(p?.action, 'assign');
    assert.equal(p?.stage, 'prod');
    assert.equal(p?.counter, undefined);
  });

  it('stage names follow the artifact-name rules: uppercase, _ and / inside', () => {
    assert.equal(parseGtoTag('m#Prod_EU#1')?.stage, 'Prod_EU');
    assert.equal(parseGtoTag('m#eu/prod')?.stage, 'eu/prod');
    assert.equal(parseGtoTag('m#p')?.stage, 'p');
    assert.equal(parseGtoTag('m#_prod'), undefined);
    assert.equal(parseGtoTag('m#prod-'), undefined);
  });

  it("GTO's own list of wrong tags is rejected", () => {
    for (const tag of ['model@v1', 'nn#prod#-1', 'model#prod#1-2', 'model#prod@v1.2.3', 'model@v1.2.3#prod', 'namespace/model@0.0.1']) {
      assert.equal(parseGtoTag(tag), undefined, tag);
    }
  });

  it("GTO's own list of correct tags is accepted", () => {
    const expected: Record<string, ParsedTag['action']> = {
      'nn#prod': 'assign', 'nn#prod!': 'unassign', 'nn#prod#1': 'assign', 'nn#prod!#2': 'unassign',
      'nn@v1.0.0!#1': 'deregister', 'nn@v1.0.0-alpha.beta': 'register',
    };
    for (const [tag, action] of Object.entries(expected)) assert.equal(parseGtoTag(tag)?.action, action, tag);
  });
});

describe('GTO tag grammar: artifact names', () => {
  it('dirname=name in a tag is the model dirname:name', () => {
    assert.equal(parseGtoTag('nlp=churn#prod#3')?.model, 'nlp:churn');
    assert.equal(parseGtoTag('nlp=churn@v1.0.0')?.model, 'nlp:churn');
    assert.equal(parseGtoTag('a/b=c/d#prod#2')?.model, 'a/b:c/d');
    assert.equal(parseGtoTag('some/folder.x=some/artifact@deprecated')?.model, 'some/folder.x:some/artifact');
  });

  it('names may be one character, hold uppercase, _, - and / inside', () => {
    for (const name of ['m', 'model_A', 'DVCLive/Model', 'churn-v2', 'a/b/c', '0x']) {
      assert.equal(parseGtoTag(`${name}@v1.0.0`)?.model, name, name);
    }
  });

  it('names that start or end with a symbol, or hold a second =, are not GTO tags', () => {
    for (const tag of ['_model@v1.0.0', '-model@v1.0.0', 'model-@v1.0.0', 'm/@v1.0.0', '/m@v1.0.0', 'a=b=c@v1.0.0', '=x@v1.0.0', 'x=@v1.0.0', 'mod el@v1.0.0', 'модель@v1.0.0']) {
      assert.equal(parseGtoTag(tag), undefined, tag);
    }
  });
});

describe('GTO tag grammar: artifact events', () => {
  it('name@deprecated deprecates the model, with or without a counter', () => {
    assert.equal(parseGtoTag('churn@deprecated')?.action, 'deprecate');
    assert.equal(parseGtoTag('churn@deprecated#4')?.counter, 4);
    assert.equal(parseGtoTag('nlp=churn@deprecated')?.model, 'nlp:churn');
  });

  it('name@created matches the grammar as a create event', () => {
    assert.equal(parseGtoTag('churn@created')?.action, 'create');
    assert.equal(parseGtoTag('churn@created#2')?.counter, 2);
  });

  it('nothing can follow @deprecated but a counter', () => {
    assert.equal(parseGtoTag('churn@deprecated!'), undefined);
    assert.equal(parseGtoTag('churn@deprecated#prod'), undefined);
    assert.equal(parseGtoTag('churn@latest'), undefined);
  });

  it('tags with neither @ nor # are not GTO tags', () => {
    for (const tag of ['v1.0.0', 'release-2024', 'wrong-tag-unrelated', '', 'churn']) assert.equal(parseGtoTag(tag), undefined, tag);
  });
});

describe('other tag conventions', () => {
  it('plain vX.Y.Z tags are versions of the single model named by plainModel', () => {
    const p = parseTag('v1.4.0-rc.2', { gto: true, plainModel: 'classifier' });
    assert.deepEqual(summary(p), {
      model: 'classifier', action: 'register', version: 'v1.4.0-rc.2', stage: undefined, counter: undefined, convention: 'plain',
    });
    assert.equal(parseTag('v1.4.0', { gto: true }), undefined);
  });

  it('plain tags must be full SemVer with a lowercase v', () => {
    const c = { gto: false, plainModel: 'm' };
    for (const tag of ['v1', 'v1.2', 'V1.2.3', '1.2.3', 'v1.2.3.4', 'v01.2.3', 'version1']) assert.equal(parseTag(tag, c), undefined, tag);
  });

  it('<prefix>/<name>/vX.Y.Z tags are versions of <name>', () => {
    const c = { gto: true, prefix: 'models' };
    assert.deepEqual(summary(parseTag('models/churn/v2.0.0', c)), {
      model: 'churn', action: 'register', version: 'v2.0.0', stage: undefined, counter: undefined, convention: 'prefix',
    });
    assert.equal(parseTag('models/team/churn/v2.0.0+b7', c)?.model, 'team/churn');
    assert.equal(parseTag('models/team/churn/v2.0.0+b7', c)?.version, 'v2.0.0+b7');
  });

  it('prefix tags with a bad name or version, or another prefix, give nothing', () => {
    const c = { gto: true, prefix: 'models' };
    for (const tag of ['models/v2.0.0', 'models//v2.0.0', 'models/churn/2.0.0', 'models/churn/v2', 'models/-churn/v1.0.0', 'other/churn/v1.0.0', 'modelsx/churn/v1.0.0', 'models/churn/', 'models/модель/v1.0.0']) {
      assert.equal(parseTag(tag, c), undefined, tag);
    }
  });

  it('GTO tags win over the other conventions, which add only registrations', () => {
    const c = { gto: true, plainModel: 'm', prefix: 'models' };
    assert.equal(parseTag('churn#prod#1', c)?.convention, 'gto');
    assert.equal(parseTag('v1.0.0', c)?.convention, 'plain');
    assert.equal(parseTag('models/churn/v1.0.0', c)?.convention, 'prefix');
  });

  it('with GTO turned off, GTO tags give nothing', () => {
    assert.equal(parseTag('churn@v1.0.0', { gto: false }), undefined);
    assert.equal(parseTag('churn@v1.0.0', { gto: false, plainModel: 'm', prefix: 'models' }), undefined);
  });

  it('tags matching no convention give undefined', () => {
    for (const tag of ['latest', 'release/2024-01', 'v1.0', 'churn@v1', 'models/churn/latest']) {
      assert.equal(parseTag(tag, { gto: true, plainModel: 'm', prefix: 'models' }), undefined, tag);
    }
  });
});

describe('names and formatting', () => {
  it('model names: dirname:name or a plain name', () => {
    for (const n of ['churn', 'nlp:churn', 'team/churn', 'a/b.c:d/e', 'm']) assert.equal(isValidModelName(n), true, n);
    for (const n of ['', 'churn-', '_churn', 'a:b:c', ':churn', 'nlp=churn', 'churn@v1', 'chu rn']) assert.equal(isValidModelName(n), false, n);
  });

  it('stage names follow the same rules as names, without a dirname', () => {
    for (const s of ['prod', 'p', 'Prod_EU', 'eu/prod', 'stage-2']) assert.equal(isValidStageName(s), true, s);
    for (const s of ['', 'prod-', '-prod', 'a:b', 'pr#od', 'pr@od', 'prod!']) assert.equal(isValidStageName(s), false, s);
  });

  it('the dirname separator is written = in tags', () => {
    assert.equal(modelTagPrefix('nlp:churn'), 'nlp=churn');
    assert.equal(modelTagPrefix('churn'), 'churn');
  });

  it('formatGtoTag writes the tags GTO would create', () => {
    assert.equal(formatGtoTag({ model: 'churn', action: 'register', version: 'v1.0.0' }), 'churn@v1.0.0');
    assert.equal(formatGtoTag({ model: 'churn', action: 'deregister', version: 'v1.0.0' }), 'churn@v1.0.0!');
    assert.equal(formatGtoTag({ model: 'nlp:churn', action: 'assign', stage: 'prod', counter: 3 }), 'nlp=churn#prod#3');
    assert.equal(formatGtoTag({ model: 'churn', action: 'unassign', stage: 'prod', counter: 4 }), 'churn#prod!#4');
    assert.equal(formatGtoTag({ model: 'churn', action: 'deprecate' }), 'churn@deprecated');
    assert.equal(formatGtoTag({ model: 'churn', action: 'assign', stage: 'prod' }), 'churn#prod');
  });
});

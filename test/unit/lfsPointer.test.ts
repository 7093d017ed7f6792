import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { lfsPatterns, parseLfsPointer } from '../../src/core/readers/lfsPointer';

const weights = Buffer.from('pretend these are 4 MB of float32 weights');
const oid = createHash('sha256').update(weights).digest('hex');
const pointer = (extra = '') => `version https://git-lfs.github.com/spec/v1\n${extra}oid sha256:${oid}\nsize ${weights.length}\n`;

describe('Git LFS pointer files', () => {
  it("a pointer gives the real file's sha256 and size", () => {
    const p = parseLfsPointer(pointer());
    assert.ok(p);
    assert.equal(p.oid, oid);
    assert.equal(p.size, weights.length);
  });

  it('the pre-1.0 hawser version line is still a pointer', () => {
    const p = parseLfsPointer(pointer().replace('git-lfs.github.com', 'hawser.github.com'));
    assert.equal(p?.oid, oid);
  });

  it('unknown keys are kept, as the spec asks', () => {
    const p = parseLfsPointer(pointer('ext-0-foo sha256:' + 'a'.repeat(64) + '\n'));
    assert.equal(p?.fields['ext-0-foo'], 'sha256:' + 'a'.repeat(64));
    assert.equal(p?.fields.version, 'https://git-lfs.github.com/spec/v1');
  });

  it('a wrong version line is not a pointer', () => {
    assert.equal(parseLfsPointer(pointer().replace('spec/v1', 'spec/v2')), undefined);
    assert.equal(parseLfsPointer(pointer().replace('https://', 'http://')), undefined);
    assert.equal(parseLfsPointer(`oid sha256:${oid}\nversion https://git-lfs.github.com/spec/v1\nsize 1\n`), undefined);
  });

  it('an oid of the wrong length, case or algorithm is not a pointer', () => {
    assert.equal(parseLfsPointer(pointer().replace(oid, oid.slice(1))), undefined);
    assert.equal(parseLfsPointer(pointer().replace(oid, oid + '0')), undefined);
    assert.equal(parseLfsPointer(pointer().replace(oid, oid.toUpperCase())), undefined);
    assert.equal(parseLfsPointer(pointer().replace('sha256:', 'sha1:')), undefined);
  });

  it('a size that is not a whole number is not a pointer', () => {
    assert.equal(parseLfsPointer(pointer().replace(/size \d+/, 'size -1')), undefined);
    assert.equal(parseLfsPointer(pointer().replace(/size \d+/, 'size 1.5')), undefined);
    assert.equal(parseLfsPointer(pointer().replace(/size \d+\n/, '')), undefined);
  });

  it('a text over 1024 bytes is the real content, not a pointer', () => {
    assert.equal(parseLfsPointer(pointer('x-note ' + 'n'.repeat(1100) + '\n')), undefined);
  });

  it('a file that merely starts with "version " is not a pointer', () => {
    assert.equal(parseLfsPointer('version 1.2.3 of the model card\n\nSome prose.\n'), undefined);
    assert.equal(parseLfsPointer(pointer('Bad Key value\n')), undefined);
    assert.equal(parseLfsPointer(pointer(`oid sha256:${'b'.repeat(64)}\n`)), undefined, 'two oids');
  });

  it('a key named __proto__ cannot turn a file into a pointer or change fields', () => {
    assert.equal(parseLfsPointer(pointer('__proto__ x\n')), undefined);
  });

  it('.gitattributes lines with filter=lfs give the LFS patterns; macros and comments do not', () => {
    const text = [
      '# large files',
      '*.safetensors filter=lfs diff=lfs merge=lfs -text',
      '[attr]lfs filter=lfs diff=lfs merge=lfs -text',
      '*.csv text eol=lf',
      '   models/**/*.pt   filter=lfs diff=lfs merge=lfs -text   ',
      '*.bin -filter',
      '*.onnx filter=lfs\r',
      '',
    ].join('\n');
    assert.deepEqual(lfsPatterns(text), ['*.safetensors', 'models/**/*.pt', '*.onnx']);
  });
});

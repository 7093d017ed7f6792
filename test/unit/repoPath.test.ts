import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { dirOf, resolveRepoPath } from '../../src/core/repoPath';

function refused(base: string, rel: unknown): string {
  const r = resolveRepoPath(base, rel);
  assert.equal(r.ok, false, `${JSON.stringify(rel)} in ${JSON.stringify(base)} should be refused`);
  return (r as { reason: string }).reason;
}

function resolved(base: string, rel: unknown): string {
  const r = resolveRepoPath(base, rel);
  assert.ok(r.ok, `${JSON.stringify(rel)} in ${JSON.stringify(base)}: ${(r as { reason?: string }).reason}`);
  return r.path;
}

describe('manifest paths stay inside the repository', () => {
  it('a relative path is joined to the manifest folder', () => {
    assert.equal(resolved('models/churn', 'weights/model.pt'), 'models/churn/weights/model.pt');
    assert.equal(resolved('', 'params.yaml'), 'params.yaml');
    assert.equal(resolved('models/churn', './data/'), 'models/churn/data');
  });

  it("'..' anywhere in a path is refused, even when it would land inside the repository", () => {
    assert.match(refused('models/churn', '../shared/params.yaml'), /'\.\.'/);
    assert.match(refused('models/churn', 'data/../../../etc/passwd'), /'\.\.'/);
    assert.match(refused('', '..'), /'\.\.'/);
  });

  it('absolute paths, home paths, drive letters and UNC paths are refused', () => {
    assert.match(refused('m', '/etc/passwd'), /absolute/);
    assert.match(refused('m', '~/secrets.yaml'), /absolute/);
    assert.match(refused('m', 'C:/Windows/system.ini'), /absolute/);
    assert.match(refused('m', 'c:relative'), /absolute/);
    assert.match(refused('m', '\\\\server\\share'), /absolute/);
  });

  it('backslashes, control characters and empty paths are refused', () => {
    assert.match(refused('m', 'data\\train.csv'), /backslash/);
    assert.match(refused('m', 'data/\ntrain.csv'), /control/);
    assert.match(refused('m', 'a\0b'), /control/);
    assert.match(refused('m', '   '), /non-empty/);
    assert.match(refused('m', ''), /non-empty/);
    assert.match(refused('m', 42), /non-empty string/);
    assert.match(refused('m', null), /non-empty string/);
  });

  it('a path into .git is refused in any letter case', () => {
    assert.match(refused('', '.git/config'), /\.git/);
    assert.match(refused('m', 'sub/.GIT/hooks/pre-commit'), /\.git/);
    assert.equal(resolved('m', '.gitattributes'), 'm/.gitattributes');
    assert.equal(resolved('m', 'x.git/y'), 'm/x.git/y');
  });

  it('the repository root itself is not a path, but a manifest folder may name itself', () => {
    assert.match(refused('', '.'), /repository itself/);
    assert.match(refused('', './'), /repository itself/);
    assert.equal(resolved('models/churn', '.'), 'models/churn');
  });

  it('dirOf gives the folder of a path and "" at the root', () => {
    assert.equal(dirOf('models/churn/model.yaml'), 'models/churn');
    assert.equal(dirOf('model.yaml'), '');
  });
});

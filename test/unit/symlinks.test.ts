// Links in the working tree that lead out of the repository: refused with a diagnostic, and not a
// byte of what they point at is read. (At a commit a link is only its target's name, never followed.)
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ModelStore } from '../../src/core/modelStore';
import { GitRepository } from '../../src/git/repository';
import { makeRepo } from './helpers/gitRepo';

describe('symbolic links out of the repository', () => {
  const repo = makeRepo();
  const outside = mkdtempSync(path.join(tmpdir(), 'mv-outside-'));
  after(() => {
    repo.remove();
    rmSync(outside, { recursive: true, force: true });
  });

  it('params, data and a linked folder that leave the repository are refused and never read', async () => {
    const SECRET = 'secret_token: do-not-read-me';
    writeFileSync(path.join(outside, 'secret.yaml'), `${SECRET}\n`);
    mkdirSync(path.join(outside, 'data'));
    writeFileSync(path.join(outside, 'data', 'train.csv'), 'label\n1\n');
    repo.write({
      'model.yaml': 'name: churn\nparams: params.yaml\nconfigs: [linked/cfg.yaml]\ndata:\n  - data.csv\n',
    });
    symlinkSync(path.join(outside, 'secret.yaml'), path.join(repo.dir, 'params.yaml'));
    symlinkSync(path.join(outside, 'data', 'train.csv'), path.join(repo.dir, 'data.csv'));
    symlinkSync(outside, path.join(repo.dir, 'linked'));
    writeFileSync(path.join(outside, 'cfg.yaml'), `${SECRET}\n`);
    repo.commit('links');
    repo.tag('churn@v1.0.0', { date: 1_700_000_000 });
    const git = await GitRepository.open(repo.dir, { gitPath: 'git' });
    try {
      const store = new ModelStore(git);
      const workdir = await store.record(await store.resolve('churn@workdir'));
      const text = JSON.stringify(workdir);
      assert.ok(!text.includes('do-not-read-me'), 'nothing from outside the repository was read');
      const refused = workdir.diagnostics.filter((d) => /leads out of the repository through a symbolic link/.test(d.message)).map((d) => d.message.split(' ')[0]);
      assert.deepEqual(refused.sort(), ['data.csv', 'linked/cfg.yaml', 'params.yaml']);
      assert.equal(workdir.data['data.csv']?.hash, null);
      // At the tag, git stores the links as links: their text is the target's name, not its content.
      const tagged = await store.record(await store.resolve('churn@v1.0.0'));
      assert.ok(!JSON.stringify(tagged).includes('do-not-read-me'));
    } finally {
      git.dispose();
    }
  });
});

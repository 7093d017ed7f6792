// A registry's copy is blobless: reading a version's file fetches the blob from the remote inside
// the cat-file request. With catFileTimeoutMs (as registries get it), a remote that takes the
// request and never answers fails that read with a clear message instead of holding every later
// read; the next read starts a new cat-file. Real git, a real smart-HTTP server on 127.0.0.1.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { CatFile } from '../../src/git/catFile';
import { makeRepo, type TestRepo } from './helpers/gitRepo';
import { makeBare, serveHttp, type BareRemote, type HttpRemote } from './helpers/remotes';

const BOUNDED = { timeout: 60_000 };
const env = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_TERMINAL_PROMPT: '0' };

describe('reading a blob of a blobless registry copy', () => {
  let bare: BareRemote;
  let alice: TestRepo;
  let serving: HttpRemote;
  let silent: HttpRemote;
  let scratch: string;
  let copy: string;
  let commit: string;
  before(async () => {
    bare = makeBare();
    bare.git('config', 'uploadpack.allowFilter', 'true');
    alice = makeRepo('mv-alice-');
    commit = alice.commit('v1', { 'models/fraud/model.yaml': 'name: fraud\n', 'models/fraud/params.yaml': 'depth: 3\n' });
    alice.git('remote', 'add', 'origin', bare.dir);
    alice.git('push', '-q', 'origin', 'main');
    serving = await serveHttp(path.dirname(bare.dir));
    silent = await serveHttp(path.dirname(bare.dir), 'never-answer');
    scratch = mkdtempSync(path.join(tmpdir(), 'mv-blobless-'));
    copy = path.join(scratch, 'copy.git');
    // Not execFileSync: the server answering the clone runs in this process.
    await promisify(execFile)('git', ['clone', '-q', '--bare', '--filter=blob:none', serving.url(path.basename(bare.dir)), copy], { env });
  });
  after(async () => {
    await serving.close();
    await silent.close();
    bare.remove();
    alice.remove();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('fetches the missing blob on demand from a remote that answers', BOUNDED, async () => {
    const cat = new CatFile(copy, { gitPath: 'git', catFileTimeoutMs: 30_000 });
    try {
      const r = await cat.read(`${commit}:models/fraud/model.yaml`);
      assert.equal(r.kind, 'found');
      assert.equal(r.kind === 'found' && r.content.toString('utf8'), 'name: fraud\n');
    } finally {
      cat.dispose();
    }
  });

  it('a remote that never answers fails the read with a message, and a later read is not held by it', BOUNDED, async () => {
    execFileSync('git', ['config', 'remote.origin.url', silent.url(path.basename(bare.dir))], { cwd: copy, env });
    const cat = new CatFile(copy, { gitPath: 'git', catFileTimeoutMs: 2_000 });
    try {
      await assert.rejects(cat.read(`${commit}:models/fraud/params.yaml`), /git cat-file did not answer within 2 s \(fetching .* from the remote\?\)/);
      assert.ok(silent.requests > 0, 'the silent server was asked');
      // A blob the copy has (fetched by the test before) is read by a new process at once.
      const again = await cat.read(`${commit}:models/fraud/model.yaml`);
      assert.equal(again.kind, 'found');
    } finally {
      cat.dispose();
    }
  });
});

// CatFile: file contents at revisions through long-lived `git cat-file` processes.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { CatFile } from '../../src/git/catFile';
import { makeRepo, type TestRepo } from './helpers/gitRepo';

describe('CatFile', () => {
  let repo: TestRepo;
  let first: string;
  // Varied bytes, so a read that starts or ends in the wrong place cannot compare equal.
  const BIG = Array.from({ length: 300 * 1024 }, (_, i) => String.fromCharCode(97 + ((i * 7919) % 26))).join('');

  before(() => {
    repo = makeRepo();
    const files: Record<string, string> = {};
    for (let i = 0; i < 150; i++) files[`many/file-${i}.txt`] = `content of file ${i}\n`;
    first = repo.commit('files', {
      ...files,
      'dir with spaces/my params.yaml': 'lr: 0.1\n',
      'big.bin': BIG,
      'utf8.txt': 'naïve — 模型\n',
    });
    repo.commit('change', { 'many/file-0.txt': 'changed\n' });
  });
  after(() => repo.remove());

  it('answers many pipelined reads, each with its own content, in any order they are awaited', async () => {
    const cat = new CatFile(repo.dir, { gitPath: 'git' });
    try {
      const reads = Array.from({ length: 150 }, (_, i) => cat.read(`${first}:many/file-${i}.txt`));
      const infos = Array.from({ length: 150 }, (_, i) => cat.info(`HEAD:many/file-${i}.txt`));
      const results = await Promise.all(reads);
      results.forEach((r, i) => {
        assert.equal(r.kind, 'found');
        if (r.kind === 'found') assert.equal(r.content.toString('utf8'), `content of file ${i}\n`);
      });
      const sizes = (await Promise.all(infos)).map((r) => (r.kind === 'found' ? r.size : -1));
      assert.equal(sizes[0], 'changed\n'.length, 'HEAD has the later content');
      assert.equal(sizes[1], 'content of file 1\n'.length);
    } finally {
      cat.dispose();
    }
  });

  it('reads large blobs back to back with small ones, every byte in place', async () => {
    const cat = new CatFile(repo.dir, { gitPath: 'git' });
    try {
      const [big1, small, big2, info] = await Promise.all([cat.read('HEAD:big.bin'), cat.read('HEAD:utf8.txt'), cat.read(`${first}:big.bin`), cat.info('HEAD:big.bin')]);
      assert.ok(big1.kind === 'found' && big1.content.equals(Buffer.from(BIG)));
      assert.ok(big2.kind === 'found' && big2.content.equals(Buffer.from(BIG)));
      assert.ok(small.kind === 'found' && small.content.toString('utf8') === 'naïve — 模型\n');
      assert.equal(info.kind === 'found' && info.size, BIG.length);
    } finally {
      cat.dispose();
    }
  });

  it('reports a missing path as missing, and keeps answering afterwards', async () => {
    const cat = new CatFile(repo.dir, { gitPath: 'git' });
    try {
      assert.deepEqual(await cat.read('HEAD:no/such/file.txt'), { kind: 'missing' });
      assert.deepEqual(await cat.info('HEAD:no such file'), { kind: 'missing' });
      assert.deepEqual(await cat.read('0123456789012345678901234567890123456789'), { kind: 'missing' });
      const ok = await cat.read('HEAD:utf8.txt');
      assert.equal(ok.kind === 'found' && ok.content.toString('utf8'), 'naïve — 模型\n');
    } finally {
      cat.dispose();
    }
  });

  it('reads a path with spaces', async () => {
    const cat = new CatFile(repo.dir, { gitPath: 'git' });
    try {
      const r = await cat.read('HEAD:dir with spaces/my params.yaml');
      assert.equal(r.kind, 'found');
      if (r.kind === 'found') assert.equal(r.content.toString('utf8'), 'lr: 0.1\n');
    } finally {
      cat.dispose();
    }
  });

  it('reports a blob larger than maxBytes as too-large without streaming it', async () => {
    const log: string[] = [];
    const cat = new CatFile(repo.dir, { gitPath: 'git', log: (l) => log.push(l) });
    try {
      const r = await cat.read('HEAD:big.bin', 64 * 1024);
      assert.equal(r.kind, 'too-large');
      if (r.kind === 'too-large') assert.equal(r.size, BIG.length);
      // Only the --batch-check process (sizes) ran; the one that streams contents never started.
      assert.deepEqual(log, ['git cat-file --batch-check (started, long-lived)']);
      const whole = await cat.read('HEAD:big.bin');
      assert.equal(whole.kind === 'found' && whole.content.length, BIG.length, 'without a limit it is read in full');
    } finally {
      cat.dispose();
    }
  });

  it('refuses a path with a line break, which would split the request in two', async () => {
    const cat = new CatFile(repo.dir, { gitPath: 'git' });
    try {
      await assert.rejects(cat.read('HEAD:a\nHEAD:big.bin'), /line break/);
      assert.equal((await cat.info('HEAD:utf8.txt')).kind, 'found', 'the process is still in step');
    } finally {
      cat.dispose();
    }
  });

  it('after dispose() pending and new requests reject, and no process is started again', async () => {
    const log: string[] = [];
    const cat = new CatFile(repo.dir, { gitPath: 'git', log: (l) => log.push(l) });
    await cat.info('HEAD:utf8.txt');
    const pending = cat.read('HEAD:big.bin');
    cat.dispose();
    await assert.rejects(pending, /stopped/);
    await assert.rejects(cat.read('HEAD:utf8.txt'), /stopped/);
    await assert.rejects(cat.info('HEAD:utf8.txt'), /stopped/);
    assert.equal(log.filter((l) => l.includes('started')).length, 2, 'one --batch-check and one --batch, never restarted');
  });

  it('a git that cannot start rejects the request with a GitError instead of hanging', async () => {
    const cat = new CatFile(repo.dir, { gitPath: '/nonexistent/git' });
    try {
      await assert.rejects(cat.info('HEAD:utf8.txt'), (e: Error) => e.name === 'GitError');
    } finally {
      cat.dispose();
    }
  });
});

#!/usr/bin/env node
// `npm run bench:restore`: a checkout's DVC part on a 1 GB output, measured against md5sum of the
// same file in the same run (a ratio, so a slow machine does not read as a slow product):
//   restore-1gb      `checkout --files-only` that copies a 1 GB output from the cache (the old file is small)
//   hash-1gb         md5 (and DVC 2's dos2unix md5) of the 1 GB file in the hashing worker thread
//   restore-over-1gb `checkout --files-only` whose working file is the 1 GB one: hashed, found cached, replaced
//   show-1000-dir    `show` of a version whose metrics sit in a 1,000-file .dir output
// Whole CLI processes; a wrong result fails, a slow one is only reported. Not a test.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const SIZE = Number(process.env.BENCH_RESTORE_MB ?? 1024) * 1024 * 1024;
const { FileHasher } = await import(path.join(ROOT, 'out', 'src', 'git', 'fileHasher.js'));

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mv-bench-restore-'));
const env = { ...process.env, GIT_AUTHOR_NAME: 'Ada', GIT_AUTHOR_EMAIL: 'ada@example.com', GIT_COMMITTER_NAME: 'Ada', GIT_COMMITTER_EMAIL: 'ada@example.com', HOME: dir };
const git = (...args) => execFileSync('git', args, { cwd: dir, env, encoding: 'utf8' });
const write = (p, c) => {
  fs.mkdirSync(path.dirname(path.join(dir, p)), { recursive: true });
  fs.writeFileSync(path.join(dir, p), c);
};
const ms = (t0) => Math.round(Number(process.hrtime.bigint() - t0) / 1e6);
const time = (fn) => {
  const t0 = process.hrtime.bigint();
  const r = fn();
  return { ms: ms(t0), r };
};
const md5sum = (file) => time(() => execFileSync('md5sum', [file], { encoding: 'utf8' }).split(' ')[0]);
const cli = (...args) => {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: dir, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`${args.join(' ')} failed: ${r.stderr}`);
  return { ms: ms(t0), out: r.stdout };
};
const line = (name, t, base) => console.log(`bench ${name}: ${t} ms${base ? `, md5sum ${base} ms, ratio ${(t / base).toFixed(2)}` : ''}`);
const objectPath = (h) => path.join(dir, '.dvc', 'cache', 'files', 'md5', h.slice(0, 2), h.slice(2));
const lockFor = (h, size, evalOut) =>
  `schema: '2.0'\nstages:\n  train:\n    cmd: python train.py\n    outs:\n    - path: model.pkl\n      hash: md5\n      md5: ${h}\n      size: ${size}\n` +
  (evalOut ? `  evaluate:\n    cmd: python evaluate.py\n    outs:\n    - path: eval\n      hash: md5\n      md5: ${evalOut.hash}\n      size: ${evalOut.size}\n      nfiles: ${evalOut.nfiles}\n` : '');

/** A .dir output of 1,000 files (metrics.json among 999 plots files), written into the cache. */
function putEval(version) {
  const files = { 'metrics.json': JSON.stringify({ acc: 0.8 + version / 100 }) };
  for (let i = 1; i < 1000; i++) files[`plots/p${String(i).padStart(4, '0')}.json`] = JSON.stringify({ step: i, v: version });
  const entries = Object.keys(files).sort().map((relpath) => ({ md5: createHash('md5').update(files[relpath]).digest('hex'), relpath }));
  for (const e of entries) {
    const p = objectPath(e.md5);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, files[e.relpath]);
  }
  const listing = `[${entries.map((e) => `{"md5": "${e.md5}", "relpath": "${e.relpath}"}`).join(', ')}]`;
  const hash = `${createHash('md5').update(listing).digest('hex')}.dir`;
  fs.writeFileSync(objectPath(hash), listing);
  return { hash, size: Object.values(files).reduce((n, c) => n + c.length, 0), nfiles: entries.length };
}

try {
  git('init', '-q', '-b', 'main');
  write('.dvc/config', '');
  write('.dvc/.gitignore', '/config.local\n/tmp\n/cache\n');
  write('.gitignore', '/model.pkl\n/eval\n');
  write('dvc.yaml', 'stages:\n  train:\n    cmd: python train.py\n    outs: [model.pkl]\n  evaluate:\n    cmd: python evaluate.py\n    deps: [model.pkl]\n    outs: [eval]\nmetrics:\n  - eval/metrics.json\nartifacts:\n  big:\n    path: model.pkl\n    type: model\n');
  // 1 GB of weights: one random MiB repeated (md5 cannot tell; the disk and the hash do the work).
  const big = path.join(dir, 'big.bin');
  const block = randomBytes(1024 * 1024);
  const fd = fs.openSync(big, 'w');
  for (let n = 0; n < SIZE; n += block.length) fs.writeSync(fd, block);
  fs.closeSync(fd);
  const base = md5sum(big);
  const bigHash = base.r;
  fs.mkdirSync(path.dirname(objectPath(bigHash)), { recursive: true });
  fs.renameSync(big, objectPath(bigHash));
  fs.chmodSync(objectPath(bigHash), 0o444);
  const small = 'small weights\n';
  const smallHash = createHash('md5').update(small).digest('hex');
  write(path.relative(dir, objectPath(smallHash)), small);
  write('dvc.lock', lockFor(bigHash, SIZE, putEval(1)));
  git('add', '-A');
  git('commit', '-q', '-m', 'big');
  git('tag', '-a', '-m', 'big', 'big@v1.0.0');
  write('dvc.lock', lockFor(smallHash, small.length, putEval(2)));
  git('add', '-A');
  git('commit', '-q', '-m', 'small');
  git('tag', '-a', '-m', 'small', 'big@v2.0.0');
  write('model.pkl', small);

  // md5sum of the same 1 GB file, in this run: the yardstick of every ratio (the faster of two
  // runs, so that both sides read a file the page cache holds).
  const yard = Math.min(md5sum(objectPath(bigHash)).ms, md5sum(objectPath(bigHash)).ms);

  const restore = cli('checkout', 'big@v1.0.0', '--files-only');
  if (md5sum(path.join(dir, 'model.pkl')).r !== bigHash) throw new Error('restore-1gb: model.pkl is not the 1 GB version');
  line('restore-1gb', restore.ms, yard);

  const hasher = new FileHasher(path.join(ROOT, 'out', 'src', 'git'));
  let hashMs = Infinity;
  let hashes;
  for (let i = 0; i < 2; i++) {
    const t0 = process.hrtime.bigint();
    hashes = await hasher.hash(path.join(dir, 'model.pkl'));
    hashMs = Math.min(hashMs, ms(t0));
  }
  hasher.dispose();
  if (hashes.md5 !== bigHash || hasher.workerHashes !== 2) throw new Error('hash-1gb: wrong md5, or not hashed in the worker');
  line('hash-1gb', hashMs, yard);

  // The first restore wrote big's stages into dvc.lock: an uncommitted change that would stop the next.
  git('checkout', '--', 'dvc.lock');
  const over = cli('checkout', 'big@v2.0.0', '--files-only');
  if (fs.readFileSync(path.join(dir, 'model.pkl'), 'utf8') !== small) throw new Error('restore-over-1gb: model.pkl is not the small version');
  line('restore-over-1gb', over.ms, yard);

  const shows = [];
  for (let i = 0; i < 5; i++) {
    const s = cli('show', 'big@v1.0.0', '--json');
    if (JSON.parse(s.out).metrics.acc !== 0.81) throw new Error('show-1000-dir: wrong metrics');
    shows.push(s.ms);
  }
  shows.sort((a, b) => a - b);
  line('show-1000-dir (median of 5)', shows[2]);
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}

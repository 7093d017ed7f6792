// `node out/bench/dvcCache.js`: `show` of a version whose metrics sit in a 1,000-file folder
// output (eval/metrics.json among 999 plots files), read through the folder's .dir listing from
// the local DVC cache, with the availability of every one of the 1,000 objects. Whole CLI
// processes, several rounds, medians; a wrong answer fails, a slow one is only reported.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import * as path from 'node:path';
import { makeRepo } from '../test/unit/helpers/gitRepo';
import { outEntry, putFolder } from '../test/unit/helpers/dvcCache';

const ROOT = path.join(__dirname, '..', '..');
const CLI = process.env.BENCH_CLI ? path.resolve(process.env.BENCH_CLI) : path.join(ROOT, 'dist', 'cli.js');
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 7));
const FILES = 1000;
/** What reading through the cache may add to a show whose metrics are in Git (reported, not enforced). */
const TARGET_OVERHEAD_MS = 300;

function folder(version: number): Record<string, string> {
  const files: Record<string, string> = { 'metrics.json': JSON.stringify({ acc: 0.8 + version / 100, loss: 0.2 - version / 100 }) };
  for (let i = 1; i < FILES; i++) files[`plots/p${String(i).padStart(4, '0')}.json`] = JSON.stringify({ step: i, v: version });
  return files;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

function main(): void {
  const repo = makeRepo('mv-bench-dvc-');
  try {
    repo.commit('init', {
      '.dvc/config': '[core]\n    autostage = true\n',
      '.dvc/.gitignore': '/config.local\n/tmp\n/cache\n',
      '.gitignore': '/eval\n',
      'dvc.yaml': 'stages:\n  evaluate:\n    cmd: python evaluate.py\n    outs:\n      - eval\nmetrics:\n  - eval/metrics.json\nartifacts:\n  bench:\n    path: eval\n    type: model\n',
    });
    // The baseline: the same model with its metrics committed to Git (no cache to read).
    repo.commit('metrics in git', { 'eval/metrics.json': '{"acc": 0.8}', '.gitignore': '' });
    repo.tag('bench@v1.0.0');
    repo.commit('metrics out of git', { 'eval/metrics.json': null, '.gitignore': '/eval\n' });
    for (const v of [1, 2]) {
      const out = putFolder(path.join(repo.dir, '.dvc', 'cache'), folder(v));
      repo.commit(`v${v}`, { 'dvc.lock': `schema: '2.0'\nstages:\n  evaluate:\n    cmd: python evaluate.py\n    outs:\n${outEntry('eval', out.hash, out.size, 'dvc3', out.nfiles)}` });
      repo.tag(`bench@v1.${v}.0`);
    }
    const measures = [
      { name: 'node -e 0 (startup floor)', argv: ['-e', '0'], node: true, check: () => undefined },
      { name: 'show bench@v1.0.0 --json (metrics in Git, the baseline)', argv: ['show', 'bench@v1.0.0', '--json'], check: (out: string) => (JSON.parse(out).metrics.acc === 0.8 ? undefined : 'no metrics') },
      { name: `show bench@v1.1.0 --json (metrics in a ${FILES}-file .dir output)`, argv: ['show', 'bench@v1.1.0', '--json'], check: (out: string) => {
        const j = JSON.parse(out);
        if (j.metrics.acc !== 0.81) return `metrics ${JSON.stringify(j.metrics)}`;
        if (j.weights.eval?.availability?.note !== `in the local DVC cache (${FILES} files)`) return `availability ${JSON.stringify(j.weights.eval?.availability)}`;
        return undefined;
      } },
      { name: 'diff bench@v1.1.0 bench@v1.2.0 --json', argv: ['diff', 'bench@v1.1.0', 'bench@v1.2.0', '--json'], check: (out: string) => (JSON.parse(out).changes.some((c: { key: string }) => c.key === 'acc') ? undefined : 'no acc row') },
    ];
    const times = new Map<string, number[]>(measures.map((m) => [m.name, []]));
    for (let round = 0; round <= ROUNDS; round++) {
      for (const m of measures) {
        const started = process.hrtime.bigint();
        const r = spawnSync(process.execPath, 'node' in m ? m.argv : [CLI, ...m.argv], { cwd: repo.dir, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        if (r.status !== 0) throw new Error(`${m.name} exited ${r.status}: ${r.stderr}`);
        const wrong = m.check(r.stdout);
        if (wrong) throw new Error(`${m.name}: ${wrong}`);
        if (round > 0) times.get(m.name)!.push(ms); // round 0 warms the page cache
      }
    }
    const med = (i: number) => median(times.get(measures[i]!.name)!);
    for (const [i, m] of measures.entries()) process.stdout.write(`${m.name}: median ${med(i).toFixed(0)} ms over ${ROUNDS} rounds\n`);
    const overhead = med(2) - med(1);
    process.stdout.write(`reading ${FILES}-file output through the cache adds ${overhead.toFixed(0)} ms  ${overhead <= TARGET_OVERHEAD_MS ? 'PASS' : 'MISS'} (target ${TARGET_OVERHEAD_MS} ms)\n`);
  } finally {
    rmSync(repo.dir, { recursive: true, force: true });
    repo.remove();
  }
}

main();

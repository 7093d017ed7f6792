// Run stores at the scale: 1,000 MLflow runs × 50 params × 20 metrics (10 points each),
// as `mlruns/` and as `mlflow.db`, in a git repository that ignores both (as real projects do).
// In-process, several rounds, medians; a baseline in the same run (plain node reading every file of
// the store) says what the machine can do. Slowness is reported as FAIL, never an exit code; a
// wrong answer does fail.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { GitRepository } from '../src/git/repository';
import { readMlflowFileStore, type MlflowFileStore } from '../src/core/readers/mlflowFileStore';
import { readMlflowDb } from '../src/core/readers/mlflowSqlStore';
import { buildMlflowDb, writeMlflowFileStore, type MlflowSpec, type RunSpec } from '../test/fixtures/mlflowStores';

const RUNS = 1000;
const PARAMS = 50;
const METRICS = 20;
const POINTS = 10;
const TARGET_MS = 2000;
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 5));
const T = Date.UTC(2024, 0, 1);

function spec(): MlflowSpec {
  const runs = (exp: number): RunSpec[] =>
    Array.from({ length: RUNS / 2 }, (_, i) => {
      const n = exp * RUNS + i;
      const params: Record<string, string> = {};
      for (let p = 0; p < PARAMS; p++) params[`param_${p}`] = String((n * 31 + p) % 997);
      const metrics: RunSpec['metrics'] = {};
      for (let m = 0; m < METRICS; m++) metrics[`metric_${m}`] = Array.from({ length: POINTS }, (_, s) => ({ timestamp: T + n * 1000 + s, value: (n + m + s) / 1000, step: s }));
      return {
        id: n.toString(16).padStart(32, '0'),
        name: `run-${n}`,
        status: 'FINISHED',
        startTime: T + n * 1000,
        endTime: T + n * 1000 + 500,
        params,
        metrics,
        tags: { 'mlflow.source.git.commit': 'a'.repeat(40), 'mlflow.user': 'bench' },
      };
    });
  return {
    experiments: [
      { id: '1', name: 'churn', creationTime: T, runs: runs(1) },
      { id: '2', name: 'fraud', creationTime: T, runs: runs(2) },
    ],
    models: [
      {
        name: 'churn',
        creationTime: T,
        aliases: { champion: 20 },
        versions: Array.from({ length: 20 }, (_, i) => ({ version: i + 1, runId: (RUNS + i).toString(16).padStart(32, '0'), source: `runs:/${i}/model`, creationTime: T + i })),
      },
    ],
  };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

function listRecursive(root: string, folder: string): string[] {
  return fs
    .readdirSync(path.join(root, folder), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(root, path.join(e.parentPath, e.name)).split(path.sep).join('/'));
}

/** What is wrong with a read store, or undefined. */
function check(store: MlflowFileStore): string | undefined {
  const runs = store.experiments.flatMap((e) => e.runs);
  if (store.diagnostics.length) return `diagnostics: ${store.diagnostics[0]!.message}`;
  if (runs.length !== RUNS) return `${runs.length} runs`;
  for (const r of runs) {
    if (Object.keys(r.params).length !== PARAMS) return `run ${r.id} has ${Object.keys(r.params).length} params`;
    const ms = Object.values(r.metrics);
    if (ms.length !== METRICS || ms.some((m) => m.history.length !== POINTS || m.last.step !== POINTS - 1)) return `run ${r.id} has wrong metrics`;
    if (!r.gitCommit) return `run ${r.id} has no commit`;
  }
  if (store.models[0]?.versions.length !== 20) return 'registry versions missing';
  return undefined;
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mv-bench-runs-'));
  try {
    const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_TERMINAL_PROMPT: '0' }, stdio: 'pipe' });
    git('init', '-q', '-b', 'main');
    fs.writeFileSync(path.join(dir, '.gitignore'), 'mlruns/\nmlflow.db\n');
    git('add', '.gitignore');
    git('-c', 'user.name=Bench', '-c', 'user.email=bench@example.com', '-c', 'commit.gpgsign=false', 'commit', '-q', '-m', 'ignore run stores');

    let started = Date.now();
    const s = spec();
    writeMlflowFileStore(path.join(dir, 'mlruns'), s);
    const fileCount = listRecursive(dir, 'mlruns').length;
    const fileSecs = (Date.now() - started) / 1000;
    started = Date.now();
    const db = await buildMlflowDb(s);
    fs.writeFileSync(path.join(dir, 'mlflow.db'), db);
    process.stdout.write(
      `Generated in ${dir}: ${RUNS} runs × ${PARAMS} params × ${METRICS} metrics × ${POINTS} points\n` +
        `  mlruns/: ${fileCount} files in ${fileSecs.toFixed(1)} s; mlflow.db: ${(db.length / 1e6).toFixed(1)} MB in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
    );

    let walked = false;
    /** Of each file-store read, the part spent listing the files (the rest is the reader's). */
    const listingMs: number[] = [];
    const readFileStore = async (): Promise<MlflowFileStore> => {
      const t0 = process.hrtime.bigint();
      const repo = await GitRepository.open(dir, { gitPath: 'git' });
      const source = repo.workdir();
      // The working tree's walk() lists ignored files (git ls-files would not); fall back to readdir.
      const walk = (source as { walk?: (folder: string) => Promise<{ files: string[] }> }).walk;
      walked = typeof walk === 'function';
      const files = walked ? (await walk!.call(source, 'mlruns')).files : listRecursive(dir, 'mlruns');
      listingMs.push(Number(process.hrtime.bigint() - t0) / 1e6);
      return readMlflowFileStore(source, 'mlruns', files);
    };
    const readDb = async (): Promise<MlflowFileStore> => readMlflowDb(new Uint8Array(fs.readFileSync(path.join(dir, 'mlflow.db'))), 'mlflow.db');
    const baseline = async (): Promise<number> => {
      let bytes = 0;
      for (const f of listRecursive(dir, 'mlruns')) bytes += fs.readFileSync(path.join(dir, f)).length;
      return bytes;
    };

    const time = async <T>(fn: () => Promise<T>): Promise<[number, T]> => {
      const t0 = process.hrtime.bigint();
      const out = await fn();
      return [Number(process.hrtime.bigint() - t0) / 1e6, out];
    };
    // The first db read pays for loading sql.js (once per process): reported on its own.
    const [dbFirst, dbStore] = await time(readDb);
    const [, fileStore] = await time(readFileStore);
    for (const [name, store] of [['mlruns/', fileStore], ['mlflow.db', dbStore]] as const) {
      const problem = check(store);
      if (problem) {
        process.stderr.write(`bench: ${name} gave a wrong answer: ${problem}\n`);
        process.exitCode = 1;
        return;
      }
    }

    const names = ['baseline: readFileSync every mlruns/ file', `mlruns/ via workdir() (${walked ? 'walk' : 'readdir'} + readMlflowFileStore)`, 'mlflow.db (readFileSync + readMlflowDb)'];
    const fns: Array<() => Promise<unknown>> = [baseline, readFileStore, readDb];
    const times: number[][] = names.map(() => []);
    for (let round = 0; round < ROUNDS; round++) for (let i = 0; i < fns.length; i++) times[i]!.push((await time(fns[i]!))[0]);
    const med = times.map(median);
    const listing = median(listingMs.slice(1));

    const w = Math.max(...names.map((n) => n.length));
    process.stdout.write(`\n${'read'.padEnd(w)}  median ms  min ms  max ms  (${ROUNDS} rounds)\n`);
    names.forEach((n, i) => process.stdout.write(`${n.padEnd(w)}  ${med[i]!.toFixed(1).padStart(9)}  ${Math.min(...times[i]!).toFixed(1).padStart(6)}  ${Math.max(...times[i]!).toFixed(1).padStart(6)}\n`));
    process.stdout.write(`  of which open + ${walked ? 'walk' : 'readdir'}: ${listing.toFixed(1)} ms, readMlflowFileStore: ${(med[1]! - listing).toFixed(1)} ms\n`);
    process.stdout.write(`first mlflow.db read, loading sql.js: ${dbFirst.toFixed(1)} ms\n\n`);
    process.stdout.write(`mlruns/ / baseline: ${(med[1]! / med[0]!).toFixed(2)} ×   mlflow.db / baseline: ${(med[2]! / med[0]!).toFixed(2)} ×\n`);
    const targets = [
      { name: `mlruns/ read < ${TARGET_MS} ms`, value: med[1]!, pass: med[1]! < TARGET_MS },
      { name: `mlflow.db read < ${TARGET_MS} ms`, value: med[2]!, pass: med[2]! < TARGET_MS },
      { name: `first mlflow.db read (with sql.js load) < ${TARGET_MS} ms`, value: dbFirst, pass: dbFirst < TARGET_MS },
    ];
    for (const t of targets) process.stdout.write(`${t.pass ? 'PASS' : 'FAIL'}  ${t.name}: ${t.value.toFixed(0)} ms\n`);
    process.stdout.write(
      JSON.stringify({
        bench: 'runs',
        shape: { runs: RUNS, params: PARAMS, metrics: METRICS, points: POINTS, files: fileCount, dbBytes: db.length },
        rounds: ROUNDS,
        medianMs: Object.fromEntries(names.map((n, i) => [n, Number(med[i]!.toFixed(1))])),
        fileStoreListingMs: Number(listing.toFixed(1)),
        firstDbReadMs: Number(dbFirst.toFixed(1)),
        targets: Object.fromEntries(targets.map((t) => [t.name, t.pass ? 'PASS' : 'FAIL'])),
      }) + '\n',
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  process.stderr.write(`bench: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exitCode = 1;
});

// `npm run bench`: the CLI against a registry of 500 models × 20 versions (13,500 annotated tags),
// whole processes, several rounds, medians. Compares `list --json` with the raw `git for-each-ref`
// it is built on, and times `diff` and `show`. Machines are noisy: targets are reported as PASS or
// MISS, never turned into a failing exit code. A wrong answer (not a slow one) does fail.
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { TAG_FORMAT } from '../src/git/refs';
import { DEFAULT_SHAPE, generateRepo, modelName, versionName } from './generate';

interface Measure {
  name: string;
  argv: string[];
  /** Checks the output; a string is what is wrong with it. */
  check?: (stdout: string) => string | undefined;
}

const ROOT = path.join(__dirname, '..', '..');
// BENCH_CLI=<file> times another build of the CLI (an older commit's, say) against the same repository.
const CLI = process.env.BENCH_CLI ? path.resolve(process.env.BENCH_CLI) : path.join(ROOT, 'dist', 'cli.js');
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 7));

function runOnce(m: Measure, cwd: string): { ms: number; stdout: string } {
  const started = process.hrtime.bigint();
  const r = spawnSync(m.argv[0]!, m.argv.slice(1), { cwd, maxBuffer: 256 * 1024 * 1024, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (r.status !== 0) throw new Error(`${m.name} exited ${r.status}: ${r.stderr}`);
  return { ms, stdout: r.stdout };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

function main(): void {
  const repo = generateRepo(DEFAULT_SHAPE);
  process.stdout.write(
    `${repo.built ? 'Generated' : 'Reusing'} ${path.relative(ROOT, repo.dir)}: ${repo.shape.models} models × ${repo.shape.versionsPerModel} versions, ` +
      `${repo.registrationTags} registration + ${repo.stageTags} stage tags, ${repo.commits} commits${repo.built ? ` in ${repo.seconds.toFixed(1)} s` : ''}\n`,
  );
  const model = modelName(7);
  const a = versionName(0);
  const b = versionName(DEFAULT_SHAPE.versionsPerModel - 1);
  const measures: Measure[] = [
    { name: 'node -e 0 (startup floor)', argv: [process.execPath, '-e', '0'] },
    {
      name: 'git for-each-ref (raw)',
      argv: ['git', 'for-each-ref', `--format=${TAG_FORMAT}`, 'refs/tags'],
      check: (out) => (out.split('\0').length - 1 === 9 * (repo.registrationTags + repo.stageTags) ? undefined : 'not every tag was listed'),
    },
    {
      name: 'list --json',
      argv: [process.execPath, CLI, 'list', '--json'],
      check: (out) => {
        const models = JSON.parse(out).models as Array<{ versions: unknown[]; stages: Record<string, string> }>;
        if (models.length !== repo.shape.models) return `${models.length} models listed`;
        if (models.some((m) => m.versions.length !== repo.shape.versionsPerModel)) return 'a model is missing versions';
        if (models.some((m) => Object.keys(m.stages).length !== 3)) return 'a model is missing a stage';
        return undefined;
      },
    },
    {
      name: `diff ${model}@${a} ${model}@${b}`,
      argv: [process.execPath, CLI, 'diff', `${model}@${a}`, `${model}@${b}`, '--json'],
      check: (out) => {
        const keys = (JSON.parse(out).changes as Array<{ key: string }>).map((c) => c.key);
        for (const k of ['train.lr', `models/${model}/model.pkl`, `models/${model}/data/train.csv`, 'accuracy']) if (!keys.includes(k)) return `${k} is not in the diff`;
        return undefined;
      },
    },
    {
      name: `show ${model}#prod`,
      argv: [process.execPath, CLI, 'show', `${model}#prod`, '--json'],
      check: (out) => (JSON.parse(out).hyperparameters?.train ? undefined : 'no hyperparameters'),
    },
  ];

  // One warm-up round (page cache, git's packed-refs), then rounds that interleave the commands
  // so a slow moment of the machine hits all of them alike.
  for (const m of measures) {
    const { stdout } = runOnce(m, repo.dir);
    const problem = m.check?.(stdout);
    if (problem) {
      process.stderr.write(`bench: ${m.name} gave a wrong answer: ${problem}\n`);
      process.exitCode = 1;
      return;
    }
  }
  const times = new Map<string, number[]>(measures.map((m) => [m.name, []]));
  for (let round = 0; round < ROUNDS; round++) for (const m of measures) times.get(m.name)!.push(runOnce(m, repo.dir).ms);

  const med = new Map([...times].map(([k, v]) => [k, median(v)]));
  const raw = med.get('git for-each-ref (raw)')!;
  const list = med.get('list --json')!;
  const diff = med.get(measures[3]!.name)!;
  const show = med.get(measures[4]!.name)!;
  const ratio = list / raw;
  const targets = [
    { name: 'list --json ≤ 2.5 × for-each-ref', value: `${ratio.toFixed(2)} ×`, pass: ratio <= 2.5 },
    { name: 'diff < 300 ms', value: `${diff.toFixed(0)} ms`, pass: diff < 300 },
    { name: 'show < 300 ms', value: `${show.toFixed(0)} ms`, pass: show < 300 },
  ];

  const w = Math.max(...measures.map((m) => m.name.length));
  process.stdout.write(`\nCLI: ${path.relative(ROOT, CLI) || CLI}\n${'command'.padEnd(w)}  median ms  min ms  max ms  (${ROUNDS} rounds)\n`);
  for (const m of measures) {
    const v = times.get(m.name)!;
    process.stdout.write(`${m.name.padEnd(w)}  ${med.get(m.name)!.toFixed(1).padStart(9)}  ${Math.min(...v).toFixed(1).padStart(6)}  ${Math.max(...v).toFixed(1).padStart(6)}\n`);
  }
  process.stdout.write('\n');
  for (const t of targets) process.stdout.write(`${t.pass ? 'PASS' : 'MISS'}  ${t.name}: ${t.value}\n`);
  process.stdout.write(
    JSON.stringify({
      bench: 'cli',
      cli: path.relative(ROOT, CLI),
      repo: { models: repo.shape.models, versionsPerModel: repo.shape.versionsPerModel, tags: repo.registrationTags + repo.stageTags },
      rounds: ROUNDS,
      medianMs: Object.fromEntries([...med].map(([k, v]) => [k, Number(v.toFixed(1))])),
      listToForEachRef: Number(ratio.toFixed(2)),
      targets: Object.fromEntries(targets.map((t) => [t.name, t.pass ? 'PASS' : 'MISS'])),
    }) + '\n',
  );
}

main();

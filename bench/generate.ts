// Builds a large model registry with `git fast-import`: many models, each with a manifest and a
// params file that change from version to version, annotated registration tags and GTO stage tags
// with tagger dates. Cached under bench/.repos/ so repeated benchmark runs reuse it.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { makeManyTagsRepo } from '../test/fixtures/manyTags';

export interface RepoShape {
  models: number;
  versionsPerModel: number;
  /** Stage tags per model (assignments spread over its versions). */
  stageTagsPerModel: number;
}

export const DEFAULT_SHAPE: RepoShape = { models: 500, versionsPerModel: 20, stageTagsPerModel: 7 };

export interface GeneratedRepo {
  dir: string;
  shape: RepoShape;
  registrationTags: number;
  stageTags: number;
  commits: number;
  /** True when this call built it; false when the cached copy was reused. */
  built: boolean;
  seconds: number;
}

const GIT_ENV = {
  ...process.env,
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_AUTHOR_NAME: 'Bench',
  GIT_AUTHOR_EMAIL: 'bench@example.com',
  GIT_COMMITTER_NAME: 'Bench',
  GIT_COMMITTER_EMAIL: 'bench@example.com',
  GIT_TERMINAL_PROMPT: '0',
};

const START = Date.UTC(2024, 0, 1) / 1000;
const STAGES = ['dev', 'staging', 'prod'];

export function modelName(i: number): string {
  return `model-${String(i).padStart(3, '0')}`;
}

/** The i-th version of every model: v1.0.0, v1.0.1, v1.1.0, … unique and increasing. */
export function versionName(i: number): string {
  return `v${1 + Math.floor(i / 8)}.${Math.floor(i / 2) % 4}.${i % 2}`;
}

function md5ish(seed: string): string {
  // Deterministic 32-hex "hash" for dvc.lock entries; only its shape matters.
  let h = 0x811c9dc5;
  let out = '';
  for (let round = 0; out.length < 32; round++) {
    for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 0x01000193) >>> 0;
    h = Math.imul(h ^ round, 0x01000193) >>> 0;
    out += h.toString(16).padStart(8, '0');
  }
  return out.slice(0, 32);
}

function files(model: string, v: number): Record<string, string> {
  const dir = `models/${model}`;
  const manifest = [
    `name: ${model}`,
    `description: Benchmark model ${model}, version ${versionName(v)}`,
    'framework: sklearn',
    'labels: [bench, tabular]',
    'params: params.yaml',
    'data:',
    '  - data/train.csv',
    'weights:',
    '  - model.pkl',
    'metrics:',
    `  accuracy: ${(0.8 + v / 200).toFixed(4)}`,
    `  auc: ${(0.85 + v / 300).toFixed(4)}`,
    '',
  ].join('\n');
  const params = [
    'train:',
    `  lr: ${(0.1 / (1 + v)).toFixed(5)}`,
    `  epochs: ${10 + 5 * Math.floor(v / 4)}`,
    '  seed: 42',
    `  batch_size: ${v % 3 === 0 ? 64 : 128}`,
    'model:',
    `  depth: ${4 + (v % 5)}`,
    '  estimators: 200',
    `  features: [age, tenure, plan${v >= 10 ? ', usage' : ''}]`,
    '',
  ].join('\n');
  const lock = [
    "schema: '2.0'",
    'stages:',
    '  train:',
    '    cmd: python train.py',
    '    deps:',
    '    - path: data/train.csv',
    '      hash: md5',
    `      md5: ${md5ish(`${model}-data-${Math.floor(v / 5)}`)}`,
    `      size: ${100000 + Math.floor(v / 5)}`,
    '    params:',
    '      params.yaml:',
    `        train.lr: ${(0.1 / (1 + v)).toFixed(5)}`,
    '    outs:',
    '    - path: model.pkl',
    '      hash: md5',
    `      md5: ${md5ish(`${model}-weights-${v}`)}`,
    `      size: ${2000000 + v}`,
    '',
  ].join('\n');
  return { [`${dir}/model.yaml`]: manifest, [`${dir}/params.yaml`]: params, [`${dir}/dvc.lock`]: lock };
}

function data(text: string): string {
  return `data ${Buffer.byteLength(text)}\n${text}\n`;
}

/** The fast-import stream: one commit per (version, model), tags after all commits. */
export function fastImportStream(shape: RepoShape): { stream: string; commits: number; registrationTags: number; stageTags: number } {
  const out: string[] = [];
  let mark = 0;
  const markOf = new Map<string, number>(); // `${model}@${v}` → commit mark
  const timeOf = new Map<string, number>();
  let t = START;
  for (let v = 0; v < shape.versionsPerModel; v++) {
    for (let m = 0; m < shape.models; m++) {
      const model = modelName(m);
      mark++;
      t += 60;
      markOf.set(`${model}@${v}`, mark);
      timeOf.set(`${model}@${v}`, t);
      const msg = `Train ${model} ${versionName(v)}`;
      out.push(`commit refs/heads/main\nmark :${mark}\nauthor Bench <bench@example.com> ${t} +0000\ncommitter Bench <bench@example.com> ${t} +0000\n${data(msg)}`);
      if (mark > 1) out.push(`from :${mark - 1}\n`);
      for (const [p, text] of Object.entries(files(model, v))) out.push(`M 100644 inline ${p}\n${data(text)}`);
      out.push('\n');
    }
  }
  const commits = mark;
  let registrationTags = 0;
  let stageTags = 0;
  for (let m = 0; m < shape.models; m++) {
    const model = modelName(m);
    for (let v = 0; v < shape.versionsPerModel; v++) {
      const tagTime = timeOf.get(`${model}@${v}`)! + 30;
      out.push(`tag ${model}@${versionName(v)}\nfrom :${markOf.get(`${model}@${v}`)}\ntagger Bench <bench@example.com> ${tagTime} +0000\n`);
      out.push(data(`Registering artifact ${model} version ${versionName(v)}`));
      registrationTags++;
    }
    // Stage assignments march through the versions: dev, staging, prod, dev, staging, …
    for (let s = 0; s < shape.stageTagsPerModel; s++) {
      const v = Math.min(shape.versionsPerModel - 1, Math.floor(((s + 1) * shape.versionsPerModel) / (shape.stageTagsPerModel + 1)));
      const stage = STAGES[s % STAGES.length]!;
      const tagTime = timeOf.get(`${model}@${shape.versionsPerModel - 1}`)! + 3600 * (s + 1);
      out.push(`tag ${model}#${stage}#${s + 1}\nfrom :${markOf.get(`${model}@${v}`)}\ntagger Bench <bench@example.com> ${tagTime} +0000\n`);
      out.push(data(`Assigning stage ${stage} to artifact ${model} version ${versionName(v)}`));
      stageTags++;
    }
  }
  return { stream: out.join(''), commits, registrationTags, stageTags };
}

/** Where generated repositories are cached between benchmark runs. */
export const REPOS_DIR = path.join(__dirname, '..', '..', 'bench', '.repos');

/** Returns the cached repository for `shape`, building it first when needed. */
export function generateRepo(shape: RepoShape = DEFAULT_SHAPE, root = REPOS_DIR): GeneratedRepo {
  const dir = path.join(root, `registry-${shape.models}x${shape.versionsPerModel}-s${shape.stageTagsPerModel}`);
  const marker = path.join(dir, '.git', 'bench-complete');
  const started = performance.now();
  const { stream, commits, registrationTags, stageTags } = fastImportStream(shape);
  if (existsSync(marker)) {
    return { dir, shape, commits, registrationTags, stageTags, built: false, seconds: (performance.now() - started) / 1000 };
  }
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, env: GIT_ENV, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  git('init', '-q', '-b', 'main');
  const r = spawnSync('git', ['fast-import', '--quiet', '--done'], { cwd: dir, env: GIT_ENV, input: stream + 'done\n', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`git fast-import failed: ${r.stderr.toString()}`);
  // As a clone has them: refs packed, and a checked-out tree (`list` also discovers manifests there).
  git('pack-refs', '--all');
  git('reset', '-q', '--hard', 'main');
  writeFileSync(marker, `${new Date().toISOString()}\n`);
  return { dir, shape, commits, registrationTags, stageTags, built: true, seconds: (performance.now() - started) / 1000 };
}

/**
 * 100,000 annotated tags (5,000 models × 10 versions, a stage tag beside each) on ten commits:
 * the extension-host test's repository, cached like the others. Tags dominate, files do not.
 */
export function generateManyTagsRepo(root = REPOS_DIR): { dir: string; tags: number; models: number; built: boolean; seconds: number } {
  const dir = path.join(root, 'many-tags-5000x10');
  const marker = path.join(dir, '.git', 'bench-complete');
  const started = performance.now();
  let built = false;
  if (!existsSync(marker)) {
    makeManyTagsRepo(dir);
    writeFileSync(marker, `${new Date().toISOString()}\n`);
    built = true;
  }
  return { dir, tags: 100_000, models: 5000, built, seconds: (performance.now() - started) / 1000 };
}

if (require.main === module) {
  const repo = generateRepo();
  process.stdout.write(
    `${repo.built ? 'Built' : 'Reused'} ${repo.dir}: ${repo.commits} commits, ${repo.registrationTags} registration tags, ${repo.stageTags} stage tags (${repo.seconds.toFixed(1)} s)\n`,
  );
}

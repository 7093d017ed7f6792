// The two-stage DVC project the DVC tests share, written as DVC writes it: train (train.py and
// params.yaml's train.lr) makes model.pkl, the artifact `clf`; evaluate makes the folder eval/
// (metrics.json and plots). Each version's dvc.lock records both outputs' md5s, and its objects
// are put below a cache or remote folder in the DVC 3 or DVC 2 layout (helpers/dvcCache.ts).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { dirListing, md5, md5Dvc2, outEntry, putFile, putFolder, type Layout } from './dvcCache';
import { snapshotFiles } from './worktreeSnapshot';

export const TRAIN_PY = 'print("train")\n';

export const DVC_YAML = `stages:
  train:
    cmd: python train.py
    deps:
      - train.py
    params:
      - train.lr
    outs:
      - model.pkl
  evaluate:
    cmd: python evaluate.py
    deps:
      - model.pkl
    outs:
      - eval
metrics:
  - eval/metrics.json
plots:
  - eval/plots/roc.json
artifacts:
  clf:
    path: model.pkl
    type: model
`;

/** One version's outputs: model.pkl's bytes, and eval/'s files by relpath. */
export interface StageOutputs {
  model: string;
  eval: Record<string, string>;
}

/** What `dvc init` and the project's first commit hold; `config` is .dvc/config. */
export function dvcInitFiles(config = ''): Record<string, string> {
  return {
    '.dvc/config': config,
    '.dvc/.gitignore': '/config.local\n/tmp\n/cache\n',
    '.gitignore': '/model.pkl\n/eval\n',
    'dvc.yaml': DVC_YAML,
    'params.yaml': 'train:\n  lr: 0.1\n',
    'train.py': TRAIN_PY,
  };
}

/** The dvc.lock `dvc repro` writes for a version (DVC 2 hashes text after dos2unix). */
export function lockFor(v: StageOutputs, layout: Layout): string {
  const hash = (text: string) => (layout === 'dvc3' ? md5(text) : md5Dvc2(text));
  const folder = dirListing(v.eval, layout);
  const model = outEntry('model.pkl', hash(v.model), v.model.length, layout);
  return `schema: '2.0'
stages:
  train:
    cmd: python train.py
    deps:
${outEntry('train.py', hash(TRAIN_PY), TRAIN_PY.length, layout)}    params:
      params.yaml:
        train.lr: 0.1
    outs:
${model}  evaluate:
    cmd: python evaluate.py
    deps:
${model}    outs:
${outEntry('eval', folder.hash, folder.size, layout, folder.nfiles)}`;
}

/**
 * Writes a version's objects below a cache or remote folder, as `dvc commit` / `dvc push` would.
 * `only`: just these files of eval/ (a folder pushed in part); its listing always.
 */
export function putOutputs(base: string, v: StageOutputs, layout: Layout, only?: readonly string[]): void {
  putFile(base, v.model, layout);
  putFolder(base, v.eval, layout, only);
}

/** The working tree's files outside .dvc/cache, by path: what a checkout may change. */
export function workingTree(dir: string): Map<string, string> {
  const all = snapshotFiles(dir);
  for (const k of [...all.keys()]) if (k.startsWith('.dvc/cache/')) all.delete(k);
  return all;
}

/** The working tree holds exactly `v`'s outputs: model.pkl and eval/'s files, byte for byte. */
export function expectOutputs(dir: string, v: StageOutputs): void {
  assert.equal(readFileSync(path.join(dir, 'model.pkl'), 'utf8'), v.model);
  const files = snapshotFiles(path.join(dir, 'eval'));
  assert.deepEqual([...files.keys()].sort(), Object.keys(v.eval).sort());
  for (const [k, c] of Object.entries(v.eval)) assert.equal(readFileSync(path.join(dir, 'eval', k), 'utf8'), c, k);
}

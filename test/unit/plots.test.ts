// DVC plots without DVC (#16 item 2) on a real repository: the plots of dvc.yaml, top level and
// per stage, with x/y fields, several files into one plot, read at each compared version.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { makeRepo, type TestRepo } from './helpers/gitRepo';
import { compare } from '../../src/core/compare';
import { ModelStore } from '../../src/core/modelStore';
import { GitRepository } from '../../src/git/repository';
import { codeChanges } from '../../src/git/changedFiles';
import { plotDefinitions, plotRows } from '../../src/core/plots';

let repo: TestRepo;

const dvcYaml = `stages:
  train:
    cmd: python train.py
    outs: [model.pkl]
    plots:
      - logs/loss.tsv:
          x: step
          y: loss
  evaluate:
    cmd: python eval.py
    plots:
      - eval/prc.json:
          template: scatter
          x: recall
          y: precision
      - eval/confusion.json:
          template: confusion
          x: actual
          y: predicted
      - eval/importance.png
      - eval/roc.svg
plots:
  - Accuracy:
      x: step
      y:
        logs/train.csv: acc
        logs/val.csv: acc
artifacts:
  clf:
    path: model.pkl
    type: model
`;

function version(n: number) {
  const rows = (f: (s: number) => string, steps: number) => Array.from({ length: steps }, (_, s) => f(s)).join('\n');
  return {
    'dvc.yaml': dvcYaml,
    'model.pkl': `model ${n}\n`,
    'logs/loss.tsv': `step\tloss\n${rows((s) => `${s}\t${(1 - s * 0.1 * (n + 1)).toFixed(3)}`, 3 + n)}\n`,
    'logs/train.csv': `step,acc\n${rows((s) => `${s},${0.5 + s * 0.1}`, 3)}\n`,
    'logs/val.csv': `step,acc\n${rows((s) => `${s},${0.4 + s * 0.1 + n * 0.01}`, 3)}\n`,
    'eval/prc.json': JSON.stringify({ prc: [{ recall: 0.1, precision: 0.9 }, { recall: 0.5 + n / 10, precision: 0.7 }] }),
    'eval/confusion.json': JSON.stringify([{ actual: 'a', predicted: 'b' }, { actual: 'a', predicted: 'a' }, ...(n ? [{ actual: 'b', predicted: 'b' }] : [])]),
    'eval/importance.png': `\u0089PNG\r\n importance at version ${n}`,
    ...(n ? { 'eval/roc.svg': '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script><rect width="4" height="4"/></svg>' } : {}),
  };
}

describe('DVC plots at each compared version', () => {
  before(() => {
    repo = makeRepo('mv-plots-');
    repo.commit('v1', version(0));
    repo.tag('clf@v1.0.0');
    repo.commit('v2', version(1));
    repo.tag('clf@v1.1.0');
  });
  after(() => repo.remove());

  it('reads top-level and stage plots with their x/y fields, templates and several files to one plot', () => {
    const defs = plotDefinitions(require('yaml').parse(dvcYaml), '');
    assert.deepEqual(
      defs.map((d) => [d.title, d.template, d.sources.map((s) => `${s.file}:${s.x ?? ''}→${s.y}`)]),
      [
        ['Accuracy', 'linear', ['logs/train.csv:step→acc', 'logs/val.csv:step→acc']],
        ['logs/loss.tsv', 'linear', ['logs/loss.tsv:step→loss']],
        ['eval/prc.json', 'scatter', ['eval/prc.json:recall→precision']],
        ['eval/confusion.json', 'confusion', ['eval/confusion.json:actual→predicted']],
        ['eval/importance.png', 'image', ['eval/importance.png:→']],
        ['eval/roc.svg', 'image', ['eval/roc.svg:→']],
      ],
    );
    assert.deepEqual(plotRows('a.csv', 'x,"y, quoted"\n1,"2"\n'), [{ x: '1', 'y, quoted': '2' }]);
  });

  it('gives each plot a series per version, overlaid on the plot\'s own x axis', async () => {
    const git = await GitRepository.open(repo.dir, { gitPath: 'git' });
    try {
      const c = await compare(new ModelStore(git), codeChanges(git), ['clf@v1.0.0', 'clf@v1.1.0'], {}, undefined, git);
      const plots = c.panel.plots ?? [];
      assert.deepEqual(plots.map((p) => p.title), ['Accuracy', 'logs/loss.tsv', 'eval/prc.json']);
      const loss = plots.find((p) => p.title === 'logs/loss.tsv')!;
      assert.deepEqual(loss.series.map((s) => s.name), ['v1.0.0', 'v1.1.0']);
      assert.deepEqual(loss.series[0]!.points, [[0, 1], [1, 0.9], [2, 0.8]]);
      assert.equal(loss.series[1]!.points!.length, 4, 'each version\'s own data');
      assert.equal(loss.xName, 'step');
      const acc = plots.find((p) => p.title === 'Accuracy')!;
      assert.deepEqual(acc.series.map((s) => s.name), ['v1.0.0 logs/train.csv:acc', 'v1.0.0 logs/val.csv:acc', 'v1.1.0 logs/train.csv:acc', 'v1.1.0 logs/val.csv:acc']);
      const prc = plots.find((p) => p.title === 'eval/prc.json')!;
      assert.equal(prc.scatter, true);
      assert.equal(prc.xName, 'recall');
      assert.deepEqual(prc.series[1]!.points, [[0.1, 0.9], [0.6, 0.7]]);
      // A confusion plot: each version's (actual, predicted) counts over the classes either has.
      const [confusion] = c.panel.confusionPlots ?? [];
      assert.ok(confusion, 'the confusion plot is drawn');
      assert.deepEqual(confusion.classes, ['a', 'b']);
      assert.deepEqual(confusion.versions.map((v) => v.counts), [[[1, 1], [0, 0]], [[1, 1], [0, 1]]]);
      // Image plots: each version's own bytes as a data: URI; a version without the file says so.
      const images = c.panel.imagePlots ?? [];
      assert.deepEqual(images.map((i) => i.title), ['eval/importance.png', 'eval/roc.svg']);
      const png = images[0]!.versions.map((v) => Buffer.from(v.uri!.replace(/^data:image\/png;base64,/, ''), 'base64').toString('utf8'));
      assert.deepEqual(png, ['\u0089PNG\r\n importance at version 0', '\u0089PNG\r\n importance at version 1']);
      assert.equal(images[1]!.versions[0]!.uri, undefined);
      assert.equal(images[1]!.versions[0]!.note, 'not at this version');
      assert.match(images[1]!.versions[1]!.uri!, /^data:image\/svg\+xml;base64,/);
    } finally {
      git.dispose();
    }
  });
});

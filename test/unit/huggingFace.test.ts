import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { makeRepo, type TestRepo } from './helpers/gitRepo';
import { GitRepository } from '../../src/git/repository';
import { frontMatter, readHuggingFaceFolder, readModelCard, type HuggingFaceModel } from '../../src/core/readers/huggingFace';
import type { Diagnostic } from '../../src/core/types';

const GIT = { gitPath: 'git' };

const CONFIG = JSON.stringify({
  architectures: ['DistilBertForSequenceClassification'],
  model_type: 'distilbert',
  dim: 768,
  n_layers: 6,
  dropout: 0.1,
  id2label: { '0': 'NEGATIVE', '1': 'POSITIVE' },
  torch_dtype: 'float32',
  transformers_version: '4.40.0',
});

const GENERATION = JSON.stringify({ max_new_tokens: 64, temperature: 0.7, do_sample: true });

// The shape huggingface_hub's ModelCard writes.
const README = `---
license: apache-2.0
library_name: transformers
base_model: distilbert-base-uncased
datasets:
- imdb
tags:
- generated_from_trainer
pipeline_tag: text-classification
model-index:
- name: churn-sentiment
  results:
  - task:
      type: text-classification
      name: Text Classification
    dataset:
      name: imdb
      type: imdb
      split: test
    metrics:
    - type: accuracy
      value: 0.9312
      name: Accuracy
    - type: f1
      value: '0.9301'
  - task:
      type: text-classification
    dataset:
      name: sst2
    metrics:
    - type: accuracy
      value: 0.88
---

# churn-sentiment

Fine-tuned on IMDB.
`;

const messages = (ds: Diagnostic[]) => ds.map((d) => d.message).join('\n');

describe('Hugging Face model cards', () => {
  it('the front matter gives license, base model, datasets, library, tags', () => {
    const { card, diagnostics } = readModelCard('README.md', README);
    assert.deepEqual(diagnostics, []);
    assert.equal(card?.license, 'apache-2.0');
    assert.equal(card?.libraryName, 'transformers');
    assert.equal(card?.pipelineTag, 'text-classification');
    assert.equal(card?.name, 'churn-sentiment');
    assert.deepEqual(card?.baseModels, ['distilbert-base-uncased']);
    assert.deepEqual(card?.datasets, ['imdb']);
    assert.deepEqual(card?.tags, ['generated_from_trainer']);
  });

  it('model-index results become metrics keyed task/dataset/metric type; a quoted number is a number', () => {
    const { card } = readModelCard('README.md', README);
    assert.deepEqual(card?.metrics, {
      'text-classification/imdb/accuracy': 0.9312,
      'text-classification/imdb/f1': 0.9301,
      'text-classification/sst2/accuracy': 0.88,
    });
  });

  it('a non-numeric metric value is reported and skipped; the other metrics stay', () => {
    const { card, diagnostics } = readModelCard('README.md', README.replace('value: 0.88', 'value: pending'));
    assert.match(messages(diagnostics), /accuracy is "pending", not a number; it is skipped/);
    assert.equal(card?.metrics['text-classification/sst2/accuracy'], undefined);
    assert.equal(card?.metrics['text-classification/imdb/accuracy'], 0.9312);
  });

  it('a YAML error in the front matter is reported on its line of the README', () => {
    const text = '---\nlicense: mit\ndatasets: [imdb\n---\n# card\n';
    const { card, diagnostics } = readModelCard('README.md', text);
    assert.equal(card, undefined);
    assert.equal(diagnostics[0]?.severity, 'error');
    assert.ok((diagnostics[0]?.line ?? 0) >= 3, 'the line counts the opening --- of the README');
  });

  it('a README without front matter is no card and no problem; an unclosed one is a warning', () => {
    assert.deepEqual(readModelCard('README.md', '# Just prose\n---\n'), { diagnostics: [] });
    assert.match(messages(readModelCard('README.md', '---\nlicense: mit\n').diagnostics), /never closed/);
    assert.equal(frontMatter('\uFEFF---\r\nlicense: mit\r\n---\r\n')?.yaml, 'license: mit');
  });

  it('base_model may be a list, and a datasets value that is not names is reported', () => {
    const { card, diagnostics } = readModelCard('README.md', '---\nbase_model: [a/b, c/d]\ndatasets: {x: 1}\n---\n');
    assert.deepEqual(card?.baseModels, ['a/b', 'c/d']);
    assert.deepEqual(card?.datasets, []);
    assert.match(messages(diagnostics), /'datasets' is not a name or a list of names/);
  });
});

describe('Hugging Face model folders read from a real commit', () => {
  let t: TestRepo;
  let repo: GitRepository;
  let good: HuggingFaceModel;
  let broken: HuggingFaceModel;
  let bare: HuggingFaceModel;

  before(async () => {
    t = makeRepo();
    t.commit('models', {
      'models/sentiment/config.json': CONFIG,
      'models/sentiment/generation_config.json': GENERATION,
      'models/sentiment/README.md': README,
      'models/sentiment/model.safetensors': 'version https://git-lfs.github.com/spec/v1\noid sha256:' + 'a'.repeat(64) + '\nsize 267832560\n',
      // config.json cut off mid-write, generation config of binary junk; the card still reads.
      'models/broken/config.json': '{"model_type": "bert", "hidden_size": 7',
      'models/broken/generation_config.json': Buffer.from([0x00, 0xde, 0xad, 0xbe, 0xef, 0x00]),
      'models/broken/README.md': README,
      'models/bare/config.json': '[1, 2]',
    });
    repo = await GitRepository.open(t.dir, GIT);
    const source = repo.sourceAt(t.head());
    [good, broken, bare] = await Promise.all(['models/sentiment', 'models/broken', 'models/bare'].map((f) => readHuggingFaceFolder(source, f)));
  });

  after(() => {
    repo?.dispose();
    t?.remove();
  });

  it('config.json and generation_config.json are the hyperparameters, the card the rest', () => {
    assert.deepEqual(good.diagnostics, []);
    assert.deepEqual(good.config?.architectures, ['DistilBertForSequenceClassification']);
    assert.equal(good.config?.n_layers, 6);
    assert.equal(good.generationConfig?.temperature, 0.7);
    assert.equal(good.card?.metrics['text-classification/imdb/accuracy'], 0.9312);
    assert.deepEqual(good.sources, ['models/sentiment/config.json', 'models/sentiment/generation_config.json', 'models/sentiment/README.md']);
  });

  it('a truncated config.json and a binary generation config are reported; the card still reads', () => {
    assert.equal(broken.config, undefined);
    assert.equal(broken.generationConfig, undefined);
    assert.ok(broken.diagnostics.some((d) => d.file === 'models/broken/config.json' && d.severity === 'error'));
    assert.match(messages(broken.diagnostics), /generation_config\.json is not a text file/);
    assert.equal(broken.card?.license, 'apache-2.0');
  });

  it('a config.json that is not a map is reported, and missing files are simply absent', () => {
    assert.equal(bare.config, undefined);
    assert.match(messages(bare.diagnostics), /config\.json is not a map of settings/);
    assert.equal(bare.card, undefined);
    assert.equal(bare.diagnostics.length, 1);
  });
});

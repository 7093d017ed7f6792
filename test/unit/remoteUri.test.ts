// Artifacts and manifest entries whose path is a URI (s3://, gs://, https://, …) are remote
// storage: kept whole, marked as remote, never looked up in Git and never normalised.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cli } from './helpers/cli';
import { GitRepository } from '../../src/git/repository';
import { ModelStore } from '../../src/core/modelStore';
import { resolveLocation, resolveRepoPath } from '../../src/core/repoPath';
import { readManifest } from '../../src/core/readers/manifest';
import { CV_V1, CV_V2, HOLDOUT_MD5, SEGMENT, makeRemoteArtifactsRepo, type RemoteArtifactsRepo } from '../fixtures/remoteArtifactsRepo';

describe('a URI is remote storage, not a repository path', () => {
  it('resolveLocation keeps every URI exactly as written and names its scheme', () => {
    for (const [uri, scheme] of [
      ['s3://mycorp/proj-ml/classif-v2.pt', 's3'],
      ['gs://bucket//double/slash', 'gs'],
      ['azure://container/a/../b.csv', 'azure'],
      ['https://example.com/a.bin?x=1#y', 'https'],
      ['hdfs://namenode:8020/data', 'hdfs'],
      ['ssh://user@host/srv/x', 'ssh'],
      ['remote://storage/texts/labels.csv', 'remote'],
      ['S3://Bucket/Key', 's3'],
    ] as const) {
      assert.deepEqual(resolveLocation('models/churn', uri), { ok: true, path: uri, remote: scheme });
    }
  });

  it('a folder-relative path still resolves in the repository, and drive letters stay refused', () => {
    assert.deepEqual(resolveLocation('models', 'churn.pkl'), { ok: true, path: 'models/churn.pkl' });
    assert.equal(resolveLocation('', 'C://Users/x').ok, false);
    assert.equal(resolveLocation('', 's3://bucket/a\nb').ok, false);
  });

  it('where only a repository file will do (params, configs, metrics), a URI is refused as remote storage, not mangled', () => {
    const r = resolveRepoPath('', 's3://mycorp/params.yaml');
    assert.equal(r.ok, false);
    assert.match((r as { reason: string }).reason, /"s3:\/\/mycorp\/params\.yaml" is remote storage \(s3\)/);
  });

  it('a manifest keeps URI data and weights whole, and refuses a URI params file with a clear warning', () => {
    const m = readManifest({ data: ['gs://b/train.csv', { path: 's3://b/holdout.csv', md5: HOLDOUT_MD5 }], weights: ['s3://b/model.pt'], params: 's3://b/params.yaml' }, 'm/model.yaml');
    assert.deepEqual(m.manifest!.data, [
      { path: 'gs://b/train.csv', remote: 'gs' },
      { path: 's3://b/holdout.csv', remote: 's3', hash: HOLDOUT_MD5, algorithm: 'md5' },
    ]);
    assert.deepEqual(m.manifest!.weights, [{ path: 's3://b/model.pt', remote: 's3' }]);
    assert.deepEqual(m.manifest!.paramsFiles, []);
    assert.deepEqual(m.diagnostics.map((d) => d.message), ['m/model.yaml: params: "s3://b/params.yaml" is remote storage (s3), not a file in the repository']);
  });
});

describe('models whose weights are in remote storage (example-gto shape)', () => {
  let fx: RemoteArtifactsRepo;
  let git: GitRepository;
  let store: ModelStore;

  before(async () => {
    fx = makeRemoteArtifactsRepo();
    git = await GitRepository.open(fx.repo.dir, { gitPath: 'git' });
    store = new ModelStore(git, { runStores: false });
  });

  after(() => {
    git?.dispose();
    fx?.repo.remove();
  });

  it('a dvc.yaml artifact whose path is an s3:// URI has that URI as its weights, marked remote, with no "not in Git" problem', async () => {
    const r = await store.record(await store.resolve('cv-class@v0.1.13'));
    assert.deepEqual(Object.keys(r.weights), [CV_V1]);
    const w = r.weights[CV_V1]!;
    assert.equal(w.remote, 's3');
    assert.equal(w.hash, null);
    assert.equal(w.sourceFile, 'dvc.yaml');
    assert.deepEqual(r.diagnostics, []);
    const seg = await store.record(await store.resolve('segment@v0.4.1'));
    assert.deepEqual(Object.keys(seg.weights), [SEGMENT]);
  });

  it('the artifact beside them whose path is a file in Git still reads its blob', async () => {
    const r = await store.record(await store.resolve('churn@v3.0.0'));
    assert.equal(r.weights['models/churn.pkl']!.source, 'git');
    assert.equal(r.weights['models/churn.pkl']!.remote, undefined);
  });

  it('manifest data and weights named by gs, https, azure, hdfs, ssh and remote URIs stay whole; a written hash is kept', async () => {
    const r = await store.record(await store.resolve('texts@v1.0.0'));
    assert.deepEqual(Object.keys(r.data), [
      'gs://corp-data/texts/train.parquet',
      'https://data.example.com/texts/holdout.csv',
      'azure://container/texts/extra.csv',
      'hdfs://namenode:8020/texts/raw',
      'ssh://user@host/srv/texts/raw.tar',
      'remote://storage/texts/labels.csv',
      'texts/data/local.csv',
    ]);
    assert.deepEqual(Object.values(r.data).map((e) => e.remote ?? null), ['gs', 'https', 'azure', 'hdfs', 'ssh', 'remote', null]);
    assert.equal(r.data['https://data.example.com/texts/holdout.csv']!.hash, HOLDOUT_MD5);
    assert.equal(r.data['texts/data/local.csv']!.source, 'git');
    assert.deepEqual(Object.keys(r.weights), ['s3://mycorp/texts/model.safetensors']);
    assert.deepEqual(r.diagnostics, [], 'a URI is not reported as missing from Git');
  });

  it('show prints the URI whole and says it is in remote storage', async () => {
    const r = await cli(fx.repo.dir, 'show', 'cv-class@v0.1.13');
    assert.equal(r.code, 0, r.err);
    assert.equal(r.err, '');
    assert.match(r.out, /\n {2}s3:\/\/mycorp\/proj-ml\/classif-v2\.pt {2}in remote storage \(s3\), no hash {2}from dvc\.yaml\n/);
    assert.doesNotMatch(r.out, /s3:\/[^/]/);
    assert.doesNotMatch(r.out, /not in Git/);
  });

  it('show --json has the URI as the weights key and path, with remote: "s3"', async () => {
    const r = await cli(fx.repo.dir, 'show', 'cv-class@v0.1.13', '--json');
    assert.equal(r.code, 0, r.err);
    const json = JSON.parse(r.out);
    assert.deepEqual(Object.keys(json.weights), [CV_V1]);
    assert.equal(json.weights[CV_V1].path, CV_V1);
    assert.equal(json.weights[CV_V1].remote, 's3');
    assert.deepEqual(json.diagnostics, []);
  });

  it('diff shows the weights moving from one s3 object to another, whole, as remote storage', async () => {
    const text = await cli(fx.repo.dir, 'diff', 'cv-class@v0.1.13', 'cv-class@v0.2.0');
    assert.equal(text.code, 0, text.err);
    assert.match(text.out, /\n {2}\+ s3:\/\/mycorp\/proj-ml\/classif-v3\.pt: — {2}→ {2}\(remote s3\)\n/);
    assert.match(text.out, /\n {2}- s3:\/\/mycorp\/proj-ml\/classif-v2\.pt: \(remote s3\) {2}→ {2}—\n/);
    const json = JSON.parse((await cli(fx.repo.dir, 'diff', 'cv-class@v0.1.13', 'cv-class@v0.2.0', '--json')).out);
    const added = json.changes.find((c: { key: string }) => c.key === CV_V2);
    assert.deepEqual([added.section, added.status, added.values], ['weights', 'added', [null, '(remote s3)']]);
    assert.deepEqual(added.sources[1], { algorithm: 'unknown', source: 'manifest', file: 'dvc.yaml', size: null, remote: 's3' });
  });
});

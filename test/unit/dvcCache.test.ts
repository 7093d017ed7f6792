// DVC outputs read from where DVC keeps them: the local cache (DVC 3 and DVC 2 layouts, a cache
// shared outside the repository through cache.dir), a local-folder remote, an HTTP remote on
// 127.0.0.1, and cloud remotes that are named but never contacted. Real repositories, caches laid
// out by the tests as DVC writes them, a real HTTP server.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as http from 'node:http';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { serve } from './helpers/staticServer';
import { makeRepo, type TestRepo } from './helpers/gitRepo';
import { cli } from './helpers/cli';
import { dirListing, md5, md5Dvc2, objectPath, putFile, putFolder, type Layout } from './helpers/dvcCache';
import { dvcInitFiles, lockFor, putOutputs, type StageOutputs } from './helpers/dvcProject';
import { GitRepository } from '../../src/git/repository';
import { defaultDvcConfigDirs, LocalStorage } from '../../src/git/dvcStorage';
import { ModelStore } from '../../src/core/modelStore';
import type { HttpAnswer, HttpOptions } from '../../src/core/storagePort';
import type { VersionRecord } from '../../src/core/types';
import { parseDvcConfig, dvcSettings } from '../../src/core/readers/dvcConfig';
import { parseDirObject } from '../../src/core/dvcObjects';

const GIT = { gitPath: 'git' };

interface Made extends StageOutputs {
  metrics: string;
  roc: string;
}

function version(acc: number, metrics = `{"acc": ${acc}, "loss": ${Math.round((1 - acc) * 1000) / 1000}}`): Made {
  const roc = `{"roc": [{"fpr": 0, "tpr": ${acc}}]}`;
  return { metrics, roc, model: `weights for ${acc}`, eval: { 'metrics.json': metrics, 'plots/roc.json': roc } };
}

/** A DVC project whose versions are `clf@v…` tags; the cache and remotes are the test's to fill. */
function makeDvcRepo(config = '[core]\n    autostage = true\n'): TestRepo {
  const repo = makeRepo('mv-dvc-');
  repo.commit('dvc init', dvcInitFiles(config));
  return repo;
}

function tagVersion(repo: TestRepo, tag: string, v: Made, layout: Layout = 'dvc3'): void {
  repo.commit(`train ${tag}`, { 'dvc.lock': lockFor(v, layout) });
  repo.tag(`clf@${tag}`);
}

async function withStore<T>(dir: string, fn: (store: ModelStore) => Promise<T>, storage = new LocalStorage(dir), httpTimeoutMs = 5000): Promise<T> {
  const git = await GitRepository.open(dir, GIT);
  try {
    return await fn(new ModelStore(git, { storage, dvc: { httpTimeoutMs } }));
  } finally {
    git.dispose();
  }
}

async function recordOf(dir: string, operand: string, storage?: LocalStorage, timeout?: number): Promise<VersionRecord> {
  return withStore(dir, async (s) => s.record(await s.resolve(operand)), storage, timeout);
}

/** A real storage port that remembers every HTTP request it was asked to make. */
class CountingStorage extends LocalStorage {
  readonly requests: string[] = [];
  override httpGet(url: string, options: HttpOptions): Promise<HttpAnswer> {
    this.requests.push(`${options.method ?? 'GET'} ${url}`);
    return super.httpGet(url, options);
  }
}

describe('DVC outputs are read from the local cache', () => {
  let repo: TestRepo;
  const v1 = version(0.81);
  const v2 = version(0.86);

  before(() => {
    repo = makeDvcRepo();
    tagVersion(repo, 'v1.0.0', v1);
    tagVersion(repo, 'v1.1.0', v2, 'dvc2');
    putOutputs(path.join(repo.dir, '.dvc', 'cache'), v1, 'dvc3');
    putOutputs(path.join(repo.dir, '.dvc', 'cache'), v2, 'dvc2');
  });
  after(() => repo.remove());

  it('a metrics file inside a folder output comes from .dvc/cache/files/md5 through the folder\'s .dir listing', async () => {
    const r = await recordOf(repo.dir, 'clf@v1.0.0');
    assert.deepEqual(r.metrics, { acc: 0.81, loss: 0.19 });
    const m = r.metricsFiles[0]!;
    assert.equal(m.present, true);
    assert.deepEqual(m.origin, { kind: 'dvc-cache', out: 'eval', sourceFile: 'dvc.lock', stage: 'evaluate', hash: md5(v1.metrics), algorithm: 'md5' });
    // Git alone has none of it: the same version read without storage shows no metrics.
    const gitOnly = await GitRepository.open(repo.dir, GIT);
    try {
      const store = new ModelStore(gitOnly);
      assert.deepEqual((await store.record(await store.resolve('clf@v1.0.0'))).metrics, {});
    } finally {
      gitOnly.dispose();
    }
  });

  it('DVC 2 entries (no hash: md5) are read from the legacy layout .dvc/cache/ab/…, their md5 of LF-normalised text', async () => {
    const crlf = makeDvcRepo();
    try {
      const v = version(0.7, '{"acc": 0.7,\r\n "f1": 0.5}\r\n');
      tagVersion(crlf, 'v1.0.0', v, 'dvc2');
      putOutputs(path.join(crlf.dir, '.dvc', 'cache'), v, 'dvc2');
      assert.notEqual(md5Dvc2(v.metrics), md5(v.metrics), 'the two md5s differ for CRLF text');
      const r = await recordOf(crlf.dir, 'clf@v1.0.0');
      assert.deepEqual(r.metrics, { acc: 0.7, f1: 0.5 });
      assert.equal(r.metricsFiles[0]!.origin?.algorithm, 'md5-dvc2');
      assert.ok(!readFileSync(objectPath(path.join(crlf.dir, '.dvc', 'cache'), md5Dvc2(v.metrics), 'dvc2'), 'utf8').includes('files/md5'));
    } finally {
      crlf.remove();
    }
    // The repository above keeps both layouts side by side, as after an upgrade to DVC 3.
    const r = await recordOf(repo.dir, 'clf@v1.1.0');
    assert.deepEqual(r.metrics, { acc: 0.86, loss: 0.14 });
    assert.equal(r.metricsFiles[0]!.origin?.kind, 'dvc-cache');
  });

  it('plots data files inside the output get the md5 the listing gives, and say they are in the cache', async () => {
    const r = await recordOf(repo.dir, 'clf@v1.0.0');
    const roc = r.plots?.['eval/plots/roc.json'];
    assert.ok(roc, 'the plots file is in the record');
    assert.equal(roc.hash, md5(v1.roc));
    assert.equal(roc.out, 'eval');
    assert.equal(roc.availability?.state, 'local');
    assert.equal(roc.availability?.where, 'dvc-cache');
  });

  it('the working tree reads a metrics file that is not on disk from the cache too', async () => {
    // HEAD's dvc.lock is v1.1.0's; eval/ was never checked out.
    const r = await recordOf(repo.dir, 'clf@workdir');
    assert.deepEqual(r.metrics, { acc: 0.86, loss: 0.14 });
  });
});

describe('the cache is where .dvc/config and .dvc/config.local put it', () => {
  it('cache.dir, relative to .dvc/, names a cache shared outside the repository; config.local overrides it', async () => {
    const shared = mkdtempSync(path.join(tmpdir(), 'mv-shared-cache-'));
    const other = mkdtempSync(path.join(tmpdir(), 'mv-other-cache-'));
    const repo = makeDvcRepo();
    try {
      // The relative path from .dvc/ of the repository to the shared folder.
      const rel = path.relative(path.join(repo.dir, '.dvc'), shared);
      repo.commit('shared cache', { '.dvc/config': `[core]\n    autostage = true\n[cache]\n    dir = ${rel}\n    shared = group\n    type = symlink\n` });
      const v = version(0.9);
      tagVersion(repo, 'v1.0.0', v);
      putOutputs(shared, v, 'dvc3');
      assert.deepEqual((await recordOf(repo.dir, 'clf@v1.0.0')).metrics, { acc: 0.9, loss: 0.1 });

      // config.local (git-ignored) moves the cache elsewhere on this machine: the shared one is not read.
      writeFileSync(path.join(repo.dir, '.dvc', 'config.local'), `[cache]\n    dir = ${other}\n`);
      const moved = await recordOf(repo.dir, 'clf@v1.0.0');
      assert.deepEqual(moved.metrics, {});
      assert.match(moved.metricsFiles[0]!.missing ?? '', /not in the local cache/);
      putOutputs(other, v, 'dvc3');
      assert.deepEqual((await recordOf(repo.dir, 'clf@v1.0.0')).metrics, { acc: 0.9, loss: 0.1 });
    } finally {
      repo.remove();
      rmSync(shared, { recursive: true, force: true });
      rmSync(other, { recursive: true, force: true });
    }
  });

  it('a working-tree output linked into a shared cache outside the repository is read by its hash, not through the link', async () => {
    const shared = mkdtempSync(path.join(tmpdir(), 'mv-shared-links-'));
    const repo = makeDvcRepo();
    try {
      repo.commit('shared cache, symlinks', { '.dvc/config': `[cache]\n    dir = ${shared}\n    type = symlink\n` });
      const v = version(0.66);
      tagVersion(repo, 'v1.0.0', v);
      putOutputs(shared, v, 'dvc3');
      // As `dvc checkout` leaves it with cache.type = symlink: each file a link to its object.
      mkdirSync(path.join(repo.dir, 'eval', 'plots'), { recursive: true });
      symlinkSync(objectPath(shared, md5(v.metrics), 'dvc3'), path.join(repo.dir, 'eval', 'metrics.json'));
      const r = await recordOf(repo.dir, 'clf@workdir');
      assert.deepEqual(r.metrics, { acc: 0.66, loss: 0.34 });
      assert.equal(r.metricsFiles[0]!.origin?.kind, 'dvc-cache');
      assert.ok(!r.diagnostics.some((d) => /symbolic link/.test(d.message)), JSON.stringify(r.diagnostics));
    } finally {
      repo.remove();
      rmSync(shared, { recursive: true, force: true });
    }
  });

  it('a cache.dir from DVC\'s global config is used, and the project\'s config wins over it', async () => {
    const globalDir = mkdtempSync(path.join(tmpdir(), 'mv-dvc-global-'));
    const shared = mkdtempSync(path.join(tmpdir(), 'mv-global-cache-'));
    const repo = makeDvcRepo();
    try {
      writeFileSync(path.join(globalDir, 'config'), `[cache]\n    dir = ${path.relative(globalDir, shared)}\n`);
      const v = version(0.61);
      tagVersion(repo, 'v1.0.0', v);
      putOutputs(shared, v, 'dvc3');
      const storage = () => new LocalStorage(repo.dir, undefined, [path.join(globalDir, 'no-system-config'), globalDir]);
      assert.deepEqual((await recordOf(repo.dir, 'clf@v1.0.0', storage())).metrics, { acc: 0.61, loss: 0.39 });
      repo.commit('project cache', { '.dvc/config': '[cache]\n    dir = cache-here\n' });
      repo.tag('clf@v1.0.1');
      assert.deepEqual((await recordOf(repo.dir, 'clf@v1.0.1', storage())).metrics, {});
    } finally {
      repo.remove();
      rmSync(globalDir, { recursive: true, force: true });
      rmSync(shared, { recursive: true, force: true });
    }
  });

  it('DVC\'s global and system config folders are where DVC looks for them', () => {
    assert.deepEqual(defaultDvcConfigDirs({}, 'linux', '/home/ada'), ['/etc/xdg/dvc', '/home/ada/.config/dvc']);
    assert.deepEqual(defaultDvcConfigDirs({ XDG_CONFIG_HOME: '/x', DVC_SYSTEM_CONFIG_DIR: '/s' }, 'linux', '/home/ada'), ['/s', '/x/dvc']);
    assert.deepEqual(defaultDvcConfigDirs({}, 'darwin', '/Users/ada'), ['/Library/Application Support/dvc', '/Users/ada/Library/Application Support/dvc']);
    assert.deepEqual(defaultDvcConfigDirs({ PROGRAMDATA: 'C:\\ProgramData', LOCALAPPDATA: 'C:\\Users\\ada\\AppData\\Local' }, 'win32', 'C:\\Users\\ada'), [
      'C:\\ProgramData\\iterative\\dvc',
      'C:\\Users\\ada\\AppData\\Local\\iterative\\dvc',
    ]);
  });

  it('the config reader: quoted sections and values, a key set twice, remote:// and ~ paths', () => {
    const s = parseDvcConfig(`[core]\n    remote = storage\n['remote "storage"']\n    url = "s3://bucket/path"  \n; a comment\n[remote "base"]\n    url = /mnt/base # inline\n`);
    assert.equal(s.get('core')?.get('remote'), 'storage');
    assert.equal(s.get('remote "storage"')?.get('url'), 's3://bucket/path');
    assert.equal(s.get('remote "base"')?.get('url'), '/mnt/base');
    const settings = dvcSettings(
      [
        { text: `[core]\n    remote = sub\n['remote "base"']\n    url = ../store\n['remote "sub"']\n    url = remote://base/project\n`, folder: '/r/.dvc' },
        { text: `[cache]\n    dir = ~/dvc-cache\n`, folder: '/r/.dvc' },
      ],
      '/r/.dvc',
      '/home/ada',
    );
    assert.equal(settings.cacheDir, path.join('/home/ada', 'dvc-cache'));
    assert.deepEqual(settings.remote?.location, { kind: 'local', path: path.join('/r', 'store', 'project') });
    assert.deepEqual(dvcSettings([{ text: '[core]\n    remote = gone\n', folder: '/r/.dvc' }], '/r/.dvc').problems, ["the default remote 'gone' is not defined in .dvc/config"]);
  });
});

describe('what the cache lacks comes from the default remote, or is said once', () => {
  const v = version(0.77);

  it('an object in no cache and no remote: the metrics file says why, once, and the rest of the version shows', async () => {
    const repo = makeDvcRepo();
    try {
      tagVersion(repo, 'v1.0.0', v);
      const r = await cli(repo.dir, 'show', 'clf@v1.0.0');
      assert.equal(r.code, 0, r.err);
      const warnings = r.err.split('\n').filter(Boolean);
      assert.equal(warnings.length, 1, r.err);
      assert.match(warnings[0]!, /not on this machine: model\.pkl, eval: not in the local cache, and no default DVC remote is set: dvc pull -r <remote>/);
      assert.match(warnings[0]!, /eval\/metrics\.json is not shown for that reason/);
      // Params and hashes are Git's and still show.
      assert.match(r.out, /train\.lr = 0\.1/);
      assert.match(r.out, /model\.pkl {2}[0-9a-f]{12} md5 \(DVC 3\) {2}from dvc\.lock \(stage train\) {2}\[missing: not in the local cache/);
      assert.match(r.out, /eval\/metrics\.json: in DVC output eval \(dvc\.lock, stage evaluate\), whose listing is not in the local cache/);
    } finally {
      repo.remove();
    }
  });

  it('a local-folder remote, its URL relative to .dvc/, serves what the cache lacks', async () => {
    const repo = makeDvcRepo(`[core]\n    remote = backup\n['remote "backup"']\n    url = ../../dvc-remote\n`);
    try {
      tagVersion(repo, 'v1.0.0', v);
      // `../../<name>` from .dvc/ is a folder beside the repository; config.local names this one.
      const remoteDir = path.join(path.dirname(repo.dir), path.basename(repo.dir) + '-remote');
      writeFileSync(path.join(repo.dir, '.dvc', 'config.local'), `['remote "backup"']\n    url = ../../${path.basename(remoteDir)}\n`);
      putOutputs(remoteDir, v, 'dvc3');
      const r = await recordOf(repo.dir, 'clf@v1.0.0');
      assert.deepEqual(r.metrics, { acc: 0.77, loss: 0.23 });
      assert.equal(r.metricsFiles[0]!.origin?.kind, 'dvc-remote');
      assert.equal(r.metricsFiles[0]!.origin?.remote, 'backup');
      assert.equal(r.weights['model.pkl']?.availability?.state, 'remote');
      assert.equal(r.diagnostics.filter((d) => d.severity !== 'info').length, 0, JSON.stringify(r.diagnostics));
      rmSync(remoteDir, { recursive: true, force: true });
    } finally {
      repo.remove();
    }
  });

  it('an HTTP remote on 127.0.0.1 serves <url>/files/md5/…; .dvc/config.local overrides the URL', async () => {
    const store = mkdtempSync(path.join(tmpdir(), 'mv-http-remote-'));
    const server = await serve(store);
    const repo = makeDvcRepo(`[core]\n    remote = web\n['remote "web"']\n    url = http://127.0.0.1:9/unused\n`);
    try {
      tagVersion(repo, 'v1.0.0', v);
      putOutputs(path.join(store, 'dvcstore'), v, 'dvc3');
      writeFileSync(path.join(repo.dir, '.dvc', 'config.local'), `['remote "web"']\n    url = ${server.url}\n`);
      const r = await recordOf(repo.dir, 'clf@v1.0.0');
      assert.deepEqual(r.metrics, { acc: 0.77, loss: 0.23 });
      assert.deepEqual(r.metricsFiles[0]!.origin, { kind: 'dvc-remote', out: 'eval', sourceFile: 'dvc.lock', stage: 'evaluate', hash: md5(v.metrics), algorithm: 'md5', remote: 'web' });
      const listing = dirListing(v.eval);
      assert.ok(server.requests.includes(`GET /dvcstore/files/md5/${listing.hash.slice(0, 2)}/${listing.hash.slice(2)}`), server.requests.join('\n'));
      assert.ok(server.requests.includes(`GET /dvcstore/files/md5/${md5(v.metrics).slice(0, 2)}/${md5(v.metrics).slice(2)}`));
      assert.equal(r.weights['model.pkl']?.availability?.state, 'remote');
      assert.equal(r.outputs['eval']?.availability?.state, 'remote');
    } finally {
      await server.close();
      repo.remove();
      rmSync(store, { recursive: true, force: true });
    }
  });

  it('an HTTP remote that never answers ends in a note after the timeout, is asked no more, and the version still shows', async () => {
    const silent = http.createServer(() => undefined);
    let connections = 0;
    silent.on('connection', () => connections++);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as { port: number };
    const repo = makeDvcRepo(`[core]\n    remote = slow\n['remote "slow"']\n    url = http://127.0.0.1:${port}/store\n`);
    try {
      tagVersion(repo, 'v1.0.0', v);
      tagVersion(repo, 'v1.1.0', version(0.78));
      const storage = new CountingStorage(repo.dir);
      // Two versions read at once, as when two are expanded in the tree.
      const [r] = await withStore(repo.dir, (s) => Promise.all(['clf@v1.0.0', 'clf@v1.1.0'].map(async (o) => s.record(await s.resolve(o)))), storage, 300);
      assert.deepEqual(r!.metrics, {});
      assert.deepEqual(r!.hyperparameters, { train: { lr: 0.1 } });
      const note = r!.diagnostics.find((d) => d.message.startsWith('not on this machine'));
      assert.ok(note, JSON.stringify(r!.diagnostics));
      assert.match(note.message, /remote 'slow' is not reachable: no answer within 300 ms/);
      // The first request timed out; nothing else was sent to that remote, for either version.
      assert.equal(storage.requests.length, 1, storage.requests.join('\n'));
      assert.equal(connections, 1);
    } finally {
      silent.closeAllConnections();
      await new Promise((resolve) => silent.close(resolve));
      repo.remove();
    }
  });

  it('a cloud remote is named in the note and never contacted', async () => {
    for (const url of ['s3://dvc-public/remote/get-started', 'gs://bucket/store', 'azure://container/store', 'ssh://host/store']) {
      const repo = makeDvcRepo(`[core]\n    remote = storage\n['remote "storage"']\n    url = ${url}\n`);
      try {
        tagVersion(repo, 'v1.0.0', v);
        const storage = new CountingStorage(repo.dir);
        const r = await recordOf(repo.dir, 'clf@v1.0.0', storage);
        assert.deepEqual(storage.requests, [], url);
        const note = r.diagnostics.find((d) => d.message.startsWith('not on this machine'));
        assert.ok(note && note.message.includes(`not in the local cache: dvc pull (remote 'storage' is ${url}, not contacted here)`), note?.message);
        assert.equal(r.weights['model.pkl']?.availability?.state, 'unknown');
        assert.deepEqual(r.hyperparameters, { train: { lr: 0.1 } });
      } finally {
        repo.remove();
      }
    }
  });
});

describe('availability of every data and weights hash', () => {
  it('local cache, remote, missing, a folder pulled in part, and a dependency that Git holds', async () => {
    const remoteDir = mkdtempSync(path.join(tmpdir(), 'mv-remote-'));
    const repo = makeDvcRepo(`[core]\n    remote = backup\n['remote "backup"']\n    url = ${remoteDir}\n`);
    try {
      const v = version(0.5);
      tagVersion(repo, 'v1.0.0', v);
      const cache = path.join(repo.dir, '.dvc', 'cache');
      // The model is cached; of eval only the listing and metrics.json are, roc.json is on the remote.
      putFile(cache, v.model);
      putFolder(cache, v.eval, 'dvc3', ['metrics.json']);
      putFolder(remoteDir, v.eval, 'dvc3', ['plots/roc.json']);
      const r = await cli(repo.dir, 'show', 'clf@v1.0.0', '--json');
      assert.equal(r.code, 0, r.err);
      const json = JSON.parse(r.out);
      assert.deepEqual(json.weights['model.pkl'].availability, { state: 'local', where: 'dvc-cache', note: 'in the local DVC cache' });
      assert.deepEqual(json.outputs['eval'].availability, {
        state: 'remote',
        where: 'dvc-remote',
        remote: 'backup',
        missingFiles: 1,
        note: "1 of 2 files not in the local cache, on DVC remote 'backup': checkout --pull (Pull on the checkout's message) or dvc pull",
      });
      assert.deepEqual(json.code.files['train.py'].availability, { state: 'local', where: 'git', note: 'in Git' });
      assert.equal(json.plots['eval/plots/roc.json'].availability.state, 'remote');
      assert.equal(r.err, '', 'nothing is missing: no warning');

      // Now the remote loses roc.json: the folder is missing one file everywhere.
      rmSync(path.join(remoteDir, 'files'), { recursive: true, force: true });
      putFolder(remoteDir, v.eval, 'dvc3', []);
      const again = JSON.parse((await cli(repo.dir, 'show', 'clf@v1.0.0', '--json')).out);
      assert.equal(again.outputs['eval'].availability.state, 'missing');
      assert.equal(again.outputs['eval'].availability.missingFiles, 1);
      assert.match(again.outputs['eval'].availability.note, /^1 of 2 files are neither in the local cache nor on remote 'backup'/);
    } finally {
      repo.remove();
      rmSync(remoteDir, { recursive: true, force: true });
    }
  });

  it('an LFS pointer whose object is in .git/lfs/objects is local; a pointer alone says git lfs pull', async () => {
    const repo = makeRepo('mv-lfs-');
    try {
      const { createHash } = await import('node:crypto');
      const content = (s: string) => ({ oid: createHash('sha256').update(s).digest('hex'), size: s.length });
      const a = content('weights A');
      const b = content('weights B');
      const pointer = (o: { oid: string; size: number }) => `version https://git-lfs.github.com/spec/v1\noid sha256:${o.oid}\nsize ${o.size}\n`;
      repo.commit('model', {
        'model.yaml': 'name: lfsmodel\nweights:\n  - model.safetensors\n  - head.safetensors\n',
        '.gitattributes': '*.safetensors filter=lfs diff=lfs merge=lfs -text\n',
        'model.safetensors': pointer(a),
        'head.safetensors': pointer(b),
      });
      repo.tag('lfsmodel@v1.0.0');
      const obj = path.join(repo.dir, '.git', 'lfs', 'objects', a.oid.slice(0, 2), a.oid.slice(2, 4));
      mkdirSync(obj, { recursive: true });
      writeFileSync(path.join(obj, a.oid), 'weights A');
      const json = JSON.parse((await cli(repo.dir, 'show', 'lfsmodel@v1.0.0', '--json')).out);
      assert.deepEqual(json.weights['model.safetensors'].availability, { state: 'local', where: 'lfs-objects', note: 'LFS object in .git/lfs/objects' });
      assert.deepEqual(json.weights['head.safetensors'].availability, { state: 'missing', note: 'LFS pointer only: git lfs pull' });
      const text = await cli(repo.dir, 'show', 'lfsmodel@v1.0.0');
      assert.match(text.err, /not on this machine: head\.safetensors: LFS pointer only: git lfs pull/);
    } finally {
      repo.remove();
    }
  });
});

describe('untrusted DVC files stay inside their folders', () => {
  it('a .dir listing whose relpath leaves the folder is refused, and a lock md5 that is no hash builds no path', async () => {
    assert.deepEqual(parseDirObject('[{"md5": "00000000000000000000000000000000", "relpath": "../../etc/passwd"}, {"md5": "11111111111111111111111111111111", "relpath": "ok.json"}]'), {
      entries: [{ md5: '11111111111111111111111111111111', relpath: 'ok.json' }],
      refused: 1,
    });
    assert.equal(parseDirObject('{"not": "a list"}'), undefined);
    const repo = makeDvcRepo();
    try {
      repo.commit('odd lock', {
        'dvc.lock': `schema: '2.0'\nstages:\n  evaluate:\n    cmd: x\n    outs:\n    - path: eval\n      hash: md5\n      md5: ../../../../etc/passwd\n`,
      });
      repo.tag('clf@v1.0.0');
      const storage = new CountingStorage(repo.dir);
      const r = await recordOf(repo.dir, 'clf@v1.0.0', storage);
      assert.deepEqual(r.metrics, {});
      assert.match(r.metricsFiles[0]!.missing ?? '', /has no md5 that DVC keeps objects under/);
      assert.equal(r.outputs['eval']?.availability, undefined);
    } finally {
      repo.remove();
    }
  });
});

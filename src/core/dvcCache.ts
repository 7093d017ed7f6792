// Where the objects of a DVC project are: its local cache (`.dvc/cache`, or the folder
// `cache.dir` names, shared outside the repository) and its default remote. Objects are looked for
// in the cache first, then on the remote when that is a folder or plain HTTP(S); cloud remotes are
// named, never contacted. All I/O goes through the StoragePort.
import * as path from 'node:path';
import { dvcSettings, type DvcSettings, type ConfigText } from './readers/dvcConfig';
import { objectRef, objectSegments, parseDirObject, type DirListing, type ObjectRef } from './dvcObjects';
import type { HashAlgorithm } from './types';
import type { HttpAnswer, HttpOptions, StoragePort, StoredRead } from './storagePort';

export interface DvcStorageOptions {
  /** How long one HTTP request to a remote may take, connection to last byte. */
  httpTimeoutMs?: number;
}

/** An HTTP remote gets this long per request; one that does not answer is not asked again. */
export const DEFAULT_HTTP_TIMEOUT_MS = 10_000;

/** `.dir` listings larger than this are not read (a million files is about 100 MB). */
export const MAX_LISTING_BYTES = 256 * 1024 * 1024;

const MAX_CONFIG_BYTES = 1024 * 1024;

/** Why nothing is found in a clone without a `.dvc` folder (not a DVC checkout: no cache, no remote). */
export const NO_DVC_FOLDER = 'this clone has no .dvc folder, so no DVC cache or remote to read it from';

/** Where an object is: `unknown` when only a remote we do not contact could say. */
export type Presence = { at: 'cache' } | { at: 'remote'; remote: string } | { at: 'missing'; reason: string } | { at: 'unknown'; reason: string };

export type ObjectRead =
  | { kind: 'found'; bytes: Uint8Array; from: 'cache' | 'remote'; remote?: string }
  | { kind: 'too-large'; size: number }
  | { kind: 'missing'; reason: string };

export type ListingRead = { kind: 'found'; listing: DirListing; from: 'cache' | 'remote' } | { kind: 'missing'; reason: string };

/** The DVC projects of one repository (a `.dvc` folder at the root, or in subfolders). */
export class DvcStorage {
  private readonly projects = new Map<string, Promise<DvcProject>>();

  constructor(
    readonly io: StoragePort,
    /** The repository's working tree, absolute. */
    readonly root: string,
    private readonly options: DvcStorageOptions = {},
  ) {}

  /**
   * The project a repository-relative folder belongs to: the nearest folder at or above it that
   * has a `.dvc` folder (as DVC finds its root), else the repository root.
   */
  project(folder: string): Promise<DvcProject> {
    let p = this.projects.get(folder);
    if (!p) {
      p = this.findProject(folder);
      this.projects.set(folder, p);
    }
    return p;
  }

  /** Whether the object of a hash (as a dvc.lock or .dvc file in `folder` gives it) is in the local cache. */
  async isCached(folder: string, hash: string, algorithm: HashAlgorithm): Promise<boolean> {
    const ref = objectRef(hash, algorithm);
    return ref ? (await this.project(folder)).inCache(ref) : false;
  }

  private async findProject(folder: string): Promise<DvcProject> {
    const parts = folder ? folder.split('/') : [];
    for (let n = parts.length; n >= 0; n--) {
      const at = parts.slice(0, n).join('/');
      const dvcDir = path.join(this.root, ...parts.slice(0, n), '.dvc');
      if ((await this.io.statLocal(dvcDir)).kind === 'folder') return n === parts.length ? this.load(at, dvcDir, true) : this.project(at);
    }
    return this.load('', path.join(this.root, '.dvc'), false);
  }

  private async load(folder: string, dvcDir: string, initialized: boolean): Promise<DvcProject> {
    const files: ConfigText[] = [];
    // System, global, the project's, then its git-ignored local one: later ones win a key.
    const places = [...(this.io.dvcConfigDirs ?? []).map((d) => path.join(d, 'config')), path.join(dvcDir, 'config'), path.join(dvcDir, 'config.local')];
    for (const file of places) {
      const r = await this.io.readLocal(file, MAX_CONFIG_BYTES);
      if (r.kind === 'file') files.push({ text: new TextDecoder().decode(r.bytes), folder: path.dirname(file) });
    }
    return new DvcProject(this.io, folder, dvcSettings(files, dvcDir, this.io.home), this.options.httpTimeoutMs ?? DEFAULT_HTTP_TIMEOUT_MS, initialized);
  }
}

/** One DVC project: its cache folder and its default remote, with what was learned about them. */
export class DvcProject {
  private readonly cached = new Map<string, Promise<boolean>>();
  private readonly onRemote = new Map<string, Promise<Presence>>();
  private readonly listings = new Map<string, Promise<ListingRead>>();
  /** Set once the HTTP remote failed to answer: it is not asked again (a refresh starts over). */
  private remoteDown: string | undefined;
  /** The first request to the HTTP remote, until it has answered. */
  private probe: Promise<void> | undefined;

  constructor(
    private readonly io: StoragePort,
    /** Repository-relative folder holding the project's `.dvc` ('' for the root). */
    readonly folder: string,
    readonly settings: DvcSettings,
    private readonly timeoutMs: number,
    /** False when no `.dvc` folder was found: a clone that is no DVC checkout has no cache to look in. */
    readonly initialized = true,
  ) {}

  /** The absolute path an object has (or would have) in the local cache. */
  cachePath(ref: ObjectRef): string {
    return path.join(this.settings.cacheDir, ...objectSegments(ref));
  }

  inCache(ref: ObjectRef): Promise<boolean> {
    const key = `${ref.layout}:${ref.hash}`;
    let p = this.cached.get(key);
    if (!p) {
      p = this.io.statLocal(this.cachePath(ref)).then((s) => s.kind === 'file');
      this.cached.set(key, p);
    }
    return p;
  }

  /** Where an object is: the cache, the default remote, or nowhere this can look. */
  async presence(ref: ObjectRef): Promise<Presence> {
    if (await this.inCache(ref)) return { at: 'cache' };
    const key = `${ref.layout}:${ref.hash}`;
    let p = this.onRemote.get(key);
    if (!p) {
      p = this.remotePresence(ref);
      this.onRemote.set(key, p);
    }
    return p;
  }

  private async remotePresence(ref: ObjectRef): Promise<Presence> {
    const remote = this.settings.remote;
    if (!this.initialized) return { at: 'unknown', reason: NO_DVC_FOLDER };
    if (!remote) return { at: 'missing', reason: this.notInCache() };
    const loc = remote.location;
    if (loc.kind === 'cloud') return { at: 'unknown', reason: this.notInCache() };
    if (loc.kind === 'local') {
      const s = await this.io.statLocal(path.join(loc.path, ...objectSegments(ref)));
      return s.kind === 'file' ? { at: 'remote', remote: remote.name } : { at: 'missing', reason: this.notOnRemote() };
    }
    const r = await this.http(this.remoteUrl(ref), { maxBytes: 0, timeoutMs: this.timeoutMs, method: 'HEAD' });
    if (r.kind === 'file') return { at: 'remote', remote: remote.name };
    if (r.kind === 'missing') return { at: 'missing', reason: this.notOnRemote() };
    return { at: 'unknown', reason: this.notInCache() };
  }

  /** An object's bytes, from the cache or else the default remote. */
  async read(ref: ObjectRef, maxBytes: number): Promise<ObjectRead> {
    const local = await this.io.readLocal(this.cachePath(ref), maxBytes);
    if (local.kind === 'file') return { kind: 'found', bytes: local.bytes, from: 'cache' };
    if (local.kind === 'too-large') return local;
    if (local.kind === 'unreadable') return { kind: 'missing', reason: `its object in the local cache could not be read (${local.reason})` };
    const remote = this.settings.remote;
    const loc = remote?.location;
    if (!remote || !loc || loc.kind === 'cloud') return { kind: 'missing', reason: this.notInCache() };
    let r: StoredRead | HttpAnswer;
    if (loc.kind === 'local') r = await this.io.readLocal(path.join(loc.path, ...objectSegments(ref)), maxBytes);
    else r = await this.http(this.remoteUrl(ref), { maxBytes, timeoutMs: this.timeoutMs });
    switch (r.kind) {
      case 'file':
        return { kind: 'found', bytes: r.bytes, from: 'remote', remote: remote.name };
      case 'too-large':
        return r;
      case 'missing':
        return { kind: 'missing', reason: this.notOnRemote() };
      case 'unreachable':
        return { kind: 'missing', reason: this.notInCache() };
      case 'unreadable':
        return { kind: 'missing', reason: `not in the local cache, and remote '${remote.name}' answered ${r.reason}: dvc pull` };
    }
  }

  /** A folder output's listing (its `.dir` object), read once. */
  listing(ref: ObjectRef): Promise<ListingRead> {
    let p = this.listings.get(`${ref.layout}:${ref.hash}`);
    if (!p) {
      p = this.read(ref, MAX_LISTING_BYTES).then((r): ListingRead => {
        if (r.kind === 'too-large') return { kind: 'missing', reason: `its listing is ${r.size} bytes; it is not read` };
        if (r.kind === 'missing') return r;
        const listing = parseDirObject(new TextDecoder().decode(r.bytes));
        return listing ? { kind: 'found', listing, from: r.from } : { kind: 'missing', reason: `its listing ${ref.hash} is not a DVC .dir object` };
      });
      this.listings.set(`${ref.layout}:${ref.hash}`, p);
    }
    return p;
  }

  /** Why an object that is not in the cache cannot be had here, with the fix. */
  notInCache(): string {
    if (!this.initialized) return NO_DVC_FOLDER;
    const remote = this.settings.remote;
    if (!remote) return 'not in the local cache, and no default DVC remote is set: dvc pull -r <remote>';
    if (remote.location.kind === 'cloud') return `not in the local cache: dvc pull (remote '${remote.name}' is ${remote.url}, not contacted here)`;
    if (this.remoteDown) return `not in the local cache: dvc pull (remote '${remote.name}' is not reachable: ${this.remoteDown})`;
    return 'not in the local cache: dvc pull';
  }

  private notOnRemote(): string {
    const remote = this.settings.remote!;
    return `neither in the local cache nor on remote '${remote.name}': dvc push it from where it was made`;
  }

  /**
   * One request to the HTTP remote. The first one goes alone and the others wait for its answer,
   * so a remote that does not answer costs one timeout, not one per object asked at once; after
   * that it is not asked again (403s included: a private remote answers every object so).
   */
  private async http(url: string, options: HttpOptions): Promise<HttpAnswer> {
    if (this.probe) await this.probe;
    if (this.remoteDown) return { kind: 'unreachable', reason: this.remoteDown };
    const p = this.io.httpGet(url, options).then((r) => {
      if (r.kind === 'unreachable' || (r.kind === 'unreadable' && /^HTTP (401|403)$/.test(r.reason))) this.remoteDown ??= r.reason;
      return r;
    });
    this.probe ??= p.then(() => undefined);
    return p;
  }

  private remoteUrl(ref: ObjectRef): string {
    const loc = this.settings.remote!.location as { url: string };
    return `${loc.url.replace(/\/+$/, '')}/${objectSegments(ref).join('/')}`;
  }

  /**
   * Where the default remote keeps an object, when it is a folder or plain HTTP(S) that can be
   * copied from here (`dvc pull` for those two); undefined for cloud remotes and no remote.
   */
  remoteObject(ref: ObjectRef): { kind: 'local'; path: string; remote: string } | { kind: 'http'; url: string; remote: string } | undefined {
    const remote = this.settings.remote;
    if (!this.initialized || !remote || this.remoteDown) return undefined;
    const loc = remote.location;
    if (loc.kind === 'local') return { kind: 'local', path: path.join(loc.path, ...objectSegments(ref)), remote: remote.name };
    if (loc.kind === 'cloud') return undefined;
    return { kind: 'http', url: this.remoteUrl(ref), remote: remote.name };
  }

  /** How the remote is named in notes: `'storage' (s3://bucket/path)`. */
  get remoteLabel(): string | undefined {
    const r = this.settings.remote;
    return r ? `'${r.name}' (${r.url})` : undefined;
  }
}

// What the core needs to reach the content Git does not hold: DVC caches and remotes, Git LFS
// objects. src/git implements it on the disk and over plain HTTP; the core only asks.

export type StoredRead =
  | { kind: 'file'; bytes: Uint8Array }
  | { kind: 'missing' }
  | { kind: 'too-large'; size: number }
  /** A file the system would not let us read, or an HTTP answer that was no file (status, reset). */
  | { kind: 'unreadable'; reason: string };

export type StoredStat = { kind: 'file'; size: number } | { kind: 'folder' } | { kind: 'missing' };

export type HttpAnswer =
  | StoredRead
  /** The server did not answer in time, or could not be reached: not worth asking again soon. */
  | { kind: 'unreachable'; reason: string };

export interface HttpOptions {
  maxBytes: number;
  /** The whole request, connection to last byte, ends after this long. */
  timeoutMs: number;
  /** HEAD: only whether the object is there (`file` with empty bytes when it is). */
  method?: 'GET' | 'HEAD';
}

export interface StoragePort {
  /** A local file's bytes (an absolute path); at most `maxBytes`. */
  readLocal(absPath: string, maxBytes: number): Promise<StoredRead>;
  /** What is at an absolute path, without reading it. */
  statLocal(absPath: string): Promise<StoredStat>;
  /** A plain HTTP(S) request: no credentials, no prompt, bounded by `timeoutMs`. */
  httpGet(url: string, options: HttpOptions): Promise<HttpAnswer>;
  /** The folder Git LFS keeps objects in (`.git/lfs/objects` of the common git folder). */
  lfsObjectsDir(): Promise<string | undefined>;
  /** The user's home folder, for `~` in DVC config paths. */
  readonly home?: string;
  /** DVC's system and global config folders, in the order they shadow each other. */
  readonly dvcConfigDirs?: readonly string[];
}

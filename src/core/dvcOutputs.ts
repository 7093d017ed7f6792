// A version's files as a DVC user has them: what Git holds, and, for a path Git lacks that is a
// DVC output at that version (or inside a folder output), its content from the DVC cache or the
// default remote. Which outputs a version has comes from that version's dvc.lock and .dvc files.
import { objectRef, findEntry, type ObjectRef } from './dvcObjects';
import type { DvcProject, DvcStorage } from './dvcCache';
import { readDvcLock } from './readers/dvcLock';
import { readDvcFile } from './readers/dvcFile';
import { readDvcYaml } from './readers/dvcYaml';
import { dirOf } from './repoPath';
import { parseStructured, MAX_STRUCTURED_BYTES } from './structuredText';
import type { BytesRead, FileInfo, FileRead, FileSource, WalkResult } from './fileSource';
import type { ContentOrigin, HashEntry } from './types';

/** A path that a DVC output holds at a version, and the object of its content. */
export interface LocatedFile {
  /** The output (from dvc.lock or a .dvc file): the path itself, or the folder it is in. */
  out: HashEntry;
  project: DvcProject;
  /** The file's own object; for a file in a folder output, from the folder's listing. */
  ref?: ObjectRef;
  /** Why the object is not known (the listing is not here, the folder does not hold the file). */
  problem?: string;
}

/** Layers the DVC outputs of a version over its Git (or working-tree) files. */
export class DvcOutputSource implements FileSource {
  readonly kind: FileSource['kind'];
  readonly commit: string | null;
  readonly walk?: (folder: string, options?: { limit?: number; maxDepth?: number }) => Promise<WalkResult>;
  /** Parsed outs of each dvc.lock and .dvc file looked at, by path. */
  private readonly outs = new Map<string, Promise<HashEntry[]>>();

  constructor(
    readonly git: FileSource,
    private readonly storage: DvcStorage,
  ) {
    this.kind = git.kind;
    this.commit = git.commit;
    if (git.walk) this.walk = git.walk.bind(git);
  }

  async read(path: string, maxBytes = Number.POSITIVE_INFINITY): Promise<FileRead> {
    const r = await this.git.read(path, maxBytes);
    // A working-tree output linked into a cache outside the repository (cache.type symlink) is
    // not followed; its object is read by its hash instead, where the link would have led.
    if (r.kind !== 'missing' && r.kind !== 'outside') return r;
    const out = await this.readOutput(path, maxBytes);
    if (!out) return r;
    if (out.kind !== 'file') return r.kind === 'outside' ? r : out;
    return { kind: 'file', text: new TextDecoder().decode(out.bytes), size: out.bytes.byteLength, origin: out.origin };
  }

  info(path: string): Promise<FileInfo> {
    return this.git.info(path);
  }

  listFiles(): Promise<string[]> {
    return this.git.listFiles();
  }

  /** A file's bytes: from the working tree where it is there, else from its DVC output's object. */
  async readBytes(path: string, maxBytes: number): Promise<BytesRead> {
    if (this.git.readBytes) {
      const r = await this.git.readBytes(path, maxBytes);
      if (r.kind !== 'missing') return r;
    } else if ((await this.git.info(path)).kind !== 'missing') {
      // A commit's files are read as text (cat-file); only DVC outputs have bytes here.
      return { kind: 'unreadable', reason: 'a committed file is read as text, not as bytes' };
    }
    return (await this.readOutput(path, maxBytes)) ?? { kind: 'missing' };
  }

  /** The absolute path of a path's object in the local cache, when the object is there. */
  async cachedPath(path: string): Promise<string | undefined> {
    const loc = await this.locate(path);
    if (!loc?.ref || !(await loc.project.inCache(loc.ref))) return undefined;
    return loc.project.cachePath(loc.ref);
  }

  /** The DVC output that holds `path` at this version and its object; undefined when none does. */
  async locate(path: string): Promise<LocatedFile | undefined> {
    const out = await this.outFor(path);
    if (!out) return undefined;
    const project = await this.storage.project(dirOf(out.sourceFile));
    const ref = objectRef(out.hash, out.algorithm);
    const where = outLabel(out);
    if (!ref) return { out, project, problem: `in ${where}, which has no md5 that DVC keeps objects under` };
    if (path === out.path) return ref.hash.endsWith('.dir') ? { out, project, ref, problem: `${where} is a folder` } : { out, project, ref };
    if (!ref.hash.endsWith('.dir')) return { out, project, problem: `${where} is a file, not a folder` };
    const listing = await project.listing(ref);
    if (listing.kind === 'missing') return { out, project, problem: `in ${where}, whose listing is ${listing.reason}` };
    const entry = findEntry(listing.listing, path.slice(out.path.length + 1));
    if (!entry) return { out, project, problem: `${where} holds no ${path.slice(out.path.length + 1)} at this version` };
    return { out, project, ref: { hash: entry.md5, layout: ref.layout } };
  }

  private async readOutput(path: string, maxBytes: number): Promise<(BytesRead & { origin?: ContentOrigin }) | undefined> {
    const loc = await this.locate(path);
    if (!loc) return undefined;
    if (!loc.ref || loc.problem) return { kind: 'missing', reason: loc.problem ?? `in ${outLabel(loc.out)}` };
    const r = await loc.project.read(loc.ref, maxBytes);
    if (r.kind === 'too-large') return r;
    if (r.kind === 'missing') return { kind: 'missing', reason: `in ${outLabel(loc.out)}, ${r.reason}` };
    const { out } = loc;
    const origin: ContentOrigin = { kind: r.from === 'cache' ? 'dvc-cache' : 'dvc-remote', out: out.path, sourceFile: out.sourceFile, hash: loc.ref.hash, algorithm: out.algorithm };
    if (out.stage) origin.stage = out.stage;
    if (r.remote) origin.remote = r.remote;
    return { kind: 'file', bytes: r.bytes, origin };
  }

  /** The output that holds `path`: the deepest one a .dvc file or a dvc.lock above it names. */
  private async outFor(path: string): Promise<HashEntry | undefined> {
    const parts = path.split('/');
    const candidates: string[] = [];
    // `a/b.json` can be the out of `a/b.json.dvc` or `a.dvc`, or of a dvc.lock in `a/` or the root.
    for (let n = parts.length; n >= 1; n--) candidates.push(`${parts.slice(0, n).join('/')}.dvc`);
    for (let n = parts.length - 1; n >= 0; n--) candidates.push(n ? `${parts.slice(0, n).join('/')}/dvc.lock` : 'dvc.lock');
    const lists = await Promise.all(candidates.map((c) => this.outsOf(c)));
    let best: HashEntry | undefined;
    for (const list of lists) {
      for (const e of list) {
        if (e.path !== path && !path.startsWith(e.path + '/')) continue;
        if (!best || e.path.length > best.path.length) best = e;
      }
    }
    return best;
  }

  private outsOf(file: string): Promise<HashEntry[]> {
    let p = this.outs.get(file);
    if (!p) {
      p = this.readOuts(file);
      this.outs.set(file, p);
    }
    return p;
  }

  private async readOuts(file: string): Promise<HashEntry[]> {
    const value = await this.parsed(file);
    if (value === undefined) return [];
    if (file.endsWith('.dvc')) return readDvcFile(value, file).entries;
    // A stage's paths are relative to its wdir, which only dvc.yaml says.
    const folder = dirOf(file);
    const yamlPath = folder ? `${folder}/dvc.yaml` : 'dvc.yaml';
    const project = await this.parsed(yamlPath);
    const stageFolders = project === undefined ? {} : readDvcYaml(project, yamlPath, folder).stageFolders;
    return readDvcLock(value, file, folder, stageFolders).stages.flatMap((s) => s.outs);
  }

  private async parsed(file: string): Promise<unknown> {
    const r = await this.git.read(file, MAX_STRUCTURED_BYTES);
    return r.kind === 'file' ? parseStructured(file, r.text).value : undefined;
  }
}

/** `DVC output eval (dvc.lock, stage evaluate)`, `DVC output data.xml (data.xml.dvc)`. */
export function outLabel(out: HashEntry): string {
  return `DVC output ${out.path} (${out.sourceFile}${out.stage ? `, stage ${out.stage}` : ''})`;
}

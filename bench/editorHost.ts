// The part of `npm run bench:editor` that runs inside the real extension host (code-server loads
// it as the extensionTestsPath module and calls run()). It measures what a user waits for in the
// editor, against a raw `git for-each-ref` of the same tags started from the same process in the
// same rounds: the view's first request to a populated tree, a tag made in a terminal to its row,
// the longest event-loop block meanwhile, and the heap and RSS before and after. The results go to
// the JSON file named by BENCH_EDITOR_OUT; bench/editor.mjs prints them.
import { spawn, execFileSync } from 'node:child_process';
import { writeFileSync, mkdirSync } from 'node:fs';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import * as vscode from 'vscode';
import { TAG_FORMAT } from '../src/git/refs';
import type { ModelVersionsApi } from '../src/extension/extension';
import type { Node } from '../src/extension/tree/nodes';
import type { TagRef } from '../src/core/types';
import type { TagTable } from '../src/core/store/tagTable';

const EXTENSION_ID = 'model-versions.model-versions';

export interface RoundResult {
  /** The view's request for the root to the workbench's answer after it received every row. */
  treeMs: number;
  rawMs: number;
  /** Wall-clock phases of the round, in ms from the view's request. */
  phases: Record<string, number>;
  /** The longest event-loop block while the tree was read, in ms. */
  longestBlockMs: number;
  /** The longest blocks, `at` ms after the request: which phase they fall in. */
  blocks: Array<{ at: number; ms: number }>;
  fullReads: number;
}

export interface NewTagResult {
  tag: string;
  /** `git tag` exited → the row is in the tree. */
  ms: number;
  /** Full reads of every tag (GitRepository.readTagTable) meanwhile; 0 when only the new ref was read. */
  fullReads: number;
  longestBlockMs: number;
  /** `git for-each-ref` of just that ref from the same process: the least git can take. */
  oneRefMs: number;
  /** ms after `git tag` exited: the watcher's event, the read of the named refs, the row handed over, the workbench's answer. */
  phases: Record<string, number>;
  /** The row did not show within 60 s. */
  timedOut?: boolean;
}

export interface HostResults {
  case: string;
  tags: number;
  models: number;
  rounds: RoundResult[];
  newTags: NewTagResult[];
  memory: { before: NodeJS.MemoryUsage; after: NodeJS.MemoryUsage };
  profiles: string[];
  error?: string;
}

/** A full garbage collection, so heap figures are what is retained, not what is pending. */
const gc: () => void = (() => {
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc') as () => void;
})();

/**
 * Full collections until array buffers freed by them are gone too (their memory is given back
 * off the main thread, after the collection): the store keeps its tags in typed arrays.
 */
async function collected(): Promise<void> {
  for (let i = 0; i < 3; i++) {
    gc();
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Event-loop lag: a 5 ms interval timer; any longer gap between its runs is a block. */
class LagMonitor {
  private readonly blocks: Array<{ at: number; ms: number }> = [];
  private last = performance.now();
  private readonly timer = setInterval(() => {
    const now = performance.now();
    const lag = now - this.last - 5;
    if (lag > 2) this.blocks.push({ at: this.last, ms: lag });
    this.last = now;
  }, 5);

  /** The longest blocks that overlap [from, to], longest first, `at` relative to `from`. */
  top(from: number, to: number, n = 3): Array<{ at: number; ms: number }> {
    return this.blocks
      .filter((b) => b.at + b.ms >= from && b.at <= to)
      .sort((a, b) => b.ms - a.ms)
      .slice(0, n)
      .map((b) => ({ at: Number((b.at - from).toFixed(0)), ms: Number(b.ms.toFixed(0)) }));
  }

  /** The longest block that overlaps [from, to]. */
  longest(from: number, to: number): number {
    let max = 0;
    for (const b of this.blocks) if (b.at + b.ms >= from && b.at <= to && b.ms > max) max = b.ms;
    return max;
  }

  /** Waits until the loop has been free of blocks over `ms` for `quietMs` (at most `capMs`). */
  async quiet(quietMs = 300, capMs = 5_000, ms = 30): Promise<void> {
    const end = performance.now() + capMs;
    for (;;) {
      await sleep(100);
      const now = performance.now();
      const recent = this.blocks.filter((b) => b.at > now - quietMs && b.ms > ms);
      if (recent.length === 0 || now > end) return;
    }
  }

  dispose(): void {
    clearInterval(this.timer);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** `git for-each-ref` of every tag (or of one ref) with the format the extension reads, output drained. */
function rawForEachRef(cwd: string, pattern = 'refs/tags'): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn('git', ['for-each-ref', `--format=${TAG_FORMAT}`, pattern], { cwd, stdio: ['ignore', 'pipe', 'ignore'] });
    let bytes = 0;
    child.stdout.on('data', (b: Buffer) => (bytes += b.length));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 && bytes > 0 ? resolve(performance.now() - started) : reject(new Error(`git for-each-ref exited ${code}`))));
  });
}

/** Records when the view asks for the root and when every root row has been handed over. */
class TreeProbe {
  private waiting: { resolve: (r: { requested: number; resolved: number; items: number; children: Node[] }) => void } | undefined;
  private requested = 0;
  private resolved = 0;
  private pendingItems = new Set<Node>();
  private children: Node[] = [];

  constructor(private readonly api: ModelVersionsApi) {
    const tree = api.tree;
    const getChildren = tree.getChildren.bind(tree);
    const getTreeItem = tree.getTreeItem.bind(tree);
    tree.getChildren = async (node?: Node) => {
      if (node) {
        if (this.row && node.kind === 'model' && node.model.name === this.row.model) this.onRowAsked?.();
        const children = await getChildren(node);
        const row = this.row;
        const found = row && node.kind === 'model' && node.model.name === row.model ? children.find((c) => labelOf(api, c) === row.label) : undefined;
        if (found) {
          this.row = undefined;
          setTimeout(() => row!.resolve({ at: performance.now(), node: found }), 0);
        }
        return children;
      }
      if (!this.waiting) return getChildren(node);
      if (!this.requested) this.requested = performance.now();
      const children = await getChildren(node);
      if (!this.waiting || children.length === 0 || children[0]!.kind === 'message') return children;
      this.resolved = performance.now();
      this.children = children;
      this.pendingItems = new Set(children);
      return children;
    };
    tree.getTreeItem = (node: Node) => {
      const item = getTreeItem(node);
      if (this.pendingItems.delete(node) && this.pendingItems.size === 0 && this.waiting) {
        // The items are turned into messages to the workbench after the last one, in the same turn.
        const w = this.waiting;
        this.waiting = undefined;
        const requested = this.requested;
        const resolved = this.resolved;
        const children = this.children;
        setTimeout(() => w.resolve({ requested, resolved, items: performance.now(), children }), 0);
      }
      return item;
    };
  }

  private row: { model: string; label: string; resolve: (r: { at: number; node: Node }) => void } | undefined;
  /** Called when the workbench asks for the rows of the model watched by nextRow. */
  onRowAsked: (() => void) | undefined;

  /** Resolves when the workbench has been handed a row labelled `label` under the model. */
  nextRow(model: string, label: string): Promise<{ at: number; node: Node }> {
    return new Promise((resolve) => (this.row = { model, label, resolve }));
  }

  /** Resolves when the next request for the root has been answered (start() before triggering it). */
  next(): Promise<{ requested: number; resolved: number; items: number; children: Node[] }> {
    this.requested = 0;
    return new Promise((resolve) => (this.waiting = { resolve }));
  }

  get treeView(): vscode.TreeView<Node> {
    return this.api.treeView;
  }
}

function labelOf(api: ModelVersionsApi, node: Node): string {
  const l = api.tree.getTreeItem(node).label;
  return typeof l === 'string' ? l : (l?.label ?? '');
}

/** CPU profile of a phase through the inspector (BENCH_EDITOR_PROFILE=<folder>). */
async function profiled<T>(dir: string | undefined, name: string, files: string[], fn: () => Promise<T>): Promise<T> {
  if (!dir) return fn();
  const inspector = await import('node:inspector');
  const session = new inspector.Session();
  session.connect();
  const post = (method: string, params?: object) => new Promise<any>((res, rej) => session.post(method, params ?? {}, (e, r) => (e ? rej(e) : res(r))));
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: 1000 });
  await post('Profiler.start');
  try {
    return await fn();
  } finally {
    const { profile } = await post('Profiler.stop');
    session.disconnect();
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `${name}.cpuprofile`);
    writeFileSync(file, JSON.stringify(profile));
    files.push(file);
  }
}

export async function run(): Promise<void> {
  const outFile = process.env.BENCH_EDITOR_OUT!;
  const results: HostResults = {
    case: process.env.BENCH_EDITOR_CASE ?? '',
    tags: Number(process.env.BENCH_EDITOR_TAGS),
    models: Number(process.env.BENCH_EDITOR_MODELS),
    rounds: [],
    newTags: [],
    memory: { before: process.memoryUsage(), after: process.memoryUsage() },
    profiles: [],
  };
  const rounds = Math.max(1, Number(process.env.BENCH_EDITOR_ROUNDS ?? 5));
  const tagRounds = Math.max(1, Number(process.env.BENCH_EDITOR_TAG_ROUNDS ?? 5));
  const model = process.env.BENCH_EDITOR_MODEL!;
  const profileDir = process.env.BENCH_EDITOR_PROFILE || undefined;
  const folder = vscode.workspace.workspaceFolders![0]!.uri.fsPath;
  const lag = new LagMonitor();
  try {
    // Startup work of the workbench and the built-in extensions first, then a quiet baseline.
    await lag.quiet(1000, 15_000);
    const ext = vscode.extensions.getExtension<ModelVersionsApi>(EXTENSION_ID);
    if (!ext) throw new Error(`${EXTENSION_ID} is not loaded`);
    const api = ext.isActive ? ext.exports : await ext.activate();
    const probe = new TreeProbe(api);
    await rawForEachRef(folder); // page cache warm for both sides alike
    await lag.quiet();
    await collected();
    results.memory.before = process.memoryUsage();
    // With the one after the rounds, what the reads added (compare the two in DevTools).
    if (profileDir) {
      mkdirSync(profileDir, { recursive: true });
      v8.writeHeapSnapshot(path.join(profileDir, `heap-${results.tags}-before.heapsnapshot`));
      await collected();
    }

    let fullReads = 0;
    let phases: Record<string, number> = {};
    let newTagPhases: Record<string, number> = {};
    // The same file events the extension's watcher gets: when the new ref reached the extension host.
    const refsWatcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(path.join(folder, '.git')), 'refs/tags/**'));
    refsWatcher.onDidCreate(() => (newTagPhases.fileEvent ??= performance.now()));
    api.tree.onDidChangeTreeData(() => (newTagPhases.treeChanged ??= performance.now()));
    probe.onRowAsked = () => (newTagPhases.workbenchAsked ??= performance.now());
    // Counts full reads of the tags and times their phases: wraps each repository as it is opened,
    // before its store is first asked for the listing.
    const instrumented = new WeakSet<object>();
    const getRepos = api.repos.get.bind(api.repos);
    api.repos.get = () => {
      const p = getRepos();
      void p.then((repos) => repos.forEach(instrument), () => undefined);
      return p;
    };
    const instrument = (repo: Awaited<ReturnType<typeof getRepos>>[number]) => {
      if (instrumented.has(repo)) return;
      instrumented.add(repo);
      const git = repo.git;
      const readTagTable = git.readTagTable.bind(git);
      git.readTagTable = (signal?: AbortSignal, onRow?: (table: TagTable, row: number) => void) => {
        fullReads++;
        phases.readTagsStart = performance.now();
        let first = true;
        const p = readTagTable(signal, (table, row) => {
          if (first) (phases.firstTag = performance.now()), (first = false);
          onRow?.(table, row);
        });
        void p.then(() => (phases.readTagsEnd = performance.now()), () => undefined);
        return p;
      };
      const named = (git as Partial<typeof git> & { readNamedTags?: (names: readonly string[], signal?: AbortSignal) => Promise<TagRef[]> }).readNamedTags?.bind(git);
      if (named) {
        (git as unknown as { readNamedTags: typeof named }).readNamedTags = (names, signal) => {
          newTagPhases.namedReadStart ??= performance.now();
          const p = named(names, signal);
          void p.then(() => (newTagPhases.namedReadEnd ??= performance.now()), () => undefined);
          return p;
        };
      }
      const list = repo.store.list.bind(repo.store);
      repo.store.list = (signal?: AbortSignal) => {
        const p = list(signal);
        void p.then(() => (phases.listEnd ??= performance.now()), () => undefined);
        return p;
      };
    };
    (await api.repos.peek()).forEach(instrument);

    for (let round = 0; round < rounds; round++) {
      const rawMs = await rawForEachRef(folder);
      await lag.quiet();
      phases = {};
      const reads = fullReads;
      const answered = probe.next();
      const t = await profiled(round === 0 || round === 1 ? profileDir : undefined, `${results.case}-tree-round${round + 1}`, results.profiles, async () => {
        if (round === 0) await vscode.commands.executeCommand('modelVersions.models.focus');
        else api.tree.refresh();
        const a = await answered;
        // The workbench answers a reveal only after it has taken the rows: they are in its tree.
        await probe.treeView.reveal(a.children[0]!, { select: false, focus: false, expand: false });
        return { ...a, ack: performance.now() };
      });
      const rel = (x: number | undefined) => (x === undefined ? undefined : Number((x - t.requested).toFixed(1)));
      const ph: Record<string, number> = {};
      for (const [k, v] of Object.entries({ ...phases, childrenResolved: t.resolved, itemsSent: t.items, workbenchAck: t.ack })) {
        const r = rel(v);
        if (r !== undefined) ph[k] = r;
      }
      results.rounds.push({ treeMs: t.ack - t.requested, rawMs, phases: ph, longestBlockMs: lag.longest(t.requested, t.ack), blocks: lag.top(t.requested, t.ack), fullReads: fullReads - reads });
      if (t.children.length !== results.models) throw new Error(`the tree shows ${t.children.length} models, not ${results.models}`);
      console.log(`[bench] ${results.case} round ${round + 1}: tree ${(t.ack - t.requested).toFixed(0)} ms, raw for-each-ref ${rawMs.toFixed(0)} ms, longest block ${lag.longest(t.requested, t.ack).toFixed(0)} ms`);
    }
    await lag.quiet();
    await collected();
    results.memory.after = process.memoryUsage();
    // Beside the CPU profiles, what the heap holds after the rounds (by constructor in DevTools).
    if (profileDir) v8.writeHeapSnapshot(path.join(profileDir, `heap-${results.tags}.heapsnapshot`));

    // A tag made in a terminal: `git tag` in a child process, then the row under its model.
    const roots = await api.tree.getChildren();
    const modelNode = roots.find((n) => labelOf(api, n) === model);
    if (!modelNode) throw new Error(`no model ${model} in the tree`);
    await probe.treeView.reveal(modelNode, { select: false, focus: false, expand: true });
    const env = { ...process.env, GIT_AUTHOR_NAME: 'Bench', GIT_AUTHOR_EMAIL: 'bench@example.com', GIT_COMMITTER_NAME: 'Bench', GIT_COMMITTER_EMAIL: 'bench@example.com' };
    const made: string[] = [];
    try {
      for (let round = 0; round < tagRounds; round++) {
        await lag.quiet();
        const version = `v99.${round}.0`;
        const tag = `${model}@${version}`;
        const reads = fullReads;
        newTagPhases = {};
        const shown = probe.nextRow(model, version);
        const t = await profiled(round === 1 ? profileDir : undefined, `${results.case}-new-tag`, results.profiles, async () => {
          execFileSync('git', ['tag', '-a', '-m', `Registering artifact ${model} version ${version}`, tag, 'HEAD'], { cwd: folder, env });
          made.push(tag);
          const created = performance.now();
          let timer: NodeJS.Timeout | undefined;
          const timeout = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), 60_000)));
          const row = await Promise.race([shown, timeout]).finally(() => clearTimeout(timer));
          if (!row) return undefined;
          // The workbench answers a reveal of the row once it has taken it.
          await probe.treeView.reveal(row.node, { select: false, focus: false, expand: false });
          return { created, row: row.at, shown: performance.now() };
        });
        if (!t) {
          // Recorded, not thrown: the other rounds still count, and the summary says so.
          results.newTags.push({ tag, ms: Number.POSITIVE_INFINITY, fullReads: fullReads - reads, longestBlockMs: 0, oneRefMs: 0, phases: { ...newTagPhases }, timedOut: true });
          console.log(`[bench] ${results.case} new tag ${tag}: no row within 60 s (${JSON.stringify(newTagPhases)})`);
          continue;
        }
        const oneRef = await rawForEachRef(folder, `refs/tags/${tag}`);
        const phases: Record<string, number> = { rowHandedOver: t.row - t.created, workbenchAck: t.shown - t.created };
        for (const [k, v] of Object.entries(newTagPhases)) phases[k] = Number((v - t.created).toFixed(1));
        results.newTags.push({ tag, ms: t.shown - t.created, fullReads: fullReads - reads, longestBlockMs: lag.longest(t.created, t.shown), oneRefMs: oneRef, phases });
        console.log(`[bench] ${results.case} new tag ${tag}: row in ${(t.shown - t.created).toFixed(0)} ms, ${fullReads - reads} full reads, for-each-ref of that one ref ${oneRef.toFixed(0)} ms`);
        await sleep(1000); // the watcher's debounce and any trailing refresh
      }
    } finally {
      if (made.length) execFileSync('git', ['tag', '-d', ...made], { cwd: folder, env, stdio: 'ignore' });
    }
  } catch (e) {
    results.error = e instanceof Error ? (e.stack ?? e.message) : String(e);
    console.error(`[bench] ${results.error}`);
  } finally {
    lag.dispose();
    writeFileSync(outFile, JSON.stringify(results, null, 2));
  }
  if (results.error) throw new Error(results.error);
}

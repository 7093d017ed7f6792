#!/usr/bin/env node
// `npm run bench:editor`: what a user waits for in the editor, on the bench repository (500 models
// × 20 versions, 13,500 tags) and on 100,000 tags (5,000 models). For each case a code-server with
// the extension runs bench/editorHost.ts inside its extension host: the view's first request to a
// populated tree, a tag made by `git` in a child process to its row, the longest event-loop block,
// heap and RSS before and after — each beside a raw `git for-each-ref` of the same tags measured in
// the same rounds. Then the CLI's `list --json` against the raw command, as whole processes.
// The machine is shared and noisy: medians of several rounds, ratios against git measured in the
// same run; targets are printed as PASS or MISS and never fail the command (a wrong answer does).
//
// Environment: BENCH_ROUNDS (tree rounds, default 5), BENCH_TAG_ROUNDS (new tags, default 5),
// BENCH_CASES=13500,100000 (which cases), BENCH_EDITOR_PROFILE=<folder> (CPU profiles of the
// extension host, split by where the time goes; build with `node esbuild.mjs` first for names),
// BENCH_EXTENSION=<folder> and BENCH_CLI=<file> (another build to measure, an older commit's, say:
// the bench itself stays this one), HARNESS_VERBOSE=1 (code-server's log).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { format } from 'node:util';
import { ensureTools } from '../scripts/vscode-tools.mjs';
import { startCodeServer } from '../test/harness/codeServer.mjs';
import { launchChromium } from '../test/harness/browser.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { generateRepo, generateManyTagsRepo, DEFAULT_SHAPE, modelName } = require(path.join(ROOT, 'out/bench/generate.js'));
const { TAG_FORMAT } = require(path.join(ROOT, 'out/src/git/refs.js'));

const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 5));
const TAG_ROUNDS = Math.max(1, Number(process.env.BENCH_TAG_ROUNDS ?? 5));
const CLI_ROUNDS = Math.max(1, Number(process.env.BENCH_CLI_ROUNDS ?? 7));
const WANTED = process.env.BENCH_CASES ? process.env.BENCH_CASES.split(',') : ['13500', '100000'];
const PROFILE = process.env.BENCH_EDITOR_PROFILE ? path.resolve(process.env.BENCH_EDITOR_PROFILE) : undefined;
const HOST_TIMEOUT_MS = 20 * 60_000;
const EXTENSION = process.env.BENCH_EXTENSION ? path.resolve(process.env.BENCH_EXTENSION) : ROOT;
const CLI = process.env.BENCH_CLI ? path.resolve(process.env.BENCH_CLI) : path.join(ROOT, 'dist/cli.js');

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};
const ms = (x) => `${Math.round(x)}`;
const note = (msg) => process.stderr.write(`[bench:editor] ${msg}\n`);

function cases() {
  const out = [];
  if (WANTED.includes('13500')) {
    const r = generateRepo(DEFAULT_SHAPE);
    note(`${r.built ? 'generated' : 'reusing'} ${path.relative(ROOT, r.dir)}${r.built ? ` in ${r.seconds.toFixed(1)} s` : ''}`);
    out.push({ name: '13,500 tags', key: '13500', dir: r.dir, tags: r.registrationTags + r.stageTags, models: r.shape.models, versions: r.shape.versionsPerModel, model: modelName(7) });
  }
  if (WANTED.includes('100000')) {
    const r = generateManyTagsRepo();
    note(`${r.built ? 'generated' : 'reusing'} ${path.relative(ROOT, r.dir)}${r.built ? ` in ${r.seconds.toFixed(1)} s` : ''}`);
    out.push({ name: '100,000 tags', key: '100000', dir: r.dir, tags: r.tags, models: r.models, versions: 10, model: 'model-0007' });
  }
  return out;
}

/** Tags an interrupted run may have left behind (the host deletes its own). */
function removeBenchTags(dir) {
  const left = spawnSync('git', ['tag', '-l', '*@v99.*'], { cwd: dir, encoding: 'utf8' }).stdout.split('\n').filter(Boolean);
  if (left.length) spawnSync('git', ['tag', '-d', ...left], { cwd: dir, stdio: 'ignore' });
}

/** One code-server with the extension; the host module measures and writes its JSON. */
async function runInEditor(c) {
  const outFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mv-bench-editor-')), 'results.json');
  const server = await startCodeServer({
    folder: c.dir,
    extensionDevelopmentPath: EXTENSION,
    extensionTestsPath: path.join(ROOT, 'out/bench/editorHost.js'),
    smokeTestDriver: true,
    // The built-in Git extension would read the same repository in the same extension host at the
    // same time: measured here is this extension alone.
    settings: { 'git.enabled': false, 'git.autoRepositoryDetection': false },
    env: {
      BENCH_EDITOR_OUT: outFile,
      BENCH_EDITOR_CASE: c.name,
      BENCH_EDITOR_TAGS: String(c.tags),
      BENCH_EDITOR_MODELS: String(c.models),
      BENCH_EDITOR_MODEL: c.model,
      BENCH_EDITOR_ROUNDS: String(ROUNDS),
      BENCH_EDITOR_TAG_ROUNDS: String(TAG_ROUNDS),
      ...(PROFILE ? { BENCH_EDITOR_PROFILE: PROFILE } : {}),
    },
  });
  const browser = await launchChromium();
  try {
    const { page } = browser;
    let resolveExit;
    const exited = new Promise((r) => (resolveExit = r));
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      const text = format(...(Array.isArray(args) ? args : [args]));
      if (text.startsWith('[bench]')) process.stderr.write(`${text}\n`);
      else if (process.env.HARNESS_VERBOSE === '1') process.stderr.write(`[host ${type}] ${text}\n`);
    });
    await page.exposeFunction('codeAutomationExit', (code) => resolveExit(typeof code === 'number' ? code : Number(code) || 0));
    await page.goto(server.url, { waitUntil: 'domcontentloaded' });
    let timer;
    const result = await Promise.race([exited, new Promise((r) => (timer = setTimeout(() => r('timeout'), HOST_TIMEOUT_MS)))]);
    clearTimeout(timer);
    if (result === 'timeout') throw new Error(`the extension host did not finish ${c.name} within ${HOST_TIMEOUT_MS / 60000} min`);
    if (!fs.existsSync(outFile)) throw new Error(`the extension host wrote no results for ${c.name} (exit ${result})`);
    const r = JSON.parse(fs.readFileSync(outFile, 'utf8'));
    if (r.error) throw new Error(`${c.name} in the editor: ${r.error}`);
    return r;
  } finally {
    await browser.close();
    await server.stop();
    fs.rmSync(path.dirname(outFile), { recursive: true, force: true });
  }
}

function timeProcess(argv, cwd) {
  const started = process.hrtime.bigint();
  const r = spawnSync(argv[0], argv.slice(1), { cwd, maxBuffer: 512 * 1024 * 1024, encoding: 'utf8' });
  const took = Number(process.hrtime.bigint() - started) / 1e6;
  if (r.status !== 0) throw new Error(`${argv.join(' ')} exited ${r.status}: ${r.stderr}`);
  return { ms: took, stdout: r.stdout };
}

/** `list --json` and the raw for-each-ref it is built on, interleaved rounds, whole processes. */
function cliRounds(c) {
  const raw = ['git', 'for-each-ref', `--format=${TAG_FORMAT}`, 'refs/tags'];
  const list = [process.execPath, CLI, 'list', '--json'];
  const first = JSON.parse(timeProcess(list, c.dir).stdout);
  if (first.models.length !== c.models || first.models.some((m) => m.versions.length !== c.versions)) throw new Error(`list --json on ${c.name} gave a wrong answer`);
  timeProcess(raw, c.dir);
  // Node's own start, before any of our code: part of every CLI run, and not ours to cut.
  const bare = [process.execPath, '-e', '0'];
  const rawMs = [];
  const listMs = [];
  const nodeMs = [];
  for (let i = 0; i < CLI_ROUNDS; i++) {
    rawMs.push(timeProcess(raw, c.dir).ms);
    listMs.push(timeProcess(list, c.dir).ms);
    nodeMs.push(timeProcess(bare, c.dir).ms);
  }
  return { rawMs: median(rawMs), listMs: median(listMs), nodeMs: median(nodeMs) };
}

/** Where the CPU time of a profile went, by the innermost frame of ours (or VS Code's) in each sample. */
function profileSplit(file) {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8'));
  const bundle = path.join(ROOT, 'dist', 'extension.js');
  // esbuild marks each module of an unminified bundle with a `// src/…` comment line.
  const starts = [];
  if (fs.existsSync(bundle)) {
    fs.readFileSync(bundle, 'utf8').split('\n').forEach((line, i) => {
      const m = /^\s*\/\/ ((?:\.\.\/)*(?:main\/)?(?:src|node_modules)\/\S+)$/.exec(line);
      if (m) starts.push([i, m[1]]);
    });
  }
  const moduleAt = (line) => {
    let lo = 0;
    let hi = starts.length - 1;
    let found = '(minified: build with node esbuild.mjs)';
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (starts[mid][0] <= line) (found = starts[mid][1]), (lo = mid + 1);
      else hi = mid - 1;
    }
    return found;
  };
  const category = (mod) => {
    // The tag table is filled and read as git's output is parsed: parsing, not the store's files.
    if (/^src\/git\/refs\.ts/.test(mod) || /^src\/core\/store\/tagTable\.ts/.test(mod)) return 'parsing';
    if (/^src\/git\//.test(mod)) return 'git';
    if (/^src\/core\/(registry|tagGrammar|semver|tagUpdates)\.ts/.test(mod)) return 'registry';
    if (/^src\/core\//.test(mod) || /node_modules\/yaml\//.test(mod)) return 'store (files, manifests, merge)';
    if (/^src\/extension\/tree\//.test(mod)) return 'tree items';
    if (/^src\//.test(mod)) return 'extension (other)';
    return mod;
  };
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const cache = new Map();
  const classify = (id) => {
    if (cache.has(id)) return cache.get(id);
    const leaf = byId.get(id).callFrame;
    let out;
    if (leaf.functionName === '(garbage collector)') out = 'gc';
    else if (leaf.functionName === '(idle)') out = 'idle';
    else if (leaf.functionName === '(program)') out = 'program';
    else if (leaf.url === 'node:inspector') out = 'profiler';
    else {
      // The innermost frame of the extension says what the work was for; without one, the
      // innermost frame that is not node's own says whose work it was.
      let owner;
      for (let cur = id; cur !== undefined && !out; cur = parent.get(cur)) {
        const f = byId.get(cur).callFrame;
        const url = f.url ?? '';
        if (url.endsWith('/dist/extension.js')) out = category(moduleAt(f.lineNumber));
        else if (!owner && url.includes('/out/bench/')) owner = 'bench';
        else if (!owner && /extensionHost|\/vs\//.test(url)) owner = 'messages to the workbench';
        else if (!owner && f.functionName === 'spawn' && !url) owner = 'git';
        else if (!owner && /^node:(internal\/)?(child_process|net|stream|internal\/streams|string_decoder|buffer)/.test(url)) owner = 'git';
      }
      out ??= owner ?? 'other';
    }
    cache.set(id, out);
    return out;
  };
  const totals = {};
  const { samples, timeDeltas } = profile;
  for (let i = 0; i < samples.length; i++) {
    const k = classify(samples[i]);
    totals[k] = (totals[k] ?? 0) + (timeDeltas[i] ?? 0) / 1000;
  }
  return totals;
}

async function main() {
  await ensureTools();
  const all = cases();
  const results = [];
  for (const c of all) {
    removeBenchTags(c.dir);
    note(`${c.name}: code-server with the extension on ${path.relative(ROOT, c.dir)}`);
    const host = await runInEditor(c);
    removeBenchTags(c.dir);
    note(`${c.name}: list --json against raw for-each-ref`);
    const cli = cliRounds(c);
    results.push({ c, host, cli });
  }

  const lines = [];
  const targets = [];
  const target = (name, value, pass) => targets.push(`${pass ? 'PASS' : 'MISS'}  ${name}: ${value}`);
  for (const { c, host, cli } of results) {
    const tree = median(host.rounds.map((r) => r.treeMs));
    const raw = median(host.rounds.map((r) => r.rawMs));
    lines.push(`editor ${c.name}: ${ms(tree)} ms, raw for-each-ref ${ms(raw)} ms, ratio ${(tree / raw).toFixed(2)}`);
    const shownTags = host.newTags.filter((t) => !t.timedOut);
    const lostTags = host.newTags.length - shownTags.length;
    const tagMs = lostTags ? Number.POSITIVE_INFINITY : median(shownTags.map((t) => t.ms));
    const tagReads = Math.max(...host.newTags.map((t) => t.fullReads));
    lines.push(`editor new tag on ${c.name}: ${ms(tagMs)} ms, raw for-each-ref ${ms(raw)} ms, ratio ${(tagMs / raw).toFixed(2)}`);
    const medianTag = [...shownTags].sort((a, b) => a.ms - b.ms)[Math.floor(shownTags.length / 2)];
    lines.push(`  new tag: ${lostTags ? `${lostTags} of ${host.newTags.length} rows did not show within 60 s (median of the others ${ms(median(shownTags.map((t) => t.ms)))} ms); ` : ''}full reads of every tag ${tagReads}; for-each-ref of the one new ref ${ms(median(shownTags.map((t) => t.oneRefMs)))} ms; phases of the median, ms after git tag: ${medianTag ? Object.entries(medianTag.phases).sort((a, b) => a[1] - b[1]).map(([k, v]) => `${k} ${ms(v)}`).join(', ') : 'none'}`);
    const blocks = host.rounds.map((r) => r.longestBlockMs);
    const block = median(blocks);
    lines.push(`  longest event-loop block while reading: ${ms(block)} ms median of rounds (worst ${ms(Math.max(...blocks))} ms); on a new tag ${ms(median(shownTags.map((t) => t.longestBlockMs)))} ms`);
    const { before, after } = host.memory;
    // The tags live in typed arrays (array buffers, outside heapUsed): both count.
    const heapPerTag = (after.heapUsed - before.heapUsed) / c.tags;
    const buffersPerTag = (after.arrayBuffers - before.arrayBuffers) / c.tags;
    const perTag = heapPerTag + buffersPerTag;
    lines.push(`  extension host: heap ${(before.heapUsed / 2 ** 20).toFixed(1)} → ${(after.heapUsed / 2 ** 20).toFixed(1)} MB (${Math.round(heapPerTag)} bytes a tag), array buffers ${(before.arrayBuffers / 2 ** 20).toFixed(1)} → ${(after.arrayBuffers / 2 ** 20).toFixed(1)} MB (${Math.round(buffersPerTag)} bytes a tag), together ${Math.round(perTag)} bytes a tag; RSS ${(before.rss / 2 ** 20).toFixed(0)} → ${(after.rss / 2 ** 20).toFixed(0)} MB`);
    const r0 = host.rounds[0];
    const phase = (r) => Object.entries(r.phases).sort((a, b) => a[1] - b[1]).map(([k, v]) => `${k} ${ms(v)}`).join(', ');
    const medianRound = [...host.rounds].sort((a, b) => a.treeMs - b.treeMs)[Math.floor(host.rounds.length / 2)];
    lines.push(`  first round ${ms(r0.treeMs)} ms (raw ${ms(r0.rawMs)} ms); phases of the median round, ms from the request: ${phase(medianRound)}; its longest blocks ${medianRound.blocks.map((b) => `${b.ms} ms at ${b.at}`).join(', ')}`);
    lines.push(`cli list --json on ${c.name}: ${ms(cli.listMs)} ms, raw for-each-ref ${ms(cli.rawMs)} ms, ratio ${(cli.listMs / cli.rawMs).toFixed(2)}`);
    // Node 20 reads NODE_EXTRA_CA_CERTS's certificates before it runs a line of script (nodejs/node#40524).
    const certs = process.env.NODE_EXTRA_CA_CERTS ? '; NODE_EXTRA_CA_CERTS is set, and Node loads those certificates at every start' : '';
    lines.push(`  cli: Node's own start (node -e 0) ${ms(cli.nodeMs)} ms of it${certs}`);
    for (const file of host.profiles ?? []) {
      const split = profileSplit(file);
      const shown = Object.entries(split).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${ms(v)}`).join(', ');
      lines.push(`  profile ${path.basename(file, '.cpuprofile')} (CPU ms): ${shown}`);
    }
    target(`tree ≤ 1.5 × raw for-each-ref at ${c.name}`, `${(tree / raw).toFixed(2)} ×`, tree / raw <= 1.5);
    if (c.key === '100000') target(`new tag on ${c.name} within 300 ms without re-reading all tags`, `${ms(tagMs)} ms, ${tagReads} full reads`, tagMs <= 300 && tagReads === 0);
    target(`longest event-loop block ≤ 50 ms while reading ${c.name}`, `${ms(block)} ms`, block <= 50);
    target(`heap growth (heap + array buffers) ≤ 150 bytes a tag at ${c.name}`, `${Math.round(perTag)} bytes`, perTag <= 150);
    target(`CLI list --json ≤ 2 × raw for-each-ref at ${c.name}`, `${(cli.listMs / cli.rawMs).toFixed(2)} ×`, cli.listMs / cli.rawMs <= 2);
  }
  // What a tag more costs, without what any first read costs whatever the tags (code compiled on
  // first use, the workbench's own modules loaded for the view): the slope between the two cases.
  if (results.length === 2) {
    const grown = results.map(({ c, host }) => ({ tags: c.tags, bytes: host.memory.after.heapUsed - host.memory.before.heapUsed + host.memory.after.arrayBuffers - host.memory.before.arrayBuffers }));
    const slope = (grown[1].bytes - grown[0].bytes) / (grown[1].tags - grown[0].tags);
    const fixed = grown[0].bytes - slope * grown[0].tags;
    lines.push(`extension host heap + array buffers, from one case to the other: ${Math.round(slope)} bytes a tag more, and ${(fixed / 2 ** 20).toFixed(1)} MB that the first read costs whatever the tags (not a target: the targets above count all of it)`);
  }
  if (EXTENSION !== ROOT || process.env.BENCH_CLI) lines.unshift(`extension ${EXTENSION}, CLI ${CLI}`);
  process.stdout.write(`\n${lines.join('\n')}\n\nsummary (medians of ${ROUNDS} tree rounds, ${TAG_ROUNDS} new tags, ${CLI_ROUNDS} CLI rounds; load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')})\n${targets.join('\n')}\n`);
  process.stdout.write(
    JSON.stringify({
      bench: 'editor',
      cases: results.map(({ c, host, cli }) => ({ case: c.name, tags: c.tags, rounds: host.rounds, newTags: host.newTags, memory: host.memory, cli })),
    }) + '\n',
  );
}

if (process.argv[2] === '--split') {
  // `node bench/editor.mjs --split <file.cpuprofile>…`: the split of profiles written earlier.
  for (const file of process.argv.slice(3)) {
    const split = profileSplit(file);
    process.stdout.write(`${path.basename(file)}: ${Object.entries(split).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${ms(v)}`).join(', ')}\n`);
  }
} else {
  main().catch((e) => {
    note(`ERROR: ${e.stack || e.message}`);
    process.exit(1);
  });
}

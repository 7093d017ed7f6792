// One esbuild context per target: the extension host and the CLI run on node (vscode stays
// external), the diff panel's script runs in the browser.
import * as esbuild from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));

/** Prints problem-matcher friendly lines so `npm run watch` works as a VS Code background task. */
const problemMatcher = {
  name: 'problem-matcher',
  setup(build) {
    build.onStart(() => {
      if (watch) console.log('[watch] build started');
    });
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      if (watch) console.log('[watch] build finished');
    });
  },
};

const common = {
  bundle: true,
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  logLevel: 'warning',
  define: { __VERSION__: JSON.stringify(version) },
  plugins: [problemMatcher],
};

const node = { ...common, outdir: 'dist', format: 'cjs', platform: 'node', target: 'node18' };
const targets = [
  // The .vsix ships no node_modules: the extension bundles everything it may load.
  // dbWorker: the mlflow.db parse, in a worker thread of the extension host; hashWorker: md5 of
  // working-tree files for checkouts (the CLI's dist/cli.js uses the same file).
  { ...node, entryPoints: { extension: 'src/extension/extension.ts', dbWorker: 'src/extension/dbWorker.ts', hashWorker: 'src/git/hashWorker.ts' }, external: ['vscode'] },
  // The CLI is installed by npm with its dependencies beside it. yaml, sql.js and echarts (the
  // static pages' charts) are loaded only
  // when a file needs them, so they stay out of the bundle that every command compiles at start
  // (160 KB of its 290 KB; about 10 ms of each run).
  { ...node, entryPoints: { cli: 'src/cli/main.ts' }, external: ['vscode', 'yaml', 'sql.js', 'echarts'] },
];

// The browser pages: dist/charts.js holds ECharts, set up once (webview/charts/lib.ts), and each
// view's bundle reads that module from the global it sets instead of carrying its own copy.
const browser = { ...common, outdir: 'dist', format: 'iife', platform: 'browser', target: 'es2022' };
const CHARTS_LIB = path.resolve('webview/charts/lib.ts');
const chartsFromGlobal = {
  name: 'charts-from-global',
  setup(build) {
    build.onResolve({ filter: /(^|\/)lib$/ }, (args) => {
      const file = path.resolve(args.resolveDir, `${args.path}.ts`);
      return file === CHARTS_LIB ? { path: file, namespace: 'charts-global' } : undefined;
    });
    build.onLoad({ filter: /.*/, namespace: 'charts-global' }, () => ({ contents: 'module.exports = globalThis.modelVersionsCharts;', loader: 'js' }));
  },
};
if (existsSync('webview/charts/global.ts')) targets.push({ ...browser, entryPoints: { charts: 'webview/charts/global.ts' } });
const views = { webview: 'webview/main.ts', allVersions: 'webview/allVersions/main.ts' };
for (const [name, entry] of Object.entries(views)) {
  if (existsSync(entry)) targets.push({ ...browser, entryPoints: { [name]: entry }, plugins: [...common.plugins, chartsFromGlobal] });
}

// sql.js's WebAssembly ships as its own file next to the bundles, never inlined as base64:
// src/core/readers/sqlite.ts loads it from there only when an mlflow.db is read.
mkdirSync('dist', { recursive: true });
copyFileSync(createRequire(import.meta.url).resolve('sql.js/dist/sql-wasm.wasm'), 'dist/sql-wasm.wasm');

const contexts = await Promise.all(targets.map((t) => esbuild.context(t)));
if (watch) {
  await Promise.all(contexts.map((c) => c.watch()));
} else {
  const results = await Promise.allSettled(contexts.map((c) => c.rebuild()));
  await Promise.all(contexts.map((c) => c.dispose()));
  if (results.some((r) => r.status === 'rejected')) process.exit(1);
}

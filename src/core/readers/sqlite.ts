// sql.js (SQLite compiled to WebAssembly) reads `mlflow.db` on every platform VS Code runs on,
// with no native build. Its glue code and its 690 KB of wasm are loaded only when a database is
// read, so activating the extension and `model-versions list` never pay for them.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { SqlJsStatic } from 'sql.js';

let loading: Promise<SqlJsStatic> | undefined;

/** The sql.js module, initialised once per process. */
export function loadSqlJs(): Promise<SqlJsStatic> {
  loading ??= initialise().catch((err: unknown) => {
    // A failure is not cached: the next read tries again (the file may have been restored).
    loading = undefined;
    throw err;
  });
  return loading;
}

/**
 * `dist/sql-wasm.wasm` next to the bundle (esbuild.mjs copies it there), else the package's own
 * copy (unit tests run the tsc output in out/, where node_modules is reachable).
 */
export function sqlWasmPath(): string {
  const bundled = path.join(__dirname, 'sql-wasm.wasm');
  if (fs.existsSync(bundled)) return bundled;
  // Not a literal: esbuild would otherwise warn that it cannot bundle a require.resolve.
  const fromPackage = ['sql.js', 'dist', 'sql-wasm.wasm'].join('/');
  return require.resolve(fromPackage);
}

async function initialise(): Promise<SqlJsStatic> {
  const wasm = await fs.promises.readFile(sqlWasmPath());
  // Required here, not imported at the top: the glue code runs only on the first database read.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const initSqlJs = require('sql.js') as typeof import('sql.js');
  const wasmBinary = wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) as ArrayBuffer;
  return initSqlJs({ wasmBinary });
}

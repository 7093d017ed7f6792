// Runs in a worker thread of the extension host: parses an mlflow.db with sql.js there, so a large
// database never blocks the extension host (sql.js is synchronous: 38 MB take about 0.4 s).
import { parentPort } from 'node:worker_threads';
import { readMlflowDb } from '../core/readers/mlflowSqlStore';
import type { DbRequest, DbResponse } from './dbReader';

parentPort?.on('message', (m: DbRequest) => {
  readMlflowDb(m.bytes, m.path, m.sidecars).then(
    (store) => parentPort!.postMessage({ id: m.id, store } satisfies DbResponse),
    (e: unknown) => parentPort!.postMessage({ id: m.id, error: e instanceof Error ? e.message : String(e) } satisfies DbResponse),
  );
});

// Benchmark of Compare All Versions on 1,000 versions (`npm run bench:allversions`): the view's
// model built in node from 1,000 records (20 params, 8 metrics, a stage every 50 versions), then
// the page (the same script as the webview, through `diff <model>@all --html`'s renderer) in
// Chromium: time from the data's arrival to the first frame drawn with it (target 0.5 s), and
// each chart tab's time from the click to its first frame. Prints PASS/MISS; not a test.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { buildAllVersions } = require(path.join(ROOT, 'out/src/core/allVersions.js'));
const { renderPage } = require(path.join(ROOT, 'out/src/cli/allVersionsCommand.js'));
const { emptyRecord } = require(path.join(ROOT, 'out/src/core/types.js'));

const VERSIONS = Number(process.env.BENCH_VERSIONS || 1000);
const ROUNDS = 5;
const TARGET_MS = 500;

function data() {
  const versions = [];
  const records = [];
  for (let i = 0; i < VERSIONS; i++) {
    const version = `v${Math.floor(i / 100)}.${Math.floor(i / 10) % 10}.${i % 10}`;
    const commit = (i + 1).toString(16).padStart(40, '0');
    versions.push({ version, commit, date: 1_767_225_600 + i * 3600, registered: true, active: true, stages: i % 50 === 0 ? ['staging'] : i === VERSIONS - 1 ? ['prod'] : [], stageTags: [] });
    const r = emptyRecord('big', version, commit);
    r.hyperparameters = { train: { lr: 0.001 * (1 + (i % 17)), epochs: 10 + (i % 5), batch: 2 ** (4 + (i % 4)), optimizer: ['adam', 'sgd', 'adamw'][i % 3], seed: 42 }, model: Object.fromEntries(Array.from({ length: 15 }, (_, k) => [`p${k}`, (i * (k + 1)) % 97])) };
    r.metrics = Object.fromEntries(['auc', 'f1', 'precision', 'recall', 'loss', 'val_loss', 'latency_ms', 'accuracy'].map((m, k) => [m, Number((0.5 + ((i * 7 + k * 13) % 100) / 250).toFixed(4))]));
    records.push(r);
  }
  return { versions, records };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main() {
  const { versions, records } = data();
  const t0 = performance.now();
  const view = buildAllVersions('big', versions, records);
  const modelMs = performance.now() - t0;
  const assets = { scripts: ['dist/charts.js', 'dist/allVersions.js'].map((f) => readFileSync(path.join(ROOT, f), 'utf8')), css: readFileSync(path.join(ROOT, 'media/allVersions.css'), 'utf8') };
  const dir = mkdtempSync(path.join(tmpdir(), 'mv-bench-allv-'));
  const file = path.join(dir, 'all.html');
  writeFileSync(file, renderPage(view, true, assets));
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
  const interactive = [];
  const tabs = { parallel: [], scatter: [], trend: [], table: [] };
  try {
    for (let round = 0; round < ROUNDS; round++) {
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      await page.goto(`file://${file}`);
      await page.locator('#app[data-painted="true"]').waitFor({ timeout: 60000 });
      interactive.push(await page.evaluate(() => performance.measure('x', 'allVersions:data', 'allVersions:interactive').duration));
      // Only the rows near the viewport are in the page; the grid says how many there are.
      const rows = Number(await page.locator('table.versions').getAttribute('aria-rowcount')) - 1;
      if (rows !== VERSIONS) throw new Error(`expected ${VERSIONS} rows, got ${rows}`);
      for (const tab of ['parallel', 'scatter', 'trend', 'table']) {
        tabs[tab].push(
          await page.evaluate(
            (t) =>
              new Promise((resolve) => {
                const start = performance.now();
                document.getElementById(`tab-${t}`).click();
                // Drawn: every chart box in the viewport holds its chart (the metric charts are
                // drawn as they come into view), and a frame has been painted after that.
                const drawn = () =>
                  [...document.querySelectorAll('.chart')].every((c) => {
                    const r = c.getBoundingClientRect();
                    return r.top > innerHeight || r.bottom < 0 || c.childElementCount > 0;
                  });
                const wait = () => requestAnimationFrame(() => setTimeout(() => (drawn() ? resolve(performance.now() - start) : wait())));
                wait();
              }),
            tab,
          ),
        );
      }
      await page.close();
    }
  } finally {
    await browser.close();
    rmSync(dir, { recursive: true, force: true });
  }
  const shown = median(interactive);
  console.log(`Compare All Versions, ${VERSIONS} versions × ${view.columns.length} columns (medians of ${ROUNDS}):`);
  console.log(`  view model in node (buildAllVersions):        ${modelMs.toFixed(1)} ms`);
  console.log(`  data → interactive table in Chromium:         ${shown.toFixed(1)} ms  (target ${TARGET_MS} ms: ${shown <= TARGET_MS ? 'PASS' : 'MISS'})`);
  for (const [tab, xs] of Object.entries(tabs)) console.log(`  ${`click → ${tab} drawn:`.padEnd(46)}${median(xs).toFixed(1)} ms  (${median(xs) <= TARGET_MS ? 'PASS' : 'MISS'})`);
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});

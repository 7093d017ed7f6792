// Benchmark of the diff panel in Chromium: two versions with 10,000 hyperparameters each, 1,000
// of them changed. Measures the host-side model (diff + table model) in node, then the page the
// panel renders (the same script as in VS Code, through the --html renderer): time until it is
// ready, time to toggle "Only changed" off, and frame times while scrolling through all rows.
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { chromium } from 'playwright-core';
import { diffRecords } from '../src/core/diff';
import { buildPanelData } from '../src/core/diffTable';
import { renderHtml } from '../src/core/render/html';
import { emptyRecord, type Nested } from '../src/core/types';

const ROOT = path.resolve(__dirname, '..', '..');
const PARAMS = 10_000;
const CHANGED = 1_000;

function params(changed: boolean): Nested {
  const out: Nested = {};
  for (let g = 0; g < PARAMS / 100; g++) {
    const group: Nested = {};
    for (let i = 0; i < 100; i++) {
      const n = g * 100 + i;
      group[`param_${i}`] = changed && n % (PARAMS / CHANGED) === 0 ? n * 2 + 0.5 : n * 2;
    }
    out[`layer_${g}`] = group;
  }
  return out;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function main(): Promise<void> {
  const a = { ...emptyRecord('big', 'v1.0.0', 'a'.repeat(40)), hyperparameters: params(false), metrics: { auc: 0.8, loss: 0.4 } };
  const b = { ...emptyRecord('big', 'v1.1.0', 'b'.repeat(40)), hyperparameters: params(true), metrics: { auc: 0.82, loss: 0.38 } };
  const modelTimes: number[] = [];
  let html = '';
  for (let round = 0; round < 5; round++) {
    const t0 = performance.now();
    const diff = diffRecords([
      { label: 'big@v1.0.0', record: a },
      { label: 'big@v1.1.0', record: b },
    ]);
    const data = buildPanelData(diff, [a, b]);
    modelTimes.push(performance.now() - t0);
    if (!html) {
      if (diff.counts.changed !== CHANGED + 2) throw new Error(`expected ${CHANGED + 2} changed rows, got ${diff.counts.changed}`);
      const scripts = ['charts.js', 'webview.js'].map((f) => readFileSync(path.join(ROOT, 'dist', f), 'utf8'));
      const css = readFileSync(path.join(ROOT, 'media', 'panel.css'), 'utf8');
      html = renderHtml(diff, { panel: { data, scripts, css } });
    }
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'mv-bench-panel-'));
  const file = path.join(dir, 'panel.html');
  writeFileSync(file, html);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  const ready: number[] = [];
  const toggle: number[] = [];
  const frames: number[] = [];
  try {
    for (let round = 0; round < 5; round++) {
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      const t0 = Date.now();
      await page.goto(`file://${file}`);
      await page.locator('#app[data-ready="true"] .grid-row').first().waitFor();
      // Interactive: the page answers a click within the same measurement.
      await page.locator('#only-changed').click();
      await page.locator('#hidden-count:text-is("")').waitFor({ state: 'attached' });
      await page.waitForFunction(() => Number(document.querySelector('.viewport')?.getAttribute('aria-rowcount')) > 10_000);
      ready.push(Date.now() - t0);
      toggle.push(
        await page.evaluate(async () => {
          const box = document.getElementById('only-changed') as HTMLInputElement;
          const s = performance.now();
          box.click();
          await new Promise((r) => requestAnimationFrame(() => r(null)));
          return performance.now() - s;
        }),
      );
      await page.locator('#only-changed').click(); // all rows again, for the scroll
      const f = await page.evaluate(async () => {
        const vp = document.querySelector('.viewport') as HTMLElement;
        const times: number[] = [];
        let last = performance.now();
        const end = vp.scrollHeight;
        for (let y = 0; y < end; y += 600) {
          vp.scrollTop = y;
          await new Promise((r) => requestAnimationFrame(() => r(null)));
          const now = performance.now();
          times.push(now - last);
          last = now;
        }
        return { times, rendered: document.querySelectorAll('.grid-row').length, total: Number(vp.getAttribute('aria-rowcount')) };
      });
      if (f.rendered > 200) throw new Error(`virtualization broke: ${f.rendered} rows in the DOM`);
      frames.push(...f.times);
      if (round === 0) console.log(`rows: ${f.total - 1} in the table, ${f.rendered} in the DOM at a time`);
      await page.close();
    }
  } finally {
    await browser.close();
    rmSync(dir, { recursive: true, force: true });
  }
  const sorted = [...frames].sort((x, y) => x - y);
  const p95 = sorted[Math.floor(sorted.length * 0.95)]!;
  const result = {
    bench: 'panel',
    params: PARAMS,
    changed: CHANGED,
    hostModelMs: Number(median(modelTimes).toFixed(1)),
    openToInteractiveMs: median(ready),
    toggleOnlyChangedMs: Number(median(toggle).toFixed(1)),
    scrollFrameMedianMs: Number(median(frames).toFixed(1)),
    scrollFrameP95Ms: Number(p95.toFixed(1)),
  };
  console.log(`host model (diff + table)        ${result.hostModelMs} ms`);
  console.log(`page open → interactive          ${result.openToInteractiveMs} ms`);
  console.log(`"Only changed" toggle (10,007 rows) ${result.toggleOnlyChangedMs} ms`);
  console.log(`scroll frame median / p95        ${result.scrollFrameMedianMs} / ${result.scrollFrameP95Ms} ms`);
  const total = result.hostModelMs + result.openToInteractiveMs;
  console.log(`${total < 1000 ? 'PASS' : 'MISS'}  open and interactive < 1 s: ${total.toFixed(0)} ms (host model + page)`);
  console.log(`${p95 < 50 ? 'PASS' : 'MISS'}  scrolling smooth (p95 frame < 50 ms): ${p95.toFixed(1)} ms`);
  console.log(JSON.stringify(result));
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});

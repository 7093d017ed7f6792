// Hostile strings (script and HTML injection, bidi overrides) in keys, values, file names, tag
// and commit messages and author names show as text and run nothing: in the tree, in the diff
// panel (dark and high-contrast themes) and in the CLI's --html page.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT, runCommand, withHover } from '../harness/browser.mjs';
import { contextMenu, fixtures, openModelsView, openRepoInWorkbench, panel as panelOf, step as stepOf, treeItem as treeItemOf } from './workbench.mjs';

const { HOSTILE } = fixtures;
let wb;
let page;
const dialogs = [];
const strayRequests = [];
const step = (name, fn) => stepOf(page, name, fn);
const treeItem = (label) => treeItemOf(page, label);
const panel = () => panelOf(page);
const esc = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** No frame of the page has run a payload: every payload sets window.__pwned. */
async function assertNothingRan() {
  for (const frame of page.frames()) {
    const pwned = await frame.evaluate(() => window.__pwned).catch(() => undefined);
    assert.equal(pwned, undefined, `a payload ran in ${frame.url()}`);
  }
  assert.deepEqual(dialogs, [], 'no dialog was opened');
  assert.deepEqual(strayRequests, [], 'no request left for a payload URL');
}

describe('Hostile strings stay inert', () => {
  before(async () => {
    wb = await openRepoInWorkbench('mv-e2e-hostile-', fixtures.makeHostileRepo, { 'workbench.colorTheme': 'Default Dark Modern' });
    page = wb.page;
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    wb.browser.context.on('request', (r) => {
      const u = r.url();
      if (/\/x$|javascript:|onerror|__pwned/.test(u)) strayRequests.push(u);
    });
    await openModelsView(page, 'evil');
  });

  after(async () => {
    await wb?.close();
  });

  it('the tree shows hostile keys, values and messages as text', async () => {
    await step('20-hostile-tree', async () => {
      await treeItem('evil').click();
      await treeItem('v1.1.0').click();
      await treeItem('Hyperparameters').click();
      // Keys holding dots are quoted by the flattener: ["<img …>"].
      const row = page.locator('.pane-body .monaco-list-row[role="treeitem"]', { hasText: '<img src=x onerror=' }).first();
      await row.waitFor();
      assert.ok((await row.innerText()).includes(`["<img src=x onerror=\\"window.__pwned=1\\">"] = ${HOSTILE.value}`), await row.innerText());
      // The bidi override is shown escaped, so the name cannot pose as another.
      await page.locator('.pane-body .monaco-list-row[role="treeitem"]', { hasText: '["safe\\u202egnp.exe"] = 1' }).waitFor();
      // Its hover renders the hostile tag message and author as Markdown: shown, and still inert.
      const hover = page.locator('.context-view .monaco-hover, .context-view .workbench-hover').first();
      await withHover(page, treeItem('v1.1.0'), hover, async () => {
        await page.waitForTimeout(1000);
        await assertNothingRan();
      });
    });
  });

  it('the diff panel shows them as text, in a dark theme', async () => {
    await step('21-hostile-panel-dark', async () => {
      await contextMenu(page, treeItem('v1.1.0'), 'Compare With Previous Version');
      await panel().locator('#app[data-ready="true"]').waitFor({ timeout: 20000 });
      const keys = await panel().locator('.grid-row .cell.key .text').allTextContents();
      const quotedKey = `["${HOSTILE.key.replace(/"/g, '\\"')}"]`;
      assert.ok(keys.includes(quotedKey), keys.join('\n'));
      assert.ok(keys.includes(`${HOSTILE.fileName}:${quotedKey}`), keys.join('\n'));
      const values = await panel().locator('.grid-row .cell.value .text').allTextContents();
      assert.ok(values.includes(HOSTILE.value), values.join('\n'));
      const head = await panel().locator('.grid-head').innerText();
      assert.ok(head.includes(HOSTILE.value), 'the tag message shows as text');
      // VS Code injects its default styles and its API script into every webview; nothing else may appear.
      const foreign = await panel().locator('img, iframe, svg[onload], b, style:not(#_defaultStyles), script:not([nonce]):not(#_vscodeApiScript)').evaluateAll((els) => els.map((e) => e.outerHTML.slice(0, 80)));
      assert.deepEqual(foreign, [], 'no element came from the data');
      await assertNothingRan();
    });
  });

  it('the panel stays readable in a high-contrast theme', async () => {
    await step('22-hostile-panel-high-contrast', async () => {
      await runCommand(page, 'Preferences: Color Theme');
      await page.locator('.quick-input-widget input').fill('Dark High Contrast');
      await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Dark High Contrast' }).first().waitFor();
      await page.keyboard.press('Enter');
      await page.locator('.monaco-workbench.hc-black, .monaco-workbench.hc-light').waitFor({ timeout: 10000 });
      await panel().locator('.grid-row').first().waitFor();
      await assertNothingRan();
    });
  });

  it('the CLI --html page of the same diff runs nothing and shows the text', async () => {
    const html = execFileSync(process.execPath, [path.join(REPO_ROOT, 'dist/cli.js'), 'diff', 'evil@v1.0.0', 'evil@v1.1.0', '--html', '--repo', wb.repo], { encoding: 'utf8' });
    const file = path.join(os.tmpdir(), `mv-hostile-${process.pid}.html`);
    fs.writeFileSync(file, html);
    const p2 = await wb.browser.context.newPage();
    p2.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    try {
      await p2.goto(`file://${file}`);
      await p2.waitForTimeout(500);
      const text = await p2.locator('body').innerText();
      assert.ok(text.includes(HOSTILE.key) && text.includes(HOSTILE.value), 'the values show as text');
      assert.equal(await p2.evaluate(() => window.__pwned), undefined);
      assert.equal(await p2.locator('#app[data-ready="true"]').count(), 1, 'the interactive panel rendered');
      assert.equal(await p2.locator('img, iframe, svg[onload], b, style:not([nonce]), script:not([nonce]):not(#panel-data)').count(), 0);
      await p2.screenshot({ path: path.join(REPO_ROOT, 'test-results', 'screenshots', '23-hostile-cli-html.png') });
      assert.deepEqual(dialogs, []);
    } finally {
      await p2.close();
      fs.rmSync(file, { force: true });
    }
  });
});

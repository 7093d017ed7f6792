// What every UI test needs: a fixture repository opened in code-server with the extension
// installed, a browser on it, locators for the Models view and the diff panel, and steps that
// keep a screenshot (also of a failure).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { startCodeServer } from '../harness/codeServer.mjs';
import { launchChromium, openWorkbench, REPO_ROOT, runCommand, screenshot } from '../harness/browser.mjs';

const require = createRequire(import.meta.url);

/** Compiled fixtures (npm run compile-tests): makeDemoRepo, makeHostileRepo, … */
export const fixtures = {
  ...require(path.join(REPO_ROOT, 'out/test/fixtures/demoRepo.js')),
  ...require(path.join(REPO_ROOT, 'out/test/fixtures/hostileRepo.js')),
  ...require(path.join(REPO_ROOT, 'out/test/fixtures/interopRepo.js')),
  ...require(path.join(REPO_ROOT, 'out/test/fixtures/dvcGetStarted.js')),
};

/**
 * Makes a repository with `make(dir)` and opens it in a real workbench.
 * @returns {Promise<{ repo: string, page: import('playwright-core').Page, browser: any, close(): Promise<void> }>}
 */
export async function openRepoInWorkbench(prefix, make, settings = {}) {
  const repo = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  await make(repo);
  const server = await startCodeServer({ folder: repo, installExtensionPath: REPO_ROOT, settings });
  const browser = await launchChromium();
  await openWorkbench(browser.page, server.url);
  return {
    repo,
    page: browser.page,
    browser,
    async close() {
      await browser.close();
      await server.stop();
      fs.rmSync(repo, { recursive: true, force: true });
    },
  };
}

/** Runs a step and keeps its screenshot; a failing step keeps one named FAILED-<name>. */
export async function step(page, name, fn) {
  try {
    await fn();
    await screenshot(page, name);
  } catch (e) {
    await screenshot(page, `FAILED-${name}`).catch(() => undefined);
    throw e;
  }
}

const escapeRe = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A row of the Models view by its exact label. */
export function treeItem(page, label) {
  return page
    .locator('.pane-body .monaco-list-row[role="treeitem"]')
    .filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${escapeRe(label)}$`) }) });
}

/** Clicks the activity-bar icon and waits for a model's row. */
export async function openModelsView(page, firstModel) {
  await page.getByRole('tab', { name: /Model Versions/ }).click();
  await treeItem(page, firstModel).waitFor({ timeout: 30000 });
}

/** Runs a context-menu entry of a tree row. (A hover left over the row is moved off by the harness.) */
export async function contextMenu(page, row, entry) {
  await row.click({ button: 'right' });
  await page.locator('.context-view .action-label', { hasText: entry }).hover();
  await page.keyboard.press('Enter');
}

/** The visible diff panel's document, inside the webview's two iframes. */
export function panel(page) {
  return page.frameLocator('iframe.webview.ready >> visible=true').frameLocator('iframe#active-frame');
}

/** The panel's rows as arrays of cell texts: [key, value1, value2, …]. */
export function panelRows(page) {
  return panel(page)
    .locator('.grid-row')
    .evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('[data-col]')].map((c) => c.querySelector('.text')?.textContent ?? c.textContent)));
}

/** The open modal dialog, and one of its buttons by its exact label. */
export function dialog(page) {
  return page.locator('.monaco-dialog-box');
}

export function dialogButton(page, label) {
  return page.locator('.monaco-dialog-box .monaco-button', { hasText: new RegExp(`^${escapeRe(label)}$`) });
}

/** A notification toast holding `text` (a string or a RegExp). */
export function toast(page, text) {
  return page.locator('.notification-toast', { hasText: text });
}

/** The quick pick / input box. */
export function quickInput(page) {
  return page.locator('.quick-input-widget');
}

/** Closes every toast, so the next step's toast is the only one. */
export async function clearToasts(page) {
  await runCommand(page, 'Notifications: Clear All Notifications');
  await page.locator('.notification-toast').first().waitFor({ state: 'detached', timeout: 5000 }).catch(() => {});
}

/** A row's context-menu entry, by the row's label. */
export async function rowMenu(page, label, entry) {
  await contextMenu(page, treeItem(page, label), entry);
}

/** Expands a row by its label if it is collapsed. */
export async function expandRow(page, label) {
  const row = treeItem(page, label);
  await row.waitFor({ timeout: 15000 });
  if ((await row.getAttribute('aria-expanded')) !== 'true') await row.locator('.label-name').click();
}

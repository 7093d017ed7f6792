// Headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core) and helpers for the
// VS Code web workbench served by codeServer.mjs. See README.md here.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { CHROMIUM } from '../../scripts/vscode-tools.mjs';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SCREENSHOT_DIR = path.join(REPO_ROOT, 'test-results', 'screenshots');

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

const open = new Set();
let handlersInstalled = false;
function cleanupSync() {
  for (const c of open) {
    // Playwright kills the browser itself on exit; remove our profile/HOME folder.
    fs.rmSync(c.root, { recursive: true, force: true });
  }
  open.clear();
}

/**
 * Launches headless Chromium with a fresh profile (and a temp HOME/TMPDIR for the browser).
 * @param {{ viewport?: {width:number,height:number}, headless?: boolean, env?: Record<string,string> }} [o]
 * @returns {Promise<{ context: import('playwright-core').BrowserContext, page: import('playwright-core').Page, close(): Promise<void> }>}
 */
export async function launchChromium(o = {}) {
  const { viewport = { width: 1400, height: 900 }, headless = true, env = {} } = o;
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: run node scripts/vscode-tools.mjs (or set CHROMIUM_PATH)`);
  }
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'mv-chromium-'));
  for (const d of ['profile', 'home', 'tmp']) fs.mkdirSync(path.join(root, d));
  const context = await chromium.launchPersistentContext(path.join(root, 'profile'), {
    executablePath: CHROMIUM,
    headless,
    args: CHROMIUM_ARGS,
    viewport,
    env: {
      ...process.env,
      HOME: path.join(root, 'home'),
      TMPDIR: path.join(root, 'tmp'),
      XDG_CONFIG_HOME: path.join(root, 'home', '.config'),
      XDG_CACHE_HOME: path.join(root, 'home', '.cache'),
      ...env,
    },
  });
  const entry = { root };
  open.add(entry);
  if (!handlersInstalled) {
    handlersInstalled = true;
    process.on('exit', cleanupSync);
  }
  const page = context.pages()[0] ?? (await context.newPage());
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await context.close().catch(() => {});
    fs.rmSync(root, { recursive: true, force: true });
    open.delete(entry);
  };
  return { context, page, close };
}

/** Navigates to a code-server URL and waits until the workbench has rendered. */
export async function openWorkbench(page, url, { timeout = 60000 } = {}) {
  await dismissHoversBeforeActions(page);
  await page.goto(url, { waitUntil: 'domcontentloaded', timeout });
  await waitForWorkbench(page, { timeout });
}

const hoverLocators = new WeakMap();

/**
 * A hover opened by the pointer's last rest (a tree row's tooltip, say) lies over whatever is
 * below it, and Playwright does not move the pointer while the hover intercepts the click, so it
 * would wait for ever. A person moves the pointer and the hover goes: before every action (and
 * every wait for an element), if a hover is open, move the pointer off and let it close.
 * A test that reads a hover does it inside withHover, which turns this off.
 */
export async function dismissHoversBeforeActions(page) {
  if (hoverLocators.has(page)) return;
  const hover = page.locator('.context-view .monaco-hover, .context-view .workbench-hover').first();
  hoverLocators.set(page, hover);
  await page.addLocatorHandler(
    hover,
    async () => {
      await movePointerOff(page);
      if (await closes(hover)) return;
      // A hover the pointer never left by its target's edge: in through the hover and out again.
      const box = await hover.boundingBox({ timeout: 500 }).catch(() => null);
      if (box) await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await movePointerOff(page);
      if (await closes(hover)) return;
      // Escape closes a hover that kept the focus; never while a quick pick is up (it would cancel it).
      if (!(await page.locator('.quick-input-widget').isVisible())) await page.keyboard.press('Escape');
    },
    // The action goes on, and a hover still in the way brings the handler back on its next try.
    { noWaitAfter: true },
  );
}

const closes = (hover) => hover.waitFor({ state: 'hidden', timeout: 2000 }).then(() => true, () => false);

/** The pointer to the editor area's right edge, where nothing opens a hover. */
async function movePointerOff(page) {
  const size = page.viewportSize() ?? { width: 1400, height: 900 };
  await page.mouse.move(size.width - 8, Math.round(size.height / 2));
}

/**
 * Rests the pointer on `target` until `hover` (a locator of the hover expected) shows, then runs
 * fn(hover) while it is up. A hover shows after the pointer rests; on a loaded machine the first
 * rest can pass unseen, so it tries a few times.
 */
export async function withHover(page, target, hover, fn, { attempts = 3, timeout = 5000 } = {}) {
  const handler = hoverLocators.get(page);
  if (handler) await page.removeLocatorHandler(handler);
  try {
    for (let i = 1; ; i++) {
      await movePointerOff(page);
      await target.hover();
      const shown = await hover.waitFor({ timeout }).then(() => true, (e) => (i < attempts ? false : Promise.reject(e)));
      if (shown) break;
    }
    return await fn(hover);
  } finally {
    if (handler) {
      hoverLocators.delete(page);
      await dismissHoversBeforeActions(page);
    }
  }
}

export async function waitForWorkbench(page, { timeout = 60000 } = {}) {
  await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout });
  await page.locator('.monaco-workbench .part.activitybar, .monaco-workbench .part.sidebar .composite-bar')
    .first().waitFor({ state: 'visible', timeout });
  await page.locator('.monaco-workbench .part.statusbar').waitFor({ state: 'visible', timeout });
}

/**
 * Runs a command by its title through the command palette (F1), e.g. 'View: Toggle Panel Visibility'.
 * Picks the entry whose label equals `title` exactly (or, failing that, the first match).
 * With `until` (a locator), the command counts as run once that shows, and is run again if not.
 */
export async function runCommand(page, title, { timeout = 15000, until } = {}) {
  const input = page.locator('.quick-input-widget input');
  const rows = page.locator('.quick-input-widget .quick-input-list .monaco-list-row');
  const exact = rows.filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(title)}$`) }) });
  const pick = exact.first();
  // On a loaded machine the palette can open before the workbench has applied an extension's
  // command enablement (isWorkspaceTrusted and the like): close it and ask again, a few times.
  let labels = [];
  let ranUnseen;
  for (let attempt = 0; attempt < 3; attempt++) {
    await page.keyboard.press('F1');
    await input.waitFor({ state: 'visible', timeout });
    await input.fill(`>${title}`);
    let clicked = false;
    try {
      await pick.waitFor({ state: 'visible', timeout: attempt < 2 ? timeout / 3 : timeout });
      await pick.click();
      clicked = true;
      if (until) {
        // What the command shows first (its quick pick, say). Under load a quick pick can open and
        // close again at once, when the focus moves while the workbench settles: ask again.
        await until.waitFor({ state: 'visible', timeout: attempt < 2 ? timeout / 3 : timeout });
        return;
      }
      // A command that opens its own quick pick keeps the widget up: wait briefly, not the full timeout.
      await input.waitFor({ state: 'hidden', timeout: 1000 }).catch(() => {});
      return;
    } catch (e) {
      if (clicked) ranUnseen = e;
      labels = await rows.locator('.label-name').allTextContents().catch(() => []);
      await page.keyboard.press('Escape');
      await page.waitForTimeout(1000);
    }
  }
  if (ranUnseen) throw new Error(`runCommand: "${title}" ran, but ${until} never showed: ${ranUnseen.message}`);
  throw new Error(`runCommand: no command titled "${title}" in the palette (saw: ${labels.slice(0, 10).join(' | ') || 'nothing'})`);
}

/** Saves a PNG to test-results/screenshots/<name>.png (repo root) and returns its path. */
export async function screenshot(page, name, { fullPage = false } = {}) {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name.replace(/[^\w.-]+/g, '_')}.png`);
  await page.screenshot({ path: file, fullPage });
  return file;
}

function escapeRegExp(s) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

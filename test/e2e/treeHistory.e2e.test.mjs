// A model's past in the Models view, as a person reads it: the History node's events newest
// first, a version's hover saying which stage it held until when and who took it, and a
// deregistered version kept one click away under "1 deregistered (hidden)".
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { withHover } from '../harness/browser.mjs';
import { fixtures, openModelsView, openRepoInWorkbench, step, treeItem } from './workbench.mjs';
import { rowUnder } from './treeRows.mjs';

let wb;
let page;
const rows = () => page.locator('.pane-body .monaco-list-row[role="treeitem"]');

/** The demo, then in March: v1.2.0 promoted to prod (v1.1.0 loses it) and v1.0.0 deregistered. */
function makeRepo(dir) {
  fixtures.makeDemoRepo(dir);
  const tag = (name, message, rev, date) =>
    execFileSync('git', ['tag', '-a', '-m', message, name, `${rev}^{commit}`], {
      cwd: dir,
      env: { ...process.env, GIT_COMMITTER_NAME: 'Grace Hopper', GIT_COMMITTER_EMAIL: 'grace@example.com', GIT_COMMITTER_DATE: date },
    });
  tag('churn#prod#5', 'Assigning stage prod to artifact churn version v1.2.0', 'churn@v1.2.0', '2026-03-10T12:00:00Z');
  tag('churn@v1.0.0!', 'Deregistering artifact churn version v1.0.0', 'churn@v1.0.0', '2026-03-11T12:00:00Z');
}

describe('History in the Models view', () => {
  before(async () => {
    wb = await openRepoInWorkbench('mv-e2e-history-', makeRepo);
    page = wb.page;
    await openModelsView(page, 'churn');
  });

  after(async () => {
    await wb?.close();
  });

  it('History under a model lists its events newest first, with date and tagger', async () => {
    await step(page, '70-tree-history', async () => {
      await treeItem(page, 'churn').click();
      await treeItem(page, 'History').click();
      const first = treeItem(page, 'v1.0.0 deregistered');
      await first.waitFor({ timeout: 10000 });
      assert.match(await first.innerText(), /2026-03-11 · Grace Hopper/);
      const labels = await rows().locator('.label-name').allInnerTexts();
      const from = labels.indexOf('v1.0.0 deregistered');
      assert.deepEqual(labels.slice(from, from + 4), ['v1.0.0 deregistered', 'prod → v1.2.0', 'v1.3.0 registered', 'staging → v1.2.0']);
    });
  });

  it("a version's hover says it held prod until the day v1.2.0 took it", async () => {
    await step(page, '73-tree-hover-timeline', async () => {
      const v110 = await rowUnder(page, 'churn', 'v1.1.0');
      const hover = page.locator('.monaco-hover, .workbench-hover').filter({ hasText: 'until' }).first();
      await withHover(page, v110, hover, async () => {
        const text = (await hover.innerText()).replace(/\u00a0/g, ' ');
        assert.match(text, /prod until 2026-03-10, then v1\.2\.0/);
        assert.match(text, /staging until 2026-01-\d\d, then v1\.2\.0/);
      });
    });
    await page.mouse.move(0, 0);
  });

  it('a deregistered version is hidden from the list, and shown greyed under "1 deregistered (hidden)"', async () => {
    await step(page, '70b-tree-deregistered-hidden', async () => {
      await treeItem(page, 'History').click();
      const hidden = treeItem(page, '1 deregistered (hidden)');
      await hidden.waitFor({ timeout: 10000 });
      const churnVersions = async () => {
        const labels = await rows().locator('.label-name').allInnerTexts();
        return labels.slice(labels.indexOf('churn') + 1, labels.indexOf('1 deregistered (hidden)'));
      };
      assert.ok(!(await churnVersions()).includes('v1.0.0'), (await churnVersions()).join(', '));
      await hidden.click();
      const v100 = await rowUnder(page, '1 deregistered (hidden)', 'v1.0.0');
      assert.match(await v100.innerText(), /deregistered/);
    });
  });
});

// The Models view as a team member sees it after a colleague pushed: their new version listed
// greyed with its stage, their promotion flagged on the version before any fetch, a tag made
// here marked not pushed, and the view's badge counting both ways.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fixtures, openModelsView, openRepoInWorkbench, step, treeItem } from './workbench.mjs';
import { rowUnder } from './treeRows.mjs';

let wb;
let page;
const others = fs.mkdtempSync(path.join(os.tmpdir(), 'mv-e2e-remote-others-'));

/** The demo with a bare remote holding its tags, plus a colleague's pushed v1.4.0 (staging) and prod on v1.2.0; fraud#staging#2 only here. */
function makeRepo(dir) {
  fixtures.makeDemoRepo(dir);
  const env = { ...process.env, GIT_LFS_SKIP_SMUDGE: '1', GIT_AUTHOR_NAME: 'Grace Hopper', GIT_AUTHOR_EMAIL: 'grace@example.com', GIT_COMMITTER_NAME: 'Grace Hopper', GIT_COMMITTER_EMAIL: 'grace@example.com', GIT_COMMITTER_DATE: '2026-03-01T12:00:00Z', GIT_AUTHOR_DATE: '2026-03-01T12:00:00Z' };
  const bare = path.join(others, 'registry.git');
  const colleague = path.join(others, 'colleague');
  execFileSync('git', ['clone', '-q', '--bare', '--', dir, bare], { env });
  execFileSync('git', ['remote', 'add', 'origin', bare], { cwd: dir, env });
  execFileSync('git', ['clone', '-q', '--', bare, colleague], { env });
  const theirs = (...args) => execFileSync('git', args, { cwd: colleague, env });
  theirs('tag', '-a', '-m', 'Assigning stage prod to artifact churn version v1.2.0', 'churn#prod#5', 'churn@v1.2.0^{commit}');
  fs.writeFileSync(path.join(colleague, 'NOTES.md'), 'retrained\n');
  theirs('add', 'NOTES.md');
  theirs('commit', '-q', '-m', 'Retrain');
  theirs('tag', '-a', '-m', 'Registering artifact churn version v1.4.0', 'churn@v1.4.0', 'HEAD');
  theirs('tag', '-a', '-m', 'Assigning stage staging to artifact churn version v1.4.0', 'churn#staging#6', 'HEAD');
  theirs('push', '-q', 'origin', 'HEAD:refs/heads/colleague', 'churn#prod#5', 'churn@v1.4.0', 'churn#staging#6');
  execFileSync('git', ['tag', '-a', '-m', 'Assigning stage staging to artifact fraud version v2.1.0', 'fraud#staging#2', 'fraud@v2.1.0^{commit}'], { cwd: dir, env });
}

describe('Remote state in the Models view', () => {
  before(async () => {
    wb = await openRepoInWorkbench('mv-e2e-remote-', makeRepo);
    page = wb.page;
    await openModelsView(page, 'churn');
  });

  after(async () => {
    await wb?.close();
    fs.rmSync(others, { recursive: true, force: true });
  });

  it("a colleague's version is listed greyed with its stage, and their promotion flagged, before any fetch", async () => {
    await step(page, '71-tree-remote-only', async () => {
      await treeItem(page, 'churn').click();
      const v140 = treeItem(page, 'v1.4.0');
      await v140.waitFor({ timeout: 20000 });
      assert.match(await v140.innerText(), /staging · on origin, not fetched/);
      const v120 = await rowUnder(page, 'churn', 'v1.2.0');
      assert.match(await v120.innerText(), /prod on origin, not fetched/);
      await treeItem(page, 'fraud').click();
      const v210 = await rowUnder(page, 'fraud', 'v2.1.0');
      assert.match(await v210.innerText(), /not pushed to origin/);
      // The badge on the view's icon in the activity bar: 3 to fetch, 1 to push.
      const badge = page.locator('.activitybar .action-item', { has: page.locator('[aria-label*="Model Versions"]') }).locator('.badge-content');
      await badge.waitFor({ timeout: 10000 });
      assert.equal((await badge.innerText()).trim(), '4');
    });
  });
});

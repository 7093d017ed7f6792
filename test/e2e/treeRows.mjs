// Helpers of the tree UI tests: a row under a given model, and the demo repository with three
// models' versions on one commit.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { fixtures, treeItem } from './workbench.mjs';

const rows = (page) => page.locator('.pane-body .monaco-list-row[role="treeitem"]');

/** The first row labelled `label` below the row of `model` (fraud's v1.0.0, not churn's). */
export async function rowUnder(page, model, label) {
  const at = Number(await treeItem(page, model).getAttribute('data-index'));
  const candidates = treeItem(page, label);
  await candidates.first().waitFor();
  const indices = (await candidates.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-index'))))).filter((i) => i > at);
  assert.ok(indices.length, `no '${label}' below '${model}'`);
  return rows(page).and(page.locator(`[data-index="${Math.min(...indices)}"]`));
}

/**
 * The demo repository, and on churn v1.0.0's commit a version of fraud and one of nlp:sentiment,
 * tagged later by someone else: `git describe` names nlp:sentiment's, the newest tag.
 */
export function makeSharedCommitRepo(dir) {
  fixtures.makeDemoRepo(dir);
  const tag = (name, date) =>
    execFileSync('git', ['tag', '-a', '-m', `Registering artifact ${name.replace('=', ':').replace('@', ' version ')}`, name, 'churn@v1.0.0^{commit}'], {
      cwd: dir,
      env: { ...process.env, GIT_COMMITTER_NAME: 'Grace Hopper', GIT_COMMITTER_EMAIL: 'grace@example.com', GIT_COMMITTER_DATE: date },
    });
  tag('fraud@v1.0.0', '2026-02-10T10:00:00Z');
  tag('nlp=sentiment@v0.0.1', '2026-02-11T10:00:00Z');
}

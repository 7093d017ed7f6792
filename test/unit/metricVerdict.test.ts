// A loss that fell is better: the delta keeps its sign and a separate word says better or worse,
// in the CLI's text, --markdown and --html (the panel has its own UI test). Real git, the demo
// repository: churn's loss fell 0.389 → 0.372 and its auc rose from v1.1.0 to v1.2.0.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { cli } from './helpers/cli';
import { makeDemoRepo } from '../fixtures/demoRepo';

let dir: string;

describe('better and worse beside metric deltas', () => {
  before(() => {
    dir = path.join(mkdtempSync(path.join(tmpdir(), 'mv-verdict-')), 'repo');
    makeDemoRepo(dir, { small: true });
  });
  after(() => rmSync(path.dirname(dir), { recursive: true, force: true }));

  it('text: the fallen loss keeps its minus sign and says better; no arrow reads as up or down', async () => {
    const r = await cli(dir, 'diff', 'churn@v1.1.0', 'churn@v1.2.0');
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^ {2}~ loss: 0\.389 {2}→ {2}0\.372 {2}\(−0\.017 \(−4\.37%\) ✓ better\)$/m);
    assert.match(r.out, /^ {2}~ auc: 0\.846 {2}→ {2}0\.861 {2}\(\+0\.015 \(\+1\.77%\) ✓ better\)$/m);
    assert.doesNotMatch(r.out, /[▲▼]/);
  });

  it('markdown: the Δ cell has the signed delta and the word', async () => {
    const r = await cli(dir, 'diff', 'churn@v1.2.0', 'churn@v1.1.0', '--markdown');
    assert.equal(r.code, 0, r.err);
    // Markdown escapes the parentheses.
    assert.match(r.out, /^\| loss \| 0\.372 \| 0\.389 \| \+0\.017 \\\(\+4\.56%\\\) ✗ worse \| changed \|$/m);
    assert.match(r.out, /^\| auc \| 0\.861 \| 0\.846 \| −0\.015 \\\(−1\.74%\\\) ✗ worse \| changed \|$/m);
  });

  it('html: the Δ cell is classed better or worse and says so after the signed delta', async () => {
    const r = await cli(dir, 'diff', 'churn@v1.1.0', 'churn@v1.2.0', '--html');
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /<td class="delta better">−0\.017 \(−4\.37%\) ✓ better<\/td>/);
  });
});

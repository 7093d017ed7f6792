// Commands that change the repository, run the way the UI runs them (with the answers a user
// would give passed in), checked against real git: tags, stages, checkout safety, restore.
import * as assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { api, child, childLabels, description, git, label, waitFor, workspaceDir } from './helpers';

const scenario = process.env.MODEL_VERSIONS_SCENARIO ?? 'demo';

/** Every tracked and untracked file's bytes plus git status: what "nothing lost" compares. */
function snapshot(): { status: string; files: Record<string, string> } {
  const list = git('ls-files', '-z', '--cached', '--others').split('\0').filter(Boolean);
  const files: Record<string, string> = {};
  for (const f of list) files[f] = readFileSync(path.join(workspaceDir(), f), 'latin1');
  return { status: git('status', '--porcelain=v1', '--untracked-files=all'), files };
}

(scenario === 'demo' ? describe : describe.skip)('Commands that change the repository', () => {
  const params = () => path.join(workspaceDir(), 'params.yaml');

  before(async () => {
    await vscode.commands.executeCommand('modelVersions.models.focus');
  });

  afterEach(() => {
    // Leave the fixture clean for the next test whatever happened.
    git('stash', 'clear');
    git('checkout', '-q', '-f', 'main');
    git('clean', '-q', '-fd', '--', 'scratch');
  });

  it('Tag New Version refuses a commit that is already a version', async () => {
    const a = await api();
    const before = git('tag', '-l');
    const tag = await vscode.commands.executeCommand('modelVersions.tagVersion', await child(a, 'churn'), { bump: 'patch', message: 'again', push: false });
    assert.equal(tag, undefined);
    assert.equal(git('tag', '-l'), before);
  });

  it('Tag New Version creates the annotated GTO tag on HEAD and the tree shows it', async () => {
    const a = await api();
    writeFileSync(path.join(workspaceDir(), 'metrics.json'), '{"auc": 0.879, "loss": 0.35, "f1": 0.81}\n');
    git('commit', '-q', '-am', 'Recalibrate');
    const model = await child(a, 'churn');
    const tag = await vscode.commands.executeCommand('modelVersions.tagVersion', model, { bump: 'patch', message: 'Hotfix: recalibrated', push: false });
    assert.equal(tag, 'churn@v1.3.1');
    assert.equal(git('cat-file', '-t', 'churn@v1.3.1').trim(), 'tag');
    assert.match(git('tag', '-l', '--format=%(contents)', 'churn@v1.3.1'), /^Hotfix: recalibrated/);
    assert.equal(git('rev-parse', 'churn@v1.3.1^{commit}').trim(), git('rev-parse', 'HEAD').trim());
    await waitFor('v1.3.1 in the tree', async () => (await childLabels(a, 'churn'))[0] === 'v1.3.1');
  });

  it('Tag New Version refuses a version that exists', async () => {
    const a = await api();
    const before = git('tag', '-l');
    const tag = await vscode.commands.executeCommand('modelVersions.tagVersion', await child(a, 'churn'), { bump: 'v1.2.0', message: 'x', push: false });
    assert.equal(tag, undefined);
    assert.equal(git('tag', '-l'), before);
  });

  it('Promote to Stage tags the version with the next counter and moves the stage', async () => {
    const a = await api();
    const v = await child(a, 'churn', 'v1.3.0');
    const tag = await vscode.commands.executeCommand('modelVersions.promote', v, { stage: 'prod' });
    // churn's highest counter in the fixture is #4 (churn#staging#4).
    assert.equal(tag, 'churn#prod#5');
    assert.match(git('tag', '-l', '--format=%(contents:subject)', 'churn#prod#5'), /Assigning stage prod to artifact churn version v1\.3\.0/);
    await waitFor('prod on v1.3.0', async () => {
      a.tree.refresh();
      const desc = a.tree.getTreeItem(await child(a, 'churn', 'v1.3.0')).description;
      return typeof desc === 'string' && desc.startsWith('prod');
    });
  });

  it('Check Out refuses on a dirty tree and leaves every byte in place', async () => {
    const a = await api();
    writeFileSync(params(), readFileSync(params(), 'utf8') + '# my local edit\n');
    writeFileSync(path.join(workspaceDir(), 'notes.txt'), 'untracked notes\n');
    const before = snapshot();
    const head = git('rev-parse', 'HEAD');
    const ok = await vscode.commands.executeCommand('modelVersions.checkout', await child(a, 'churn', 'v1.0.0'), { mode: 'detach' });
    assert.equal(ok, false);
    assert.equal(git('rev-parse', 'HEAD'), head);
    assert.deepEqual(snapshot(), before);
    git('checkout', '-q', '--', 'params.yaml');
    git('clean', '-q', '-f', '--', 'notes.txt');
  });

  it('Stash and Check Out keeps the changes in the stash and untracked files in place', async () => {
    const a = await api();
    const edited = readFileSync(params(), 'utf8') + '# my local edit\n';
    writeFileSync(params(), edited);
    writeFileSync(path.join(workspaceDir(), 'notes.txt'), 'untracked notes\n');
    const ok = await vscode.commands.executeCommand('modelVersions.checkout', await child(a, 'churn', 'v1.1.0'), { mode: 'stash' });
    assert.equal(ok, true);
    assert.equal(git('rev-parse', 'HEAD').trim(), git('rev-parse', 'churn@v1.1.0^{commit}').trim());
    assert.match(git('stash', 'list'), /model-versions: before checking out churn@v1\.1\.0/);
    assert.equal(readFileSync(path.join(workspaceDir(), 'notes.txt'), 'utf8'), 'untracked notes\n');
    assert.match(readFileSync(params(), 'utf8'), /learning_rate: 0\.05/);
    git('checkout', '-q', 'main');
    git('stash', 'pop');
    assert.equal(readFileSync(params(), 'utf8'), edited, 'the stashed edit comes back byte for byte');
    git('checkout', '-q', '--', 'params.yaml');
    git('clean', '-q', '-f', '--', 'notes.txt');
  });

  it('after Stash and Check Out of churn v1.1.0 the tree marks it checked out and no Working tree claims changes', async () => {
    const a = await api();
    writeFileSync(params(), readFileSync(params(), 'utf8') + '# my local edit\n');
    const ok = await vscode.commands.executeCommand('modelVersions.checkout', await child(a, 'churn', 'v1.1.0'), { mode: 'stash' });
    assert.equal(ok, true);
    assert.equal(git('status', '--porcelain'), '');
    const shown = await waitFor('v1.1.0 checked out', async () => {
      const labels = await childLabels(a, 'churn');
      return description(a, await child(a, 'churn', 'v1.1.0')).includes('checked out') ? labels : undefined;
    });
    const wdNode = shown.includes('Working tree') ? await child(a, 'churn', 'Working tree') : undefined;
    assert.ok(!wdNode, `no Working tree node under churn, found: ${wdNode ? description(a, wdNode) : ''}`);
    assert.ok(!description(a, await child(a, 'churn', 'v1.3.0')).includes('checked out'));
    // fraud and nlp:sentiment came later than v1.1.0: their files are not in this checkout.
    for (const model of ['fraud', 'nlp:sentiment']) {
      const wd = (await a.tree.getChildren(await child(a, model))).find((n) => label(a, n) === 'Working tree');
      if (wd) assert.doesNotMatch(description(a, wd), /change/, `${model}: ${description(a, wd)}`);
    }
  });

  it('Check Out in a New Branch creates the branch at the version', async () => {
    const a = await api();
    const ok = await vscode.commands.executeCommand('modelVersions.checkout', await child(a, 'churn', 'v1.2.0'), { mode: 'branch', branch: 'try-v1.2.0' });
    assert.equal(ok, true);
    assert.equal(git('symbolic-ref', '--short', 'HEAD').trim(), 'try-v1.2.0');
    assert.equal(git('rev-parse', 'HEAD').trim(), git('rev-parse', 'churn@v1.2.0^{commit}').trim());
    git('checkout', '-q', 'main');
    git('branch', '-q', '-D', 'try-v1.2.0');
  });

  it('Restore Model Files Only brings back the version’s files without moving HEAD', async () => {
    const a = await api();
    const head = git('rev-parse', 'HEAD');
    const restored = (await vscode.commands.executeCommand('modelVersions.restoreFiles', await child(a, 'churn', 'v1.0.0'), { confirm: true })) as string[];
    assert.ok(restored.includes('params.yaml') && restored.includes('dvc.lock'), restored.join(', '));
    assert.equal(git('rev-parse', 'HEAD'), head);
    // params.yaml is restored per entry: the params churn's stages record in dvc.lock.
    const value = (text: string, key: string) => new RegExp(`^\\s+${key}: (.+)$`, 'm').exec(text)?.[1];
    const then = git('show', 'churn@v1.0.0:params.yaml');
    for (const key of ['learning_rate', 'max_depth']) assert.equal(value(readFileSync(params(), 'utf8'), key), value(then, key), key);
    git('checkout', '-q', '--', '.');
  });

  it('Restore Model Files Only refuses to overwrite a modified file', async () => {
    const a = await api();
    const edited = readFileSync(params(), 'utf8') + '# mine\n';
    writeFileSync(params(), edited);
    const before = snapshot();
    const restored = await vscode.commands.executeCommand('modelVersions.restoreFiles', await child(a, 'churn', 'v1.0.0'), { confirm: true });
    assert.equal(restored, undefined);
    assert.deepEqual(snapshot(), before);
    git('checkout', '-q', '--', 'params.yaml');
  });

  it('a tag created from a terminal shows up in the tree within 2 seconds', async () => {
    const a = await api();
    await childLabels(a, 'nlp:sentiment');
    git('tag', '-a', '-m', 'from the terminal', 'nlp=sentiment@v0.2.0');
    const started = Date.now();
    await waitFor('nlp:sentiment v0.2.0', async () => (await childLabels(a, 'nlp:sentiment')).includes('v0.2.0'), 2000);
    console.log(`    appeared after ${Date.now() - started} ms`);
  });

  it('a malformed manifest becomes a problem at its line, and clears when fixed', async () => {
    const a = await api();
    const file = path.join(workspaceDir(), 'scratch', 'model.yaml');
    const uri = vscode.Uri.file(file);
    await vscode.workspace.fs.writeFile(uri, Buffer.from('name: scratch\nhyperparameters:\n  lr: [1, 2\n'));
    const problems = await waitFor('a diagnostic', () => {
      const d = vscode.languages.getDiagnostics(uri);
      return d.length ? d : undefined;
    }, 4000);
    assert.equal(problems[0]!.source, 'Model Versions');
    assert.ok(problems[0]!.range.start.line >= 2, `line ${problems[0]!.range.start.line}`);
    // The rest keeps working: the other models are still listed, and the broken one shows.
    assert.ok((await childLabels(a)).includes('churn'));
    await vscode.workspace.fs.writeFile(uri, Buffer.from('name: scratch\nhyperparameters:\n  lr: [1, 2]\n'));
    await waitFor('the diagnostic to clear', () => vscode.languages.getDiagnostics(uri).length === 0, 4000);
  });
});

// Test entry for the extension-host tests: runs Mocha (bdd: describe/it) over every *.test.js
// compiled next to this file (out/test/vscode/, subfolders included). The same entry serves
// @vscode/test-electron (runTest.ts) and the code-server harness (test/harness/runExtensionTests.mjs).
// MOCHA_GREP=<text> runs only the tests whose full title contains <text>.
import * as fs from 'fs';
import * as path from 'path';
import Mocha from 'mocha';

function findTests(dir: string): string[] {
  const found: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...findTests(full));
    else if (entry.isFile() && entry.name.endsWith('.test.js')) found.push(full);
  }
  return found.sort();
}

export async function run(): Promise<void> {
  const mocha = new Mocha({
    ui: 'bdd',
    reporter: 'spec',
    color: false,
    timeout: Number(process.env.MOCHA_TIMEOUT) || 20000,
    grep: process.env.MOCHA_GREP || undefined,
  });
  for (const file of findTests(__dirname)) mocha.addFile(file);

  await new Promise<void>((resolve, reject) => {
    try {
      const runner = mocha.run((failures) => {
        const passed = runner.stats?.passes ?? 0;
        console.log(`${passed} passed, ${failures} failed`);
        if (failures > 0) reject(new Error(`${failures} test(s) failed`));
        else resolve();
      });
    } catch (err) {
      console.error(err);
      reject(err);
    }
  });
}

// Runs the extension-host tests in a desktop VS Code downloaded by @vscode/test-electron (needs
// internet access to update.code.visualstudio.com). Offline machines use the code-server harness
// instead: node test/harness/runExtensionTests.mjs --tests out/test/vscode/index.js --folder <ws>.
//
//   npx tsc -p . && node out/test/vscode/runTest.js [workspace folder]
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runTests } from '@vscode/test-electron';

async function main(): Promise<void> {
  // out/test/vscode -> repo root
  const extensionDevelopmentPath = path.resolve(__dirname, '../../..');
  const extensionTestsPath = path.resolve(__dirname, './index');
  const workspace = process.argv[2]
    ? path.resolve(process.argv[2])
    : fs.mkdtempSync(path.join(os.tmpdir(), 'mv-workspace-'));
  try {
    await runTests({
      extensionDevelopmentPath,
      extensionTestsPath,
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust'],
      extensionTestsEnv: { MODEL_VERSIONS_TEST_WORKSPACE: workspace },
    });
  } catch (err) {
    console.error('Extension tests failed:', err);
    process.exit(1);
  }
}

void main();

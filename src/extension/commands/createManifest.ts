// Create Model Manifest: scaffolds a model.yaml from a few answers and opens it.
import * as vscode from 'vscode';
import { isValidModelName } from '../../core/tagGrammar';

export interface CreateManifestArgs {
  folder?: vscode.Uri;
  name?: string;
  framework?: string;
  description?: string;
}

const FRAMEWORKS = ['sklearn', 'pytorch', 'tensorflow', 'xgboost', 'lightgbm', 'transformers', 'other'];

export async function createManifest(args: CreateManifestArgs = {}): Promise<vscode.Uri | undefined> {
  let folder = args.folder;
  if (!folder) {
    const folders = vscode.workspace.workspaceFolders ?? [];
    if (folders.length === 0) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Open a folder first.'));
      return undefined;
    }
    folder = folders.length === 1 ? folders[0]!.uri : (await vscode.window.showWorkspaceFolderPick())?.uri;
    if (!folder) return undefined;
  }
  const name =
    args.name ??
    (await vscode.window.showInputBox({
      prompt: vscode.l10n.t('Model name'),
      placeHolder: 'churn',
      validateInput: (n) => (isValidModelName(n) && !n.includes(':') ? undefined : vscode.l10n.t("Letters, digits, '-', '_' and '/'; starting and ending with a letter or digit")),
    }));
  if (!name) return undefined;
  const framework = args.framework ?? (await vscode.window.showQuickPick(FRAMEWORKS, { placeHolder: vscode.l10n.t('Framework') }));
  if (framework === undefined) return undefined;
  const description = args.description ?? (await vscode.window.showInputBox({ prompt: vscode.l10n.t('One-line description (optional)') })) ?? '';
  const uri = vscode.Uri.joinPath(folder, name.includes('/') ? `${name.replace(/\//g, '-')}.model.yaml` : 'model.yaml');
  try {
    await vscode.workspace.fs.stat(uri);
    const existing = vscode.workspace.asRelativePath(uri);
    void vscode.window.showWarningMessage(vscode.l10n.t('{0} already exists; it was not changed.', existing));
    await vscode.window.showTextDocument(uri);
    return undefined;
  } catch {
    // does not exist: good
  }
  const text = manifestTemplate(name, framework, description);
  await vscode.workspace.fs.writeFile(uri, Buffer.from(text, 'utf8'));
  await vscode.window.showTextDocument(uri);
  return uri;
}

export function manifestTemplate(name: string, framework: string, description: string): string {
  const q = (s: string) => JSON.stringify(s);
  return `# Model Versions manifest: https://github.com/model-versions/model-versions/blob/main/docs/manifest.md
# Paths are relative to this file's folder.
name: ${q(name)}
${description ? `description: ${q(description)}\n` : ''}framework: ${q(framework)}
labels: []

hyperparameters:
  learning_rate: 0.001
  epochs: 10

# params: params.yaml          # or read hyperparameters from files
# configs: [configs/train.yaml]
# data:
#   - data/train.csv.dvc       # a .dvc file, an LFS pointer, or {path, md5 | sha256}
# weights:
#   - model.pkl
# metrics: metrics.json        # or inline: {accuracy: 0.9}
`;
}

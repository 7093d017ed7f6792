// Problems in model files of the working tree go to the Problems panel, at their line.
import * as vscode from 'vscode';
import { workingTreeUri } from './contentProvider';
import { messageWithoutFile, type Diagnostic } from '../core/types';
import { Disposable } from './lifecycle';
import type { Repo } from './repositories';

export class ModelDiagnostics extends Disposable {
  private readonly collection = this.register(vscode.languages.createDiagnosticCollection('model-versions'));
  private readonly byRepo = new Map<string, vscode.Uri[]>();

  /** Replaces the repository's problems with `diagnostics` (those that name a file). */
  set(repo: Repo, diagnostics: readonly Diagnostic[]): void {
    for (const uri of this.byRepo.get(repo.id) ?? []) this.collection.delete(uri);
    const byFile = new Map<string, vscode.Diagnostic[]>();
    for (const d of diagnostics) {
      if (!d.file || d.severity === 'info') continue;
      const line = Math.max(0, (d.line ?? 1) - 1);
      const col = Math.max(0, (d.column ?? 1) - 1);
      const message = messageWithoutFile(d);
      const diag = new vscode.Diagnostic(
        new vscode.Range(line, col, line, Number.MAX_SAFE_INTEGER),
        message,
        d.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning,
      );
      diag.source = 'Model Versions';
      const list = byFile.get(d.file) ?? [];
      list.push(diag);
      byFile.set(d.file, list);
    }
    const uris: vscode.Uri[] = [];
    for (const [file, list] of byFile) {
      const uri = workingTreeUri(repo.root, file);
      this.collection.set(uri, list);
      uris.push(uri);
    }
    this.byRepo.set(repo.id, uris);
  }

  get(uri: vscode.Uri): readonly vscode.Diagnostic[] {
    return this.collection.get(uri) ?? [];
  }
}

// Disposables: everything an object registers is disposed with it.
import * as vscode from 'vscode';
import { log } from './logger';

export abstract class Disposable implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private disposed = false;

  protected register<T extends vscode.Disposable>(d: T): T {
    if (this.disposed) d.dispose();
    else this.disposables.push(d);
    return d;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const d of this.disposables.splice(0).reverse()) {
      try {
        d.dispose();
      } catch (e) {
        // One failing disposable must not keep the others alive; its cause goes to the log.
        log().debug(`dispose: ${(e as Error)?.stack ?? String(e)}`);
      }
    }
  }
}

/** Converts a VS Code cancellation token to the AbortSignal the core takes. */
export function toAbortSignal(token: vscode.CancellationToken | undefined): AbortSignal | undefined {
  if (!token) return undefined;
  const controller = new AbortController();
  if (token.isCancellationRequested) controller.abort();
  else token.onCancellationRequested(() => controller.abort());
  return controller.signal;
}

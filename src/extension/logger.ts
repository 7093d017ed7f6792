// One log channel, "Model Versions"; git commands and their durations at debug level.
import * as vscode from 'vscode';

let channel: vscode.LogOutputChannel | undefined;

export function createLogger(): vscode.LogOutputChannel {
  channel ??= vscode.window.createOutputChannel('Model Versions', { log: true });
  return channel;
}

export function log(): vscode.LogOutputChannel {
  return createLogger();
}

/** Errors are logged with their stack; the user sees the message. */
export function logError(context: string, e: unknown): void {
  const err = e as Error;
  log().error(`${context}: ${err?.stack ?? String(e)}`);
}

// The one way a command is registered: its errors go to the one presenter (errors.ts), and a
// command that writes is refused on a registry of another repository, whatever menu or
// keybinding reached it. extension.ts and the feature modules that register their own commands
// (allVersionsCommands.ts) share it, so a command behaves the same wherever it was wired.
import * as vscode from 'vscode';
import { presentError } from '../errors';
import { assertWritable } from '../repositories';
import type { Node } from '../tree/nodes';

export interface CommandRegistrar {
  /** Registers `fn` as command `id`; a thrown error is presented, and the command returns undefined. */
  command(id: string, fn: (...args: any[]) => unknown): void;
  /** As `command`, for a command that writes to the repository of the node it is given. */
  writing(id: string, fn: (node?: Node, ...rest: any[]) => unknown): void;
}

/** Registers into `context.subscriptions`. */
export function commandRegistrar(context: vscode.ExtensionContext): CommandRegistrar {
  const command = (id: string, fn: (...args: any[]) => unknown): void => {
    context.subscriptions.push(
      vscode.commands.registerCommand(id, async (...args: any[]) => {
        try {
          return await fn(...args);
        } catch (e) {
          presentError(e, id);
          return undefined;
        }
      }),
    );
  };
  const writing = (id: string, fn: (node?: Node, ...rest: any[]) => unknown): void =>
    command(id, (node?: Node, ...rest: any[]) => {
      if (node && 'repo' in node && node.repo) assertWritable(node.repo);
      return fn(node, ...rest);
    });
  return { command, writing };
}

// One presenter for what went wrong in a command: each kind of error from the core and git
// becomes one message, with the action that helps (trust the folder, see the log), and its cause
// in the log. The command wrapper and every command's catch come here.
import * as vscode from 'vscode';
import { NotFoundError } from '../core/modelStore';
import { OperandError } from '../core/operand';
import { RemoteError } from '../core/remotePort';
import { PlanError } from '../core/versionPlans';
import { GitError } from '../git/exec';
import { NotARepositoryError } from '../git/repository';
import { RevisionError } from '../git/revision';
import { SafetyError } from '../git/worktree';
import { Commands } from './ids';
import { log } from './logger';
import { ReadOnlyRegistryError, UntrustedWorkspaceError } from './repositories';

export interface ErrorAction {
  title: string;
  command: string;
}

/** What the user is shown for an error; `undefined` from describeError: nothing (a cancel). */
export interface Presentation {
  level: 'error' | 'warning' | 'info';
  message: string;
  /** Shown in a modal with this detail (files a checkout would overwrite, say). */
  detail?: string;
  actions: ErrorAction[];
  /** Not one of ours (a bug, or git failing in a way we do not know): logged as an error. */
  unexpected: boolean;
}

const MAX_FILES = 15;

function fileList(files: readonly string[]): string | undefined {
  if (!files.length) return undefined;
  return files.slice(0, MAX_FILES).join('\n') + (files.length > MAX_FILES ? `\n${vscode.l10n.t('… {0} more', files.length - MAX_FILES)}` : '');
}

function isCancel(e: unknown): boolean {
  const err = e as Error | undefined;
  return (e instanceof RemoteError && e.kind === 'cancelled') || err?.name === 'AbortError' || err instanceof vscode.CancellationError;
}

/** The message and actions for an error, by its kind. */
export function describeError(e: unknown, files?: readonly string[]): Presentation | undefined {
  if (isCancel(e)) return undefined;
  const showLog: ErrorAction = { title: vscode.l10n.t('Show Log'), command: Commands.showLog };
  const err = e instanceof Error ? e : new Error(String(e));
  const listed = fileList(files ?? (err as { files?: readonly string[] }).files ?? []);
  const prefixed = (m: string) => vscode.l10n.t('Model Versions: {0}', m);
  if (e instanceof UntrustedWorkspaceError) {
    return { level: 'warning', message: prefixed(e.message), actions: [{ title: vscode.l10n.t('Manage Workspace Trust'), command: 'workbench.trust.manage' }], unexpected: false };
  }
  if (e instanceof ReadOnlyRegistryError) return { level: 'info', message: prefixed(e.message), actions: [], unexpected: false };
  if (e instanceof RemoteError) {
    // Network faults: what to do is in the message; the log has git's own words.
    return { level: e.kind === 'no-remote' || e.kind === 'unknown-remote' ? 'info' : 'warning', message: prefixed(e.message), actions: e.kind === 'no-remote' ? [] : [showLog], unexpected: false };
  }
  if (e instanceof GitError) {
    switch (e.code) {
      case 'LocalChangesOverwritten':
      case 'UntrackedFilesOverwritten':
        return { level: 'error', message: e.message, detail: listed, actions: [], unexpected: false };
      case 'NoUserIdentity':
      case 'RepositoryIsLocked':
      case 'TagAlreadyExists':
      case 'NotAGitRepository':
        return { level: 'error', message: prefixed(e.message), actions: [], unexpected: false };
      case 'AuthenticationFailed':
      case 'RemoteConnectionError':
      case 'PushRejected':
        return { level: 'warning', message: prefixed(e.message), actions: [showLog], unexpected: false };
      default:
        return { level: 'error', message: prefixed(e.message), actions: [showLog], unexpected: true };
    }
  }
  if (e instanceof SafetyError || e instanceof PlanError || e instanceof NotFoundError || e instanceof OperandError || e instanceof RevisionError || e instanceof NotARepositoryError) {
    return listed ? { level: 'error', message: err.message, detail: listed, actions: [], unexpected: false } : { level: 'error', message: prefixed(err.message), actions: [], unexpected: false };
  }
  if (listed) return { level: 'error', message: err.message, detail: listed, actions: [], unexpected: false };
  // Our own refusals are plain Errors; a TypeError and the like is a bug: logged as an error.
  const bug = !(e instanceof Error) || e instanceof TypeError || e instanceof RangeError || e instanceof ReferenceError || e instanceof SyntaxError;
  return { level: 'error', message: prefixed(err.message), actions: [showLog], unexpected: bug };
}

/**
 * Logs an error's cause and shows it once. `context` says where it happened (a command's id).
 * Not awaited by callers: the command has finished; a message the workbench refuses is ignored.
 */
export function presentError(e: unknown, context: string, files?: readonly string[]): void {
  const shown = describeError(e, files);
  const err = e as Error | undefined;
  const cause = `${context}: ${err?.stack ?? String(e)}`;
  if (shown?.unexpected) log().error(cause);
  else log().debug(cause);
  if (!shown) return;
  const show = shown.level === 'error' ? vscode.window.showErrorMessage : shown.level === 'warning' ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
  const titles = shown.actions.map((a) => a.title);
  const pending = shown.detail ? show(shown.message, { modal: true, detail: shown.detail }, ...titles) : show(shown.message, ...titles);
  pending.then(
    (picked) => {
      const action = shown.actions.find((a) => a.title === picked);
      if (action) void vscode.commands.executeCommand(action.command).then(undefined, (x: unknown) => log().debug(`${action.command}: ${String(x)}`));
    },
    (x: unknown) => log().debug(`message for ${context} not shown: ${String(x)}`),
  );
}

/** For catches that let an error go on purpose (a background read): its cause, at debug. */
export function logCause(context: string, e: unknown): void {
  log().debug(`${context}: ${(e as Error)?.stack ?? String(e)}`);
}

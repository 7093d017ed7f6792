// The typed message contract between the extension host and the diff panel's webview. Both
// sides import it; nothing else crosses the boundary, and what the webview sends is checked
// against it at runtime (a webview is a web page: its messages are input, not calls).
import type { PanelData } from './diffTable';

/** What the webview keeps with getState/setState and the host restores after a reload. */
export interface PanelState {
  repoRoot: string;
  /** Operands as the store resolves them: `churn@v1.2.0`, `churn@workdir`, `churn@<commit>`. */
  operands: string[];
  onlyChanged: boolean;
  filter: string;
  scrollTop: number;
}

/** One metric's value at each version of the model, oldest first. */
export type MetricHistory = Record<string, Array<{ version: string; value: number; stages?: string[] }>>;

export type HostToWebview =
  | { type: 'data'; data: PanelData; state: Pick<PanelState, 'repoRoot' | 'operands'> }
  | { type: 'history'; metrics: MetricHistory }
  | { type: 'error'; message: string };

export type WebviewToHost =
  | { type: 'ready' }
  | { type: 'openConfigDiff'; file: string; left: number; right: number }
  /** A data or weights file as it is at one column's version; `source` is where its hash was read. */
  | { type: 'openFile'; path: string; column: number; source?: string }
  /** A file of the Code section in VS Code's diff editor, between two columns' versions. */
  | { type: 'openFileDiff'; path: string; left: number; right: number }
  | { type: 'copy'; text: string }
  | { type: 'loadHistory' };

/** Longest text a message may carry: a path or a copied value, never a document. */
const MAX_TEXT = 1_000_000;

/**
 * The message if it is one of the contract's, with exactly its fields and column indexes inside
 * `columns`; otherwise the reason it is not (the host ignores it and logs the reason).
 */
export function parseWebviewMessage(m: unknown, columns: number): { ok: true; message: WebviewToHost } | { ok: false; reason: string } {
  if (typeof m !== 'object' || m === null || Array.isArray(m)) return { ok: false, reason: 'not an object' };
  const o = m as Record<string, unknown>;
  const keys = Object.keys(o);
  const text = (k: string) => typeof o[k] === 'string' && (o[k] as string).length > 0 && (o[k] as string).length <= MAX_TEXT;
  const column = (k: string) => Number.isInteger(o[k]) && (o[k] as number) >= 0 && (o[k] as number) < columns;
  const only = (...allowed: string[]) => keys.every((k) => k === 'type' || allowed.includes(k));
  const bad = (reason: string) => ({ ok: false as const, reason: `${String(o.type)}: ${reason}` });
  switch (o.type) {
    case 'ready':
    case 'loadHistory':
      return only() ? { ok: true, message: { type: o.type } } : bad('unexpected fields');
    case 'copy':
      // An empty value is a legitimate copy (an empty cell), so only the type and size are checked.
      if (!only('text') || typeof o.text !== 'string' || o.text.length > MAX_TEXT) return bad('text must be a string');
      return { ok: true, message: { type: 'copy', text: o.text } };
    case 'openConfigDiff':
      if (!only('file', 'left', 'right') || !text('file') || !column('left') || !column('right')) return bad('file and two column indexes expected');
      return { ok: true, message: { type: 'openConfigDiff', file: o.file as string, left: o.left as number, right: o.right as number } };
    case 'openFileDiff':
      if (!only('path', 'left', 'right') || !text('path') || !column('left') || !column('right')) return bad('path and two column indexes expected');
      return { ok: true, message: { type: 'openFileDiff', path: o.path as string, left: o.left as number, right: o.right as number } };
    case 'openFile':
      if (!only('path', 'column', 'source') || !text('path') || !column('column') || (o.source !== undefined && !text('source'))) return bad('path and a column index expected');
      return { ok: true, message: { type: 'openFile', path: o.path as string, column: o.column as number, ...(o.source !== undefined ? { source: o.source as string } : {}) } };
    default:
      return { ok: false, reason: `unknown message type ${JSON.stringify(String(o.type)).slice(0, 80)}` };
  }
}

// The typed message contract between the extension host and the diff panel's webview. Both
// sides import it; nothing else crosses the boundary.
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

export type HostToWebview =
  | { type: 'data'; data: PanelData; state: Pick<PanelState, 'repoRoot' | 'operands'> }
  | { type: 'history'; metrics: Record<string, Array<{ version: string; value: number }>> }
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

// The typed message contract between the extension host and the all-versions view's webview,
// with the runtime check the host applies to everything the webview sends: a webview is a page,
// and a page's messages are input like any other.
import type { AllVersionsData } from './allVersions';

/** What the view is of: a model's versions, or the runs no version claims (one experiment's, or all). */
export type AllVersionsSubject = { kind: 'versions'; model: string } | { kind: 'runs'; group?: string };

/** What the webview keeps with getState/setState; the host restores the panel from it after a reload. */
export interface AllVersionsState {
  repoRoot: string;
  subject: AllVersionsSubject;
  tab?: ViewTab;
  colorBy?: string;
  scatterX?: string;
  scatterY?: string;
  /** Item ids. */
  selected?: string[];
  sort?: { column: string; descending: boolean };
}

export type ViewTab = 'table' | 'parallel' | 'scatter' | 'trend' | 'history';
export const VIEW_TABS: readonly ViewTab[] = ['table', 'parallel', 'scatter', 'trend', 'history'];

export type AllVersionsToWebview =
  | { type: 'data'; data: AllVersionsData; state: Pick<AllVersionsState, 'repoRoot' | 'subject'> }
  | { type: 'error'; message: string };

export type AllVersionsFromWebview =
  | { type: 'ready' }
  /** Open the side-by-side panel on these items (version operands), oldest first. */
  | { type: 'compare'; ids: string[] }
  /** Register a run (by item id) as a model version. */
  | { type: 'register'; id: string };

/** Items a message may name: more is not a selection a person made. */
export const MAX_MESSAGE_IDS = 64;

/** The message if it is one the host understands, else undefined (the host logs and ignores it). */
export function parseFromWebview(m: unknown): AllVersionsFromWebview | undefined {
  if (typeof m !== 'object' || m === null) return undefined;
  const type = (m as { type?: unknown }).type;
  if (type === 'ready') return { type };
  if (type === 'compare') {
    const ids = (m as { ids?: unknown }).ids;
    if (!Array.isArray(ids) || ids.length === 0 || ids.length > MAX_MESSAGE_IDS || !ids.every(isId)) return undefined;
    return { type, ids: [...ids] };
  }
  if (type === 'register') {
    const id = (m as { id?: unknown }).id;
    return isId(id) ? { type, id } : undefined;
  }
  return undefined;
}

function isId(v: unknown): v is string {
  return typeof v === 'string' && v.length > 0 && v.length <= 1024;
}

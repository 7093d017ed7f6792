// How a version is named wherever it is shown — the tree, pickers, the panel's columns and title,
// the webview, the CLI — so that one version never reads two ways. The words are English here;
// the extension passes its translated ones.

/** A commit hash (SHA-1 or SHA-256) reads as its first seven characters; a tag's version as is. */
export function shortVersion(version: string): string {
  return /^[0-9a-f]{40,64}$/.test(version) ? version.slice(0, 7) : version;
}

export interface LabelWords {
  /** An MLflow registry version is a number: `version 3`, never a bare `3`. */
  mlflowVersion: (n: string) => string;
  workingTree: string;
}

export const ENGLISH_LABELS: LabelWords = { mlflowVersion: (n) => `version ${n}`, workingTree: 'working tree' };

/** What a version is called: `v1.2.0`, `a1b2c3d` for a bare commit, `version 3` for MLflow's. */
export function versionLabel(v: { version: string; mlflow?: unknown; workingTree?: boolean }, words: LabelWords = ENGLISH_LABELS): string {
  if (v.workingTree) return words.workingTree;
  return v.mlflow ? words.mlflowVersion(v.version) : shortVersion(v.version);
}

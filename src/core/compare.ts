// One comparison for every front end: the diff of the versions, their records, the code that
// changed between them and the metric directions, built once here and only shown by the panel and
// by `diff --html` (before, the panel host stitched git's changed files and raw settings onto the
// core's diff, so the CLI's page lacked both).
import { buildPanelData, versionColumns, type ChangedFile, type PanelData } from './diffTable';
import type { VersionDiff } from './diff';
import { isWorkingTree, type VersionRecord } from './types';
import type { ResolvedVersion } from './modelStore';
import type { FileSource } from './fileSource';
import { readPlots } from './plots';
import { columnLabel } from './chartModel';

/** What a comparison needs from git besides the records: the files changed between two commits. */
export interface CodeChangesPort {
  /** `to` null: the working tree. */
  changedFiles(from: string, to: string | null, signal?: AbortSignal): Promise<ChangedFile[]>;
}

/** Which metrics improve downwards or upwards, beyond the built-in name patterns. */
export interface MetricDirections {
  lowerIsBetter?: string[];
  higherIsBetter?: string[];
}

export interface Comparison {
  diff: VersionDiff;
  records: VersionRecord[];
  resolved: ResolvedVersion[];
  /** Everything a renderer shows: columns, rows with deltas and verdicts, code changes, curves. */
  panel: PanelData;
}

/** The part of the model store a comparison reads through. */
export interface ComparisonStore {
  /** A version's files with its DVC outputs readable (the DVC cache), where the store reaches storage. */
  outputsAt?(source: FileSource): FileSource | undefined;
  diff(operands: ReadonlyArray<string | ResolvedVersion>, signal?: AbortSignal): Promise<{ diff: VersionDiff; records: VersionRecord[]; resolved: ResolvedVersion[] }>;
}

/** Compares two or more versions: the whole comparison that the panel and `diff --html` render. */
/** A version that is no commit (an MLflow version whose run recorded none): no files. */
const NO_FILES: FileSource = { kind: 'commit', commit: null, read: async () => ({ kind: 'missing' }), info: async () => ({ kind: 'missing' }), listFiles: async () => [] };

/** Each version's files, for the DVC plots' data: GitRepository is one. */
export interface VersionFiles {
  sourceAt(commit: string): FileSource;
  workdir(): FileSource;
}

export async function compare(store: ComparisonStore, code: CodeChangesPort, operands: ReadonlyArray<string | ResolvedVersion>, directions: MetricDirections = {}, signal?: AbortSignal, files?: VersionFiles): Promise<Comparison> {
  const { diff, records, resolved } = await store.diff(operands, signal);
  const warnings: string[] = [];
  const first = resolved[0]!;
  const changes = await Promise.all(
    resolved.map(async (r, i) => {
      if (i === 0 || !first.commit || r.commit === first.commit) return [];
      try {
        return await code.changedFiles(first.commit, r.commit, signal);
      } catch (e) {
        // A missing commit (a shallow clone) costs the Code section of that column, not the panel.
        warnings.push(`${r.label}: the files changed since ${first.label} could not be listed: ${(e as Error).message}`);
        return [];
      }
    }),
  );
  const panel = buildPanelData(diff, records, { lowerIsBetter: directions.lowerIsBetter ?? [], higherIsBetter: directions.higherIsBetter ?? [], ...versionColumns(resolved), code: changes });
  if (files && records.some((r) => r.plots && Object.keys(r.plots).length)) {
    // Only versions with a commit or the working tree have files; an MLflow-only version has none.
    const sources = resolved.map((r) => {
      const base = r.commit ? files.sourceAt(r.commit) : isWorkingTree(r) ? files.workdir() : NO_FILES;
      return store.outputsAt?.(base) ?? base;
    });
    try {
      const plots = await readPlots(sources, panel.columns.map(columnLabel));
      if (plots.charts.length) panel.plots = plots.charts;
      if (plots.images.length) panel.imagePlots = plots.images;
      if (plots.confusions.length) panel.confusionPlots = plots.confusions;
      warnings.push(...plots.notes);
    } catch (e) {
      warnings.push(`The DVC plots could not be read: ${(e as Error).message}`);
    }
  }
  panel.warnings.push(...warnings);
  return { diff, records, resolved, panel };
}

// Better or worse beside a metric's delta, in words: the delta keeps its sign (−4.37% fell), and
// the verdict says what that means for this metric (a loss that fell is better).
import type { DiffRow } from '../diff';
import { isBetter } from '../diffTable';
import { formatDelta } from './format';

/** Whether the change of `row` at column `i` against the first is better, worse, or neither known. */
export function verdictOf(row: DiffRow, i: number): boolean | null {
  const d = row.deltas?.[i];
  return d && d.absolute !== null ? isBetter(row.section, row.key, d.absolute) : null;
}

/** The verdict as shown beside a delta: a mark that does not read as a direction, and the word. */
export function verdictText(better: boolean | null): string {
  return better === null ? '' : better ? '✓ better' : '✗ worse';
}

/** The delta of column `i` with its verdict: `−0.017 (−4.37%) ✓ better`. */
export function formatDeltaVerdict(row: DiffRow, i: number): string {
  const text = formatDelta(row.deltas?.[i]);
  const verdict = verdictText(verdictOf(row, i));
  return text && verdict ? `${text} ${verdict}` : text;
}

// The diff as GitHub-flavoured markdown, for pull-request comments and CI summaries.
import { isMetricSection, SECTIONS, type VersionDiff, type DiffRow } from '../diff';
import { formatCell, originNotes, safeMultiline, SECTION_TITLE } from './format';
import { formatDeltaVerdict } from './verdict';

/** Escapes text for a markdown table cell: no HTML, no links, no pipes, no line breaks. */
export function mdCell(s: string): string {
  return (
    safeMultiline(s)
      .replace(/\\/g, '\\\\')
      .replace(/[|`*_[\]()<>#!~&]/g, '\\$&')
      // GFM links bare `https://…` and `www.…` without any brackets; an escape in them breaks that.
      .replace(/:(?=\/\/)/g, '\\:')
      .replace(/\b(www)\./gi, '$1\\.')
      .replace(/\r?\n/g, ' ')
  );
}

export function renderMarkdown(diff: VersionDiff, options: { all?: boolean } = {}): string {
  const rows = options.all ? diff.rows : diff.rows.filter((r) => r.status !== 'unchanged');
  const lines: string[] = [];
  const labels = diff.operands.map((o) => o.label);
  lines.push(`### ${labels.map(mdCell).join(' ↔ ')}`, '');
  const c = diff.counts;
  lines.push(`${c.changed} changed, ${c.added} added, ${c.removed} removed, ${c.unchanged} unchanged${options.all ? '' : ' (not shown)'}`, '');
  if (rows.length === 0) {
    lines.push('_No differences._');
    return lines.join('\n') + '\n';
  }
  for (const section of SECTIONS) {
    const inSection = rows.filter((r) => r.section === section);
    if (!inSection.length) continue;
    lines.push(`#### ${SECTION_TITLE[section]}`, '');
    const metrics = isMetricSection(section);
    const header = ['Key', ...labels.map(mdCell), ...(metrics ? labels.slice(1).map((l) => `Δ ${mdCell(l)}`) : []), 'Status'];
    lines.push(`| ${header.join(' | ')} |`, `|${header.map(() => ' --- ').join('|')}|`);
    for (const r of inSection) lines.push(`| ${rowCells(r, labels.length).join(' | ')} |`);
    lines.push('');
    const notes = originNotes(inSection, labels);
    if (notes.length) lines.push(`Read from: ${notes.map(mdCell).join(' · ')}`, '');
  }
  return lines.join('\n');
}

function rowCells(r: DiffRow, n: number): string[] {
  const cells = [mdCell(r.key)];
  for (let i = 0; i < n; i++) cells.push(mdCell(formatCell(r, i)));
  if (isMetricSection(r.section)) for (let i = 1; i < n; i++) cells.push(mdCell(formatDeltaVerdict(r, i)));
  cells.push(r.status);
  return cells;
}

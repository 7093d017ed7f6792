// Small display helpers shared by the text, markdown and HTML renderers.
import { isHashSection, type DiffRow, type MetricDelta } from '../diff';
import type { HashEntry } from '../types';

export function shortHash(hash: string | null | undefined): string {
  if (!hash) return '';
  // Placeholders such as `(no hash)` and `(remote s3)` are words, shown whole.
  if (hash.startsWith('(')) return hash;
  const dir = hash.endsWith('.dir');
  const core = dir ? hash.slice(0, -4) : hash;
  return (core.length > 12 ? core.slice(0, 12) : core) + (dir ? '.dir' : '');
}

export const ALGORITHM_LABEL: Record<HashEntry['algorithm'], string> = {
  md5: 'md5 (DVC 3)',
  'md5-dvc2': 'md5 (DVC 2, text normalised)',
  sha256: 'sha256',
  'git-blob': 'git blob',
  etag: 'etag',
  unknown: 'hash',
};

/** Where an entry whose path is a URI keeps its content: `remote storage (s3)`; undefined otherwise. */
export function remoteStorageLabel(e: Pick<HashEntry, 'remote'>): string | undefined {
  return e.remote ? `remote storage (${e.remote})` : undefined;
}

export function hashSourceLabel(e: HashEntry): string {
  switch (e.source) {
    case 'dvc.lock':
      return `${e.sourceFile}${e.stage ? ` (stage ${e.stage})` : ''}`;
    case 'dvc-file':
      return e.sourceFile;
    case 'lfs':
      return `LFS pointer ${e.sourceFile}`;
    case 'manifest':
      return e.sourceFile;
    case 'git':
      return 'Git';
  }
}

export function formatCell(row: DiffRow, i: number): string {
  const v = row.values[i];
  if (v === null || v === undefined) return '—';
  if (isHashSection(row.section)) return shortHash(String(v));
  return String(v);
}

export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (Number.isInteger(n)) return String(n);
  const abs = Math.abs(n);
  if (abs !== 0 && (abs < 1e-4 || abs >= 1e9)) return n.toExponential(4);
  return String(Number(n.toPrecision(6)));
}

export function formatDelta(d: MetricDelta | undefined): string {
  if (!d || d.absolute === null) return '';
  const sign = d.absolute > 0 ? '+' : d.absolute < 0 ? '−' : '±';
  const abs = formatNumber(Math.abs(d.absolute));
  const rel = d.relative === null ? '' : ` (${sign}${formatNumber(Math.abs(d.relative * 100)).replace(/^(\d+\.\d{0,2})\d*$/, '$1')}%)`;
  return `${sign}${abs}${rel}`;
}

export const SECTION_TITLE: Record<DiffRow['section'], string> = {
  hyperparameters: 'Hyperparameters',
  config: 'Configs',
  data: 'Data',
  code: 'Pipeline code',
  weights: 'Weights',
  outputs: 'Outputs',
  metrics: 'Metrics',
  'run-params': 'Run parameters',
  'run-metrics': 'Run metrics',
};

/**
 * Shows control and bidi-override characters that could disguise text in a terminal as `\uXXXX`,
 * newlines included: a value is one line, so a newline in it cannot forge a line of output.
 */
export function safeText(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g, escapeChar);
}

/** safeText for places that show line breaks as line breaks (an HTML cell, a markdown cell). */
export function safeMultiline(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g, escapeChar);
}

function escapeChar(c: string): string {
  return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/** The UTC day (YYYY-MM-DD) of a tag date in unix seconds; '' when there is none. */
export function dayOf(seconds: number | null | undefined): string {
  return seconds ? new Date(seconds * 1000).toISOString().slice(0, 10) : '';
}

// The diff panel: model versions side by side. Runs in a VS Code webview (talking to the host
// through the typed protocol) and, unchanged, in the CLI's self-contained --html page. Every
// value is put in the DOM as text; nothing from the data is ever parsed as HTML.
import { shortVersion } from '../src/core/versionLabel';
import type { ConfusionPlot, ImagePlot } from '../src/core/plots';
import { hiddenUnchanged, visibleRows, type PanelData, type PanelRow } from '../src/core/diffTable';
import { SECTION_TITLE } from '../src/core/render/format';
import { isMetricSection } from '../src/core/diff';
import type { HostToWebview, PanelState, WebviewToHost } from '../src/core/panelProtocol';
import { el } from './dom';
import { columnLabel, curveCharts, historyCharts, metricCharts, type ChartModel } from '../src/core/chartModel';
import type { MetricHistory } from '../src/core/panelProtocol';
import { chartFigure, type ChartFigure } from './charts/figure';
import { onThemeChange, readTheme } from './charts/theme';
import { isWorkingTree } from '../src/core/types';
import { verdictText } from '../src/core/render/verdict';

/** Only an image's own bytes as a data: URI reach an <img>: no other scheme, whatever the data says. */
const IMAGE_URI = /^data:image\/(?:png|jpeg|gif|svg\+xml);base64,[A-Za-z0-9+/]*={0,2}$/;

interface VsCodeApi {
  postMessage(message: WebviewToHost): void;
  getState(): Partial<PanelState> | undefined;
  setState(state: Partial<PanelState>): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

const ROW_HEIGHT = 26;
/** A marker per availability state: not colour alone, so it reads in every theme. */
const AVAILABILITY_MARK = { local: '● cached', remote: '☁ remote', missing: '⚠ missing', unknown: '? unknown' } as const;
/** Rows a page outside VS Code renders at once (all of them, for printing), up to this many. */
const MAX_DOCUMENT_ROWS = 5000;
const OVERSCAN = 12;

type Item = { kind: 'section'; label: string; count: number } | { kind: 'row'; row: PanelRow };

class DiffPanel {
  private data: PanelData | undefined;
  private items: Item[] = [];
  private onlyChanged = true;
  private filter = '';
  private focusRow = 0;
  private focusCol = 0;
  private readonly root: HTMLElement;
  private readonly viewport: HTMLElement;
  private readonly spacer: HTMLElement;
  private readonly body: HTMLElement;
  private readonly head: HTMLElement;
  private readonly toolbar: HTMLElement;
  private readonly extras: HTMLElement;
  private renderedRange = '';
  private chartsSection: HTMLElement | undefined;
  private figures: ChartFigure[] = [];
  private history: MetricHistory | undefined;
  private showingHistory = false;

  /** A page of its own (diff --html), not a webview: rows all rendered, charts not animated. */
  private readonly standalone: boolean;

  constructor(
    private readonly vscode: VsCodeApi | undefined,
    mount: HTMLElement,
  ) {
    this.standalone = !vscode;
    const saved = vscode?.getState() ?? {};
    this.onlyChanged = saved.onlyChanged ?? true;
    this.filter = saved.filter ?? '';
    this.root = mount;
    this.toolbar = el('div', { className: 'toolbar', role: 'toolbar', 'aria-label': 'Comparison options' });
    this.head = el('div', { className: 'grid-head', role: 'row' });
    this.spacer = el('div', { className: 'spacer' });
    this.body = el('div', { className: 'rows', role: 'rowgroup' });
    this.viewport = el('div', { className: 'viewport', role: 'grid', tabIndex: 0, 'aria-label': 'Differences between versions' }, [this.head, el('div', { className: 'scroll-area' }, [this.spacer, this.body])]);
    this.extras = el('div', { className: 'extras' });
    this.root.replaceChildren(this.toolbar, this.viewport, this.extras);
    // One scroll for the whole panel: the page scrolls, the toolbar and the column header stick.
    window.addEventListener('scroll', () => {
      this.renderRows();
      this.save();
    }, { passive: true });
    new ResizeObserver(() => this.root.style.setProperty('--toolbar-height', `${this.toolbar.offsetHeight}px`)).observe(this.toolbar);
    this.viewport.addEventListener('keydown', (e) => this.onKey(e));
    window.addEventListener('resize', () => this.renderRows(true));
    onThemeChange(() => {
      const theme = readTheme();
      for (const f of this.figures) f.draw(theme);
    });
    if (saved.scrollTop) requestAnimationFrame(() => window.scrollTo(0, saved.scrollTop!));
  }

  setOnlyChanged(on: boolean): void {
    this.onlyChanged = on;
  }

  show(data: PanelData): void {
    this.data = data;
    document.title = data.title;
    this.renderToolbar();
    this.renderHead();
    this.relayout();
    this.renderExtras();
    this.root.setAttribute('data-ready', 'true');
  }

  showError(message: string): void {
    this.root.replaceChildren(el('div', { className: 'error', role: 'alert' }, [message]));
  }

  private save(): void {
    this.vscode?.setState({ ...(this.vscode.getState() ?? {}), onlyChanged: this.onlyChanged, filter: this.filter, scrollTop: window.scrollY });
  }

  private renderToolbar(): void {
    const data = this.data!;
    const toggle = el('input', { type: 'checkbox', id: 'only-changed', checked: this.onlyChanged }) as HTMLInputElement;
    const hidden = el('span', { className: 'hidden-count', id: 'hidden-count', 'aria-live': 'polite' });
    const filter = el('input', { type: 'search', id: 'filter', placeholder: 'Filter keys and values', value: this.filter, 'aria-label': 'Filter keys and values' }) as HTMLInputElement;
    const c = data.counts;
    const summary = el('span', { className: 'summary' }, [`${c.changed} changed · ${c.added} added · ${c.removed} removed · ${c.unchanged} unchanged`]);
    toggle.addEventListener('change', () => {
      this.onlyChanged = toggle.checked;
      this.relayout();
      this.renderCharts();
      this.save();
    });
    let pending: ReturnType<typeof setTimeout> | undefined;
    filter.addEventListener('input', () => {
      this.filter = filter.value;
      this.relayout();
      this.save();
      // Charts are redrawn once typing pauses, not on every key.
      clearTimeout(pending);
      pending = setTimeout(() => this.renderCharts(), 150);
    });
    this.toolbar.replaceChildren(el('label', { className: 'toggle' }, [toggle, ' Only changed']), hidden, filter, summary);
    this.updateHiddenCount();
  }

  private updateHiddenCount(): void {
    const n = hiddenUnchanged(this.data!.rows, this.filter);
    const span = this.toolbar.querySelector('#hidden-count');
    if (span) span.textContent = this.onlyChanged && n > 0 ? `${n} unchanged hidden` : '';
  }

  private gridTemplate(): string {
    const n = this.data!.columns.length;
    // minmax(0, …): long unbreakable text must never widen one grid (the header) and not the others.
    return `minmax(12em, 1.4fr) repeat(${n}, minmax(0, 1fr))`;
  }

  private renderHead(): void {
    const data = this.data!;
    this.head.style.gridTemplateColumns = this.gridTemplate();
    const cells: HTMLElement[] = [el('div', { className: 'head-cell key-head', role: 'columnheader' }, ['Key'])];
    data.columns.forEach((c, i) => {
      const stages = c.stages.map((s) => el('span', { className: 'badge' }, [s]));
      const lines = [
        el('div', { className: 'col-title' }, [isWorkingTree(c) ? 'Working tree' : c.title ?? shortVersion(c.version), ...stages]),
        el('div', { className: 'col-meta' }, [[c.date ? c.date.slice(0, 10) : '', c.commit ? c.commit.slice(0, 7) : isWorkingTree(c) ? 'uncommitted' : 'no commit'].filter(Boolean).join(' · ')]),
      ];
      // Who registered the version (the tag's tagger) is often not who wrote the commit.
      const people = [c.tagger ? `tagged by ${c.tagger}` : '', c.author ? `commit by ${c.author}` : ''].filter(Boolean).join(' · ');
      if (people) lines.push(el('div', { className: 'col-people', title: people }, [people]));
      if (c.tagMessage || c.message) lines.push(el('div', { className: 'col-message', title: c.tagMessage ?? c.message ?? '' }, [c.tagMessage ?? c.message ?? '']));
      cells.push(el('div', { className: 'head-cell', role: 'columnheader', 'aria-colindex': String(i + 2), title: c.label }, lines));
    });
    this.head.replaceChildren(...cells);
  }

  private relayout(): void {
    const rows = visibleRows(this.data!.rows, { onlyChanged: this.onlyChanged, filter: this.filter });
    const items: Item[] = [];
    let section = '';
    for (const row of rows) {
      if (row.section !== section) {
        section = row.section;
        items.push({ kind: 'section', label: SECTION_TITLE[row.section], count: rows.filter((r) => r.section === row.section).length });
      }
      items.push({ kind: 'row', row });
    }
    this.items = items;
    this.viewport.setAttribute('aria-rowcount', String(items.length + 1));
    this.spacer.style.height = `${items.length * ROW_HEIGHT}px`;
    this.focusRow = Math.min(this.focusRow, Math.max(0, items.length - 1));
    this.updateHiddenCount();
    this.renderRows(true);
    if (items.length === 0) {
      this.body.replaceChildren(el('div', { className: 'empty' }, [this.filter ? 'No rows match the filter.' : 'No differences between these versions.']));
    }
  }

  /** Where the first row starts, from the top of the page. */
  private rowsTop(): number {
    return (this.spacer.parentElement ?? this.spacer).getBoundingClientRect().top + window.scrollY;
  }

  /** The height of what sticks at the top (toolbar and column header): rows under it are hidden. */
  private stickyHeight(): number {
    return this.toolbar.offsetHeight + this.head.offsetHeight;
  }

  /**
   * Renders only the rows in view (plus a margin): 10,000 rows cost what 60 do. A page without
   * VS Code (diff --html) renders them all, so that it prints whole.
   */
  private renderRows(force = false): void {
    if (!this.data || this.items.length === 0) return;
    const top = window.scrollY - this.rowsTop();
    const height = window.innerHeight || 600;
    const all = this.standalone && this.items.length <= MAX_DOCUMENT_ROWS;
    const start = all ? 0 : Math.max(0, Math.floor(top / ROW_HEIGHT) - OVERSCAN);
    const end = all ? this.items.length : Math.min(this.items.length, Math.ceil((top + height) / ROW_HEIGHT) + OVERSCAN);
    // All rows in the page's flow: a printer breaks pages between them.
    this.viewport.classList.toggle('all', all);
    const key = `${start}:${end}`;
    if (!force && key === this.renderedRange) return;
    this.renderedRange = key;
    const template = this.gridTemplate();
    const nodes: HTMLElement[] = [];
    for (let i = start; i < end; i++) nodes.push(this.renderItem(this.items[i]!, i, template));
    this.body.style.transform = `translateY(${start * ROW_HEIGHT}px)`;
    this.body.replaceChildren(...nodes);
  }

  private renderItem(item: Item, index: number, template: string): HTMLElement {
    if (item.kind === 'section') {
      return el('div', { className: `section-row${index === this.focusRow ? ' focused' : ''}`, role: 'row', 'aria-rowindex': String(index + 2) }, [
        el('div', { className: 'section-title', role: 'rowheader' }, [item.label, el('span', { className: 'count' }, [String(item.count)])]),
      ]);
    }
    const row = item.row;
    const cells: HTMLElement[] = [];
    const keyCell = el('div', { className: 'cell key', role: 'rowheader', title: row.key, 'data-col': '0' }, [el('span', { className: 'text' }, [row.key])]);
    if (row.section === 'config' && row.file && this.vscode) {
      keyCell.append(this.actionButton('Open text diff', '⇄', () => this.post({ type: 'openConfigDiff', file: row.file!, left: 0, right: this.data!.columns.length - 1 })));
    }
    cells.push(keyCell);
    row.display.forEach((text, i) => {
      const changed = i > 0 && row.values[i] !== row.values[0];
      const cls = ['cell', 'value', text === null ? 'absent' : '', changed && text !== null ? 'changed' : '', row.status === 'added' && text !== null && row.values[0] === null ? 'added' : '', row.status === 'removed' && text === null ? 'removed' : '']
        .filter(Boolean)
        .join(' ');
      const full = row.values[i];
      const delta = row.deltas?.[i];
      const verdict = delta ? verdictText(delta.better) : '';
      const label = `${this.data!.columns[i]!.label}, ${row.key}: ${full ?? 'absent'}${delta ? `, ${delta.text}${verdict ? `, ${verdict}` : ''}` : ''}`;
      const cell = el('div', { className: cls, role: 'gridcell', title: full === null ? 'absent at this version' : `${full}${row.sources?.[i] ? `\n${row.sources[i]}` : ''}`, 'aria-label': label, 'data-col': String(i + 1) }, [
        // A compared number is read whole: its delta gives way first, then its verdict.
        el('span', { className: delta ? 'text keep' : 'text' }, [text ?? '—']),
      ]);
      if (delta) {
        // The delta keeps its sign; better or worse is a word of its own (a loss that fell is better).
        cell.append(el('span', { className: 'delta' }, [delta.text]));
        if (delta.better !== null) cell.append(el('span', { className: `verdict ${delta.better ? 'better' : 'worse'}` }, [verdict]));
      }
      const availability = row.availability?.[i];
      if (availability && full !== null) {
        // Whether this version's content can be restored, at a glance; the words in the tooltip and name.
        cell.append(el('span', { className: `avail ${availability.state}`, title: availability.note, 'aria-hidden': 'true' }, [AVAILABILITY_MARK[availability.state]]));
        cell.setAttribute('aria-label', `${cell.getAttribute('aria-label')}, ${availability.note}`);
      }
      const openable = row.section === 'data' || row.section === 'weights' || row.section === 'outputs';
      if (openable && full !== null && !row.remotes?.[i] && this.vscode) {
        const column = this.data!.columns[i]!;
        const source = row.sourceFiles?.[i] ?? undefined;
        cell.append(this.actionButton(`Open ${row.key} at ${column.label}`, '↗', () => this.post({ type: 'openFile', path: row.key, column: i, ...(source ? { source } : {}) })));
      }
      cells.push(cell);
    });
    const rowEl = el('div', { className: `grid-row ${row.status}`, role: 'row', 'aria-rowindex': String(index + 2), 'data-key': row.key, 'data-section': row.section }, cells);
    rowEl.style.gridTemplateColumns = template;
    if (index === this.focusRow) {
      rowEl.classList.add('focused');
      // The cell the arrows moved to is the one highlighted and announced.
      const focused = cells[this.focusCol];
      if (focused) {
        focused.classList.add('focused-cell');
        focused.id = `cell-${index}-${this.focusCol}`;
      }
    }
    rowEl.addEventListener('click', (e) => {
      this.focusRow = index;
      const col = (e.target as HTMLElement).closest('[data-col]')?.getAttribute('data-col');
      this.focusCol = col ? Number(col) : 0;
      this.renderRows(true);
    });
    return rowEl;
  }

  /** A Code file: in VS Code a link to its diff between the first column and column `right`. */
  private fileDiffLink(path: string, right: number, title: string): HTMLElement | string {
    if (!this.vscode) return path;
    const a = el('a', { href: '#', className: 'file-link', title: `Open the diff of ${title}` }, [path]);
    a.addEventListener('click', (e) => {
      e.preventDefault();
      this.post({ type: 'openFileDiff', path, left: 0, right });
    });
    return a;
  }

  private actionButton(label: string, glyph: string, action: () => void): HTMLElement {
    const b = el('button', { className: 'row-action', title: label, 'aria-label': label, type: 'button' }, [glyph]);
    b.addEventListener('click', (e) => {
      e.stopPropagation();
      action();
    });
    return b;
  }

  private onKey(e: KeyboardEvent): void {
    if (!this.items.length) return;
    const cols = this.data!.columns.length + 1;
    const move = (r: number, c: number) => {
      this.focusRow = Math.max(0, Math.min(this.items.length - 1, r));
      this.focusCol = Math.max(0, Math.min(cols - 1, c));
      // The focused row stays in view, below what sticks at the top and above the window's edge.
      const y = this.rowsTop() + this.focusRow * ROW_HEIGHT;
      const sticky = this.stickyHeight();
      if (this.focusRow === 0) window.scrollTo(0, 0);
      else if (y < window.scrollY + sticky) window.scrollTo(0, Math.max(0, y - sticky - ROW_HEIGHT));
      else if (y + ROW_HEIGHT > window.scrollY + window.innerHeight) window.scrollTo(0, y + ROW_HEIGHT * 2 - window.innerHeight);
      this.renderRows(true);
      const item = this.items[this.focusRow]!;
      const cell = this.body.querySelector('.focused-cell');
      if (cell?.id) this.viewport.setAttribute('aria-activedescendant', cell.id);
      else this.viewport.removeAttribute('aria-activedescendant');
      this.announce(item);
      e.preventDefault();
    };
    switch (e.key) {
      case 'ArrowDown':
        return move(this.focusRow + 1, this.focusCol);
      case 'ArrowUp':
        return move(this.focusRow - 1, this.focusCol);
      case 'ArrowRight':
        return move(this.focusRow, this.focusCol + 1);
      case 'ArrowLeft':
        return move(this.focusRow, this.focusCol - 1);
      case 'PageDown':
        return move(this.focusRow + 20, this.focusCol);
      case 'PageUp':
        return move(this.focusRow - 20, this.focusCol);
      case 'Home':
        return move(0, this.focusCol);
      case 'End':
        return move(this.items.length - 1, this.focusCol);
      case 'Enter': {
        const item = this.items[this.focusRow];
        if (item?.kind === 'row' && item.row.section === 'config' && item.row.file) this.post({ type: 'openConfigDiff', file: item.row.file, left: 0, right: this.data!.columns.length - 1 });
        return;
      }
      case 'c': {
        // 'c' or Ctrl/Cmd+C copies the focused cell.
        const item = this.items[this.focusRow];
        if (item?.kind !== 'row') return;
        const text = this.focusCol === 0 ? item.row.key : item.row.values[this.focusCol - 1] ?? '';
        this.copy(text);
        e.preventDefault();
        return;
      }
    }
  }

  private announce(item: Item): void {
    const live = document.getElementById('live');
    if (!live) return;
    if (item.kind === 'section') live.textContent = item.label;
    else {
      const v = this.focusCol === 0 ? item.row.key : `${this.data!.columns[this.focusCol - 1]!.label}: ${item.row.values[this.focusCol - 1] ?? 'absent'}`;
      live.textContent = `${item.row.key}, ${item.row.status}. ${v}`;
    }
  }

  private copy(text: string): void {
    if (this.vscode) this.post({ type: 'copy', text });
    else void navigator.clipboard?.writeText(text);
  }

  private post(m: WebviewToHost): void {
    this.vscode?.postMessage(m);
  }

  /** Charts of the rows the table shows (they follow the filter), then Code and Problems. */
  private renderExtras(): void {
    const data = this.data!;
    const parts: HTMLElement[] = [];
    this.chartsSection = el('div', { className: 'chart-sections' });
    parts.push(this.chartsSection);
    const code = data.code.map((files, i) => ({ files, i })).filter((x) => x.i > 0);
    if (code.some((x) => x.files.length)) {
      parts.push(
        el('section', { className: 'code', 'aria-label': 'Code changes' }, [
          el('h2', {}, ['Code']),
          ...code.map(({ files, i }) => {
            const counts = files.reduce<Record<string, number>>((acc, f) => ((acc[f.status] = (acc[f.status] ?? 0) + 1), acc), {});
            const summary = Object.entries(counts).map(([s, n]) => `${n} ${s === 'M' ? 'modified' : s === 'A' ? 'added' : s === 'D' ? 'deleted' : s}`).join(', ');
            const left = data.columns[0]!.label;
            const right = data.columns[i]!.label;
            // Open on a page of its own: a printed page cannot open it.
            return el('details', { open: this.standalone }, [
              el('summary', {}, [`${left} → ${right}: ${files.length} ${files.length === 1 ? 'file' : 'files'} changed (${summary})`]),
              el('ul', {}, files.slice(0, 500).map((f) => el('li', {}, [el('code', {}, [f.status]), ' ', this.fileDiffLink(f.path, i, `${f.path}: ${left} ↔ ${right}`)]))),
            ]);
          }),
        ]),
      );
    }
    if (data.warnings.length) {
      parts.push(el('section', { className: 'warnings', 'aria-label': 'Problems' }, [el('h2', {}, ['Problems']), el('ul', {}, data.warnings.map((w) => el('li', {}, [w])))]));
    }
    this.extras.replaceChildren(...parts);
    this.renderCharts();
  }

  showHistory(metrics: MetricHistory): void {
    this.history = metrics;
    this.showingHistory = true;
    this.renderCharts();
  }

  /** Draws the metric and curve charts again: after a filter change, a toggle or a new theme. */
  private renderCharts(): void {
    const data = this.data;
    const host = this.chartsSection;
    if (!data || !host) return;
    this.figures.forEach((f) => f.dispose());
    this.figures = [];
    const sections: HTMLElement[] = [];
    const announce = (text: string) => {
      const live = document.getElementById('live');
      if (live) live.textContent = text;
    };
    const grid = (models: ChartModel[], id: string) => {
      const figures = models.map((m) => chartFigure(m, announce));
      this.figures.push(...figures);
      return el('div', { className: 'chart-grid', id }, figures.map((f) => f.figure));
    };
    const curves = curveCharts(data, this.filter);
    if (curves.length) {
      const legend = el(
        'ul',
        { className: 'legend', 'aria-label': 'Versions' },
        data.columns.map((c, i) => el('li', {}, [el('span', { className: `swatch s${i % 6}` }, []), columnLabel(c), ...c.stages.map((st) => el('span', { className: 'badge' }, [st]))])),
      );
      sections.push(el('section', { className: 'charts curves', 'aria-label': 'Training curves' }, [el('h2', {}, ['Training curves']), legend, grid(curves, 'curves')]));
    }
    const f = this.filter.trim().toLowerCase();
    const plots = (data.plots ?? []).filter((m) => !f || m.title.toLowerCase().includes(f) || m.id.toLowerCase().includes(f));
    const images = (data.imagePlots ?? []).filter((m) => !f || m.title.toLowerCase().includes(f));
    const confusions = (data.confusionPlots ?? []).filter((m) => !f || m.title.toLowerCase().includes(f));
    if (!plots.length && (images.length || confusions.length)) {
      sections.push(el('section', { className: 'charts plots', 'aria-label': 'DVC plots' }, [el('h2', {}, ['Plots']), ...images.map(imagePlotFigure), ...confusions.map(confusionFigure)]));
    }
    if (plots.length) {
      const legend = el(
        'ul',
        { className: 'legend', 'aria-label': 'Versions' },
        data.columns.map((c, i) => el('li', {}, [el('span', { className: `swatch s${i % 6}` }, []), columnLabel(c), ...c.stages.map((st) => el('span', { className: 'badge' }, [st]))])),
      );
      sections.push(el('section', { className: 'charts plots', 'aria-label': 'DVC plots' }, [el('h2', {}, ['Plots']), legend, grid(plots, 'plots'), ...images.map(imagePlotFigure), ...confusions.map(confusionFigure)]));
    }
    const metricRows = visibleRows(data.rows, { onlyChanged: this.onlyChanged, filter: this.filter });
    const hasMetrics = data.rows.some((r) => isMetricSection(r.section));
    if (hasMetrics && data.columns.length > 1) {
      const history = this.showingHistory && this.history ? historyCharts(this.history, this.filter) : undefined;
      const models = history ?? metricCharts(data, metricRows);
      const trend = el('button', { type: 'button', className: 'secondary', id: 'load-history', 'aria-pressed': String(!!history) }, [history ? 'Show the compared versions only' : 'Show trend across all versions']);
      trend.addEventListener('click', () => {
        if (this.showingHistory) {
          this.showingHistory = false;
          this.renderCharts();
        } else if (this.history) this.showHistory(this.history);
        else this.post({ type: 'loadHistory' });
      });
      const empty = models.length ? [] : [el('p', { className: 'empty' }, [this.filter ? 'No metric matches the filter.' : 'No metric changed; clear "Only changed" to chart them all.'])];
      sections.push(
        el('section', { className: 'charts metrics', 'aria-label': 'Metric charts' }, [
          el('h2', {}, [history ? 'Metrics across all versions' : 'Metrics across versions']),
          ...(this.vscode ? [trend] : []),
          ...empty,
          grid(models, 'charts'),
        ]),
      );
    }
    host.replaceChildren(...sections);
    const theme = readTheme();
    for (const f of this.figures) f.draw(theme);
  }
}

function start(): void {
  const mount = document.getElementById('app')!;
  const api = typeof acquireVsCodeApi === 'function' ? acquireVsCodeApi() : undefined;
  const panel = new DiffPanel(api, mount);
  if (api) {
    window.addEventListener('message', (event: MessageEvent<HostToWebview>) => {
      const m = event.data;
      if (m.type === 'data') {
        api.setState({ ...(api.getState() ?? {}), ...m.state });
        panel.show(m.data);
      } else if (m.type === 'history') panel.showHistory(m.metrics);
      else if (m.type === 'error') panel.showError(m.message);
    });
    api.postMessage({ type: 'ready' });
  } else {
    // The CLI's --html page: the data is embedded as JSON text, never as markup.
    const embedded = document.getElementById('panel-data');
    if (embedded?.textContent) {
      const page = JSON.parse(embedded.textContent) as { data: PanelData; onlyChanged: boolean };
      mount.classList.remove('static');
      panel.setOnlyChanged(page.onlyChanged);
      panel.show(page.data);
    }
  }
}

start();

/** An image plot side by side per version: each an <img> of a data: URI (an SVG as an image, never inline markup). */
function imagePlotFigure(p: ImagePlot): HTMLElement {
  return el('figure', { className: 'image-plot', 'data-plot': p.id }, [
    el('figcaption', { className: 'chart-title' }, [p.title]),
    el(
      'div',
      { className: 'image-row' },
      p.versions.map((v) =>
        el('figure', { className: 'image-version' }, [
          v.uri && IMAGE_URI.test(v.uri) ? el('img', { src: v.uri, alt: `${p.title} at ${v.label}` }) : el('div', { className: 'image-missing' }, [v.note ?? 'no image']),
          el('figcaption', {}, [v.label]),
        ]),
      ),
    ),
  ]);
}

/** A confusion plot per version: a table of counts (rows actual, columns predicted), normalized per row when asked. */
function confusionFigure(p: ConfusionPlot): HTMLElement {
  const table = (counts: number[][], label: string) => {
    const max = Math.max(1, ...counts.flat());
    return el('table', { className: 'confusion', 'aria-label': `${p.title} at ${label}: rows ${p.actual}, columns ${p.predicted}` }, [
      el('thead', {}, [el('tr', {}, [el('th', { scope: 'col' }, [`${p.actual} \\ ${p.predicted}`]), ...p.classes.map((c) => el('th', { scope: 'col' }, [c]))])]),
      el(
        'tbody',
        {},
        counts.map((row, i) => {
          const total = row.reduce((a, b) => a + b, 0);
          return el('tr', {}, [
            el('th', { scope: 'row' }, [p.classes[i]!]),
            ...row.map((n, j) => {
              const text = p.normalized ? (total ? (n / total).toFixed(2) : '0') : String(n);
              // The shade says how many at a glance; the number says it exactly.
              const cell = el('td', { className: i === j ? 'diagonal' : '' }, [text]);
              cell.style.setProperty('--share', String(n / max));
              return cell;
            }),
          ]);
        }),
      ),
    ]);
  };
  return el('figure', { className: 'confusion-plot', 'data-plot': p.id }, [
    el('figcaption', { className: 'chart-title' }, [p.title]),
    el(
      'div',
      { className: 'image-row' },
      p.versions.map((v) => el('figure', { className: 'image-version' }, [v.counts ? table(v.counts, v.label) : el('div', { className: 'image-missing' }, ['not at this version']), el('figcaption', {}, [v.label])])),
    ),
  ]);
}

// The all-versions table: versions × params and metrics, sticky header, sortable columns, a grid
// walked with the keyboard (arrows, Home/End, Ctrl+Home/End, PageUp/PageDown; Space selects the
// row). Every value goes into the DOM as text.
import { bestItem, cellText, sortedItems, type AllVersionsData } from '../../src/core/allVersions';
import { el } from '../dom';

export interface TableHost {
  data: AllVersionsData;
  selected: ReadonlySet<number>;
  toggle(item: number): void;
  sort: { column: number; descending: boolean } | undefined;
  setSort(sort: { column: number; descending: boolean } | undefined): void;
  announce(text: string): void;
}

/** Columns before the data's: the selection box, the version, its stages. */
const LEAD = 3;
const PAGE = 10;
/** Up to this many rows are all rendered; past it, only those near the viewport. */
const ALL_ROWS = 150;
const OVERSCAN = 20;
const ROW_HEIGHT = 25;

export class VersionsTable {
  readonly element: HTMLElement;
  private order: number[] = [];
  private row = 0;
  private col = 0;
  /** Rendered body rows by their place in the shown order: only those near the viewport when there are many. */
  private rendered = new Map<number, HTMLTableRowElement>();
  private readonly body: HTMLTableSectionElement;
  private best = new Set<string>();
  private range = { start: 0, end: 0 };
  private scheduled = false;

  constructor(private readonly host: TableHost) {
    this.element = el('table', { className: 'versions', role: 'grid', tabIndex: 0, 'aria-label': `${host.data.title}`, 'aria-rowcount': host.data.items.length + 1 });
    this.body = el('tbody', {}) as HTMLTableSectionElement;
    this.element.addEventListener('keydown', (e) => this.onKey(e));
    this.element.addEventListener('focus', () => this.moveTo(this.row, this.col, false));
    const onScroll = () => {
      if (this.scheduled || !this.element.isConnected) return;
      this.scheduled = true;
      requestAnimationFrame(() => {
        this.scheduled = false;
        this.renderVisible();
      });
    };
    window.addEventListener('scroll', onScroll, { passive: true });
    window.addEventListener('resize', onScroll);
    // Printing shows every row, not the ones near the viewport.
    window.addEventListener('beforeprint', () => this.element.isConnected && this.renderRange(0, this.order.length));
    window.addEventListener('afterprint', () => this.element.isConnected && this.renderVisible());
    this.render();
  }

  /** Redraws the table (after a sort or a selection made elsewhere), keeping the focused cell. */
  render(): void {
    const { data } = this.host;
    const sort = this.host.sort;
    this.order = sort ? sortedItems(data, sort.column, sort.descending) : data.items.map((_, i) => i);
    this.best = new Set(data.columns.map((_, c) => bestItem(data, c)).map((b, c) => (b === undefined ? '' : `${b}:${c}`)));
    const head = el('tr', { role: 'row', 'aria-rowindex': 1 }, [
      el('th', { scope: 'col', className: 'pick', role: 'columnheader' }, [el('span', { className: 'visually-hidden' }, ['Selected'])]),
      el('th', { scope: 'col', role: 'columnheader', className: 'item-head' }, [this.host.data.kind === 'runs' ? 'Run' : 'Version']),
      el('th', { scope: 'col', role: 'columnheader' }, [this.host.data.kind === 'runs' ? 'Status' : 'Stages']),
      ...data.columns.map((c, i) => {
        const sorted = sort?.column === i;
        const button = el('button', { className: 'sort', type: 'button', tabIndex: -1, title: `${c.key}${c.changed ? '' : ' (the same at every version)'}` }, [
          el('span', { className: 'col-key' }, [c.key]),
          el('span', { className: 'col-kind' }, [c.kind === 'metric' ? (c.direction === 'lower' ? 'metric ↓ better' : c.direction === 'higher' ? 'metric ↑ better' : 'metric') : 'param']),
          sorted ? el('span', { className: 'sort-mark', 'aria-hidden': 'true' }, [sort!.descending ? '▼' : '▲']) : '',
        ]);
        button.addEventListener('click', () => this.sortBy(i));
        return el('th', { scope: 'col', role: 'columnheader', className: `${c.changed ? 'changed' : 'same'} ${c.numeric ? 'num' : ''}`, 'aria-sort': sorted ? (sort!.descending ? 'descending' : 'ascending') : 'none', 'data-column': c.id }, [button]);
      }),
    ]);
    this.rendered.clear();
    this.range = { start: 0, end: 0 };
    this.body.replaceChildren();
    this.element.replaceChildren(this.columnWidths(), el('thead', {}, [head]), this.body);
    this.row = Math.min(this.row, Math.max(0, this.order.length - 1));
    this.renderVisible();
    if (document.activeElement === this.element) this.moveTo(this.row, this.col, false);
  }

  /**
   * Widths from the data, not from the rows on screen: with only some rows rendered, columns
   * sized by their content would change width while scrolling.
   */
  private columnWidths(): HTMLElement {
    const { data } = this.host;
    const widest = (texts: Iterable<string>) => {
      let w = 0;
      for (const t of texts) if (t.length > w) w = t.length;
      return w;
    };
    const col = (width: string) => {
      const c = el('col');
      c.style.width = width;
      return c;
    };
    const widths = [
      Math.max(data.kind === 'runs' ? 3 : 7, widest(data.items.map((it) => it.label))),
      data.kind === 'runs' ? 9 : widest(data.items.map((it) => it.stages.join('  '))) + 2,
      ...data.columns.map((c, i) => Math.max(c.key.length, 15, widest(data.values.map((r) => (r[i] === null || r[i] === undefined ? '' : cellText(r[i]!)))))),
    ].map((w) => Math.max(5, Math.min(28, w)) + 2);
    // A fixed layout needs the table's own width: the sum of its columns.
    this.element.style.width = `calc(3em + ${widths.reduce((a, b) => a + b, 0)}ch)`;
    return el('colgroup', {}, [col('3em'), ...widths.map((w) => col(`${w}ch`))]);
  }

  private rowHeight(): number {
    return this.rendered.values().next().value?.offsetHeight || ROW_HEIGHT;
  }

  /** The rows near the viewport (all of them when there are few). */
  private renderVisible(): void {
    const n = this.order.length;
    if (n <= ALL_ROWS) {
      if (this.range.end !== n) this.renderRange(0, n);
      return;
    }
    const h = this.rowHeight();
    const top = this.body.getBoundingClientRect().top;
    const first = Math.floor(Math.max(0, -top) / h);
    const count = Math.ceil(window.innerHeight / h);
    const start = Math.max(0, first - OVERSCAN);
    const end = Math.min(n, first + count + OVERSCAN);
    if (start !== this.range.start || end !== this.range.end) this.renderRange(start, end);
  }

  private renderRange(start: number, end: number): void {
    const h = this.rowHeight();
    const keep = new Map<number, HTMLTableRowElement>();
    const rows: HTMLElement[] = [];
    for (let r = start; r < end; r++) {
      const tr = this.rendered.get(r) ?? this.buildRow(r);
      keep.set(r, tr);
      rows.push(tr);
    }
    this.rendered = keep;
    this.range = { start, end };
    const spacer = (rowsHidden: number) => {
      const td = el('td', { colspan: LEAD + this.host.data.columns.length });
      td.style.height = `${rowsHidden * h}px`;
      return el('tr', { className: 'spacer', 'aria-hidden': 'true' }, [td]);
    };
    this.body.replaceChildren(...(start > 0 ? [spacer(start)] : []), ...rows, ...(end < this.order.length ? [spacer(this.order.length - end)] : []));
    const focused = this.cell(this.row, this.col);
    if (focused && document.activeElement === this.element) this.mark(focused);
  }

  private buildRow(r: number): HTMLTableRowElement {
    const { data } = this.host;
    const item = this.order[r]!;
    const it = data.items[item]!;
    const selected = this.host.selected.has(item);
    const values = data.values[item]!;
    const tr = el('tr', { role: 'row', 'aria-rowindex': r + 2, 'aria-selected': selected ? 'true' : 'false', 'data-item': it.id, className: selected ? 'selected' : '' }) as HTMLTableRowElement;
    const box = el('input', { type: 'checkbox', tabIndex: -1, checked: selected, 'aria-label': `Select ${it.label}` }) as HTMLInputElement;
    box.addEventListener('change', () => this.host.toggle(item));
    tr.append(
      el('td', { role: 'gridcell', className: 'pick' }, [box]),
      el('th', { scope: 'row', role: 'rowheader', className: 'item', title: it.commit ? `${it.label}\n${it.commit}${it.date ? `\n${it.date}` : ''}` : it.label }, [it.label]),
      el('td', { role: 'gridcell', className: 'stages' }, data.kind === 'runs' ? [it.run?.status ?? ''] : it.stages.map((st) => el('span', { className: 'badge' }, [st]))),
    );
    for (let c = 0; c < values.length; c++) {
      const v = values[c] ?? null;
      const cls = `${data.columns[c]!.numeric ? 'num' : ''}${v === null ? ' absent' : ''}${this.best.has(`${item}:${c}`) ? ' best' : ''}`;
      tr.append(el('td', { role: 'gridcell', className: cls }, [v === null ? '—' : cellText(v)]));
    }
    return tr;
  }

  private sortBy(column: number): void {
    const s = this.host.sort;
    // Ascending, descending, then back to version order.
    this.host.setSort(s?.column !== column ? { column, descending: false } : !s.descending ? { column, descending: true } : undefined);
  }

  /** Cell (r, c): r over the body rows in their shown order, c over every column. */
  private cell(r: number, c: number): HTMLElement | undefined {
    return this.rendered.get(r)?.children[c] as HTMLElement | undefined;
  }

  private mark(cell: HTMLElement): void {
    this.element.querySelector('.focused')?.classList.remove('focused');
    this.element.querySelector('tr.focus-row')?.classList.remove('focus-row');
    cell.classList.add('focused');
    cell.parentElement!.classList.add('focus-row');
    if (!cell.id) cell.id = `cell-${this.row}-${this.col}`;
    this.element.setAttribute('aria-activedescendant', cell.id);
  }

  /** Renders row r if it is not (a jump with End or PageDown past the rendered rows). */
  private reveal(r: number): void {
    if (this.rendered.has(r)) return;
    const h = this.rowHeight();
    const absTop = this.body.getBoundingClientRect().top + window.scrollY;
    window.scrollTo({ top: Math.max(0, absTop + r * h - window.innerHeight / 2) });
    this.renderVisible();
    if (!this.rendered.has(r)) this.renderRange(Math.max(0, r - OVERSCAN), Math.min(this.order.length, r + OVERSCAN));
  }

  private moveTo(r: number, c: number, announce = true): void {
    const last = LEAD + this.host.data.columns.length - 1;
    r = Math.max(0, Math.min(this.order.length - 1, r));
    c = Math.max(0, Math.min(last, c));
    this.row = r;
    this.col = c;
    this.reveal(r);
    const cell = this.cell(r, c);
    if (!cell) return;
    this.mark(cell);
    // scroll-margin in the stylesheet keeps the cell clear of the sticky header.
    cell.scrollIntoView({ block: 'nearest', inline: 'nearest' });
    if (announce) {
      const item = this.host.data.items[this.order[r]!]!;
      const name = c === 0 ? 'selected' : c === 1 ? (this.host.data.kind === 'runs' ? 'run' : 'version') : c === 2 ? (this.host.data.kind === 'runs' ? 'status' : 'stages') : this.host.data.columns[c - LEAD]!.key;
      const text = c === 0 ? (this.host.selected.has(this.order[r]!) ? 'yes' : 'no') : cell.textContent || '—';
      this.host.announce(`${item.label}, ${name}: ${text}`);
    }
  }

  private onKey(e: KeyboardEvent): void {
    const ctrl = e.ctrlKey || e.metaKey;
    const last = LEAD + this.host.data.columns.length - 1;
    switch (e.key) {
      case 'ArrowDown':
        this.moveTo(this.row + 1, this.col);
        break;
      case 'ArrowUp':
        this.moveTo(this.row - 1, this.col);
        break;
      case 'ArrowRight':
        this.moveTo(this.row, this.col + 1);
        break;
      case 'ArrowLeft':
        this.moveTo(this.row, this.col - 1);
        break;
      case 'Home':
        this.moveTo(ctrl ? 0 : this.row, ctrl ? this.col : 0);
        break;
      case 'End':
        this.moveTo(ctrl ? this.order.length - 1 : this.row, ctrl ? this.col : last);
        break;
      case 'PageDown':
        this.moveTo(this.row + PAGE, this.col);
        break;
      case 'PageUp':
        this.moveTo(this.row - PAGE, this.col);
        break;
      case 'Enter':
        // Shift+Enter sorts by the focused column (the header's buttons are for the mouse).
        if (e.shiftKey) {
          if (this.col >= LEAD) this.sortBy(this.col - LEAD);
          break;
        }
        this.host.toggle(this.order[this.row]!);
        break;
      case ' ':
        this.host.toggle(this.order[this.row]!);
        break;
      default:
        return;
    }
    e.preventDefault();
  }

}

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

export class VersionsTable {
  readonly element: HTMLElement;
  private order: number[] = [];
  private row = 0;
  private col = 0;
  private rows: HTMLTableRowElement[] = [];

  constructor(private readonly host: TableHost) {
    this.element = el('table', { className: 'versions', role: 'grid', tabIndex: 0, 'aria-label': `${host.data.title}`, 'aria-rowcount': host.data.items.length + 1 });
    this.element.addEventListener('keydown', (e) => this.onKey(e));
    this.element.addEventListener('focus', () => this.moveTo(this.row, this.col, false));
    this.render();
  }

  /** Redraws the rows (after a sort or a selection made elsewhere), keeping the focused cell. */
  render(): void {
    const { data } = this.host;
    const sort = this.host.sort;
    this.order = sort ? sortedItems(data, sort.column, sort.descending) : data.items.map((_, i) => i);
    const best = new Set(data.columns.map((_, c) => bestItem(data, c)).map((b, c) => (b === undefined ? '' : `${b}:${c}`)));
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
    const body = document.createDocumentFragment();
    this.rows = this.order.map((item, r) => {
      const it = data.items[item]!;
      const selected = this.host.selected.has(item);
      const values = data.values[item]!;
      const tr = el('tr', { role: 'row', 'aria-rowindex': r + 2, 'aria-selected': selected ? 'true' : 'false', 'data-item': it.id, className: selected ? 'selected' : '' }) as HTMLTableRowElement;
      const box = el('input', { type: 'checkbox', tabIndex: -1, checked: selected, 'aria-label': `Select ${it.label}` }) as HTMLInputElement;
      box.addEventListener('change', () => this.host.toggle(item));
      tr.append(
        el('td', { role: 'gridcell', className: 'pick' }, [box]),
        el('th', { scope: 'row', role: 'rowheader', className: 'item', title: it.commit ? `${it.label}\n${it.commit}${it.date ? `\n${it.date}` : ''}` : it.label }, [it.label]),
        el('td', { role: 'gridcell', className: 'stages' }, this.host.data.kind === 'runs' ? [it.run?.status ?? ''] : it.stages.map((s) => el('span', { className: 'badge' }, [s]))),
      );
      for (let c = 0; c < values.length; c++) {
        const v = values[c] ?? null;
        const cls = `${data.columns[c]!.numeric ? 'num' : ''}${v === null ? ' absent' : ''}${best.has(`${item}:${c}`) ? ' best' : ''}`;
        tr.append(el('td', { role: 'gridcell', className: cls }, [v === null ? '—' : cellText(v)]));
      }
      body.append(tr);
      return tr;
    });
    this.element.replaceChildren(el('thead', {}, [head]), el('tbody', {}, [body]));
    this.row = Math.min(this.row, Math.max(0, this.rows.length - 1));
    if (document.activeElement === this.element) this.moveTo(this.row, this.col, false);
  }

  private sortBy(column: number): void {
    const s = this.host.sort;
    // Ascending, descending, then back to version order.
    this.host.setSort(s?.column !== column ? { column, descending: false } : !s.descending ? { column, descending: true } : undefined);
  }

  /** Cell (r, c): r over the body rows in their shown order, c over every column. */
  private cell(r: number, c: number): HTMLElement | undefined {
    return this.rows[r]?.children[c] as HTMLElement | undefined;
  }

  private moveTo(r: number, c: number, announce = true): void {
    const last = LEAD + this.host.data.columns.length - 1;
    r = Math.max(0, Math.min(this.rows.length - 1, r));
    c = Math.max(0, Math.min(last, c));
    this.element.querySelector('.focused')?.classList.remove('focused');
    this.element.querySelector('tr.focus-row')?.classList.remove('focus-row');
    const cell = this.cell(r, c);
    this.row = r;
    this.col = c;
    if (!cell) return;
    cell.classList.add('focused');
    cell.parentElement!.classList.add('focus-row');
    if (!cell.id) cell.id = `cell-${r}-${c}`;
    this.element.setAttribute('aria-activedescendant', cell.id);
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
        this.moveTo(ctrl ? this.rows.length - 1 : this.row, ctrl ? this.col : last);
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

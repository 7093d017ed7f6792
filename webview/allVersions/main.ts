// Compare All Versions: every version of a model (or every unclaimed run) at once — a table, a
// parallel-coordinates chart, a scatter and each metric over the versions. Selecting versions
// (clicks, Space, or a brush on a parallel axis) and "Compare selected" opens the side-by-side
// panel. Runs in a VS Code webview and, unchanged, in `diff <model>@all --html`.
import type { AllVersionsData } from '../../src/core/allVersions';
import { VIEW_TABS, type AllVersionsFromWebview, type AllVersionsState, type AllVersionsToWebview, type ViewTab } from '../../src/core/allVersionsProtocol';
import { el } from '../dom';
import { axisColumns, drawParallel, drawScatter, drawTrend, metricColumns, scatterColumns, MAX_TRENDS, type ChartHost, type DrawnChart } from './charts';
import { VersionsTable } from './table';
import { onThemeChange, readTheme, type ChartTheme } from '../charts/theme';

interface VsCodeApi {
  postMessage(message: AllVersionsFromWebview): void;
  getState(): Partial<AllVersionsState> | undefined;
  setState(state: Partial<AllVersionsState>): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

const TAB_TITLE: Record<ViewTab, string> = { table: 'Table', parallel: 'Parallel coordinates', scatter: 'Scatter', trend: 'Metrics over versions', history: 'History' };
/** How an event of `gto history` reads in the History tab. */
const EVENT_WORDS: Record<string, string> = { registration: 'registered', deregistration: 'deregistered', assignment: 'assigned', unassignment: 'unassigned', deprecation: 'deprecated' };

class AllVersionsView {
  private data!: AllVersionsData;
  private theme!: ChartTheme;
  private tab: ViewTab = 'table';
  private readonly selected = new Set<number>();
  private sort: { column: number; descending: boolean } | undefined;
  private colorBy: string | undefined;
  private scatterX: string | undefined;
  private scatterY: string | undefined;
  private onlySelected = false;
  private table: VersionsTable | undefined;
  private charts: DrawnChart[] = [];
  private readonly live: HTMLElement;
  private readonly head: HTMLElement;
  private readonly content: HTMLElement;
  private readonly tabs = new Map<ViewTab, HTMLButtonElement>();
  private readonly summary: HTMLElement;
  private readonly selection: HTMLElement;
  private readonly compareButton: HTMLButtonElement;
  private readonly clearButton: HTMLButtonElement;
  private readonly registerButton: HTMLButtonElement;
  private readonly onlyButton: HTMLButtonElement;

  constructor(
    private readonly vscode: VsCodeApi | undefined,
    private readonly root: HTMLElement,
  ) {
    this.live = document.getElementById('live') ?? document.body.appendChild(el('div', { id: 'live', className: 'visually-hidden', 'aria-live': 'polite' }));
    this.summary = el('span', { className: 'summary', id: 'summary' });
    this.selection = el('span', { className: 'selection', id: 'selection', 'aria-live': 'polite' });
    this.compareButton = el('button', { type: 'button', id: 'compare', className: 'primary' }, ['Compare selected']) as HTMLButtonElement;
    this.clearButton = el('button', { type: 'button', id: 'clear-selection' }, ['Clear selection']) as HTMLButtonElement;
    this.registerButton = el('button', { type: 'button', id: 'register' }, ['Register as Model Version…']) as HTMLButtonElement;
    this.onlyButton = el('button', { type: 'button', id: 'only-selected', 'aria-pressed': 'false' }, ['Show selected only']) as HTMLButtonElement;
    this.compareButton.addEventListener('click', () => this.compare());
    this.clearButton.addEventListener('click', () => this.setSelection([]));
    this.registerButton.addEventListener('click', () => this.register());
    this.onlyButton.addEventListener('click', () => {
      this.onlySelected = !this.onlySelected;
      this.renderTab();
      this.updateToolbar();
    });
    const tablist = el('div', { className: 'tabs', role: 'tablist', 'aria-label': 'Views' });
    for (const t of VIEW_TABS) {
      const b = el('button', { type: 'button', role: 'tab', id: `tab-${t}`, 'aria-controls': 'view', 'aria-selected': 'false', tabIndex: -1 }, [TAB_TITLE[t]]) as HTMLButtonElement;
      b.addEventListener('click', () => this.showTab(t));
      b.addEventListener('keydown', (e) => this.onTabKey(e, t));
      this.tabs.set(t, b);
      tablist.append(b);
    }
    this.head = el('header', { className: 'sticky-head' }, [
      el('h1', { id: 'title' }),
      el('div', { className: 'toolbar', role: 'toolbar', 'aria-label': 'Selection' }, [this.summary, this.selection, this.compareButton, this.registerButton, this.onlyButton, this.clearButton]),
      tablist,
    ]);
    this.content = el('main', { id: 'view', role: 'tabpanel' });
    this.root.replaceChildren(this.head, this.content);
    // The table's sticky header sits under this one, wherever it wraps to.
    new ResizeObserver(() => document.documentElement.style.setProperty('--head-height', `${this.head.offsetHeight}px`)).observe(this.head);
    onThemeChange(() => {
      this.theme = readTheme();
      if (this.data && this.tab !== 'table') this.renderTab();
    });
    window.addEventListener('message', (e: MessageEvent) => this.onMessage(e.data));
  }

  show(data: AllVersionsData, saved: Partial<AllVersionsState>): void {
    // For `npm run bench:allversions`: from the data's arrival to the first frame drawn with it.
    performance.mark('allVersions:data');
    this.data = data;
    this.theme = readTheme();
    document.title = data.title;
    this.head.querySelector('#title')!.textContent = data.title;
    const byId = new Map(data.items.map((it, i) => [it.id, i]));
    this.selected.clear();
    for (const id of saved.selected ?? []) if (byId.has(id)) this.selected.add(byId.get(id)!);
    const sortCol = saved.sort ? data.columns.findIndex((c) => c.id === saved.sort!.column) : -1;
    this.sort = sortCol >= 0 ? { column: sortCol, descending: saved.sort!.descending } : undefined;
    this.colorBy = saved.colorBy;
    this.scatterX = saved.scatterX;
    this.scatterY = saved.scatterY;
    const changed = data.columns.filter((c) => c.changed).length;
    const noun = data.kind === 'runs' ? (data.items.length === 1 ? 'run' : 'runs') : data.items.length === 1 ? 'version' : 'versions';
    this.summary.textContent = `${data.items.length} ${noun} · ${data.columns.length} columns, ${changed} changed`;
    this.compareButton.hidden = !this.vscode || data.kind === 'runs';
    this.registerButton.hidden = !this.vscode || data.kind !== 'runs';
    this.onlyButton.hidden = data.kind !== 'runs';
    for (const [t, b] of this.tabs) b.hidden = !this.tabsShown().includes(t);
    this.showTab(saved.tab && this.tabsShown().includes(saved.tab) ? saved.tab : 'table', false);
    this.root.setAttribute('data-ready', 'true');
    this.root.removeAttribute('aria-busy');
    requestAnimationFrame(() =>
      setTimeout(() => {
        performance.mark('allVersions:interactive');
        this.root.setAttribute('data-painted', 'true');
      }),
    );
  }

  showError(message: string): void {
    this.content.replaceChildren(el('div', { className: 'error', role: 'alert' }, [message]));
    this.root.setAttribute('data-ready', 'error');
  }

  private onMessage(raw: unknown): void {
    const m = raw as AllVersionsToWebview;
    if (typeof m !== 'object' || m === null) return;
    if (m.type === 'data' && m.data && Array.isArray(m.data.items)) {
      this.vscode?.setState({ ...(this.vscode.getState() ?? {}), ...m.state });
      this.show(m.data, this.vscode?.getState() ?? {});
    } else if (m.type === 'error' && typeof m.message === 'string') this.showError(m.message);
  }

  private save(): void {
    if (!this.vscode) return;
    this.vscode.setState({
      ...(this.vscode.getState() ?? {}),
      tab: this.tab,
      colorBy: this.colorBy,
      scatterX: this.scatterX,
      scatterY: this.scatterY,
      selected: [...this.selected].map((i) => this.data.items[i]!.id),
      sort: this.sort ? { column: this.data.columns[this.sort.column]!.id, descending: this.sort.descending } : undefined,
    });
  }

  private showTab(tab: ViewTab, focus = true): void {
    this.tab = tab;
    for (const [t, b] of this.tabs) {
      b.setAttribute('aria-selected', String(t === tab));
      b.tabIndex = t === tab ? 0 : -1;
      b.classList.toggle('active', t === tab);
    }
    this.content.setAttribute('aria-labelledby', `tab-${tab}`);
    this.renderTab();
    this.updateToolbar();
    if (focus) this.tabs.get(tab)!.focus();
    this.save();
  }

  /** The tabs this view offers: runs have no registry history. */
  private tabsShown(): ViewTab[] {
    return VIEW_TABS.filter((t) => t !== 'history' || this.data?.kind === 'versions');
  }

  private onTabKey(e: KeyboardEvent, t: ViewTab): void {
    const tabs = this.tabsShown();
    const i = tabs.indexOf(t);
    const next = e.key === 'ArrowRight' ? tabs[(i + 1) % tabs.length] : e.key === 'ArrowLeft' ? tabs[(i + tabs.length - 1) % tabs.length] : e.key === 'Home' ? tabs[0] : e.key === 'End' ? tabs[tabs.length - 1] : undefined;
    if (!next) return;
    e.preventDefault();
    this.showTab(next);
  }

  /** The data the tabs show: every item, or (runs, "Show selected only") the selected ones. */
  private shown(): { data: AllVersionsData; toView: (i: number) => number; fromView: (i: number) => number } {
    if (!this.onlySelected || this.selected.size === 0) return { data: this.data, toView: (i) => i, fromView: (i) => i };
    const keep = [...this.selected].sort((a, b) => a - b);
    const data: AllVersionsData = { ...this.data, items: keep.map((i) => this.data.items[i]!), values: keep.map((i) => this.data.values[i]!) };
    return { data, toView: (i) => keep.indexOf(i), fromView: (i) => keep[i]! };
  }

  /** The model's registry events oldest first, one row each: what held which stage, and until when. */
  private history(): HTMLElement {
    const rows = this.data.history ?? [];
    if (rows.length === 0) return el('div', { className: 'empty' }, ['No registry events: this model has no GTO tags.']);
    const cell = (text: string, className = '') => el('td', className ? { className } : {}, [text]);
    return el('div', { className: 'table-wrap' }, [
      el('table', { className: 'history', 'aria-label': `${this.data.subject}: registry history, oldest first` }, [
        el('thead', {}, [el('tr', {}, ['Date', 'Event', 'Version', 'Stage', 'Author', 'Message', 'Tag'].map((h) => el('th', { scope: 'col' }, [h])))]),
        el(
          'tbody',
          {},
          rows.map((r) =>
            el('tr', { 'data-event': r.event }, [
              cell(r.timestamp.replace('T', ' ').slice(0, 19), 'date'),
              cell(EVENT_WORDS[r.event] ?? r.event, `event ${r.event}`),
              cell(r.version ?? '—'),
              cell(r.stage ?? '—'),
              cell(r.author, 'author'),
              cell(r.message, 'message'),
              cell(r.ref, 'tag'),
            ]),
          ),
        ),
      ]),
    ]);
  }

  private renderTab(): void {
    for (const c of this.charts) c.dispose();
    this.charts = [];
    this.table = undefined;
    const { data, toView, fromView } = this.shown();
    const selected = new Set([...this.selected].map(toView).filter((i) => i >= 0));
    const host: ChartHost = {
      data,
      theme: this.theme,
      selected,
      toggle: (i) => this.toggle(fromView(i)),
      select: (items) => this.setSelection(items.map(fromView), false),
      announce: (text) => this.announce(text),
    };
    const parts: HTMLElement[] = [];
    if (this.tab === 'history') {
      parts.push(this.history());
    } else if (data.items.length === 0) {
      parts.push(el('div', { className: 'empty' }, [this.data.kind === 'runs' ? 'No runs to show.' : 'This model has no registered versions yet.']));
    } else if (this.tab === 'table') {
      this.table = new VersionsTable({
        data,
        selected,
        toggle: (i) => this.toggle(fromView(i)),
        sort: this.sort,
        setSort: (s) => {
          this.sort = s;
          this.save();
          this.renderTab();
          this.table?.element.focus();
        },
        announce: (text) => this.announce(text),
      });
      parts.push(el('div', { className: 'table-wrap' }, [this.table.element]));
    } else if (this.tab === 'parallel') parts.push(...this.parallel(host));
    else if (this.tab === 'scatter') parts.push(...this.scatter(host));
    else parts.push(...this.trend(host));
    if (this.data.warnings.length) parts.push(el('details', { className: 'warnings' }, [el('summary', {}, [`${this.data.warnings.length} problem${this.data.warnings.length === 1 ? '' : 's'} reading the versions`]), ...this.data.warnings.map((w) => el('div', {}, [w]))]));
    this.content.replaceChildren(...parts);
    this.drawPending();
  }

  /** Charts are drawn once their boxes are in the page (ECharts measures them). */
  private pending: Array<() => DrawnChart> = [];
  /** Charts drawn when they scroll near the viewport (the metric charts): a dozen at once cost seconds on 1,000 versions. */
  private lazy: Array<{ box: HTMLElement; draw: () => DrawnChart }> = [];
  private observer: IntersectionObserver | undefined;

  private drawPending(): void {
    for (const draw of this.pending) this.charts.push(draw());
    this.pending = [];
    this.observer?.disconnect();
    if (!this.lazy.length) return;
    const waiting = new Map(this.lazy.map((l) => [l.box, l.draw]));
    this.lazy = [];
    this.observer = new IntersectionObserver(
      (entries) => {
        for (const e of entries) {
          const draw = e.isIntersecting ? waiting.get(e.target as HTMLElement) : undefined;
          if (!draw) continue;
          waiting.delete(e.target as HTMLElement);
          this.observer?.unobserve(e.target);
          this.charts.push(draw());
        }
      },
      { rootMargin: '200px' },
    );
    for (const box of waiting.keys()) this.observer.observe(box);
    // Printing draws them all.
    window.addEventListener('beforeprint', () => {
      for (const [box, draw] of waiting) if (box.isConnected) this.charts.push(draw());
      waiting.clear();
    }, { once: true });
  }

  private columnSelect(id: string, label: string, columns: number[], current: string | undefined, onChange: (colId: string) => void): { wrap: HTMLElement; value: number } {
    const select = el('select', { id }) as HTMLSelectElement;
    for (const c of columns) select.append(el('option', { value: this.data.columns[c]!.id }, [this.data.columns[c]!.key]));
    const found = columns.find((c) => this.data.columns[c]!.id === current);
    const value = found ?? columns[0]!;
    select.value = this.data.columns[value]!.id;
    select.addEventListener('change', () => onChange(select.value));
    return { wrap: el('label', { className: 'pick-column' }, [`${label} `, select]), value };
  }

  private parallel(host: ChartHost): HTMLElement[] {
    const axes = axisColumns(this.data);
    if (axes.length < 2) return [el('div', { className: 'empty' }, ['Fewer than two params or metrics to draw axes for.'])];
    const colourable = this.data.columns.map((c, i) => (c.numeric ? i : -1)).filter((i) => i >= 0);
    const metrics = colourable.filter((i) => this.data.columns[i]!.kind === 'metric');
    const ordered = [...metrics, ...colourable.filter((i) => !metrics.includes(i))];
    const color = ordered.length ? this.columnSelect('color-by', 'Colour by', ordered, this.colorBy, (v) => { this.colorBy = v; this.save(); this.renderTab(); }) : undefined;
    const box = el('div', { className: 'chart parallel-chart', id: 'parallel-chart', role: 'img', 'aria-label': `Parallel coordinates: ${axes.map((c) => this.data.columns[c]!.key).join(', ')}. Arrow keys read each version's values; Space selects it.` });
    this.pending.push(() => drawParallel(box, host, axes, color?.value));
    return [
      el('div', { className: 'chart-controls' }, [...(color ? [color.wrap] : []), el('span', { className: 'hint' }, ['Drag along an axis to select the versions in a range; click a line to select one.'])]),
      el('div', { className: 'readout', id: 'readout', 'aria-hidden': 'true' }, ['Arrow keys on the chart read each version\'s values here.']),
      box,
    ];
  }

  private scatter(host: ChartHost): HTMLElement[] {
    const { x, y } = scatterColumns(this.data);
    if (!x.length || !y.length) return [el('div', { className: 'empty' }, ['A scatter needs a param and a numeric metric.'])];
    const defaultX = x.find((c) => this.data.columns[c]!.changed && this.data.columns[c]!.kind === 'param');
    const xs = this.columnSelect('scatter-x', 'X', x, this.scatterX ?? (defaultX !== undefined ? this.data.columns[defaultX]!.id : undefined), (v) => { this.scatterX = v; this.save(); this.renderTab(); });
    const ys = this.columnSelect('scatter-y', 'Y', y, this.scatterY, (v) => { this.scatterY = v; this.save(); this.renderTab(); });
    const box = el('div', { className: 'chart scatter-chart', id: 'scatter-chart', role: 'img', 'aria-label': `${this.data.columns[ys.value]!.key} against ${this.data.columns[xs.value]!.key}. Arrow keys read each point; Space selects it.` });
    this.pending.push(() => drawScatter(box, host, xs.value, ys.value));
    return [el('div', { className: 'chart-controls' }, [xs.wrap, ys.wrap]), box];
  }

  private trend(host: ChartHost): HTMLElement[] {
    const metrics = metricColumns(this.data).slice(0, MAX_TRENDS);
    if (!metrics.length) return [el('div', { className: 'empty' }, ['No numeric metrics to draw.'])];
    const figures = metrics.map((c) => {
      const key = this.data.columns[c]!.key;
      const box = el('div', { className: 'chart trend-chart', role: 'img', 'aria-label': `${key} over the ${this.data.kind === 'runs' ? 'runs' : 'versions'}. Arrow keys read each value.` });
      this.lazy.push({ box, draw: () => drawTrend(box, host, c) });
      return el('figure', { className: 'trend', 'data-column': this.data.columns[c]!.id }, [el('figcaption', {}, [key]), box]);
    });
    const more = metricColumns(this.data).length - metrics.length;
    return [el('div', { className: 'trend-grid' }, figures), ...(more > 0 ? [el('p', { className: 'hint' }, [`${more} more metrics are in the table.`])] : [])];
  }

  private toggle(item: number): void {
    if (this.selected.has(item)) this.selected.delete(item);
    else this.selected.add(item);
    this.afterSelection(true);
  }

  private setSelection(items: number[], redraw = true): void {
    this.selected.clear();
    for (const i of items) this.selected.add(i);
    this.afterSelection(redraw);
  }

  private afterSelection(redraw: boolean): void {
    this.updateToolbar();
    this.save();
    // A brush keeps its chart as it is: redrawing would drop the brushed range.
    if (redraw) {
      const focused = document.activeElement;
      const wasTable = focused === this.table?.element;
      const chartIndex = this.charts.findIndex((c) => c.chart.getDom() === focused);
      this.renderTab();
      if (wasTable) this.table?.element.focus();
      else if (chartIndex >= 0) this.charts[chartIndex]?.chart.getDom().focus();
    }
  }

  private updateToolbar(): void {
    const n = this.selected.size;
    const labels = [...this.selected].sort((a, b) => a - b).map((i) => this.data.items[i]!.label);
    this.selection.textContent = n === 0 ? 'None selected' : `${n} selected: ${labels.slice(0, 6).join(', ')}${n > 6 ? `, +${n - 6} more` : ''}`;
    this.compareButton.disabled = n < 2;
    this.compareButton.title = n < 2 ? 'Select two or more versions to compare them side by side' : `Compare ${labels.join(', ')} side by side`;
    this.clearButton.disabled = n === 0;
    this.registerButton.disabled = n !== 1;
    this.registerButton.title = n === 1 ? `Tag the commit ${labels[0]} ran at as a version of a model` : 'Select one run to register it';
    this.onlyButton.disabled = n === 0 && !this.onlySelected;
    this.onlyButton.setAttribute('aria-pressed', String(this.onlySelected));
    this.onlyButton.textContent = this.onlySelected ? 'Show all' : 'Show selected only';
  }

  private compare(): void {
    const ids = [...this.selected].sort((a, b) => a - b).map((i) => this.data.items[i]!.operand).filter((o): o is string => !!o);
    if (ids.length >= 2) this.vscode?.postMessage({ type: 'compare', ids });
  }

  private register(): void {
    if (this.selected.size !== 1) return;
    this.vscode?.postMessage({ type: 'register', id: this.data.items[[...this.selected][0]!]!.id });
  }

  private announce(text: string): void {
    this.live.textContent = text;
    const readout = this.content.querySelector('#readout');
    if (readout) readout.textContent = text;
  }
}

function start(): void {
  const mount = document.getElementById('app')!;
  const embedded = document.getElementById('all-versions-data');
  if (embedded) {
    // diff <model>@all --html: the data is in the page; there is no host to talk to.
    const view = new AllVersionsView(undefined, mount);
    mount.classList.remove('static');
    view.show(JSON.parse(embedded.textContent ?? '{}') as AllVersionsData, {});
    return;
  }
  const vscode = typeof acquireVsCodeApi === 'function' ? acquireVsCodeApi() : undefined;
  new AllVersionsView(vscode, mount);
  vscode?.postMessage({ type: 'ready' });
}

start();

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { HOSTILE_CASES, caseBytes, type HostileCase } from '../fixtures/hostile/corpus';
import { makeRepo, type TestRepo } from './helpers/gitRepo';
import { cli, type Run } from './helpers/cli';
import { diffRecords, type VersionDiff } from '../../src/core/diff';
import { buildPanelData } from '../../src/core/diffTable';
import { renderMarkdown } from '../../src/core/render/markdown';
import { renderHtml } from '../../src/core/render/html';
import { emptyRecord, type VersionRecord } from '../../src/core/types';
import { parseStructured } from '../../src/core/structuredText';
import { readManifest } from '../../src/core/readers/manifest';
import { readDvcLock } from '../../src/core/readers/dvcLock';
import { readDvcFile } from '../../src/core/readers/dvcFile';
import { readDvcYaml } from '../../src/core/readers/dvcYaml';
import { parseLfsPointer } from '../../src/core/readers/lfsPointer';

const summary = (surface: string, cases: number, detail = '') => console.log(`hostile corpus: ${surface}: ${cases} cases${detail ? ` (${detail})` : ''}`);

/** Characters that must never reach a terminal raw: C0 but tab and newline, DEL, C1, bidi controls. */
// eslint-disable-next-line no-control-regex
const TERMINAL_UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

/** What a string becomes once written to a file or a git object: lone surrogates turn into U+FFFD. */
const stored = (s: string) => Buffer.from(s, 'utf8').toString('utf8');

/**
 * Two versions of a model whose every name and value is the case's string. A megabyte string is
 * a value only (`light`): in each of the twenty places it would make a 50 MB page per case.
 */
function hostileRecords(value: string, other: string, light = false): VersionRecord[] {
  const make = (version: string, v: string, n: number) => {
    const r = emptyRecord('evil', version, version === 'A' ? 'a'.repeat(40) : 'b'.repeat(40));
    r.hyperparameters.plain = v;
    if (light) return r;
    // defineProperty, as the readers do: `__proto__` is a key like any other.
    const put = (o: object, k: string, x: unknown) => Object.defineProperty(o, k, { value: x, enumerable: true, writable: true, configurable: true });
    put(r.hyperparameters, value, v);
    put(r.configs, value, { path: value, present: true, values: { [value]: v } });
    put(r.data, value, { path: value, hash: v, algorithm: 'unknown', source: 'manifest', sourceFile: value });
    put(r.metrics, value, n);
    r.labels = [value];
    r.description = value;
    r.code = { commit: r.commit, tag: value, tagMessage: value, message: value, author: value };
    return r;
  };
  return [make('A', value, 1), make('B', other, 2)];
}

const isLight = (c: HostileCase) => c.category === 'huge-string';

function hostileDiff(value: string, light = false, other = 'B-side'): { diff: VersionDiff; records: VersionRecord[] } {
  const records = hostileRecords(value, other, light);
  const labels = light ? ['A', 'B'] : [value, `${value} (2)`];
  const diff = diffRecords(records.map((record, i) => ({ label: labels[i]!, record })));
  return { diff, records };
}

/** True when the character at i is escaped by an odd run of backslashes before it. */
function escapedAt(s: string, i: number): boolean {
  let n = 0;
  for (let j = i - 1; j >= 0 && s[j] === '\\'; j--) n++;
  return n % 2 === 1;
}

function unescaped(s: string, chars: string): string[] {
  const found: string[] = [];
  const re = new RegExp(`[${chars.replace(/[\]\\^-]/g, '\\$&')}]`, 'g');
  for (const m of s.matchAll(re)) if (!escapedAt(s, m.index!)) found.push(`${m[0]}@${m.index}`);
  return found;
}

describe('hostile corpus: markdown (diff --markdown)', () => {
  it('renders every hostile string as plain text in an intact table', () => {
    let tables = 0;
    for (const c of HOSTILE_CASES) {
      const md = renderMarkdown(hostileDiff(c.value, isLight(c)).diff, { all: true });
      const lines = md.split('\n');
      for (const line of lines) {
        assert.ok(!TERMINAL_UNSAFE.test(line), `${c.id}: a raw control or bidi character`);
        // No raw HTML, no link, image, code span, or autolink syntax.
        assert.deepEqual(unescaped(line.replace(/^#{3,4} /, ''), '<>[]()!`'), [], `${c.id}: live markdown syntax in ${JSON.stringify(line.slice(0, 120))}`);
        assert.ok(!/(?<!\\)\b(https?|ftp|javascript|mailto):(?!\\)\/\//i.test(line) && !/(?<![\\\w])www\.(?=\w)/i.test(line), `${c.id}: an autolinked URL in ${JSON.stringify(line.slice(0, 120))}`);
      }
      // Every table row keeps the header's number of cells: no pipe or line break splits it.
      let columns = 0;
      for (const line of lines) {
        if (!line.startsWith('|')) {
          columns = 0;
          continue;
        }
        const cells = unescaped(line, '|').length;
        if (columns === 0) {
          columns = cells;
          tables++;
        } else assert.equal(cells, columns, `${c.id}: a row with ${cells} pipes under a header with ${columns}`);
      }
      assert.ok(lines.some((l) => /^\| [^]* \| (changed|added|removed) \|$/.test(l)), `${c.id}: the changed rows are missing`);
    }
    summary('renderMarkdown', HOSTILE_CASES.length, `${tables} tables checked`);
  });
});

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };
const decode = (s: string) => s.replace(/&(amp|lt|gt|quot|#39);/g, (m) => ENTITIES[m]!);

/** The page's tags with attribute values blanked: what a browser would build, minus the text. */
function skeleton(html: string): string[] {
  return [...html.matchAll(/<[^>]*>/g)].map((m) => m[0].replace(/"[^"]*"/g, '""'));
}

/** Text nodes and quoted attribute values, decoded. */
function texts(html: string): Set<string> {
  const out = new Set<string>();
  for (const t of html.split(/<[^>]*>/)) out.add(decode(t));
  for (const m of html.matchAll(/="([^"]*)"/g)) out.add(decode(m[1]!));
  return out;
}

/** The terminal-safe text the HTML shows; newlines, which the page shows as line breaks, stay. */
const shown = (s: string) => s.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`); // eslint-disable-line no-control-regex

describe('hostile corpus: HTML page (diff --html)', () => {
  const benignPage = (light: boolean) => skeleton(renderHtml(hostileDiff('benign', light).diff, { all: true, records: hostileRecords('benign', 'B-side', light) }));
  const benign = { full: benignPage(false), light: benignPage(true) };

  it('builds only its own elements and shows every hostile string escaped', () => {
    for (const c of HOSTILE_CASES) {
      const light = isLight(c);
      const { diff, records } = hostileDiff(c.value, light);
      const html = renderHtml(diff, { all: true, records });
      assert.deepEqual(skeleton(html), light ? benign.light : benign.full, `${c.id}: the page's elements differ from a benign page's`);
      const seen = texts(html);
      const expected = light ? [c.value] : [c.value, diff.rows[0]!.key, `${c.value} (2)`];
      for (const s of expected) assert.ok(seen.has(shown(s)), `${c.id}: ${JSON.stringify(s.slice(0, 60))} is not shown as text`);
      if (!light) assert.ok(html.includes(`<title>${decodeSafe(`${c.value} ↔ ${c.value} (2)`)}</title>`), `${c.id}: the title is not the escaped labels`);
    }
    summary('renderHtml (static)', HOSTILE_CASES.length, `${benign.full.length} elements each`);
  });

  it('embeds the panel data as JSON with no "<" that reads back to the same strings', () => {
    for (const c of HOSTILE_CASES) {
      const light = isLight(c);
      const { diff, records } = hostileDiff(c.value, light);
      const data = buildPanelData(diff, records);
      const html = renderHtml(diff, { all: true, records, panel: { data, scripts: ['void 0'], css: '' } });
      const m = /<script type="application\/json" id="panel-data">([^]*?)<\/script>/.exec(html);
      assert.ok(m, `${c.id}: no panel data`);
      assert.ok(!m[1]!.includes('<'), `${c.id}: the embedded JSON holds "<"`);
      assert.equal(html.match(/<script\b/g)!.length, 2, `${c.id}: an extra script element`);
      const back = JSON.parse(m[1]!) as { data: typeof data };
      assert.deepEqual(back.data.rows.map((r) => [r.key, r.values]), data.rows.map((r) => [r.key, r.values]), c.id);
      assert.ok(back.data.rows.some((r) => r.values[0] === c.value), `${c.id}: the value did not survive the round trip`);
      if (!light) {
        assert.equal(back.data.columns[0]!.label, c.value, c.id);
        assert.equal(back.data.columns[0]!.tagMessage, c.value.split('\n')[0], c.id);
      }
    }
    summary('renderHtml (panel JSON)', HOSTILE_CASES.length);
  });
});

function decodeSafe(s: string): string {
  return shown(s).replace(/[&<>"']/g, (ch) => Object.entries(ENTITIES).find(([, v]) => v === ch)![0]);
}

describe('hostile corpus: readers', () => {
  // No clock here: a loaded machine makes any wall-clock bound flaky. A reader that hangs trips the
  // test's timeout; how fast they are is `npm run bench` (bench/readers.ts).
  it('every reader returns on every hostile file, with a diagnostic when it cannot read it', { timeout: 120_000 }, () => {
    let runs = 0;
    for (const c of HOSTILE_CASES) {
      const text = caseBytes(c).toString('utf8');
      for (const name of ['model.yaml', 'params.json']) {
        const parsed = parseStructured(name, text);
        runs++;
        if (parsed.value === undefined && text.trim() !== '' && !/^\s*#/.test(text)) {
          assert.ok(parsed.diagnostics.some((d) => d.severity === 'error'), `${c.id} as ${name}: unreadable but no error`);
        }
        for (const d of parsed.diagnostics) assert.equal(typeof d.message, 'string');
        const manifest = readManifest(parsed.value, name);
        if (!manifest.manifest) assert.ok(manifest.diagnostics.length > 0, `${c.id}: no manifest and no diagnostic`);
        readDvcLock(parsed.value, 'dvc.lock', '');
        readDvcFile(parsed.value, 'data.csv.dvc');
        readDvcYaml(parsed.value, 'dvc.yaml', '');
        parseLfsPointer(text);
        assert.equal(({} as Record<string, unknown>).polluted, undefined, `${c.id}: Object.prototype was polluted`);
      }
    }
    summary('readers (parseStructured, readManifest, readDvcLock, readDvcFile, readDvcYaml, parseLfsPointer)', HOSTILE_CASES.length, `${runs} parses, each through 5 readers`);
  });

  it('an alias bomb, a self-referencing alias and 10,000 levels of nesting each become one error', () => {
    for (const id of ['yaml-bomb-1', 'yaml-bomb-2', 'yaml-bomb-3', 'yaml-bomb-5', 'yaml-bomb-6', 'yaml-bomb-7']) {
      const c = HOSTILE_CASES.find((x) => x.id === id)!;
      const parsed = parseStructured('model.yaml', c.value);
      assert.equal(parsed.value, undefined, id);
      assert.ok(parsed.diagnostics.some((d) => d.severity === 'error'), id);
    }
  });

  it('__proto__ and constructor keys stay plain keys of the manifest', () => {
    const parsed = parseStructured('model.yaml', HOSTILE_CASES.find((x) => x.id === 'prototype-keys-9')!.value);
    const r = readManifest(parsed.value, 'model.yaml');
    assert.deepEqual(Object.getPrototypeOf(r.manifest!.metrics), Object.prototype);
    assert.deepEqual(Object.keys(r.manifest!.metrics).sort(), ['__proto__', 'constructor']);
    assert.equal(r.manifest!.metrics.__proto__, 2);
  });
});

// ---- The CLI on a real repository whose files, keys, values, tag and commit messages are hostile.

const MB = 1024 * 1024;
const isHuge = (c: HostileCase) => c.value.length >= MB / 8;

/** A YAML double-quoted scalar for any string: JSON's escapes plus YAML's for what JSON leaves raw. */
function yamlQuote(s: string): string {
  return JSON.stringify(s).replace(/[\u007f-\u009f\u2028\u2029\ufeff\ud800-\udfff]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A case's string as a file name in a `names/` folder, when the file system can hold it. */
function fileNameOf(c: HostileCase): string | undefined {
  const v = c.value;
  // Manifests refuse backslashes and control characters in paths (a warning; see repoPath tests).
  if (isHuge(c) || v.includes('/') || v.includes('\\') || /[\0-\x1f\x7f]/.test(v) || v.includes('\0') || Buffer.byteLength(v) > 200 || v === '.' || v === '..' || /[\ud800-\udfff]/.test(v)) return undefined;
  return `names/${v}.json`;
}

describe('hostile corpus: CLI list, show and diff on a real repository', () => {
  let t: TestRepo;
  let tmp: string;
  const small = HOSTILE_CASES.filter((c) => !isHuge(c));
  const huge = HOSTILE_CASES.filter(isHuge);
  const named = HOSTILE_CASES.filter((c) => fileNameOf(c) !== undefined);
  // git keeps messages as given with --cleanup=verbatim, except that they cannot hold NUL.
  const messaged = small.filter((c) => !c.value.includes('\0'));
  const paramsOf = (side: 1 | 2) => {
    const o: Record<string, unknown> = {};
    for (const c of small) {
      o[`c-${c.id}`] = side === 1 ? c.value : 'v2';
      Object.defineProperty(o, c.value, { value: side, enumerable: true, writable: true, configurable: true });
    }
    return JSON.stringify(o);
  };
  const manifest = [
    'name: evil',
    'params: [params.json]',
    'configs:',
    ...huge.map((c) => `  - huge/${c.id}.json`),
    ...named.map((c) => `  - ${yamlQuote(fileNameOf(c)!)}`),
    'metrics: metrics.json',
    '',
  ].join('\n');
  const files = (side: 1 | 2) => {
    const f: Record<string, string | Buffer> = { 'model.yaml': manifest, 'params.json': paramsOf(side), 'metrics.json': JSON.stringify(Object.fromEntries(small.map((c, i) => [c.value, i * side]))) };
    for (const c of huge) f[`huge/${c.id}.json`] = JSON.stringify({ v: side === 1 ? c.value : 'v2' });
    for (const c of named) f[fileNameOf(c)!] = JSON.stringify({ v: side === 1 ? c.value : 'v2' });
    // Binary junk and invalid UTF-8 named like the files a reader looks for.
    for (const c of HOSTILE_CASES.filter((x) => x.bytes)) f[`junk/${c.id}/model.yaml`] = caseBytes(c);
    return f;
  };

  const messageFile = (s: string) => {
    const p = path.join(tmp, 'msg');
    writeFileSync(p, s);
    return p;
  };

  before(() => {
    tmp = mkdtempSync(path.join(tmpdir(), 'mv-hostile-msg-'));
    t = makeRepo('mv-hostile-');
    t.commit('v1', files(1));
    t.tag('evil@v1.0.0', { message: 'v1' });
    t.commit('v2', files(2));
    t.tag('evil@v2.0.0', { message: 'v2' });
    // One commit and one tag per case for the messages, on a model of its own.
    t.commit('notes', { 'notes/model.yaml': 'name: notes\n' });
    messaged.forEach((c, i) => {
      t.git('commit', '-q', '--allow-empty', '--cleanup=verbatim', '-F', messageFile(c.value));
      t.git('tag', '-a', '--cleanup=verbatim', '-F', messageFile(c.value), `notes@v0.${i}.0`);
    });
  });
  after(() => {
    t?.remove();
    rmSync(tmp, { recursive: true, force: true });
  });

  const assertTerminalSafe = (what: string, s: string) => {
    const m = TERMINAL_UNSAFE.exec(s);
    assert.ok(!m, `${what}: raw U+${m?.[0].charCodeAt(0).toString(16).padStart(4, '0')} at ${m?.index}: ${JSON.stringify(s.slice(Math.max(0, (m?.index ?? 0) - 40), (m?.index ?? 0) + 40))}`);
  };

  it('list shows the models with nothing raw, and list --json keeps every tag message', async () => {
    const text = await cli(t.dir, 'list');
    assert.equal(text.code, 0, text.err);
    assertTerminalSafe('list', text.out + text.err);
    assert.match(text.out, /^evil {2}latest v2\.0\.0/m);
    const json = await cli(t.dir, 'list', '--json');
    assert.equal(json.code, 0, json.err);
    const listing = JSON.parse(json.out) as { models: Array<{ name: string; versions: Array<{ version: string; message: string | null }> }> };
    const notes = listing.models.find((m) => m.name === 'notes')!;
    let exact = 0;
    messaged.forEach((c, i) => {
      const v = notes.versions.find((x) => x.version === `v0.${i}.0`)!;
      assert.ok(v, `${c.id}: version missing`);
      // The listing carries the subject: the message's first paragraph (git joins its lines).
      if (!/[\r\n]/.test(c.value) && c.value.trim() === c.value) {
        assert.equal(v.message, stored(c.value), c.id);
        exact++;
      }
    });
    summary('CLI list / list --json', messaged.length, `${exact} tag subjects compared exactly`);
  });

  it('show prints every tag and commit message with nothing raw, and show --json returns them exactly', async () => {
    const runs: Array<{ c: HostileCase; text: Run; json: Run }> = [];
    // A few at a time: each run starts its own git processes.
    for (let i = 0; i < messaged.length; i += 8) {
      runs.push(
        ...(await Promise.all(
          messaged.slice(i, i + 8).map(async (c, j) => ({ c, text: await cli(t.dir, 'show', `notes@v0.${i + j}.0`), json: await cli(t.dir, 'show', `notes@v0.${i + j}.0`, '--json') })),
        )),
      );
    }
    for (const { c, text, json } of runs) {
      assert.equal(text.code, 0, `${c.id}: ${text.err}`);
      assertTerminalSafe(`show ${c.id}`, text.out + text.err);
      const record = JSON.parse(json.out) as VersionRecord;
      // The object's last newline ends the message; it is not part of it.
      const expected = stored(c.value).replace(/\n$/, '');
      assert.equal(record.code.tagMessage?.replace(/\n$/, ''), expected, `${c.id}: tag message`);
      // git itself rewrites a commit message it does not take for UTF-8 (U+FFFE, U+FFFF) as Latin-1.
      if (!/[\ufffe\uffff]/.test(c.value)) assert.equal(record.code.message?.replace(/\n$/, ''), expected, `${c.id}: commit message`);
    }
    summary('CLI show / show --json (messages)', messaged.length * 2);
  });

  it('show evil@v1.0.0 prints one line per key with nothing raw, and --json returns every key and value exactly', async () => {
    const text = await cli(t.dir, 'show', 'evil@v1.0.0');
    assert.equal(text.code, 0, text.err);
    assertTerminalSafe('show evil', text.out + text.err);
    const json = await cli(t.dir, 'show', 'evil@v1.0.0', '--json');
    const record = JSON.parse(json.out) as VersionRecord & { configs: Record<string, { values: Record<string, unknown> | null }> };
    for (const c of small) {
      assert.equal(record.hyperparameters[`c-${c.id}`], c.value, `${c.id}: value`);
      assert.ok(Object.hasOwn(record.hyperparameters, c.value), `${c.id}: key`);
      assert.equal(record.hyperparameters[c.value], 1, `${c.id}: key's value`);
    }
    for (const c of huge) assert.equal(record.configs[`huge/${c.id}.json`]?.values?.v, c.value, `${c.id}: huge value`);
    for (const c of named) assert.equal(record.configs[fileNameOf(c)!]?.values?.v, c.value, `${c.id}: config named after it`);
    // One line per hyperparameter: no value's newline starts a line of its own.
    const section = text.out.split('\n\n').find((s) => s.startsWith('Hyperparameters\n'))!;
    assert.equal(section.split('\n').length - 1, Object.keys(record.hyperparameters).length, 'lines in the Hyperparameters section');
    summary('CLI show / show --json (keys, values, file names)', small.length * 2 + huge.length + named.length, `${small.length} keys, ${small.length} values, ${huge.length} values of 128 KB to 1 MB in their own files, ${named.length} file names`);
  });

  it('diff prints one line per change with nothing raw, and diff --json returns the values exactly', async () => {
    const text = await cli(t.dir, 'diff', 'evil@v1.0.0', 'evil@v2.0.0');
    assert.equal(text.code, 0, text.err);
    assertTerminalSafe('diff', text.out + text.err);
    const json = await cli(t.dir, 'diff', 'evil@v1.0.0', 'evil@v2.0.0', '--json');
    assert.equal(json.code, 0, json.err);
    const d = JSON.parse(json.out) as { changes: Array<{ section: string; key: string; values: unknown[]; status: string }> };
    const byKey = new Map(d.changes.map((ch) => [ch.key, ch]));
    for (const c of small) assert.deepEqual(byKey.get(`c-${c.id}`)?.values, [c.value, 'v2'], c.id);
    for (const c of huge) assert.deepEqual(byKey.get(`huge/${c.id}.json:v`)?.values, [c.value, 'v2'], c.id);
    for (const c of named) assert.deepEqual(byKey.get(`${fileNameOf(c)}:v`)?.values, [c.value, 'v2'], c.id);
    // Every line under a section title is one change: "  ~ key: a  →  b".
    const body = text.out.split('\n').slice(2);
    const changeLines = body.filter((l) => l !== '' && !/^(Hyperparameters|Configs|Data|Weights|Metrics)$/.test(l));
    for (const l of changeLines) assert.match(l.slice(0, 4), /^ {2}[~+-] $/, `a line that is not a change: ${JSON.stringify(l.slice(0, 80))}`);
    assert.equal(changeLines.length, d.changes.length, 'one line per change');
    summary('CLI diff / diff --json', small.length + huge.length + named.length, `${d.changes.length} changed rows`);
  });

  it('diff --markdown and --html of the hostile versions stay inert', async () => {
    const md = await cli(t.dir, 'diff', 'evil@v1.0.0', 'evil@v2.0.0', '--markdown');
    assert.equal(md.code, 0, md.err);
    for (const line of md.out.split('\n').filter((l) => !/^\d+ changed, /.test(l))) assert.deepEqual(unescaped(line.replace(/^#{3,4} /, ''), '<>[]()!`'), [], JSON.stringify(line.slice(0, 80)));
    const html = await cli(t.dir, 'diff', 'evil@v1.0.0', 'evil@v2.0.0', '--html');
    assert.equal(html.code, 0, html.err);
    // The panel's own script and stylesheet are code, not markup; what they contain is not elements.
    // The static charts are ECharts' SVG: its own elements, with no script, handler or style in any tag.
    const svgs = html.out.match(/<svg\b[^]*?<\/svg>/g) ?? [];
    assert.ok(svgs.length > 0, 'the metric charts are drawn');
    for (const svg of svgs) {
      assert.doesNotMatch(svg, /<script|<style|<foreignObject|<img|<image|<a\b/i);
      for (const tag of svg.match(/<[a-zA-Z][^>]*>/g) ?? []) assert.doesNotMatch(tag, /\son[a-z]+\s*=|\sstyle=|href=/i, tag);
    }
    const markup = html.out.replace(/(<(script|style|svg)\b[^>]*>)[^]*?<\/\2>/g, '$1</$2>');
    const tags = new Set(skeleton(markup).map((s) => /^<\/?([a-zA-Z0-9!]+)/.exec(s)?.[1]?.toLowerCase()));
    const own = ['!doctype', 'html', 'head', 'meta', 'title', 'style', 'body', 'div', 'h1', 'h2', 'p', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'code', 'script', 'section', 'figure', 'figcaption', 'span', 'svg'];
    for (const tag of tags) assert.ok(own.includes(tag!), `an element the page does not make: ${tag}`);
  });
});

// The two page builders: the extension's webview shell and the CLI's standalone page. Both must
// keep the CSP strict (nothing by default, scripts only by nonce, never unsafe-*) and put the
// nonce on every script they write, so that no page can run a script it did not ship.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadingBody, webviewPageHtml } from '../../src/extension/webviewPage';
import { standalonePage } from '../../src/core/render/page';

function cspOf(html: string): string {
  const m = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html);
  assert.ok(m, 'the page has a CSP meta element');
  return m[1]!;
}

function scriptTags(html: string): string[] {
  return html.match(/<script\b[^>]*>/g) ?? [];
}

test('webview page: default-src none, every script by nonce from the extension, styles from its origin', () => {
  const html = webviewPageHtml('https://file+.vscode-resource.vscode-cdn.net', 'n0nce', {
    scripts: ['https://x/dist/charts.js', 'https://x/dist/allVersions.js'],
    styles: ['https://x/media/allVersions.css'],
    body: '<div id="app"></div>',
  });
  const csp = cspOf(html);
  assert.match(csp, /^default-src 'none';/);
  assert.match(csp, /script-src 'nonce-n0nce';/);
  assert.match(csp, /style-src https:\/\/file\+\.vscode-resource\.vscode-cdn\.net;/);
  assert.doesNotMatch(csp, /unsafe-/);
  const tags = scriptTags(html);
  assert.deepEqual(tags, ['<script nonce="n0nce" src="https://x/dist/charts.js">', '<script nonce="n0nce" src="https://x/dist/allVersions.js">'], 'charts.js first, each with the nonce');
  assert.match(html, /<link rel="stylesheet" href="https:\/\/x\/media\/allVersions\.css">/);
});

test('webview page: a title and a loading text from a model name stay text', () => {
  const hostile = `</title><script>alert(1)</script>&"'`;
  const html = webviewPageHtml('https://x', 'n0nce', { scripts: [], styles: [], body: loadingBody(hostile), title: hostile });
  assert.deepEqual(scriptTags(html), [], 'no script from the text');
  const escaped = '&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;&amp;&quot;&#39;';
  assert.ok(html.includes(`<title>${escaped}</title>`), html);
  assert.ok(html.includes(`<div class="empty">${escaped}</div>`), html);
});

test('standalone page: nonce on its style and every inline script; no script-src at all without scripts', () => {
  const hostile = '</title><script>alert(1)</script>';
  const html = standalonePage({ title: hostile, css: ['body{}'], body: '<p>x</p>', data: { id: 'd', value: { s: '</script><script>alert(2)</script>' } }, scripts: ['var a=1', 'var b="</script>"'] }, 'abc');
  const csp = cspOf(html);
  assert.equal(csp, "default-src 'none'; style-src 'nonce-abc'; script-src 'nonce-abc'; img-src 'none'; form-action 'none'; base-uri 'none'");
  // Every executable script carries the nonce; the data block is JSON that cannot close its element.
  const tags = scriptTags(html);
  assert.deepEqual(tags, ['<script type="application/json" id="d">', '<script nonce="abc">', '<script nonce="abc">']);
  assert.doesNotMatch(html, /<script>alert/);
  assert.match(html, /<title>&lt;\/title&gt;&lt;script&gt;alert\(1\)&lt;\/script&gt;<\/title>/);
  assert.match(html, /<style nonce="abc">/);

  const still = standalonePage({ title: 't', css: [], body: '', dataImages: true }, 'xyz');
  assert.equal(cspOf(still), "default-src 'none'; style-src 'nonce-xyz'; img-src data:; form-action 'none'; base-uri 'none'");
  assert.deepEqual(scriptTags(still), []);
});

// The one shell of the CLI's standalone pages (`diff --html`, `diff <model>@all --html`): no
// external request, a Content-Security-Policy that allows only this page's nonce'd style and
// scripts, VS Code's theme variables (light and dark) so that the views' stylesheets and charts
// read outside VS Code, every text escaped.

import { safeMultiline } from './format';

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ESC[c]!);
}

/** JSON that is safe inside a <script> element: nothing in it can close the element. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

export interface StandalonePage {
  /** Plain text: made safe and escaped here. */
  title: string;
  /** Stylesheets after the theme variables, in order. */
  css: readonly string[];
  /** The body's markup (escaped by the caller). */
  body: string;
  bodyClass?: string;
  /** Data for the scripts, as `<script type="application/json" id=…>` (never executed). */
  data?: { id: string; value: unknown };
  /** Inline scripts in load order, each with the nonce; none: the page allows no script at all. */
  scripts?: readonly string[];
  /** Images from data: URIs (the diff's image plots); otherwise none. */
  dataImages?: boolean;
}

/** The CSP of a standalone page: the nonce for style and (when there are scripts) scripts, nothing else. */
export function standaloneCsp(nonce: string, scripts: boolean, dataImages: boolean): string {
  return `default-src 'none'; style-src 'nonce-${nonce}'; ${scripts ? `script-src 'nonce-${nonce}'; ` : ''}img-src ${dataImages ? 'data:' : "'none'"}; form-action 'none'; base-uri 'none'`;
}

export function standalonePage(page: StandalonePage, nonce = newNonce()): string {
  const scripts = page.scripts ?? [];
  // A bundle never contains "</script", but a build that did must not end the element early.
  const inline = scripts.map((s) => `<script nonce="${nonce}">${s.replace(/<\/script/gi, '<\\/script')}</script>`);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${standaloneCsp(nonce, scripts.length > 0, page.dataImages ?? false)}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(safeMultiline(page.title))}</title>
<style nonce="${nonce}">${THEME_VARIABLES}${page.css.join('\n')}</style>
</head>
<body${page.bodyClass ? ` class="${escapeHtml(page.bodyClass)}"` : ''}>
${page.body}
${page.data ? `<script type="application/json" id="${escapeHtml(page.data.id)}">${jsonForScript(page.data.value)}</script>\n` : ''}${inline.join('\n')}
</body>
</html>
`;
}

function newNonce(): string {
  // Required here, not at the top: every CLI command would load crypto at start for a page.
  return (require('node:crypto') as typeof import('node:crypto')).randomBytes(16).toString('base64');
}

/** VS Code's theme variables for the views' stylesheets and charts outside VS Code: light and dark. */
const THEME_VARIABLES = `
:root { color-scheme: light dark; --vscode-font-family: system-ui, -apple-system, "Segoe UI", sans-serif; --vscode-font-size: 13px; --vscode-editor-font-family: ui-monospace, SFMono-Regular, Menlo, monospace; --vscode-editor-font-size: 13px;
  --vscode-foreground: #1f2328; --vscode-editor-background: #ffffff; --vscode-descriptionForeground: #59636e; --vscode-disabledForeground: #8c959f; --vscode-panel-border: #d1d9e0; --vscode-editorGroup-border: #eaeef2;
  --vscode-diffEditor-insertedTextBackground: rgba(46, 160, 67, 0.18); --vscode-diffEditor-removedTextBackground: rgba(248, 81, 73, 0.16); --vscode-diffEditor-insertedLineBackground: rgba(46, 160, 67, 0.12); --vscode-diffEditor-removedLineBackground: rgba(248, 81, 73, 0.1);
  --vscode-badge-background: #ddf4ff; --vscode-badge-foreground: #0969da; --vscode-list-hoverBackground: #f6f8fa; --vscode-list-inactiveSelectionBackground: #eaeef2; --vscode-list-activeSelectionBackground: #ddf4ff; --vscode-list-activeSelectionForeground: #1f2328; --vscode-sideBarSectionHeader-background: #f6f8fa;
  --vscode-charts-blue: #0969da; --vscode-charts-green: #1a7f37; --vscode-charts-red: #cf222e; --vscode-charts-yellow: #9a6700; --vscode-charts-orange: #bc4c00; --vscode-charts-purple: #8250df;
  --vscode-input-background: #ffffff; --vscode-input-foreground: #1f2328; --vscode-input-border: #d1d9e0; --vscode-focusBorder: #0969da; --vscode-textLink-foreground: #0969da;
  --vscode-button-background: #0969da; --vscode-button-foreground: #ffffff; --vscode-button-secondaryBackground: #eaeef2; --vscode-button-secondaryForeground: #1f2328; --vscode-button-secondaryHoverBackground: #d1d9e0; --vscode-errorForeground: #cf222e; }
@media (prefers-color-scheme: dark) { :root { --vscode-foreground: #e6edf3; --vscode-editor-background: #0d1117; --vscode-descriptionForeground: #9198a1; --vscode-disabledForeground: #6e7681; --vscode-panel-border: #3d444d; --vscode-editorGroup-border: #21262d;
  --vscode-badge-background: #1f6feb; --vscode-badge-foreground: #ffffff; --vscode-list-hoverBackground: #161b22; --vscode-list-inactiveSelectionBackground: #21262d; --vscode-list-activeSelectionBackground: #1f6feb55; --vscode-list-activeSelectionForeground: #e6edf3; --vscode-sideBarSectionHeader-background: #161b22;
  --vscode-charts-blue: #4493f8; --vscode-charts-green: #3fb950; --vscode-charts-red: #f85149; --vscode-charts-yellow: #d29922; --vscode-charts-orange: #db6d28; --vscode-charts-purple: #ab7df8;
  --vscode-input-background: #0d1117; --vscode-input-foreground: #e6edf3; --vscode-input-border: #3d444d; --vscode-focusBorder: #4493f8; --vscode-textLink-foreground: #4493f8;
  --vscode-button-secondaryBackground: #21262d; --vscode-button-secondaryForeground: #e6edf3; --vscode-button-secondaryHoverBackground: #30363d; --vscode-errorForeground: #f85149; } }
`;

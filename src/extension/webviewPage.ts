// The one page shell of the extension's webviews (the diff panel, Compare All Versions): a
// `default-src 'none'` CSP, scripts only by this page's nonce, styles, images and fonts only from
// the extension's own webview origin. Type-only 'vscode' import: the builder is tested in node.
import * as crypto from 'node:crypto';
import type * as vscode from 'vscode';
import { escapeHtml } from '../core/render/page';

export interface WebviewPageParts {
  /** Loaded in this order, each with the nonce (dist/charts.js before the view's own). */
  scripts: readonly vscode.Uri[];
  styles: readonly vscode.Uri[];
  /** Markup of the body before the scripts; every text in it escaped by the caller (escapeHtml). */
  body: string;
  title?: string;
}

/** The Content-Security-Policy of a webview page. */
export function webviewCsp(cspSource: string, nonce: string): string {
  return `default-src 'none'; style-src ${cspSource}; script-src 'nonce-${nonce}'; img-src ${cspSource} data:; font-src ${cspSource};`;
}

/** A page's markup from resolved webview URIs (strings) and a nonce: the pure part of webviewPage. */
export function webviewPageHtml(cspSource: string, nonce: string, parts: { scripts: readonly string[]; styles: readonly string[]; body: string; title?: string }): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${webviewCsp(cspSource, nonce)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
${parts.styles.map((s) => `<link rel="stylesheet" href="${escapeHtml(s)}">`).join('\n')}
<title>${escapeHtml(parts.title ?? 'Model Versions')}</title>
</head>
<body>
${parts.body}
${parts.scripts.map((s) => `<script nonce="${nonce}" src="${escapeHtml(s)}"></script>`).join('\n')}
</body>
</html>`;
}

/** The page of `webview`, with a fresh nonce. */
export function webviewPage(webview: vscode.Webview, parts: WebviewPageParts): string {
  const nonce = crypto.randomBytes(16).toString('base64');
  const uri = (u: vscode.Uri) => webview.asWebviewUri(u).toString();
  return webviewPageHtml(webview.cspSource, nonce, { scripts: parts.scripts.map(uri), styles: parts.styles.map(uri), body: parts.body, title: parts.title });
}

/**
 * The body both views start with: a busy app saying `text` until their script draws it, and
 * the live region their script announces through.
 */
export function loadingBody(text: string): string {
  return `<div id="app" aria-busy="true"><div class="empty">${escapeHtml(text)}</div></div>
<div id="live" class="visually-hidden" aria-live="polite"></div>`;
}

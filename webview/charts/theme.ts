// Chart colours from VS Code's theme variables, so that light, dark and high-contrast themes all
// read: ECharts draws with concrete colours, so the --vscode-* variables are read when a chart is
// drawn and again when the theme changes. The one theme reader of both views; the CLI's static
// page passes PRINT_THEME.

import type { ChartTheme } from '../../src/core/render/chartTheme';

export type { ChartTheme };

/** The palette when no theme variable is set: VS Code's own chart colours (dark+ / light+ agree). */
const FALLBACK_SERIES = ['#3794ff', '#b180d7', '#89d185', '#f14c4c', '#cca700', '#d18616'];

/** The chart theme of the page's current VS Code theme. */
export function readTheme(root: HTMLElement = document.body): ChartTheme {
  const css = getComputedStyle(root);
  const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  const highContrast = root.classList.contains('vscode-high-contrast') || root.classList.contains('vscode-high-contrast-light');
  const series = [
    v('--vscode-charts-blue', FALLBACK_SERIES[0]!),
    v('--vscode-charts-purple', FALLBACK_SERIES[1]!),
    v('--vscode-charts-green', FALLBACK_SERIES[2]!),
    v('--vscode-charts-red', FALLBACK_SERIES[3]!),
    v('--vscode-charts-yellow', FALLBACK_SERIES[4]!),
    v('--vscode-charts-orange', FALLBACK_SERIES[5]!),
  ];
  const foreground = v('--vscode-foreground', '#cccccc');
  return {
    foreground,
    muted: v('--vscode-descriptionForeground', foreground),
    grid: highContrast ? v('--vscode-contrastBorder', '#6fc3df') : v('--vscode-editorGroup-border', v('--vscode-panel-border', '#444444')),
    axis: v('--vscode-panel-border', v('--vscode-contrastBorder', '#808080')),
    border: v('--vscode-panel-border', v('--vscode-widget-border', '#80808059')),
    background: v('--vscode-editorWidget-background', v('--vscode-editor-background', '#1e1e1e')),
    focus: v('--vscode-focusBorder', series[0]!),
    selected: v('--vscode-charts-orange', v('--vscode-focusBorder', FALLBACK_SERIES[5]!)),
    series,
    ramp: [series[0]!, series[2]!, series[4]!, series[3]!],
    fontFamily: v('--vscode-font-family', 'system-ui, sans-serif'),
    fontSize: Number.parseFloat(v('--vscode-font-size', '12')) || 12,
    highContrast,
  };
}

/**
 * Calls `onChange` when the theme changes: VS Code rewrites the body's class in place; the CLI's
 * page follows the system's light or dark scheme.
 */
export function onThemeChange(onChange: () => void): void {
  let last = document.body.className;
  new MutationObserver(() => {
    if (document.body.className === last) return;
    last = document.body.className;
    onChange();
  }).observe(document.body, { attributes: true, attributeFilter: ['class'] });
  window.matchMedia?.('(prefers-color-scheme: dark)').addEventListener('change', onChange);
}

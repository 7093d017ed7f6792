// Chart colours from VS Code's theme variables, so that light, dark and high-contrast themes all
// read; the CLI's static page passes fixed ones. Shared by every chart of the extension.

export interface ChartTheme {
  foreground: string;
  muted: string;
  grid: string;
  axis: string;
  background: string;
  /** One colour per series (version), in order. */
  series: string[];
  fontFamily: string;
  fontSize: number;
  /** High contrast: thicker lines and bigger markers, no faint grid. */
  highContrast: boolean;
}

/** The palette when no theme variable is set: VS Code's own chart colours (dark+ / light+ agree). */
const FALLBACK_SERIES = ['#3794ff', '#b180d7', '#89d185', '#f14c4c', '#cca700', '#d18616'];

/** The chart theme of the page's current VS Code theme (read again when the theme changes). */
export function themeFromCss(root: HTMLElement = document.body): ChartTheme {
  const css = getComputedStyle(root);
  const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  const highContrast = root.classList.contains('vscode-high-contrast') || root.classList.contains('vscode-high-contrast-light');
  return {
    foreground: v('--vscode-foreground', '#cccccc'),
    muted: v('--vscode-descriptionForeground', '#999999'),
    grid: highContrast ? v('--vscode-contrastBorder', '#6fc3df') : v('--vscode-editorGroup-border', v('--vscode-panel-border', '#444444')),
    axis: v('--vscode-panel-border', v('--vscode-contrastBorder', '#808080')),
    background: v('--vscode-editorWidget-background', v('--vscode-editor-background', '#1e1e1e')),
    series: [
      v('--vscode-charts-blue', FALLBACK_SERIES[0]!),
      v('--vscode-charts-purple', FALLBACK_SERIES[1]!),
      v('--vscode-charts-green', FALLBACK_SERIES[2]!),
      v('--vscode-charts-red', FALLBACK_SERIES[3]!),
      v('--vscode-charts-yellow', FALLBACK_SERIES[4]!),
      v('--vscode-charts-orange', FALLBACK_SERIES[5]!),
    ],
    fontFamily: v('--vscode-font-family', 'system-ui, sans-serif'),
    fontSize: Number.parseFloat(v('--vscode-font-size', '12')) || 12,
    highContrast,
  };
}

/** The printed page's theme: dark text on white paper. */
export const PRINT_THEME: ChartTheme = {
  foreground: '#1f2328',
  muted: '#59636e',
  grid: '#eaeef2',
  axis: '#8c959f',
  background: '#ffffff',
  series: ['#0969da', '#8250df', '#1a7f37', '#cf222e', '#9a6700', '#bc4c00'],
  fontFamily: 'system-ui, -apple-system, "Segoe UI", sans-serif',
  fontSize: 12,
  highContrast: false,
};

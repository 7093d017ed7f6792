// The workbench theme's colours for the charts: ECharts draws with concrete colours, so the
// --vscode-* variables are read when a chart is drawn and again when the theme changes.

export interface ChartTheme {
  foreground: string;
  muted: string;
  border: string;
  background: string;
  focus: string;
  font: string;
  /** The lines and points, and the low → high ramp of the colour scale. */
  series: string[];
  ramp: string[];
  selected: string;
}

function cssVar(style: CSSStyleDeclaration, name: string, fallback: string): string {
  return style.getPropertyValue(name).trim() || fallback;
}

export function readTheme(): ChartTheme {
  const style = getComputedStyle(document.documentElement);
  const v = (name: string, fallback: string) => cssVar(style, name, fallback);
  const foreground = v('--vscode-foreground', '#333333');
  const blue = v('--vscode-charts-blue', '#3794ff');
  const red = v('--vscode-charts-red', '#f14c4c');
  const yellow = v('--vscode-charts-yellow', '#cca700');
  const green = v('--vscode-charts-green', '#89d185');
  const purple = v('--vscode-charts-purple', '#b180d7');
  return {
    foreground,
    muted: v('--vscode-descriptionForeground', foreground),
    border: v('--vscode-panel-border', v('--vscode-widget-border', '#80808059')),
    background: v('--vscode-editor-background', '#ffffff'),
    focus: v('--vscode-focusBorder', blue),
    font: v('--vscode-font-family', 'sans-serif'),
    series: [blue, purple, green, red, yellow],
    ramp: [blue, green, yellow, red],
    selected: v('--vscode-charts-orange', v('--vscode-focusBorder', '#d18616')),
  };
}

/** Calls `onChange` when VS Code switches theme (it rewrites the body's class and the html's style). */
export function onThemeChange(onChange: () => void): void {
  let last = document.body.className;
  const observer = new MutationObserver(() => {
    if (document.body.className === last) return;
    last = document.body.className;
    onChange();
  });
  observer.observe(document.body, { attributes: true, attributeFilter: ['class'] });
}

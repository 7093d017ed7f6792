// The colours and font a chart is drawn with: ECharts takes concrete colours, not CSS variables.
// The webviews read them from VS Code's theme (webview/charts/theme.ts); the CLI's static page
// draws with PRINT_THEME.

export interface ChartTheme {
  foreground: string;
  muted: string;
  /** Split lines of the panel's charts. */
  grid: string;
  axis: string;
  /** Faint lines and tooltip borders of the all-versions charts. */
  border: string;
  background: string;
  focus: string;
  /** A selected version's marker. */
  selected: string;
  /** One colour per series (version), in order. */
  series: string[];
  /** Low → high of a colour scale. */
  ramp: string[];
  fontFamily: string;
  fontSize: number;
  /** High contrast: thicker lines and bigger markers, no faint grid. */
  highContrast: boolean;
}

/** The printed page's theme: dark text on white paper. */
export const PRINT_THEME: ChartTheme = {
  foreground: '#1f2328',
  muted: '#59636e',
  grid: '#eaeef2',
  axis: '#8c959f',
  border: '#d1d9e0',
  background: '#ffffff',
  focus: '#0969da',
  selected: '#bc4c00',
  series: ['#0969da', '#8250df', '#1a7f37', '#cf222e', '#9a6700', '#bc4c00'],
  ramp: ['#0969da', '#1a7f37', '#9a6700', '#cf222e'],
  // No double quote: ECharts' SVG writes the family into a double-quoted attribute unescaped.
  fontFamily: "system-ui, -apple-system, 'Segoe UI', sans-serif",
  fontSize: 12,
  highContrast: false,
};

// Charts drawn on the server: the same ECharts options the webviews use, rendered by ECharts
// itself to an SVG string (its server-side rendering, no DOM), for the CLI's static pages. The
// SVG goes inline into a page whose CSP allows no inline style: ECharts' `style="font-…"`
// attributes become SVG presentation attributes and its hover `<style>` element is dropped, so
// every label keeps its font and stays text. echarts is required only when a chart is drawn: the
// CLI keeps it external (installed beside it), and no other command pays for loading it.

export interface SvgSize {
  width: number;
  height: number;
}

type EChartsModule = typeof import('echarts');

let echarts: EChartsModule | undefined;

/** The chart of `option` as an SVG string, or undefined when ECharts cannot draw it here. */
export function renderChartSvg(option: Record<string, unknown>, size: SvgSize): string | undefined {
  let chart: ReturnType<EChartsModule['init']> | undefined;
  try {
    echarts ??= require('echarts') as EChartsModule;
    chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: size.width, height: size.height });
    chart.setOption({ ...option, animation: false });
    return inertSvg(chart.renderToSVGString());
  } catch {
    // No echarts beside the CLI, or an option it cannot draw: the page keeps its tables, which
    // hold every value; a chart is never worth a failed page.
    return undefined;
  } finally {
    chart?.dispose();
  }
}

/** The style properties ECharts writes that SVG also takes as attributes. */
const PRESENTATION = new Set(['font-size', 'font-family', 'font-weight', 'font-style', 'font-variant', 'opacity', 'fill', 'fill-opacity', 'stroke', 'stroke-opacity', 'stroke-width']);

/**
 * An SVG string from ECharts made safe to inline under a strict CSP: no `<style>` element, no
 * `style` attribute (each property kept as a presentation attribute), no event-handler attribute
 * and no `<script>` (ECharts writes neither; a later version that did must not reach the page).
 */
export function inertSvg(svg: string): string {
  return (
    svg
      .replace(/<style\b[^>]*>[\s\S]*?<\/style>/gi, '')
      .replace(/<script\b[\s\S]*?(<\/script>|$)/gi, '')
      // Tags only: a label's text is escaped (`&lt;`), so text content never matches here and
      // keeps every character, "onerror=" included.
      .replace(/<[a-zA-Z][^>]*>/g, (tag) =>
        tag
          .replace(/\sstyle="([^"]*)"/g, (_, css: string) =>
            css
              .split(';')
              .map((decl) => {
                const at = decl.indexOf(':');
                const name = decl.slice(0, at).trim().toLowerCase();
                // The value came out of a double-quoted attribute: it is already escaped for one.
                return at > 0 && PRESENTATION.has(name) ? ` ${name}="${decl.slice(at + 1).trim()}"` : '';
              })
              .join(''),
          )
          .replace(/\son[a-z]+\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)/gi, '')
          .replace(/\secmeta_[a-z_]+="[^"]*"/g, ''),
      )
  );
}

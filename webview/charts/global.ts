// dist/charts.js: the shared ECharts setup, published on one global for the views' bundles.
import * as lib from './lib';

(globalThis as Record<string, unknown>)[lib.CHARTS_GLOBAL] = lib;

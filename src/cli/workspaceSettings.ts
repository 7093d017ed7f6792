// The metric directions a workspace set for the extension (`.vscode/settings.json`), so that
// `diff --html` calls better and worse what the panel of the same repository does.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { MetricDirections } from '../core/compare';

/** `modelVersions.metrics.lowerIsBetter` / `higherIsBetter` of the repository's workspace settings. */
export function workspaceMetricDirections(root: string): MetricDirections {
  let text: string;
  try {
    text = readFileSync(path.join(root, '.vscode', 'settings.json'), 'utf8');
  } catch {
    return {};
  }
  let settings: unknown;
  try {
    settings = JSON.parse(stripJsonComments(text));
  } catch {
    return {};
  }
  if (typeof settings !== 'object' || settings === null) return {};
  const list = (key: string) => {
    const v = Object.hasOwn(settings as object, key) ? (settings as Record<string, unknown>)[key] : undefined;
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : undefined;
  };
  const lower = list('modelVersions.metrics.lowerIsBetter');
  const higher = list('modelVersions.metrics.higherIsBetter');
  return { ...(lower ? { lowerIsBetter: lower } : {}), ...(higher ? { higherIsBetter: higher } : {}) };
}

/** VS Code's settings are JSON with comments and trailing commas. */
function stripJsonComments(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') {
      const start = i;
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
      out += text.slice(start, i + 1);
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      out += '\n';
    } else if (c === '/' && text[i + 1] === '*') {
      i = text.indexOf('*/', i + 2);
      if (i < 0) break;
      i++;
    } else out += c;
  }
  return out.replace(/,(\s*[}\]])/g, '$1');
}

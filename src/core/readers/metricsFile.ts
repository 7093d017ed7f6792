// Metrics files (JSON or YAML): every finite number inside, by dotted key path.
import { flatten } from '../flatten';

/** Numeric leaves of a parsed metrics file; non-numeric values are skipped. */
export function readMetrics(value: unknown): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of flatten(value)) {
    if (typeof v === 'number') out[k] = v;
    else if (typeof v === 'bigint') out[k] = Number(v);
  }
  return out;
}

// Reads one file of an MLflow, W&B or Hugging Face folder as text, turning every way it can fail
// (missing, too large, a folder, a link out of the repository, binary junk) into a diagnostic.
import { MAX_READ_BYTES, outsideMessage, type FileSource } from '../fileSource';
import type { Diagnostic } from '../types';

/** More replacement characters than this means the bytes were not UTF-8 text to begin with. */
const MAX_REPLACEMENTS = 8;

/** The text of `path`, or undefined with a diagnostic; a missing file is silent unless `required`. */
export async function readSourceText(source: FileSource, path: string, diagnostics: Diagnostic[], required = false): Promise<string | undefined> {
  const r = await source.read(path, MAX_READ_BYTES);
  const warn = (message: string) => diagnostics.push({ severity: 'warning', file: path, message });
  switch (r.kind) {
    case 'file':
      if (!isText(r.text)) {
        warn(`${path} is not a text file; it is not read`);
        return undefined;
      }
      return r.text;
    case 'missing':
      if (required) warn(`${path} is missing`);
      return undefined;
    case 'too-large':
      warn(`${path} is ${r.size} bytes, more than the ${MAX_READ_BYTES} read; it is not read`);
      return undefined;
    case 'not-a-file':
      warn(`${path} is not a file; it is not read`);
      return undefined;
    case 'outside':
      warn(outsideMessage(path));
      return undefined;
    case 'unreadable':
      warn(`${path} could not be read (${r.reason}); it is skipped`);
      return undefined;
  }
}

/** False for binary content: NUL bytes, or many bytes that were not UTF-8. */
export function isText(text: string): boolean {
  if (text.includes('\0')) return false;
  let bad = 0;
  for (let i = text.indexOf('\uFFFD'); i >= 0; i = text.indexOf('\uFFFD', i + 1)) if (++bad > MAX_REPLACEMENTS) return false;
  return true;
}

/** Sets a key that may be `__proto__` or `constructor` as a plain own property. */
export function setOwn<T>(target: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Runs `fn` over `items` with at most `limit` promises pending, keeping the order of results. */
export async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

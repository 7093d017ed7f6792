// Buffer's own decoders, without toString's checks of its arguments: a third of the time of
// decoding 100,000 short names, and more on a CLI run's first pass, before V8 has compiled
// toString's checks. toString where a runtime lacks them.

export type Slicer = (b: Buffer, s: number, e: number) => string;

const own = Buffer.prototype as unknown as Record<string, unknown>;
type Sliced<K extends string> = Record<K, (s: number, e: number) => string>;

export const utf8Slice: Slicer = typeof own.utf8Slice === 'function' ? (b, s, e) => (b as unknown as Sliced<'utf8Slice'>).utf8Slice(s, e) : (b, s, e) => b.toString('utf8', s, e);
export const latin1Slice: Slicer = typeof own.latin1Slice === 'function' ? (b, s, e) => (b as unknown as Sliced<'latin1Slice'>).latin1Slice(s, e) : (b, s, e) => b.toString('latin1', s, e);
export const hexSlice: Slicer = typeof own.hexSlice === 'function' ? (b, s, e) => (b as unknown as Sliced<'hexSlice'>).hexSlice(s, e) : (b, s, e) => b.toString('hex', s, e);

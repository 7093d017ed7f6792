// A JSON Schema validator for exactly the keywords schemas/model.schema.json uses (type,
// properties, additionalProperties, required, items, anyOf, $ref into $defs, pattern, minimum),
// so tests can check the schema against the manifest reader without a new dependency.
// Any other keyword throws, so the schema cannot quietly outgrow what the tests check.

type Schema = Record<string, unknown>;

const KNOWN = new Set([
  '$schema', '$id', 'title', 'description', '$defs',
  'type', 'properties', 'additionalProperties', 'required', 'items', 'anyOf', '$ref', 'pattern', 'minimum',
]);

function typeOk(type: string, v: unknown): boolean {
  switch (type) {
    case 'null': return v === null;
    case 'string': return typeof v === 'string';
    case 'number': return typeof v === 'number';
    case 'integer': return typeof v === 'number' && Number.isInteger(v);
    case 'boolean': return typeof v === 'boolean';
    case 'array': return Array.isArray(v);
    case 'object': return typeof v === 'object' && v !== null && !Array.isArray(v);
    default: throw new Error(`unknown type ${type}`);
  }
}

/** True when `value` is valid against `schema` (resolving `$ref`s against `root`). */
export function validates(schema: Schema, value: unknown, root: Schema = schema): boolean {
  for (const k of Object.keys(schema)) if (!KNOWN.has(k)) throw new Error(`keyword ${k} is not supported by the test validator`);
  if (typeof schema.$ref === 'string') {
    const m = /^#\/\$defs\/(.+)$/.exec(schema.$ref);
    if (!m) throw new Error(`unsupported $ref ${schema.$ref}`);
    const target = (root.$defs as Record<string, Schema>)[m[1]!];
    if (!target || !validates(target, value, root)) return false;
  }
  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string];
    if (!types.some((t) => typeOk(t, value))) return false;
  }
  if (Array.isArray(schema.anyOf) && !(schema.anyOf as Schema[]).some((s) => validates(s, value, root))) return false;
  if (typeof value === 'string' && typeof schema.pattern === 'string' && !new RegExp(schema.pattern, 'u').test(value)) return false;
  if (typeof value === 'number' && typeof schema.minimum === 'number' && !(value >= schema.minimum)) return false;
  if (Array.isArray(value) && schema.items !== undefined && !value.every((item) => validates(schema.items as Schema, item, root))) return false;
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const obj = value as Record<string, unknown>;
    const props = (schema.properties ?? {}) as Record<string, Schema>;
    for (const r of (schema.required ?? []) as string[]) if (!Object.hasOwn(obj, r)) return false;
    for (const [k, v] of Object.entries(obj)) {
      if (Object.hasOwn(props, k)) {
        if (!validates(props[k]!, v, root)) return false;
      } else if (schema.additionalProperties === false) {
        return false;
      } else if (typeof schema.additionalProperties === 'object' && !validates(schema.additionalProperties as Schema, v, root)) {
        return false;
      }
    }
  }
  return true;
}

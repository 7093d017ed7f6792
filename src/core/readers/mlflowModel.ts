// MLflow `MLmodel` files: the YAML at the root of a saved model folder (mlflow/models/model.py).
import type { FileSource } from '../fileSource';
import { isMap, parseJson, parseYaml } from '../structuredText';
import type { Diagnostic, Nested } from '../types';
import { readSourceText, setOwn } from './sourceText';

export interface MlflowSignature {
  /** The parsed column or tensor specs; MLflow stores each as a JSON string inside the YAML. */
  inputs?: unknown;
  outputs?: unknown;
  params?: unknown;
}

export interface MlflowModel {
  /** Repository-relative path of the MLmodel file. */
  path: string;
  /** Flavor name → its settings (`sklearn` → `{ sklearn_version, pickled_model, … }`). */
  flavors: Record<string, Nested>;
  mlflowVersion?: string;
  modelUuid?: string;
  /** As written: `2024-05-01 12:00:00.123456` (UTC, no zone). */
  createdAt?: string;
  runId?: string;
  artifactPath?: string;
  signature?: MlflowSignature;
  diagnostics: Diagnostic[];
}

/** Reads the text of an MLmodel file at `path`. */
export function readMlmodel(path: string, text: string): MlflowModel {
  const parsed = parseYaml(path, text);
  const out: MlflowModel = { path, flavors: {}, diagnostics: [...parsed.diagnostics] };
  const warn = (message: string) => out.diagnostics.push({ severity: 'warning', file: path, message: `${path}: ${message}` });
  const value = parsed.value;
  if (!isMap(value)) {
    if (parsed.diagnostics.length === 0) warn('is not a map of model settings');
    return out;
  }
  if (isMap(value.flavors)) {
    for (const [name, settings] of Object.entries(value.flavors)) {
      if (isMap(settings)) setOwn(out.flavors, name, settings);
      else if (settings === null) setOwn(out.flavors, name, {});
      else warn(`flavor '${name}' is not a map`);
    }
  } else if (value.flavors !== undefined) warn("'flavors' is not a map");
  else warn("has no 'flavors'");
  const text_ = (key: string): string | undefined => {
    const v = value[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v === 'string' || typeof v === 'number') return String(v);
    // yaml reads an unquoted timestamp as a string already (core schema); anything else is odd.
    warn(`'${key}' is not text`);
    return undefined;
  };
  out.mlflowVersion = text_('mlflow_version');
  out.modelUuid = text_('model_uuid');
  out.createdAt = text_('utc_time_created');
  out.runId = text_('run_id');
  out.artifactPath = text_('artifact_path');
  if (value.signature !== undefined && value.signature !== null) {
    if (!isMap(value.signature)) warn("'signature' is not a map");
    else {
      const signature: MlflowSignature = {};
      for (const key of ['inputs', 'outputs', 'params'] as const) {
        const raw = value.signature[key];
        if (raw === undefined || raw === null) continue;
        if (typeof raw !== 'string') {
          // Hand-written files sometimes give the spec as YAML instead of a JSON string.
          signature[key] = raw;
          continue;
        }
        const spec = parseJson(`${path} signature.${key}`, raw);
        if (spec.diagnostics.length) warn(`signature ${key} is not valid JSON: ${spec.diagnostics[0]!.message.replace(/^.*?: /, '')}`);
        else signature[key] = spec.value;
      }
      out.signature = signature;
    }
  }
  for (const key of ['mlflow_version', 'model_uuid', 'utc_time_created'] as const) {
    if (value[key] === undefined) out.diagnostics.push({ severity: 'info', file: path, message: `${path}: has no '${key}'` });
  }
  return out;
}

/** Reads `<folder>/MLmodel` from a version; undefined when the folder holds none. */
export async function readMlmodelAt(source: FileSource, folder: string): Promise<MlflowModel | undefined> {
  const path = folder ? `${folder}/MLmodel` : 'MLmodel';
  const diagnostics: Diagnostic[] = [];
  const text = await readSourceText(source, path, diagnostics);
  if (text === undefined) return diagnostics.length ? { path, flavors: {}, diagnostics } : undefined;
  return readMlmodel(path, text);
}

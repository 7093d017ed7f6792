// What every CLI command gets: the repository, the model store and the output streams.
import { ModelStore } from '../core/modelStore';
import type { TagConventions } from '../core/tagGrammar';
import { GitRepository } from '../git/repository';
import { EarlyTagRead } from '../git/refs';
import { LocalStorage } from '../git/dvcStorage';
import { messageWithoutFile, type Diagnostic } from '../core/types';
import { safeText } from '../core/render/format';

export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** True when a person reads stdout (a terminal): JSON is indented then, compact for programs. */
  interactive?: boolean;
}

/** JSON for stdout: indented for a terminal, one line for a pipe (like `gh --json`). */
export function toJson(io: Io, value: unknown, replacer?: (key: string, value: unknown) => unknown): string {
  return JSON.stringify(value, replacer, io.interactive ? 2 : undefined) + '\n';
}

export interface CliContext {
  repo: GitRepository;
  store: ModelStore;
  io: Io;
  /** The tag read started with the context; cancelled when the command ends, used or not. */
  earlyTagRead?: EarlyTagRead;
}

/** `readsAllTags`: the command lists every tag (list), so git starts on them while the repository is opened. */
export async function openContext(folder: string, io: Io, conventions?: TagConventions, { readsAllTags = false } = {}): Promise<CliContext> {
  const config = {
    gitPath: process.env.MODEL_VERSIONS_GIT || 'git',
    log: process.env.MODEL_VERSIONS_DEBUG ? (line: string) => io.err(`[git] ${line}\n`) : undefined,
  };
  const early = readsAllTags ? new EarlyTagRead(folder, config) : undefined;
  let repo: GitRepository;
  try {
    repo = await GitRepository.open(folder, config);
  } catch (e) {
    early?.cancel();
    throw e;
  }
  early?.adopt(repo.root);
  // list needs only names: manifests are validated where a version is read (show, diff).
  const store = new ModelStore(repo, { conventions, namesOnly: true, storage: new LocalStorage(repo.root), dvc: dvcOptions() });
  return { repo, store, io, earlyTagRead: early };
}

/** MODEL_VERSIONS_HTTP_TIMEOUT_MS bounds each request to an HTTP DVC remote (CI on a slow link). */
function dvcOptions(): { httpTimeoutMs?: number } {
  const ms = Number(process.env.MODEL_VERSIONS_HTTP_TIMEOUT_MS);
  return Number.isFinite(ms) && ms > 0 ? { httpTimeoutMs: ms } : {};
}

/** Warnings go to stderr, one line each, so stdout stays machine-readable. */
export function reportDiagnostics(io: Io, diagnostics: readonly Diagnostic[], { includeInfo = false, version }: { includeInfo?: boolean; version?: string } = {}): void {
  const seen = new Set<string>();
  // With several versions on one screen, each line says which version's file it is about.
  const where = version ? `${version}: ` : '';
  for (const d of diagnostics) {
    if (d.severity === 'info' && !includeInfo) continue;
    const line = `${d.severity === 'error' ? 'error' : d.severity === 'warning' ? 'warning' : 'note'}: ${safeText(where + locate(d))}`;
    if (seen.has(line)) continue;
    seen.add(line);
    io.err(line + '\n');
  }
}

/** `file:line: message`, without repeating a file name the message already starts with. */
export function locate(d: Diagnostic): string {
  if (!d.file) return d.message;
  const loc = d.line ? `${d.file}:${d.line}` : d.file;
  const bare = messageWithoutFile(d);
  if (bare !== d.message) return `${loc}: ${bare}`;
  if (d.message.startsWith(d.file)) return d.message;
  return `${loc}: ${d.message}`;
}

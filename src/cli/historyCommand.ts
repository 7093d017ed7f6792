// `history` and `check-ref`, and `--at`: the registry's past, read from the tags' own dates.
import { checkRef, checkRefJson, checkRefText, pythonJson } from '../core/gtoJson';
import { buildGtoState } from '../core/gtoState';
import { history, historyRow, historyTable, HISTORY_COLUMNS } from '../core/history';
import { ModelStore } from '../core/modelStore';
import { AtDateError, backendAt, parseAtDate } from '../core/registryAt';
import { safeText } from '../core/render/format';
import type { TagConventions } from '../core/tagGrammar';
import { gitRepoReader } from '../git/tagDetails';
import { UsageError } from './args';
import type { CliContext } from './context';
import { isoDate } from './listCommand';

export async function historyCommand(ctx: CliContext, model: string | undefined, opts: { json: boolean; ascending: boolean }): Promise<number> {
  const state = buildGtoState(await gitRepoReader(ctx.repo).readTagDetails());
  const events = history(state, { artifact: model, ascending: opts.ascending });
  if (opts.json) {
    // What `gto history --json` prints, byte for byte.
    ctx.io.out(pythonJson(events.map(historyRow)) + '\n');
    return 0;
  }
  if (!events.length) {
    ctx.io.out('Nothing found in the current workspace\n');
    return 0;
  }
  ctx.io.out(table([...HISTORY_COLUMNS], historyTable(events).map((row) => row.map(safeText))));
  return 0;
}

/** Left-aligned columns two spaces apart, a header first. */
function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(header), ...rows.map(line)].join('\n') + '\n';
}

export type CheckRefField = 'name' | 'version' | 'stage' | 'event';

/** `check-ref <tag>`: what a (pushed) tag did, for CI: nothing for a tag that is not GTO's. */
export async function checkRefCommand(ctx: CliContext, ref: string, opts: { json: boolean; field?: CheckRefField }): Promise<number> {
  const state = buildGtoState(await gitRepoReader(ctx.repo).readTagDetails());
  const events = checkRef(state, ref);
  if (events.length > 1) throw new UsageError('Checking refs that created 1+ events is not supported');
  const e = events[0];
  if (!e) return 0;
  if (opts.json) ctx.io.out(pythonJson(checkRefJson(e)) + '\n');
  else if (opts.field === 'name') ctx.io.out(`${safeText(e.artifact)}\n`);
  else if (opts.field === 'version') ctx.io.out(e.version !== undefined ? `${safeText(e.version)}\n` : '');
  else if (opts.field === 'stage') ctx.io.out(e.stage !== undefined ? `${safeText(e.stage)}\n` : '');
  else if (opts.field === 'event') ctx.io.out(`${e.kind}\n`);
  else ctx.io.out(`${safeText(checkRefText(e))}\n`);
  return 0;
}

/** `--at`: a context whose store sees only the tags made by then (MLflow's registry has no past here, so it is left out). */
export function contextAt(ctx: CliContext, at: string, conventions: TagConventions): { ctx: CliContext; at: number } {
  let seconds: number;
  try {
    seconds = parseAtDate(at);
  } catch (e) {
    if (e instanceof AtDateError) throw new UsageError(e.message);
    throw e;
  }
  const store = new ModelStore(backendAt(ctx.repo, seconds), { conventions, namesOnly: true, runStores: false });
  ctx.io.err(`note: the registry as it stood at ${isoDate(seconds)}\n`);
  return { ctx: { ...ctx, store }, at: seconds };
}

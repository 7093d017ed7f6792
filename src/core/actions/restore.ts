// Restore Model Files Only: the model's files as a version has them, HEAD unmoved. Git restores
// what Git holds; the DVC outputs and LFS files follow from the cache; a file other models share
// (dvc.lock, dvc.yaml, params.yaml) is restored per entry, or not at all, with the reason.
import type { CheckoutPort } from '../checkoutPort';
import { applyPlacement, planPlacement } from '../dvcWorkspace';
import { pullMessages } from './pullObjects';
import { modelFiles } from '../modelFiles';
import { filesMessages, filesWithPull, refuseBlocked, type FilesOutcome, type Progress } from './checkout';
import type { VersionContent } from './versionContent';
import { planShared, sharedPaths, type SharedPlan } from './sharedRestore';
import type { WorkingState } from '../checkoutPort';

export interface RestoreRequest {
  commit: string;
  label: string;
  signal?: AbortSignal;
  /** First pull the DVC objects the local cache lacks from the project's folder or HTTP(S) remote. */
  pull?: boolean;
}

export interface RestoreOutcome {
  /** Paths git restored. */
  restored: string[];
  files: FilesOutcome;
  /** The shared files (dvc.lock, dvc.yaml, params.yaml): the entries written, or why none. */
  shared: SharedPlan[];
  messages: string[];
}

/** Restores the model's files of a version; refuses before anything changes. */
export async function restoreModelFiles(port: CheckoutPort, req: RestoreRequest, content: VersionContent, progress?: Progress): Promise<RestoreOutcome> {
  const { signal } = req;
  const paths = modelFiles(content.record, content.definition);
  const ctx = { workspace: port.workspace, signal, onBytes: (n: number) => progress?.bytes(n) };
  // Shared files are checked like the others (uncommitted changes stop the restore), then written per entry.
  // Asked first: a refusal must not come after minutes of pulling.
  const present = await port.checkRestore(req.commit, paths, signal);
  const { files, pull } = await filesWithPull(ctx, content, req.pull, req.label, progress);
  const outside = files.files.length + files.missing.length > 0;
  const shared = sharedPaths(present, content);
  const gitPaths = present.filter((p) => !shared.includes(p));
  const sharedPlans = await planShared(shared, content);
  const writes: Array<{ plan: SharedPlan; expected: WorkingState }> = [];
  for (const plan of sharedPlans) if (plan.text !== undefined) writes.push({ plan, expected: await port.workspace.stat(plan.path) });
  progress?.phase('hashing');
  const plan = await planPlacement(ctx, files);
  refuseBlocked(plan, `Restoring the files of ${req.label}`);
  progress?.phase('git');
  await port.restore(req.commit, gitPaths, signal);
  for (const w of writes) await port.workspace.writeText(w.plan.path, w.plan.text!, w.expected);
  progress?.phase('placing');
  const report = await applyPlacement(ctx, plan);
  const fileLines = [...(pull ? pullMessages(pull, req.label) : []), ...(outside ? filesMessages(plan, report, req.label) : [])];
  const sharedLines = sharedPlans.map((s) =>
    s.text !== undefined
      ? `${s.path}: restored ${s.changed.join(', ')} of ${content.record.model}; its other entries are as they were`
      : `${s.path}: not restored: ${s.reason}`,
  );
  const restored = [...gitPaths, ...writes.map((w) => w.plan.path)].sort();
  return { restored, files: { plan, report, pull, messages: fileLines }, shared: sharedPlans, messages: [...sharedLines, ...fileLines] };
}

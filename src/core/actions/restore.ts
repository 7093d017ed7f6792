// Restore Model Files Only: the model's files as a version has them, HEAD unmoved. Git restores
// what Git holds; the DVC outputs and LFS files follow from the cache; a file other models share
// (dvc.lock, dvc.yaml, params.yaml) is restored per entry, or not at all, with the reason.
import type { CheckoutPort } from '../checkoutPort';
import { applyPlacement, planPlacement, versionFiles } from '../dvcWorkspace';
import { modelFiles } from '../modelFiles';
import { filesMessages, refuseBlocked, type FilesOutcome, type Progress } from './checkout';
import type { VersionContent } from './versionContent';

export interface RestoreRequest {
  commit: string;
  label: string;
  signal?: AbortSignal;
}

export interface RestoreOutcome {
  /** Paths git restored. */
  restored: string[];
  files: FilesOutcome;
  messages: string[];
}

/** Restores the model's files of a version; refuses before anything changes. */
export async function restoreModelFiles(port: CheckoutPort, req: RestoreRequest, content: VersionContent, progress?: Progress): Promise<RestoreOutcome> {
  const { signal } = req;
  const paths = modelFiles(content.record, content.definition);
  const files = await versionFiles(content.record, content.source, content.outputs, port.workspace);
  const outside = files.files.length + files.missing.length > 0;
  const present = await port.checkRestore(req.commit, paths, signal);
  const ctx = { workspace: port.workspace, signal, onBytes: (n: number) => progress?.bytes(n) };
  progress?.phase('hashing');
  const plan = await planPlacement(ctx, files);
  refuseBlocked(plan, `Restoring the files of ${req.label}`);
  progress?.phase('git');
  await port.restore(req.commit, present, signal);
  progress?.phase('placing');
  const report = await applyPlacement(ctx, plan);
  const fileLines = outside ? filesMessages(plan, report, req.label) : [];
  return { restored: present, files: { plan, report, messages: fileLines }, messages: fileLines };
}

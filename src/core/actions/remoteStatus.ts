// The use case behind `list --remote` and the tree's remote marks: this repository's registry
// tags against one remote's, from one ls-remote.
import { compareTags, type RemoteComparison } from '../remoteState';
import { faultMessage, RemoteError, type RemotePort } from '../remotePort';
import { DEFAULT_CONVENTIONS, type TagConventions } from '../tagGrammar';
import type { TagRef } from '../types';

/**
 * The remote to talk to: the one named (it must be configured), else the current branch's
 * upstream remote, else origin. RemoteError('no-remote') when there is none: nothing is offered.
 */
export async function chooseRemote(port: RemotePort, named: string | undefined, signal?: AbortSignal): Promise<string> {
  if (named !== undefined) {
    const remotes = await port.remotes(signal);
    if (!remotes.includes(named)) throw new RemoteError('unknown-remote', faultMessage('unknown-remote', named, remotes.join(', ')), named);
    return named;
  }
  const remote = await port.defaultRemote(signal);
  if (!remote) throw new RemoteError('no-remote', faultMessage('no-remote', ''));
  return remote;
}

export interface RemoteStatus {
  comparison: RemoteComparison;
  /** The local tags the comparison was made with (read once, for the listing too). */
  localTags: TagRef[];
}

/** Compares the local registry tags with the remote's; a RemoteError when the remote cannot say. */
export async function readRemoteStatus(
  port: RemotePort,
  opts: { remote?: string; conventions?: TagConventions } = {},
  signal?: AbortSignal,
): Promise<RemoteStatus> {
  const remote = await chooseRemote(port, opts.remote, signal);
  const [localTags, remoteTags, lastSeen] = await Promise.all([port.localTags(signal), port.remoteTags(remote, signal), port.lastSeen(remote, signal)]);
  return { comparison: compareTags(remote, localTags, remoteTags, lastSeen, opts.conventions ?? DEFAULT_CONVENTIONS), localTags };
}

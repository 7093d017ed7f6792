// Tags and commits with what GTO's history and JSON print of them: the tagger's e-mail and time
// zone, whole messages. Read only by the commands that print them (history, check-ref, --gto):
// the listing keeps its lighter read in refs.ts.
import type { CommitDetail, RepoReader, TagDetail } from '../core/ports';
import type { GitRepository } from './repository';

const FIELDS = [
  '%(refname)',
  '%(objecttype)',
  '%(objectname)',
  '%(*objecttype)',
  '%(*objectname)',
  '%(taggerdate:raw)',
  '%(creatordate:raw)',
  '%(taggername)',
  '%(taggeremail)',
  '%(contents)',
];
// NUL after each field: messages hold anything but NUL.
const FORMAT = FIELDS.map((f) => `${f}%00`).join('');

/** `1767603600 +0100` → seconds and minutes east of UTC. */
export function parseRawDate(raw: string): { date: number; tzMinutes: number } | undefined {
  const m = /^(-?\d+) ([+-])(\d\d)(\d\d)$/.exec(raw.trim());
  if (!m) return undefined;
  const minutes = Number(m[3]) * 60 + Number(m[4]);
  return { date: Number(m[1]), tzMinutes: m[2] === '-' ? -minutes : minutes };
}

export function parseTagDetails(stdout: string): TagDetail[] {
  const parts = stdout.split('\0');
  const out: TagDetail[] = [];
  for (let i = 0; i + FIELDS.length <= parts.length; i += FIELDS.length) {
    const refname = parts[i]!.replace(/^\n/, '');
    if (!refname.startsWith('refs/tags/')) continue;
    const annotated = parts[i + 1] === 'tag';
    const date = parseRawDate(parts[i + 5]!) ?? parseRawDate(parts[i + 6]!);
    const message = parts[i + 9]!;
    out.push({
      name: refname.slice('refs/tags/'.length),
      annotated,
      tagObject: annotated ? parts[i + 2]! : null,
      targetType: annotated ? parts[i + 3]! : parts[i + 1]!,
      target: annotated ? parts[i + 4]! : parts[i + 2]!,
      date: date?.date ?? null,
      tzMinutes: date?.tzMinutes ?? 0,
      tagger: parts[i + 7]!,
      taggerEmail: parts[i + 8]!.replace(/^<|>$/g, ''),
      subject: message.split('\n')[0] ?? '',
      message: annotated ? message : '',
    });
  }
  return out;
}

const COMMIT_FORMAT = ['%H', '%cd', '%an', '%ae', '%cn', '%ce', '%B'].join('%x00') + '%x00';

export function parseCommitDetails(stdout: string): CommitDetail[] {
  const parts = stdout.split('\0');
  const out: CommitDetail[] = [];
  for (let i = 0; i + 7 <= parts.length; i += 7) {
    const date = parseRawDate(parts[i + 1]!);
    out.push({
      commit: parts[i]!.replace(/^\n/, ''),
      date: date?.date ?? 0,
      tzMinutes: date?.tzMinutes ?? 0,
      author: parts[i + 2]!,
      authorEmail: parts[i + 3]!,
      committer: parts[i + 4]!,
      committerEmail: parts[i + 5]!,
      message: parts[i + 6]!,
    });
  }
  return out;
}

/** The RepoReader of a repository. */
export function gitRepoReader(repo: GitRepository): RepoReader {
  return {
    async readTagDetails(signal) {
      const r = await repo.run(['for-each-ref', `--format=${FORMAT}`, 'refs/tags'], signal);
      return parseTagDetails(r.stdout);
    },
    async commitDetails(commits, signal) {
      const wanted = commits.filter((c) => /^[0-9a-f]{40,64}$/.test(c));
      if (!wanted.length) return [];
      // Commit ids on stdin: nothing the user typed becomes an argument.
      const r = await repo.run(['log', '--no-walk=unsorted', '--stdin', '--date=raw', `--format=${COMMIT_FORMAT}`], signal, { input: wanted.join('\n') + '\n' });
      return parseCommitDetails(r.stdout);
    },
  };
}

// Runs the CLI in-process, capturing what it writes, for tests of its output and exit codes.
import * as path from 'node:path';
import { main } from '../../../src/cli/main';

/** The built executable, for tests that need a process of its own (signals, pipes). */
export const CLI_MAIN = path.join(__dirname, '..', '..', '..', 'src', 'cli', 'main.js');

export interface Run {
  code: number;
  out: string;
  err: string;
}

export async function cli(cwd: string, ...args: string[]): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (s) => out.push(s), err: (s) => err.push(s) }, cwd);
  return { code, out: out.join(''), err: err.join('') };
}

/** stderr as lines, for "one line per problem" checks. */
export function lines(s: string): string[] {
  return s.split('\n').filter(Boolean);
}

// A small argument parser: flags with values, booleans, positionals; unknown flags are errors.

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export interface ParsedArgs {
  positionals: string[];
  flags: Map<string, string | true>;
}

/**
 * `spec` maps each flag (without dashes) to whether it takes a value; 'optional': a value given
 * with `=` or as the next argument unless that one starts with '-' (`list --remote --json`).
 * `aliases` maps short names.
 */
export function parseArgs(argv: readonly string[], spec: Record<string, boolean | 'optional'>, aliases: Record<string, string> = {}): ParsedArgs {
  const positionals: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (arg.startsWith('-') && arg !== '-') {
      const eq = arg.indexOf('=');
      let name = arg.replace(/^--?/, '');
      let value: string | undefined;
      if (eq > 0) {
        name = arg.slice(0, eq).replace(/^--?/, '');
        value = arg.slice(eq + 1);
      }
      name = aliases[name] ?? name;
      if (!(name in spec)) throw new UsageError(`unknown option ${arg.slice(0, eq > 0 ? eq : undefined)}`);
      if (spec[name] === 'optional') {
        if (value === undefined && argv[i + 1] !== undefined && !argv[i + 1]!.startsWith('-')) value = argv[++i];
        flags.set(name, value ?? true);
      } else if (spec[name]) {
        if (value === undefined) {
          value = argv[++i];
          if (value === undefined) throw new UsageError(`${arg} needs a value`);
        }
        flags.set(name, value);
      } else {
        if (value !== undefined) throw new UsageError(`--${name} takes no value`);
        flags.set(name, true);
      }
    } else {
      positionals.push(arg);
    }
  }
  return { positionals, flags };
}

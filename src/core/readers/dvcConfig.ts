// `.dvc/config` and `.dvc/config.local`: where a DVC project keeps its cache and its remotes.
// The files are configobj INI as DVC writes them (`['remote "storage"']`, `url = …`); the local
// file is git-ignored and overrides the shared one key by key.
import * as path from 'node:path';

/** Section name → key → value, as written (`remote "storage"` → { url: 's3://…' }). */
export type DvcConfigSections = Map<string, Map<string, string>>;

/** Parses one config file's text; lines it cannot read are skipped, as configobj would refuse them. */
export function parseDvcConfig(text: string): DvcConfigSections {
  const sections: DvcConfigSections = new Map();
  let current: Map<string, string> | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[(.*)\]$/.exec(line);
    if (header) {
      const name = unquote(header[1]!.trim());
      current = sections.get(name) ?? sections.set(name, new Map()).get(name)!;
      continue;
    }
    const eq = line.indexOf('=');
    if (!current || eq <= 0) continue;
    const key = line.slice(0, eq).trim().toLowerCase();
    current.set(key, configValue(line.slice(eq + 1).trim()));
  }
  return sections;
}

/** A value: quotes removed; an unquoted value ends at an inline ` #` comment, as in configobj. */
function configValue(v: string): string {
  if (/^(['"]).*\1$/.test(v) && v.length >= 2) return v.slice(1, -1);
  return v.replace(/\s+[#;].*$/, '');
}

function unquote(s: string): string {
  return /^(['"]).*\1$/.test(s) && s.length >= 2 ? s.slice(1, -1) : s;
}

/** Where DVC would look for a remote's objects. */
export type RemoteLocation =
  /** A folder on this machine (a relative URL is relative to the config file's folder). */
  | { kind: 'local'; path: string }
  /** Plain HTTP(S): read without credentials. */
  | { kind: 'http'; url: string }
  /** s3://, gs://, azure://, ssh://, …: never contacted here. */
  | { kind: 'cloud'; url: string; scheme: string };

export interface DvcRemote {
  name: string;
  url: string;
  location: RemoteLocation;
}

export interface DvcSettings {
  /** Absolute path of the local cache folder (the one `dvc cache dir` prints). */
  cacheDir: string;
  /** Whether `cache.dir` moved it out of `.dvc/cache`. */
  sharedCache: boolean;
  /** The default remote (`core.remote`), when one is set and defined. */
  remote?: DvcRemote;
  /** What is wrong with the configuration (a default remote that is not defined, say). */
  problems: string[];
}

/** One config file as read: its text and its folder (absolute), where relative paths start. */
export interface ConfigText {
  text: string;
  folder: string;
}

/**
 * The settings of a DVC project from its config files in the order they shadow each other
 * (`.dvc/config`, then `.dvc/config.local`). `dvcDir` is the project's `.dvc` folder, absolute.
 */
export function dvcSettings(files: readonly ConfigText[], dvcDir: string, home?: string): DvcSettings {
  // Paths are resolved per file before merging: each is relative to its own file's folder.
  const merged = new Map<string, Map<string, string>>();
  for (const f of files) {
    for (const [name, keys] of parseDvcConfig(f.text)) {
      const into = merged.get(name) ?? merged.set(name, new Map()).get(name)!;
      for (const [k, v] of keys) into.set(k, isPathKey(name, k) ? resolveConfigPath(f.folder, v, home) : v);
    }
  }
  const problems: string[] = [];
  const dir = merged.get('cache')?.get('dir');
  const settings: DvcSettings = { cacheDir: dir && !isUrl(dir) ? dir : path.join(dvcDir, 'cache'), sharedCache: !!dir && !isUrl(dir), problems };
  if (dir && isUrl(dir)) problems.push(`cache.dir ${dir} is not a folder; .dvc/cache is used`);
  const name = merged.get('core')?.get('remote');
  if (name) {
    const remote = resolveRemote(merged, name, problems);
    if (remote) settings.remote = remote;
  }
  return settings;
}

function resolveRemote(merged: DvcConfigSections, name: string, problems: string[]): DvcRemote | undefined {
  let url = merged.get(`remote "${name}"`)?.get('url');
  if (url === undefined) {
    problems.push(`the default remote '${name}' is not defined in .dvc/config`);
    return undefined;
  }
  // `remote://other/sub` names a folder of another remote; a few hops at most (a loop ends).
  for (let hops = 0; hops < 8; hops++) {
    const ref = /^remote:\/\/([^/]+)(\/.*)?$/.exec(url);
    if (!ref) break;
    const base = merged.get(`remote "${ref[1]}"`)?.get('url');
    if (base === undefined) {
      problems.push(`remote '${name}' refers to remote '${ref[1]}', which is not defined`);
      return undefined;
    }
    url = joinUrl(base, ref[2] ?? '');
  }
  return { name, url, location: locationOf(url) };
}

function joinUrl(base: string, sub: string): string {
  if (!sub || sub === '/') return base;
  return isUrl(base) ? `${base.replace(/\/+$/, '')}${sub}` : path.join(base, ...sub.split('/').filter(Boolean));
}

/** What kind of place a resolved remote URL is. */
export function locationOf(url: string): RemoteLocation {
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\//.exec(url)?.[1]?.toLowerCase();
  if (!scheme) return { kind: 'local', path: url };
  if (scheme === 'http' || scheme === 'https') return { kind: 'http', url };
  return { kind: 'cloud', url, scheme };
}

/** Config keys DVC resolves as paths relative to their file (dvc/config.py `_map_dirs`). */
function isPathKey(section: string, key: string): boolean {
  return (section === 'cache' && key === 'dir') || (section.startsWith('remote "') && key === 'url');
}

function isUrl(v: string): boolean {
  return /^\w+:\/\//.test(v);
}

/** DVC's rule: URLs stay, absolute paths stay, `~` is the home folder, the rest joins the folder. */
function resolveConfigPath(folder: string, value: string, home?: string): string {
  if (isUrl(value)) return value;
  if (path.isAbsolute(value) || path.win32.isAbsolute(value)) return value;
  if ((value === '~' || value.startsWith('~/')) && home) return path.join(home, value.slice(1));
  return path.resolve(folder, value);
}

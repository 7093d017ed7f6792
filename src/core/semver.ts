// SemVer 2.0.0 parsing and precedence (semver.org §11), small enough not to need a dependency.

export interface SemVer {
  major: number;
  minor: number;
  patch: number;
  prerelease: string[];
  build: string[];
  raw: string;
}

// The regex published at semver.org, without the leading 'v'.
const SEMVER =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;

/** The prerelease and build of most versions: one shared, frozen empty list. */
const NONE: string[] = Object.freeze([]) as unknown as string[];

/** Parses `1.2.3-rc.1+build.5` (no leading v); undefined when it is not SemVer. */
export function parseSemVer(text: string): SemVer | undefined {
  const plain = parsePlainSemVer(text);
  if (plain) return plain;
  const m = SEMVER.exec(text);
  if (!m) return undefined;
  const major = Number(m[1]);
  const minor = Number(m[2]);
  const patch = Number(m[3]);
  if (!Number.isSafeInteger(major) || !Number.isSafeInteger(minor) || !Number.isSafeInteger(patch)) return undefined;
  return {
    major,
    minor,
    patch,
    prerelease: m[4] ? m[4].split('.') : NONE,
    build: m[5] ? m[5].split('.') : NONE,
    raw: text,
  };
}

/**
 * `X.Y.Z` with no pre-release or build, read digit by digit: what nearly every registry holds,
 * without the full grammar's regex and its match array. Anything else is left to the regex.
 */
function parsePlainSemVer(text: string): SemVer | undefined {
  const parts = [0, 0, 0];
  let part = 0;
  let digits = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x2e /* . */) {
      if (digits === 0 || part === 2) return undefined;
      part++;
      digits = 0;
      continue;
    }
    const d = c - 0x30;
    // Not a digit, a digit after a leading 0 ('01'), or a number too long to be safe here.
    if (d < 0 || d > 9 || (digits === 1 && parts[part] === 0) || digits === 15) return undefined;
    parts[part] = parts[part]! * 10 + d;
    digits++;
  }
  if (part !== 2 || digits === 0) return undefined;
  return { major: parts[0]!, minor: parts[1]!, patch: parts[2]!, prerelease: NONE, build: NONE, raw: text };
}

/** Precedence order; build metadata is ignored as the spec says. */
export function compareSemVer(a: SemVer, b: SemVer): number {
  if (a.major !== b.major) return a.major < b.major ? -1 : 1;
  if (a.minor !== b.minor) return a.minor < b.minor ? -1 : 1;
  if (a.patch !== b.patch) return a.patch < b.patch ? -1 : 1;
  const ap = a.prerelease;
  const bp = b.prerelease;
  if (ap.length === 0 || bp.length === 0) return ap.length === bp.length ? 0 : ap.length === 0 ? 1 : -1;
  for (let i = 0; i < Math.max(ap.length, bp.length); i++) {
    if (i >= ap.length) return -1;
    if (i >= bp.length) return 1;
    const x = ap[i]!;
    const y = bp[i]!;
    if (x === y) continue;
    const xn = /^\d+$/.test(x);
    const yn = /^\d+$/.test(y);
    if (xn && yn) return BigInt(x) < BigInt(y) ? -1 : 1;
    if (xn !== yn) return xn ? -1 : 1;
    return x < y ? -1 : 1;
  }
  return 0;
}

export type Bump = 'major' | 'minor' | 'patch';

/** The next version after `v`; a pre-release bumps to its own release for patch. */
export function bumpSemVer(v: SemVer | undefined, bump: Bump): string {
  if (!v) return bump === 'major' ? '1.0.0' : bump === 'minor' ? '0.1.0' : '0.0.1';
  if (bump === 'major') return `${v.major + 1}.0.0`;
  if (bump === 'minor') return `${v.major}.${v.minor + 1}.0`;
  return v.prerelease.length ? `${v.major}.${v.minor}.${v.patch}` : `${v.major}.${v.minor}.${v.patch + 1}`;
}

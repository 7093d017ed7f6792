// What "nothing is lost" compares: every file of a work tree (outside .git) with its bytes.
import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

/** Every file outside .git with its bytes (base64); a link is read as what it points at. */
export function snapshotFiles(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (rel: string) => {
    for (const name of readdirSync(path.join(dir, rel))) {
      const p = rel ? `${rel}/${name}` : name;
      if (p === '.git') continue;
      if (lstatSync(path.join(dir, p)).isDirectory()) walk(p);
      else files.set(p, readFileSync(path.join(dir, p)).toString('base64'));
    }
  };
  walk('');
  return files;
}

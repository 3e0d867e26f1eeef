import { readdirSync } from 'node:fs';
import path from 'node:path';

/** Every file under `dir`, as sorted forward-slash paths relative to it; `skip` prunes files and whole folders. */
export function listFiles(dir: string, skip: (relativePath: string) => boolean = () => false): string[] {
  const found: string[] = [];
  const walk = (relativeDir: string): void => {
    for (const entry of readdirSync(path.join(dir, relativeDir), { withFileTypes: true })) {
      const relative = relativeDir === '' ? entry.name : `${relativeDir}/${entry.name}`;
      if (skip(relative)) continue;
      if (entry.isDirectory()) walk(relative);
      else if (entry.isFile()) found.push(relative);
    }
  };
  walk('');
  return found.sort();
}

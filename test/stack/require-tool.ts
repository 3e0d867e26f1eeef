import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/**
 * The absolute path of an executable, looked up on PATH and in the sbin folders (Debian puts kamailio in /usr/sbin,
 * which a non-root PATH may lack). Throws, naming the Debian package to install, when it is absent: a test never
 * skips a missing tool.
 */
export function requireExecutable(name: string, debianPackage: string): string {
  const folders = [...(process.env.PATH ?? '').split(delimiter), '/usr/local/sbin', '/usr/sbin', '/sbin'];
  for (const folder of folders) {
    if (folder === '') continue;
    const candidate = join(folder, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here: try the next folder
    }
  }
  throw new Error(
    `${name} is not installed: install the Debian package ${debianPackage} ` +
      `(apt-get install ${debianPackage}, or run npm test, whose pretest installs it).`,
  );
}

/** Throws, naming the Debian package, when a file another package provides (a Kamailio module) is missing. */
export function requireFile(path: string, debianPackage: string): void {
  try {
    accessSync(path, constants.R_OK);
  } catch {
    throw new Error(
      `${path} is missing: install the Debian package ${debianPackage} ` +
        `(apt-get install ${debianPackage}, or run npm test, whose pretest installs it).`,
    );
  }
}

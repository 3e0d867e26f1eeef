import { readFileSync } from 'node:fs';
import path from 'node:path';
import { transformSync } from '@lwc/compiler';

/** Diagnostic levels at or below this (fatal, error) fail a bundle; warnings and logs do not. */
const HIGHEST_FAILING_LEVEL = 1;

export interface LwcReport {
  readonly problems: string[];
  /** Bundles whose every module compiled. */
  readonly compiled: string[];
}

/**
 * Compiles every module (.js, .html, .css) of every `lwc/<bundle>/` folder with the LWC compiler, as the platform
 * does on deploy, in the default namespace `c`. `files` are paths relative to `dir`.
 */
export function compileLwcBundles(dir: string, files: readonly string[]): LwcReport {
  const bundles = new Map<string, string[]>();
  for (const file of files) {
    const match = /^(.*\/lwc\/([^/]+))\/(.+)$/.exec(file);
    if (match === null || !/\.(js|html|css)$/.test(file)) continue;
    const bundle = match[1] ?? '';
    bundles.set(bundle, [...(bundles.get(bundle) ?? []), match[3] ?? '']);
  }
  const problems: string[] = [];
  const compiled: string[] = [];
  for (const [bundle, modules] of bundles) {
    const name = path.posix.basename(bundle);
    const before = problems.length;
    for (const required of [`${name}.js`, `${name}.js-meta.xml`]) {
      if (!files.includes(`${bundle}/${required}`)) problems.push(`${bundle}: the bundle has no ${required}`);
    }
    for (const module of modules) problems.push(...compileModule(dir, `${bundle}/${module}`, name));
    if (problems.length === before) compiled.push(name);
  }
  return { problems, compiled };
}

function compileModule(dir: string, file: string, name: string): string[] {
  const absolute = path.join(dir, file);
  try {
    const result = transformSync(readFileSync(absolute, 'utf8'), absolute, { name, namespace: 'c' });
    return (result.warnings ?? [])
      .filter((warning) => warning.level <= HIGHEST_FAILING_LEVEL)
      .map((warning) => `${file}:${warning.location?.line ?? 1}: ${warning.message}`);
  } catch (error) {
    const message = (error as Error).message.split(absolute).join(file);
    return [`${file}: does not compile: ${message.split('\n')[0] ?? ''}`];
  }
}

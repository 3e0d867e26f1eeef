import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { DeploymentConfig } from './deployment-config.js';
import { listFiles } from './list-files.js';
import { renderTemplateText, TemplateError } from './render-template-text.js';
import { isRepoOnlyFile } from './repo-only-file.js';
import { templateTokens } from './template-tokens.js';

/** The two packages under the templates folder; nothing else there (this library, README, example config) is copied. */
export const PACKAGE_FOLDERS = ['salesforce', 'hubspot'] as const;

export interface RenderOptions {
  readonly config: DeploymentConfig;
  /** The folder holding `salesforce/` and `hubspot/` templates (the repository's `manifests/`). */
  readonly templatesDir: string;
  /** Receives `salesforce/` and `hubspot/`; those two folders are replaced, anything else in it is left alone. */
  readonly outDir: string;
}

export interface RenderResult {
  readonly outDir: string;
  /** Written files, relative to `outDir` with forward slashes, sorted. */
  readonly files: readonly string[];
}

/**
 * Renders both packages for one deployment: every text file has its placeholders replaced, binary files are copied,
 * repository-only files (tests, jest config, node_modules) are left out. Either every file renders or nothing of the
 * previous output is touched: templates are all rendered in memory before anything is written.
 */
export function renderManifests({ config, templatesDir, outDir }: RenderOptions): RenderResult {
  const templates = path.resolve(templatesDir);
  const target = path.resolve(outDir);
  const tokens = templateTokens(config);
  const outputs: { relative: string; source: string; content: Buffer | string }[] = [];
  for (const folder of PACKAGE_FOLDERS) {
    const root = path.join(templates, folder);
    if (!existsSync(root)) throw new TemplateError(`${root}: the ${folder} templates folder is missing`);
    if (overlaps(path.join(target, folder), root)) {
      throw new TemplateError(`${target}: the output folder must not overlap the templates folder ${templates}`);
    }
    for (const file of listFiles(root, isRepoOnlyFile)) {
      const relative = `${folder}/${file}`;
      const source = path.join(root, file);
      const bytes = readFileSync(source);
      const content = bytes.includes(0) ? bytes : renderTemplateText(bytes.toString('utf8'), relative, tokens);
      outputs.push({ relative, source, content });
    }
  }
  for (const folder of PACKAGE_FOLDERS) rmSync(path.join(target, folder), { recursive: true, force: true });
  for (const { relative, source, content } of outputs) {
    const destination = path.join(target, relative);
    mkdirSync(path.dirname(destination), { recursive: true });
    if (typeof content === 'string') writeFileSync(destination, content);
    else copyFileSync(source, destination);
  }
  return { outDir: target, files: outputs.map((output) => output.relative).sort() };
}

/** Writing one folder would overwrite or delete the other: rendering into the templates must never happen. */
function overlaps(a: string, b: string): boolean {
  return isWithin(a, b) || isWithin(b, a);
}

function isWithin(candidate: string, folder: string): boolean {
  const relative = path.relative(folder, candidate);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

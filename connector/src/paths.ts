import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The repository root, found from this file whether it runs from `connector/src` (tsx) or `dist/connector/src`
 * (the build), so static assets are served from one place in both.
 */
export const REPO_ROOT: string = (() => {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('cannot find the repository root (no package.json above the connector)');
    dir = parent;
  }
  return dir;
})();

export const DEMO_PUBLIC_DIR = path.join(REPO_ROOT, 'connector', 'public', 'demo');

/** The widget bundle `npm run build` writes (`softphone.js`, `index.html`), served at `/widget/`. */
export const WIDGET_DIST_DIR = path.join(REPO_ROOT, 'dist', 'widget');

/** The admin console bundle `npm run build` writes (`connector/console` bundled by esbuild), served at `/admin/`. */
export const CONSOLE_DIST_DIR = path.join(REPO_ROOT, 'dist', 'console');

import { build } from 'esbuild';
import { cp, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { kilobytes, precompressFolder } from '../../scripts/precompress.js';

const CONSOLE_DIR = path.dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = path.resolve(CONSOLE_DIR, '..', '..');

export interface ConsoleBuildOptions {
  /** Where `console.js`, `console.css`, their source maps and `index.html` go; `dist/console` by default. */
  readonly outDir?: string;
}

export interface ConsoleBuildResult {
  /** The script bundle, `<outDir>/console.js`. */
  readonly file: string;
  readonly bytes: number;
  /** What a browser downloads: the bundle as served, gzip and brotli (both written beside it). */
  readonly gzipBytes: number;
  readonly brotliBytes: number;
}

/**
 * Bundles the admin console into one minified IIFE with a linked source map, writes the CSS its modules import (its
 * own and uPlot's) to `console.css` beside it, and copies `connector/console/public` (the `index.html` that links
 * both). Nothing inline: the page runs under a CSP with `script-src 'self'; style-src 'self'`.
 *
 * Supported browsers: current Chromium (Chrome, Edge), current Firefox, and Safari 15.4 or later. The console uses
 * what they have and esbuild cannot lower (`Intl.supportedValuesOf`, `Object.hasOwn`, `Array.prototype.at`,
 * `-webkit-text-security`), so the syntax target is ES2022, which those browsers run as is. The `inert` attribute
 * behind the secret dialog needs Safari 15.5; on 15.4 the page behind it merely stays clickable.
 */
export async function buildConsole(options: ConsoleBuildOptions = {}): Promise<ConsoleBuildResult> {
  const outDir = options.outDir ?? path.join(REPO_ROOT, 'dist', 'console');
  const file = path.join(outDir, 'console.js');
  await mkdir(outDir, { recursive: true });
  await build({
    entryPoints: [path.join(CONSOLE_DIR, 'src', 'main.ts')],
    outfile: file,
    bundle: true,
    minify: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    sourcemap: 'linked',
    // Licences of the bundled libraries (uPlot) go to console.js.LEGAL.txt, not into every download.
    legalComments: 'linked',
    logLevel: 'warning',
  });
  await cp(path.join(CONSOLE_DIR, 'public'), outDir, { recursive: true });
  const compressed = await precompressFolder(outDir);
  const bundle = compressed.find((entry) => entry.file === file);
  if (!bundle) throw new Error(`${file} was not written`);
  return { file, bytes: bundle.bytes, gzipBytes: bundle.gzipBytes, brotliBytes: bundle.brotliBytes };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  buildConsole().then(
    (result) => {
      const shown = path.relative(process.cwd(), result.file);
      console.log(`console: ${shown} ${kilobytes(result.bytes)} (${result.bytes} bytes), ${kilobytes(result.gzipBytes)} gzip, ${kilobytes(result.brotliBytes)} brotli`);
    },
    (error: unknown) => {
      console.error(`console build failed: ${error instanceof Error ? error.message : String(error)}`);
      process.exitCode = 1;
    },
  );
}

import { build } from 'esbuild';
import { cp, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { kilobytes, precompressFolder } from '../scripts/precompress.js';

const WIDGET_DIR = path.dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = path.dirname(WIDGET_DIR);

export interface WidgetBuildOptions {
  /** The bundle's entry; `widget/src/main.ts` by default (tests bundle their own harness). */
  readonly entry?: string;
  /** Where `softphone.js` (or `<entry name>.js`) and its source map go; `dist/widget` by default. */
  readonly outDir?: string;
  /** The bundle's file name; `softphone.js` by default. */
  readonly fileName?: string;
  /** Static files copied beside the bundle; `widget/public` by default, null for none. */
  readonly publicDir?: string | null;
}

export interface WidgetBuildResult {
  readonly file: string;
  readonly bytes: number;
  /** What a browser downloads: the bundle as served, gzip and brotli (both written beside it). */
  readonly gzipBytes: number;
  readonly brotliBytes: number;
}

/**
 * Bundles the widget into one minified IIFE for browsers (ES2020), with a source map file beside it, and copies the
 * static files (`index.html`, the `/widget/` page). One file is the whole install: CSS is inside the bundle.
 */
export async function buildWidget(options: WidgetBuildOptions = {}): Promise<WidgetBuildResult> {
  const outDir = options.outDir ?? path.join(REPO_ROOT, 'dist', 'widget');
  const file = path.join(outDir, options.fileName ?? 'softphone.js');
  await mkdir(outDir, { recursive: true });
  await build({
    entryPoints: [options.entry ?? path.join(WIDGET_DIR, 'src', 'main.ts')],
    outfile: file,
    bundle: true,
    minify: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    sourcemap: 'linked',
    // Licences of the bundled libraries go to softphone.js.LEGAL.txt, not into every agent's download.
    legalComments: 'linked',
    logLevel: 'warning',
  });
  const publicDir = options.publicDir === undefined ? path.join(WIDGET_DIR, 'public') : options.publicDir;
  if (publicDir) await cp(publicDir, outDir, { recursive: true });
  const compressed = await precompressFolder(outDir);
  const bundle = compressed.find((entry) => entry.file === file);
  if (!bundle) throw new Error(`${file} was not written`);
  return { file, bytes: bundle.bytes, gzipBytes: bundle.gzipBytes, brotliBytes: bundle.brotliBytes };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  buildWidget().then(
    (result) => {
      const shown = path.relative(process.cwd(), result.file);
      console.log(`widget: ${shown} ${kilobytes(result.bytes)} (${result.bytes} bytes), ${kilobytes(result.gzipBytes)} gzip, ${kilobytes(result.brotliBytes)} brotli`);
    },
    (error: unknown) => {
      console.error(`widget build failed: ${error instanceof Error ? error.message : String(error)}`);
      process.exitCode = 1;
    },
  );
}

import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/** Text files worth compressing; source maps are fetched only by developer tools, so they stay as they are. */
const COMPRESSIBLE = /\.(js|css|html|svg|txt)$/;
/** Below this a compressed copy saves less than the headers it costs. */
const MIN_BYTES = 1024;

export interface Precompressed {
  readonly file: string;
  readonly bytes: number;
  readonly gzipBytes: number;
  readonly brotliBytes: number;
}

/**
 * Writes `<file>.gz` (gzip level 9) and `<file>.br` (brotli quality 11) beside every compressible file of a build
 * folder, so the connector sends each browser the smallest encoding it accepts without compressing on every request
 * (connector/src/http/built-site.ts serves them).
 */
export async function precompressFolder(dir: string): Promise<Precompressed[]> {
  const names = (await readdir(dir, { withFileTypes: true })).filter((entry) => entry.isFile() && COMPRESSIBLE.test(entry.name));
  const written: Precompressed[] = [];
  for (const { name } of names) {
    const file = path.join(dir, name);
    const content = await readFile(file);
    if (content.length < MIN_BYTES) continue;
    const gzip = gzipSync(content, { level: 9 });
    const brotli = brotliCompressSync(content, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
        [constants.BROTLI_PARAM_SIZE_HINT]: content.length,
      },
    });
    await Promise.all([writeFile(`${file}.gz`, gzip), writeFile(`${file}.br`, brotli)]);
    written.push({ file, bytes: content.length, gzipBytes: gzip.length, brotliBytes: brotli.length });
  }
  return written;
}

/** `12.3 KB`: sizes as people read them. */
export function kilobytes(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { REPO_ROOT } from '../../connector/src/paths.js';

/** A throwaway copy of what `npm start` runs, plus the baseline server, each run by plain `node`. */
export interface ServerInstall {
  /** `dist/connector/src/main.js`, compiled by `tsc -p tsconfig.build.json` as `npm run build` compiles it. */
  readonly connectorMain: string;
  /** bench/support/hello-server.ts, transpiled to plain JavaScript so it runs the same way. */
  readonly helloServerMain: string;
  remove(): void;
}

/**
 * Builds into a temporary folder rather than the repository's `dist/`, which other work may be reading. The folder
 * links the repository's package.json, node_modules and connector/ (the demo CRM's pages), so the built connector finds
 * its root, its dependencies and its assets just as it does from `dist/`.
 */
export async function buildServerInstall(): Promise<ServerInstall> {
  const root = mkdtempSync(path.join(tmpdir(), 'bench-install-'));
  try {
    for (const entry of ['package.json', 'node_modules', 'connector']) symlinkSync(path.join(REPO_ROOT, entry), path.join(root, entry));
    const tsc = path.join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    await promisify(execFile)(process.execPath, [tsc, '-p', path.join(REPO_ROOT, 'tsconfig.build.json'), '--outDir', path.join(root, 'dist')], {
      cwd: REPO_ROOT,
    }).catch((error: { stdout?: string }) => {
      throw new Error(`compiling the connector failed:\n${error.stdout ?? String(error)}`);
    });
    await build({
      entryPoints: [path.join(import.meta.dirname, 'hello-server.ts')],
      outfile: path.join(root, 'dist', 'bench', 'hello-server.js'),
      format: 'esm',
      platform: 'node',
      target: 'node20',
      logLevel: 'warning',
    });
    return {
      connectorMain: path.join(root, 'dist', 'connector', 'src', 'main.js'),
      helloServerMain: path.join(root, 'dist', 'bench', 'hello-server.js'),
      remove: () => rmSync(root, { recursive: true, force: true }),
    };
  } catch (error) {
    rmSync(root, { recursive: true, force: true });
    throw error;
  }
}

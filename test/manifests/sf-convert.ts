import { execFile } from 'node:child_process';
import { accessSync, constants, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { childElements, childText, childTexts, parseXml } from '../../manifests/render/xml-document.js';

const SF = fileURLToPath(new URL('../../node_modules/.bin/sf', import.meta.url));

/** The Salesforce CLI installed as a devDependency; throws (never skips) when it is missing. */
export function requireSalesforceCli(): string {
  try {
    accessSync(SF, constants.X_OK);
    return SF;
  } catch {
    throw new Error(`${SF} is missing: the devDependency @salesforce/cli is not installed (run npm ci)`);
  }
}

/**
 * Converts a DX project to Metadata API format with `sf project convert source` (offline) and returns the types and
 * members of the package.xml it writes. Converts the whole `force-app`, or, given `manifest` (relative to the project),
 * what that package.xml lists, so the CLI itself reads the manifest.
 */
export async function convertSource(projectDir: string, outputDir: string, { manifest }: { manifest?: string } = {}): Promise<Map<string, string[]>> {
  const source = manifest === undefined ? ['--root-dir', 'force-app'] : ['--manifest', manifest];
  await promisify(execFile)(
    requireSalesforceCli(),
    ['project', 'convert', 'source', ...source, '--output-dir', outputDir, '--json'],
    {
      cwd: projectDir,
      timeout: 60_000,
      env: { ...process.env, SF_DISABLE_TELEMETRY: 'true', SF_AUTOUPDATE_DISABLE: 'true', SF_SKIP_NEW_VERSION_CHECK: 'true' },
    },
  );
  const document = parseXml(readFileSync(path.join(outputDir, 'package.xml'), 'utf8'));
  if ('error' in document) throw new Error(`sf wrote a broken package.xml: ${document.error.message}`);
  return new Map(childElements(document.root, 'types').map((types) => [childText(types, 'name') ?? '', childTexts(types, 'members')]));
}

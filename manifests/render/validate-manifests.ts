import { existsSync } from 'node:fs';
import path from 'node:path';
import type { DeploymentConfig } from './deployment-config.js';
import { listFiles } from './list-files.js';
import { PACKAGE_FOLDERS } from './render-manifests.js';
import { scanRenderedText } from './scan-rendered-text.js';
import { validateHubSpot } from './validate-hubspot.js';
import { validateSalesforce } from './validate-salesforce.js';

export interface ValidationReport {
  /** Every problem found, each `<file>[:line]: message` relative to the output folder; empty when the output is good. */
  readonly problems: readonly string[];
  readonly files: number;
  readonly xmlFiles: number;
  readonly jsonFiles: number;
  /** Names of the LWC bundles that compiled. */
  readonly lwcBundles: readonly string[];
  /** Salesforce metadata types present in the source, sorted. */
  readonly metadataTypes: readonly string[];
}

/**
 * Validates rendered manifests (the `salesforce/` and `hubspot/` folders under `outDir`) against the deployment they
 * were rendered for. Collects every problem rather than stopping at the first, so one run shows all there is to fix.
 */
export function validateManifests({ outDir, config }: { outDir: string; config: DeploymentConfig }): ValidationReport {
  const missing = PACKAGE_FOLDERS.filter((folder) => !existsSync(path.join(outDir, folder)));
  if (missing.length > 0) {
    return { problems: missing.map((folder) => `${folder}: not rendered`), files: 0, xmlFiles: 0, jsonFiles: 0, lwcBundles: [], metadataTypes: [] };
  }
  const files = listFiles(outDir);
  const salesforce = validateSalesforce(path.join(outDir, 'salesforce'), config);
  const hubspot = validateHubSpot(path.join(outDir, 'hubspot'), config);
  return {
    problems: [...scanRenderedText(outDir, files), ...salesforce.problems, ...hubspot.problems],
    files: files.length,
    xmlFiles: salesforce.xmlFiles,
    jsonFiles: hubspot.jsonFiles,
    lwcBundles: salesforce.lwcBundles,
    metadataTypes: [...new Set(salesforce.components.map((component) => component.type))].sort(),
  };
}

import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { DeploymentConfig } from './deployment-config.js';
import { listFiles } from './list-files.js';
import { secureUrl } from './secure-url.js';

export interface HubSpotReport {
  readonly problems: string[];
  readonly jsonFiles: number;
}

const LOOKS_LIKE_URL = /^[a-z][a-z0-9+.-]*:\/\//i;

/**
 * Validates the rendered HubSpot app: every JSON file parses, every URL in it is https, and the calling extension
 * points at this deployment's widget. `label` prefixes file names in messages (`hubspot`).
 */
export function validateHubSpot(dir: string, config: DeploymentConfig, label = 'hubspot'): HubSpotReport {
  const problems: string[] = [];
  const jsonFiles = listFiles(dir).filter((file) => file.endsWith('.json'));
  const strings: string[] = [];
  for (const file of jsonFiles) {
    let value: unknown;
    try {
      value = JSON.parse(readFileSync(path.join(dir, file), 'utf8'));
    } catch (error) {
      problems.push(`${label}/${file}: not valid JSON: ${(error as Error).message}`);
      continue;
    }
    for (const text of stringsIn(value)) {
      strings.push(text);
      if (LOOKS_LIKE_URL.test(text) && secureUrl(text) === null) problems.push(`${label}/${file}: "${text}" is not an https URL`);
    }
  }
  if (jsonFiles.length === 0) problems.push(`${label}: no JSON files (the HubSpot project and calling settings)`);
  const widget = `${config.connectorUrl}/widget`;
  if (jsonFiles.length > 0 && !strings.some((text) => text.startsWith(widget))) {
    problems.push(`${label}: no JSON file points at the widget ${widget}/`);
  }
  return { problems, jsonFiles: jsonFiles.length };
}

function stringsIn(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringsIn);
  if (typeof value === 'object' && value !== null) return Object.values(value).flatMap(stringsIn);
  return [];
}

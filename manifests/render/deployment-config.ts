import { readFileSync } from 'node:fs';
import { z } from 'zod';

/**
 * One deployment of the product: where its connector and SIP server live and what admins see it called. Every
 * template token is derived from it (see `template-tokens.ts`), so two packages rendered from one config agree.
 * Values are restricted so that inserting them unescaped into JS, HTML or Markdown is safe.
 */
export interface DeploymentConfig {
  readonly appName: string;
  /** https, with no trailing slash, query or fragment; the widget is served at `${connectorUrl}/widget/`. */
  readonly connectorUrl: string;
  /** wss, with no trailing slash, query or fragment. */
  readonly sipWebSocketUrl: string;
  /** The call center's display name; its API name is fixed (`ClickToCall`, the file's name). */
  readonly callCenter: { readonly label: string };
  readonly contactEmail: string;
  /** Like `62.0`. */
  readonly salesforceApiVersion: string;
}

/** The config cannot be read or is invalid. `message` names each setting at fault and what it must be. */
export class DeploymentConfigError extends Error {
  override readonly name = 'DeploymentConfigError';
}

const DISPLAY_NAME = /^[A-Za-z0-9][A-Za-z0-9 ._-]*$/;
const UNSAFE_URL_CHARACTER = /["'<>`\\{}\s]/;

function text(example: string) {
  return z.string({
    error: (issue) => (issue.input === undefined ? `is required, such as ${example}` : `must be a string, such as ${example}`),
  });
}

function displayName(example: string, maxLength: number) {
  return text(`"${example}"`)
    .max(maxLength, { error: `must be at most ${maxLength} characters` })
    .regex(DISPLAY_NAME, {
      error: `must start with a letter or digit and hold only letters, digits, spaces, dots, hyphens and underscores, such as "${example}"`,
    });
}

/** A URL on one secure scheme, refused with a reason when it could not be inserted safely or used by the CRM. */
function secureUrl(protocol: 'https:' | 'wss:', example: string, why: string) {
  return text(`"${example}"`)
    .superRefine((value, ctx) => {
      const problem = urlProblem(value, protocol, example, why);
      if (problem !== null) ctx.addIssue({ code: 'custom', message: `${problem} (got "${value}")` });
    })
    .transform((value) => value.replace(/\/+$/, ''));
}

function urlProblem(value: string, protocol: string, example: string, why: string): string | null {
  if (UNSAFE_URL_CHARACTER.test(value)) return 'must not contain quotes, angle brackets, braces, backslashes or spaces';
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `must be a URL such as ${example}`;
  }
  if (url.protocol !== protocol) return `must use ${protocol.slice(0, -1)} (${why}), such as ${example}`;
  if (url.username !== '' || url.password !== '') return 'must not contain a user name or password';
  if (url.search !== '' || url.hash !== '' || value.includes('?') || value.includes('#')) {
    return 'must not have a query or fragment';
  }
  return null;
}

const deploymentConfigSchema = z.strictObject(
  {
    appName: displayName('Click-to-Call', 40),
    connectorUrl: secureUrl('https:', 'https://cti.example.com', 'Salesforce and HubSpot load the widget only over https'),
    sipWebSocketUrl: secureUrl('wss:', 'wss://sip.example.com:8443', 'an https page may only open secure WebSockets'),
    callCenter: z.strictObject(
      {
        label: displayName('Click-to-Call', 80),
      },
      { error: (issue) => (issue.input === undefined ? 'is required: { "label": "Click-to-Call" }' : undefined) },
    ),
    contactEmail: z.email({
      error: (issue) =>
        issue.input === undefined ? 'is required, such as "admin@example.com"' : 'must be an email address, such as "admin@example.com"',
    }),
    salesforceApiVersion: text('"62.0" (a string, in quotes)').regex(/^[1-9][0-9]{1,2}\.0$/, {
      error: 'must be a Salesforce API version such as "62.0"',
    }),
  },
  { error: (issue) => (issue.code === 'invalid_type' ? 'must be a JSON object like manifests/deployment.example.json' : undefined) },
);

/** Validates a parsed config and returns it normalized and frozen, or throws listing every setting to fix. */
export function parseDeploymentConfig(raw: unknown, source = 'deployment config'): DeploymentConfig {
  const parsed = deploymentConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const at = issue.path.map(String).join('.');
      if (issue.code === 'unrecognized_keys') {
        const keys = issue.keys.map((key) => (at === '' ? key : `${at}.${key}`));
        return `- ${keys.join(', ')}: unknown setting (a typo?)`;
      }
      return `- ${at === '' ? '(root)' : at}: ${issue.message}`;
    });
    throw new DeploymentConfigError(`Invalid ${source}:\n${lines.join('\n')}`);
  }
  const config = parsed.data;
  return Object.freeze({ ...config, callCenter: Object.freeze({ ...config.callCenter }) });
}

/** Reads and validates a JSON config file. */
export function readDeploymentConfig(file: string): DeploymentConfig {
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch (error) {
    throw new DeploymentConfigError(`Cannot read the deployment config ${file}: ${(error as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(source);
  } catch (error) {
    throw new DeploymentConfigError(`The deployment config ${file} is not valid JSON: ${(error as Error).message}`);
  }
  return parseDeploymentConfig(raw, `deployment config ${file}`);
}

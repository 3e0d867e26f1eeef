import { z } from 'zod';

const pixels = (what: string) =>
  z
    .number({ message: `${what} must be a whole number of pixels` })
    .int({ message: `${what} must be a whole number of pixels` })
    .min(100, { message: `${what} must be at least 100 pixels` })
    .max(2000, { message: `${what} must be at most 2000 pixels` });

const flag = (what: string) => z.boolean({ message: `${what} must be true or false` });

/**
 * The settings HubSpot's Calling Extensions API (`/crm/v3/extensions/calling/{appId}/settings`) holds for one app, as
 * `manifests/hubspot/calling-extension.json` gives them. All nine fields are required: the current API reference marks
 * every one required on create, so a file that leaves one out would be refused there. Unknown keys are refused too,
 * so a misspelt field (`supportInboundCalling`) fails here rather than being silently dropped by HubSpot.
 */
export const callingSettingsSchema = z.strictObject({
  /** The calling provider's name in HubSpot's call switcher. */
  name: z.string({ message: 'name must be text' }).trim().min(1, { message: 'name must not be empty' }).max(200),
  /** The widget HubSpot frames; https only (HubSpot is served over https, so a plain-http frame would be blocked). */
  url: z
    .string({ message: 'url must be text' })
    .url({ message: 'url must be a URL such as https://cti.example.com/widget/?host=hubspot' })
    .refine((value) => new URL(value).protocol === 'https:', { message: 'url must start with https://' }),
  width: pixels('width'),
  height: pixels('height'),
  /** False keeps the provider hidden from users while the app is tested; true offers it in every connected portal. */
  isReady: flag('isReady'),
  supportsCustomObjects: flag('supportsCustomObjects'),
  supportsInboundCalling: flag('supportsInboundCalling'),
  /** Whether HubSpot holds the call in its detached calling window. */
  usesCallingWindow: flag('usesCallingWindow'),
  /** Whether HubSpot shows the app in the calling remote anchored to its navigation bar. */
  usesRemote: flag('usesRemote'),
});

export type HubSpotCallingSettings = z.infer<typeof callingSettingsSchema>;

/** The field names of `HubSpotCallingSettings`, in the order HubSpot documents them. */
export const CALLING_SETTINGS_FIELDS = Object.keys(callingSettingsSchema.shape) as readonly (keyof HubSpotCallingSettings)[];

/**
 * What HubSpot answers for an app's settings: the fields it knows (any may be missing from an older answer, which then
 * simply differs from what we want), `createdAt` and `updatedAt`, and whatever else it adds, kept as it came.
 */
export const callingSettingsAnswerSchema = z.looseObject({
  name: z.string().optional(),
  url: z.string().optional(),
  width: z.number().optional(),
  height: z.number().optional(),
  isReady: z.boolean().optional(),
  supportsCustomObjects: z.boolean().optional(),
  supportsInboundCalling: z.boolean().optional(),
  usesCallingWindow: z.boolean().optional(),
  usesRemote: z.boolean().optional(),
  createdAt: z.string().optional(),
  updatedAt: z.string().optional(),
});

export type HubSpotCallingSettingsAnswer = z.infer<typeof callingSettingsAnswerSchema>;

/**
 * Checks settings read from a file (`source` names it in the message). Throws an Error listing every problem, one per
 * line, as `field: problem`; an unrendered template (a `{{TOKEN}}` left in a value) is named as such.
 */
export function parseCallingSettings(value: unknown, source: string): HubSpotCallingSettings {
  if (JSON.stringify(value)?.includes('{{')) {
    throw new Error(`${source} still holds {{...}} placeholders: register the rendered file, not the template`);
  }
  const parsed = callingSettingsSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => `  ${issue.path.join('.') || '(file)'}: ${issue.message}`);
  throw new Error(`${source} is not valid HubSpot calling settings:\n${problems.join('\n')}`);
}

/** The fields of `wanted` that `answer` does not hold with the same value, in documented order. */
export function differingFields(wanted: HubSpotCallingSettings, answer: HubSpotCallingSettingsAnswer): string[] {
  return CALLING_SETTINGS_FIELDS.filter((field) => answer[field] !== wanted[field]);
}

import type { CountryCode } from 'libphonenumber-js';

/**
 * How one tenant's PBX or SIP trunk wants numbers written in a Request-URI.
 *
 * A DialPlan is a plain, frozen value: it is validated once (by config or, later, by the admin API) and then passed
 * in. Nothing here reads the environment.
 */
export interface DialPlan {
  /** Host part of every generated SIP URI, e.g. `pbx.example.com`. MUST be a bare host name or IPv4 address. */
  readonly sipDomain: string;
  /** Region assumed for numbers written without a country code, e.g. `020 7946 0958` with `GB`. */
  readonly defaultRegion: CountryCode;
  /** Append `;user=phone` to URIs that carry a telephone number (RFC 3261 section 19.1.1). */
  readonly userPhone: boolean;
  /**
   * Digits a trunk wants before the number (an outside-line `9`, a carrier's technical prefix). When set, the number
   * is written without its `+`: `sip:9` + `14155552671` + `@domain`. Digits only.
   */
  readonly outboundPrefix: string;
  /** Inclusive length range of internal extensions, dialled as `sip:<ext>@domain` with no `user=phone`. */
  readonly internalExtensionLength: { readonly min: number; readonly max: number };
}

import type { CountryCode } from 'libphonenumber-js';

/** What a dialled number turned into: where the INVITE goes and what to send after answer. */
export interface SipTarget {
  /** `pstn` for a telephone number (has `e164`), `internal` for a short extension on the tenant's PBX. */
  readonly kind: 'pstn' | 'internal';
  /** The number in E.164 (`+14155552671`), or null for an internal extension. */
  readonly e164: string | null;
  /** The Request-URI to dial. Its user part holds only `+` and digits, never parameters, headers or another host. */
  readonly sipUri: string;
  /**
   * Digits to send as DTMF once the far end answers (`x204`, `ext. 12` on a number), or null. For an internal
   * extension this is null: the extension is the user part itself.
   */
  readonly extension: string | null;
  /** How an agent reads the number: international format for PSTN (`+1 415 555 2671`), the extension otherwise. */
  readonly display: string;
  /** ISO 3166-1 alpha-2 country of the number, or null for internal extensions and non-geographic numbers. */
  readonly country: CountryCode | null;
  /** libphonenumber's number type (`MOBILE`, `FIXED_LINE`, `PREMIUM_RATE`, ...), or null when unknown. */
  readonly numberType: string | null;
}

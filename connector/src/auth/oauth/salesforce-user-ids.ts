const ID_15 = /^[a-zA-Z0-9]{15}$/;
const ID_18 = /^[a-zA-Z0-9]{18}$/;
const SUFFIX_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';

/** Whether `id` has the shape of a Salesforce id: 15 case-sensitive or 18 alphanumerics. */
export function isSalesforceId(id: string): boolean {
  return ID_15.test(id) || ID_18.test(id);
}

/**
 * The forms an admin may have stored a Salesforce user id in, `id` itself first: the 18-character id and its
 * 15-character prefix (the form Salesforce's setup pages show in URLs). Both name the same user.
 */
export function salesforceIdForms(id: string): string[] {
  if (ID_18.test(id)) return [id, id.slice(0, 15)];
  if (ID_15.test(id)) return [id, id + checksumSuffix(id)];
  return [id];
}

/**
 * A Salesforce user id (`005` + 12) in its 18-character form, so the 15- and 18-character ids of one user are one
 * value (one agent per CRM user); any other id as given.
 */
export function canonicalCrmUserId(id: string): string {
  return /^005[a-zA-Z0-9]{12}$/.test(id) ? id + checksumSuffix(id) : id;
}

/** The 15-character prefix of a Salesforce id, which is what identifies the record (the rest is a checksum). */
export function salesforceIdKey(id: string): string {
  return id.slice(0, 15);
}

/** Salesforce's 3-character suffix: for each 5-character chunk, a bit per upper-case letter, as one character. */
function checksumSuffix(id15: string): string {
  let suffix = '';
  for (let chunk = 0; chunk < 3; chunk += 1) {
    let bits = 0;
    for (let i = 0; i < 5; i += 1) {
      const c = id15.charCodeAt(chunk * 5 + i);
      if (c >= 65 && c <= 90) bits |= 1 << i;
    }
    suffix += SUFFIX_ALPHABET[bits];
  }
  return suffix;
}

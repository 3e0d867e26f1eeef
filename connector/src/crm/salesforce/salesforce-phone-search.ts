import { selectList } from './salesforce-object-fields.js';

/** At most this many records come back from a reverse lookup; more means the number is not a useful key. */
export const SEARCH_LIMIT = 20;

/**
 * The SOSL search for a number, or null when `digits` is not 4 to 15 digits. The term is built from digits only, so
 * none of SOSL's reserved characters (`? & | ! { } [ ] ( ) ^ ~ * : \ " ' + -`) can ever reach the query; phone
 * search matches stored numbers whatever their punctuation. Converted leads are excluded in the query: their
 * contact is the record to pop.
 */
export function phoneSearchSosl(digits: string): string | null {
  if (!/^[0-9]{4,15}$/.test(digits)) return null;
  const lead = `${selectList('Lead')} WHERE IsConverted = false`;
  const returning = [`Contact(${selectList('Contact')})`, `Lead(${lead})`, `Account(${selectList('Account')})`];
  return `FIND {${digits}} IN PHONE FIELDS RETURNING ${returning.join(', ')} LIMIT ${SEARCH_LIMIT}`;
}


import { parseFieldList } from './field-list.js';
import { projectRecord, type ProjectedRecord } from './project-record.js';
import { SalesforceFault } from './salesforce-fault.js';
import { fieldValue, isObjectType, PHONE_FIELDS, type StandInObjectType, type StandInOrg, type StandInRecord } from './stand-in-record.js';

/** The one SOSL shape the stand-in answers: the connector's `findByPhone`. Keywords are case-insensitive. */
const PHONE_SEARCH = /^FIND\s+\{([^}]*)\}\s+IN\s+PHONE\s+FIELDS\s+RETURNING\s+(.+?)(?:\s+LIMIT\s+(\d+))?$/is;
/** One object of the RETURNING list: `Lead(Id, Name, Phone WHERE IsConverted = false)` or a bare `Account`. */
const RETURNING_ITEM = /^([A-Za-z]\w*)(?:\s*\((.+?)(?:\s+WHERE\s+([A-Za-z]\w*)\s*=\s*(true|false|'[^']*'))?\))?$/is;
/** SOSL returns at most 2,000 records when the search sets no LIMIT. */
const DEFAULT_LIMIT = 2000;

/** A search result (https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/dome_search.htm). */
export interface SearchResult {
  readonly searchRecords: ProjectedRecord[];
}

interface ReturningObject {
  readonly objectType: StandInObjectType;
  readonly fields: readonly string[];
  readonly where: { readonly field: string; readonly value: string | boolean } | null;
}

/**
 * Answers `GET /search?q=FIND {<digits>} IN PHONE FIELDS RETURNING Contact(...), Lead(... WHERE F = v), Account(...)
 * [LIMIT n]` with `{searchRecords}`: the seeded records of each object, in RETURNING order, that pass the object's
 * one-equality WHERE and have a phone field (https://developer.salesforce.com/docs/platform/salesforce-soql-sosl/guide/sforce-api-calls-sosl-in.html:
 * `PHONE FIELDS` searches phone fields only, returned or not) whose digits hold the searched digits. Digits only are
 * compared, as Salesforce's phone search ignores punctuation: `{4155552671}` finds `(415) 555-2671` and
 * `+1 415-555-2671 x204`; the connector checks each hit holds the whole number.
 *
 * Not a SOSL engine: any other search is 400 `MALFORMED_SEARCH` saying which shape the stand-in reads; a term of
 * fewer than two digits is 400 `INVALID_SEARCH`, an unknown object `INVALID_TYPE`, an unknown field `INVALID_FIELD`.
 */
export function answerPhoneSearch(org: StandInOrg, sosl: string | null): SearchResult {
  const match = PHONE_SEARCH.exec(sosl?.trim() ?? '');
  if (match === null) throw malformed(`got ${JSON.stringify(sosl)}`);
  const [, term = '', returningText = '', limit] = match;
  if (!/^[0-9\s()+.-]*$/.test(term)) throw malformed(`the term must be a phone number; got {${term}}`);
  const digits = term.replace(/\D/g, '');
  if (digits.length < 2) throw new SalesforceFault(400, 'INVALID_SEARCH', 'search term must be longer than one character');
  const hits = splitTopLevel(returningText)
    .map((item) => returningObject(org, item))
    .flatMap(({ objectType, fields, where }) =>
      org.records
        .filter((record) => record.type === objectType && passes(record, where) && holdsDigits(record, digits))
        .map((record) => projectRecord(org, record, fields)),
    );
  return { searchRecords: hits.slice(0, limit === undefined ? DEFAULT_LIMIT : Number(limit)) };
}

function returningObject(org: StandInOrg, item: string): ReturningObject {
  const match = RETURNING_ITEM.exec(item.trim());
  if (match === null) throw malformed(`cannot read ${JSON.stringify(item.trim())} in RETURNING`);
  const [, objectType = '', fieldText, whereField, whereValue] = match;
  if (!isObjectType(objectType)) {
    throw new SalesforceFault(400, 'INVALID_TYPE', `sObject type '${objectType}' is not supported. The stand-in holds Contact, Lead and Account records.`);
  }
  const fields = fieldText === undefined ? ['Id'] : parseFieldList(fieldText, org, objectType, 'MALFORMED_SEARCH');
  if (whereField === undefined || whereValue === undefined) return { objectType, fields, where: null };
  parseFieldList(whereField, org, objectType, 'MALFORMED_SEARCH');
  const value = whereValue.startsWith("'") ? whereValue.slice(1, -1) : whereValue.toLowerCase() === 'true';
  return { objectType, fields, where: { field: whereField, value } };
}

function passes(record: StandInRecord, where: ReturningObject['where']): boolean {
  return where === null || fieldValue(record, where.field) === where.value;
}

function holdsDigits(record: StandInRecord, digits: string): boolean {
  return PHONE_FIELDS[record.type].some((field) => {
    const value = fieldValue(record, field);
    return typeof value === 'string' && value.replace(/\D/g, '').includes(digits);
  });
}

/** Splits on the commas outside parentheses: `Contact(Id, Name), Lead(Id)` is two items. */
function splitTopLevel(text: string): string[] {
  const items: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of text) {
    if (char === ',' && depth === 0) {
      items.push(current);
      current = '';
      continue;
    }
    if (char === '(') depth += 1;
    if (char === ')') depth -= 1;
    current += char;
  }
  items.push(current);
  return items;
}

function malformed(detail: string): SalesforceFault {
  return new SalesforceFault(
    400,
    'MALFORMED_SEARCH',
    `The Salesforce stand-in answers only FIND {<phone digits>} IN PHONE FIELDS RETURNING <Contact|Lead|Account>(<fields> [WHERE <Field> = <value>]), ... [LIMIT n]; ${detail}`,
  );
}

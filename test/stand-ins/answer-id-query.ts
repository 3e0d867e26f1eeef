import { parseFieldList } from './field-list.js';
import { projectRecord, type ProjectedRecord } from './project-record.js';
import { SalesforceFault } from './salesforce-fault.js';
import { isObjectType, sameRecordId, type StandInOrg } from './stand-in-record.js';

/** The one SOQL shape the stand-in answers: the connector's `getRecord`. Keywords are case-insensitive, as in SOQL. */
const ID_QUERY = /^SELECT\s+(.+?)\s+FROM\s+([A-Za-z]\w*)\s+WHERE\s+Id\s*=\s*'([^']*)'(?:\s+LIMIT\s+(\d+))?$/is;

/** A query result (https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_query.htm). */
export interface QueryResult {
  readonly totalSize: number;
  readonly done: true;
  readonly records: ProjectedRecord[];
}

/**
 * Answers `GET /query?q=SELECT <fields> FROM <Contact|Lead|Account> WHERE Id = '<id>' [LIMIT n]` with the seeded
 * record of that id (a 15- or 18-character form of it) or none, `{totalSize, done: true, records}`. This is not a
 * SOQL engine: any other query is 400 `MALFORMED_QUERY` saying which shape the stand-in reads; an unknown object is
 * 400 `INVALID_TYPE`, an unknown field 400 `INVALID_FIELD`, an id that cannot be one 400
 * `INVALID_QUERY_FILTER_OPERATOR`, as Salesforce answers them.
 */
export function answerIdQuery(org: StandInOrg, soql: string | null): QueryResult {
  const match = ID_QUERY.exec(soql?.trim() ?? '');
  if (match === null) {
    throw new SalesforceFault(
      400,
      'MALFORMED_QUERY',
      `The Salesforce stand-in answers only SELECT <fields> FROM <Contact|Lead|Account> WHERE Id = '<id>' [LIMIT n]; got ${JSON.stringify(soql)}`,
    );
  }
  const [, fieldText = '', objectType = '', id = '', limit] = match;
  if (!isObjectType(objectType)) {
    throw new SalesforceFault(400, 'INVALID_TYPE', `sObject type '${objectType}' is not supported. The stand-in holds Contact, Lead and Account records.`);
  }
  const fields = parseFieldList(fieldText, org, objectType, 'MALFORMED_QUERY');
  if (!/^(?:[A-Za-z0-9]{15}|[A-Za-z0-9]{18})$/.test(id)) {
    throw new SalesforceFault(400, 'INVALID_QUERY_FILTER_OPERATOR', `invalid ID field: ${id}`);
  }
  const found = org.records.filter((record) => record.type === objectType && sameRecordId(record.Id, id));
  const records = found.slice(0, limit === undefined ? undefined : Number(limit)).map((record) => projectRecord(org, record, fields));
  return { totalSize: records.length, done: true, records };
}

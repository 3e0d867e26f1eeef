import { relationshipOf } from './field-list.js';
import { fieldValue, sameRecordId, type StandInObjectType, type StandInOrg, type StandInRecord } from './stand-in-record.js';

/** A record as query and search results carry it: `attributes`, then the fields asked for and no others. */
export type ProjectedRecord = Record<string, unknown>;

/**
 * `record` with only `fields` (as `parseFieldList` read them), in the shape of Salesforce's query and search results
 * (https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/dome_query.htm): `attributes: {type, url}`
 * first; an unset field is null; a relationship path (`Account.Name`) nests the related record under the relationship
 * name with its own `attributes`, or null when the lookup is empty
 * (https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_relationships_query_using.htm).
 */
export function projectRecord(org: StandInOrg, record: StandInRecord, fields: readonly string[]): ProjectedRecord {
  const projected: ProjectedRecord = { attributes: attributesOf(org, record.type, record.Id) };
  for (const field of fields) {
    const [first = '', second] = field.split('.');
    if (second === undefined) {
      projected[first] = fieldValue(record, first);
      continue;
    }
    const relationship = relationshipOf(record.type, first);
    if (relationship === undefined) continue;
    const id = fieldValue(record, relationship.idField);
    const related = org.records.find((other) => other.type === relationship.objectType && typeof id === 'string' && sameRecordId(other.Id, id));
    if (related === undefined) {
      projected[relationship.name] = null;
      continue;
    }
    const nested = (projected[relationship.name] as ProjectedRecord | null | undefined) ?? { attributes: attributesOf(org, related.type, related.Id) };
    nested[second] = fieldValue(related, second);
    projected[relationship.name] = nested;
  }
  return projected;
}

function attributesOf(org: StandInOrg, type: StandInObjectType, id: string): { type: string; url: string } {
  return { type, url: `/services/data/v${org.apiVersion}/sobjects/${type}/${id}` };
}

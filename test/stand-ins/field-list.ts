import { SalesforceFault } from './salesforce-fault.js';
import { hasField, RELATIONSHIPS, type StandInObjectType, type StandInOrg, type StandInRelationship } from './stand-in-record.js';

const FIELD_PATH = /^[A-Za-z][A-Za-z0-9_]*(?:\.[A-Za-z][A-Za-z0-9_]*)?$/;

/**
 * Reads a SELECT or RETURNING field list (`Id, Name, Account.Name, Phone`) of `objectType`: plain fields, or one
 * relationship hop. Text that is not such a list is `malformedCode` (400); a field or relationship the object does
 * not have is 400 `INVALID_FIELD`, worded as Salesforce words it.
 */
export function parseFieldList(text: string, org: StandInOrg, objectType: StandInObjectType, malformedCode: string): string[] {
  const fields = text.split(',').map((field) => field.trim());
  for (const field of fields) {
    if (!FIELD_PATH.test(field)) {
      throw new SalesforceFault(400, malformedCode, `The stand-in reads only field names and one relationship hop (Account.Name) in a field list; got ${JSON.stringify(field)} in ${JSON.stringify(text)}`);
    }
    const [first = '', second] = field.split('.');
    const relationship = second === undefined ? undefined : relationshipOf(objectType, first);
    const exists = second === undefined ? hasField(org, objectType, first) : relationship !== undefined && hasField(org, relationship.objectType, second);
    if (!exists) {
      throw new SalesforceFault(
        400,
        'INVALID_FIELD',
        `No such column '${field}' on entity '${objectType}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`,
      );
    }
  }
  return fields;
}

/** The relationship `name` (any case) of `objectType`, with its canonical name. */
export function relationshipOf(objectType: StandInObjectType, name: string): (StandInRelationship & { readonly name: string }) | undefined {
  const entry = Object.entries(RELATIONSHIPS[objectType]).find(([known]) => known.toLowerCase() === name.toLowerCase());
  return entry === undefined ? undefined : { name: entry[0], ...entry[1] };
}

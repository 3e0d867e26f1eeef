/** HubSpot objects in the documented shape `{id, properties, createdAt, updatedAt, archived}` (values are strings). */

export const CONTACT_ID = '101';
export const COMPANY_ID = '9001';

export const CONTACT_PROPERTIES =
  'firstname,lastname,email,company,hs_country_region_code,country,phone,mobilephone,hs_whatsapp_phone_number';
export const COMPANY_PROPERTIES = 'name,domain,country,phone';

function object(id: string, properties: Record<string, string | null>) {
  return {
    id,
    properties: { hs_object_id: id, createdate: '2024-01-17T19:55:04.281Z', lastmodifieddate: '2024-09-11T13:27:39.356Z', ...properties },
    createdAt: '2024-01-17T19:55:04.281Z',
    updatedAt: '2024-09-11T13:27:39.356Z',
    archived: false,
  };
}

export function contact(properties: Record<string, string | null> = {}, id = CONTACT_ID) {
  return object(id, {
    firstname: 'Ada',
    lastname: 'Lovelace',
    email: 'ada@engines.example',
    company: 'Analytical Engines Ltd',
    country: 'United Kingdom',
    phone: '020 7946 0958',
    mobilephone: '+44 7700 900123',
    hs_whatsapp_phone_number: null,
    ...properties,
  });
}

export function company(properties: Record<string, string | null> = {}, id = COMPANY_ID) {
  return object(id, { name: 'Cobol Inc', domain: 'cobol.example', country: 'US', phone: '(415) 555-2671', ...properties });
}

/** The answer of `POST /crm/v3/objects/{object}/search`. */
export function searchAnswer(results: unknown[]) {
  return { total: results.length, results };
}

/** HubSpot's 404 for an object that does not exist. */
export const NOT_FOUND = {
  status: 'error',
  message: 'resource not found',
  correlationId: '7c1e4c1e-0c36-4c5b-9d0e-3c1f0a2b4d6e',
  category: 'OBJECT_NOT_FOUND',
};

import type { CrmObjectType } from '../crm-record.js';

/** One record of the demo CRM as seeded. Phone values are written the way people type them into real CRMs. */
export interface DemoSeedRecord {
  readonly id: string;
  readonly objectType: CrmObjectType;
  readonly name: string;
  readonly company: string | null;
  readonly country: string;
  readonly doNotCall: boolean;
  readonly phones: readonly { readonly field: string; readonly label: string; readonly value: string }[];
}

/**
 * A dozen-and-a-bit people and companies from several countries, chosen so that the quick start shows every kind of
 * number the resolver handles: national and international formats, extensions, vanity letters, an international
 * `00` prefix, an internal extension, a premium-rate line and a Do-Not-Call contact.
 */
export const DEMO_SEED: readonly DemoSeedRecord[] = [
  contact('CON-0001', 'Maria Gonzalez', 'Acme Logistics', 'US', false, [
    ['Phone', 'Phone', '(415) 555-2671 x204'],
    ['MobilePhone', 'Mobile', '+1 650-253-0000'],
  ]),
  contact('CON-0002', 'Oliver Bennett', 'Thames Analytics', 'GB', false, [
    ['Phone', 'Phone', '020 7946 0958'],
    ['MobilePhone', 'Mobile', '07911 123456'],
  ]),
  contact('CON-0003', 'Lena Schmidt', 'Nordlicht GmbH', 'DE', false, [
    ['Phone', 'Phone', '+49 30 901820'],
    ['MobilePhone', 'Mobile', '0151 23456789'],
  ]),
  contact('CON-0004', 'Camille Dubois', 'Atelier Lumière', 'FR', false, [
    ['Phone', 'Phone', '01 42 68 53 00'],
    ['MobilePhone', 'Mobile', '06 12 34 56 78'],
  ]),
  contact('CON-0005', 'Priya Sharma', 'Kaveri Software', 'IN', false, [
    ['Phone', 'Phone', '022 2278 0000'],
    ['MobilePhone', 'Mobile', '+91 98765 43210'],
  ]),
  contact('CON-0006', 'Lucas Oliveira', 'Ipê Comércio', 'BR', false, [
    ['Phone', 'Phone', '(11) 3456-7890'],
    ['MobilePhone', 'Mobile', '(11) 98765-4321'],
  ]),
  contact('CON-0007', 'Haruto Sato', 'Sakura Robotics', 'JP', false, [
    ['Phone', 'Phone', '03-1234-5678'],
    ['MobilePhone', 'Mobile', '090-1234-5678'],
  ]),
  contact('CON-0008', 'Chloe Martin', 'Harbour Health', 'AU', true, [
    ['Phone', 'Phone', '(02) 9374 4000'],
    ['MobilePhone', 'Mobile', '0412 345 678'],
  ]),
  contact('CON-0009', 'Front Desk', 'Our Office', 'US', false, [['Phone', 'Extension', '204']]),
  lead('LEA-0001', 'Ethan Clark', 'Maple Leaf Outfitters', 'CA', [['Phone', 'Phone', '416-363-4868']]),
  lead('LEA-0002', 'Sofia Rossi', 'Trattoria Roma', 'IT', [['Phone', 'Phone', '06 4550 2340']]),
  lead('LEA-0003', 'Javier Ruiz', 'Olivar Exportaciones', 'ES', [['Phone', 'Phone', '0034 91 123 45 67']]),
  lead('LEA-0004', 'Quiz Night Hotline', 'Premium Quiz Ltd', 'GB', [['Phone', 'Phone', '0909 879 0000']]),
  lead('LEA-0005', 'Dana Flowers', 'Flower Power Inc', 'US', [['Phone', 'Phone', '1-800-FLOWERS']]),
  account('ACC-0001', 'Acme Logistics', 'US', [['Phone', 'Phone', '(415) 555-2600']]),
  account('ACC-0002', 'Thames Analytics', 'GB', [['Phone', 'Phone', '+44 20 7946 0000']]),
  account('ACC-0003', 'Nordlicht GmbH', 'DE', [['Phone', 'Phone', '030 901820']]),
];

type PhoneRow = readonly [field: string, label: string, value: string];

function contact(id: string, name: string, company: string, country: string, dnc: boolean, phones: PhoneRow[]) {
  return record(id, 'Contact', name, company, country, dnc, phones);
}

function lead(id: string, name: string, company: string, country: string, phones: PhoneRow[]) {
  return record(id, 'Lead', name, company, country, false, phones);
}

function account(id: string, name: string, country: string, phones: PhoneRow[]) {
  return record(id, 'Account', name, null, country, false, phones);
}

function record(
  id: string,
  objectType: CrmObjectType,
  name: string,
  company: string | null,
  country: string,
  doNotCall: boolean,
  phones: PhoneRow[],
): DemoSeedRecord {
  return { id, objectType, name, company, country, doNotCall, phones: phones.map(([field, label, value]) => ({ field, label, value })) };
}

import type { HostRecord } from '../host-bridge.js';

/**
 * The number a link dials, or null when it is not a phone link. `tel:` gives its number URI-decoded, parameters
 * such as `;ext=12` kept for the connector to resolve (`tel:+44%2020%207946%200958;ext=12` -> `+44 20 7946 0958;ext=12`);
 * `sip:` gives the URI as written. Schemes are case-insensitive, as in every URI.
 */
export function linkNumber(href: string): string | null {
  const text = href.trim();
  const scheme = text.slice(0, 4).toLowerCase();
  if (scheme === 'sip:') return text.length > 4 ? text : null;
  if (scheme !== 'tel:') return null;
  const raw = text.slice(4);
  let number: string;
  try {
    number = decodeURIComponent(raw);
  } catch {
    number = raw;
  }
  number = number.trim();
  return number === '' ? null : number;
}

/**
 * The CRM record a page element belongs to: the nearest element, itself or an ancestor, carrying
 * `data-crm-record-id` and `data-crm-object-type` (with `data-crm-record-name` when the page gives it).
 */
export function linkRecord(element: Element): HostRecord | null {
  const holder = element.closest('[data-crm-record-id]');
  if (holder === null) return null;
  const id = holder.getAttribute('data-crm-record-id')?.trim() ?? '';
  const objectType = holder.getAttribute('data-crm-object-type')?.trim() ?? '';
  if (id === '' || objectType === '') return null;
  const name = holder.getAttribute('data-crm-record-name')?.trim() ?? '';
  return { objectType, id, name: name === '' ? null : name };
}

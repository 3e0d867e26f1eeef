import { button, h } from './dom.js';

const KEYS: readonly (readonly [string, string, string])[] = [
  ['1', '', '1'], ['2', 'ABC', '2'], ['3', 'DEF', '3'],
  ['4', 'GHI', '4'], ['5', 'JKL', '5'], ['6', 'MNO', '6'],
  ['7', 'PQRS', '7'], ['8', 'TUV', '8'], ['9', 'WXYZ', '9'],
  ['*', '', 'Star'], ['0', '+', '0'], ['#', '', 'Hash'],
];

/** Keys a keypad takes from the keyboard as well as from its buttons. */
export const KEYPAD_KEY = /^[0-9*#]$/;

/**
 * The twelve-key pad shared by the dial pad and the in-call DTMF keypad. Each key is a real button named by its
 * symbol, so a screen reader says "Star", not a stray asterisk, and the letters stay decoration.
 */
export function keypad(doc: Document, label: string, onKey: (key: string) => void): HTMLElement {
  return h(
    doc,
    'div',
    { class: 'c2c-keypad', attrs: { role: 'group', 'aria-label': label } },
    ...KEYS.map(([key, letters, name]) => {
      const node = button(doc, '', () => onKey(key), { class: 'c2c-key', attrs: { 'aria-label': name, 'data-key': key } });
      node.append(h(doc, 'span', { class: 'c2c-key-digit', text: key, attrs: { 'aria-hidden': 'true' } }));
      node.append(h(doc, 'span', { class: 'c2c-key-letters', text: letters, attrs: { 'aria-hidden': 'true' } }));
      return node;
    }),
  );
}

/** What {@link h} sets on a new element; `text` becomes `textContent`, so data is never parsed as HTML. */
export interface ElementProps {
  readonly class?: string;
  readonly text?: string;
  readonly attrs?: Readonly<Record<string, string | null | undefined>>;
}

type Child = Node | string | null | undefined | false;

/**
 * Creates an element. The console builds every node through this (never `innerHTML`): agent names, audit details and
 * CRM errors are typed by people or sent by other systems, and must never run as markup. Null attributes are left out.
 */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: ElementProps = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (props.class) node.className = props.class;
  if (props.text !== undefined) node.textContent = props.text;
  for (const [name, value] of Object.entries(props.attrs ?? {})) if (value !== null && value !== undefined) node.setAttribute(name, value);
  for (const child of children) if (child !== null && child !== undefined && child !== false) node.append(child);
  return node;
}

/** A real `<button type="button">`, so it never submits a form by accident and Enter and Space work without script. */
export function button(label: string, onClick: () => void, props: ElementProps = {}): HTMLButtonElement {
  const node = h('button', { ...props, text: props.text ?? label });
  node.type = 'button';
  node.addEventListener('click', onClick);
  return node;
}

let nextId = 0;

/** Page-unique ids for `label for=` and `aria-describedby` pairs. */
export function uniqueId(prefix: string): string {
  nextId += 1;
  return `${prefix}-${nextId}`;
}

/** A labelled input (or select/textarea) in a `.field` wrapper, with an optional hint tied by `aria-describedby`. */
export function field(label: string, control: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement, hint?: string): HTMLDivElement {
  if (!control.id) control.id = uniqueId('field');
  const hintNode = hint ? h('p', { class: 'hint', text: hint, attrs: { id: `${control.id}-hint` } }) : null;
  if (hintNode) control.setAttribute('aria-describedby', hintNode.id);
  return h('div', { class: 'field' }, h('label', { text: label, attrs: { for: control.id } }), control, hintNode);
}

/** A text input; `name` ties it to the API field its value is sent as, so a refusal can point at it. */
export function input(name: string, attrs: Readonly<Record<string, string | null | undefined>> = {}): HTMLInputElement {
  return h('input', { attrs: { type: 'text', name, autocomplete: 'off', spellcheck: 'false', ...attrs } });
}

/** A `<select>` of `[value, label]` options. */
export function select(name: string, options: readonly (readonly [string, string])[], value?: string): HTMLSelectElement {
  const node = h('select', { attrs: { name } }, ...options.map(([v, label]) => h('option', { text: label, attrs: { value: v } })));
  if (value !== undefined) node.value = value;
  return node;
}

/** A checkbox with its label after it, as people expect to click either. */
export function checkbox(name: string, label: string, checked: boolean): { readonly row: HTMLDivElement; readonly box: HTMLInputElement } {
  const box = h('input', { attrs: { type: 'checkbox', name, id: uniqueId('check') } });
  box.checked = checked;
  return { box, row: h('div', { class: 'field check' }, box, h('label', { text: label, attrs: { for: box.id } })) };
}

/** A table with a caption and column headers (`scope="col"`); the caller fills the returned body. */
export function table(caption: string, headers: readonly string[], options: { captionHidden?: boolean } = {}): { readonly table: HTMLTableElement; readonly body: HTMLTableSectionElement } {
  const body = h('tbody');
  const node = h(
    'table',
    { class: 'data' },
    h('caption', { text: caption, class: options.captionHidden ? 'visually-hidden' : undefined }),
    h('thead', {}, h('tr', {}, ...headers.map((header) => h('th', { text: header, attrs: { scope: 'col' } })))),
    body,
  );
  return { table: node, body };
}

/** A row of cells; a string becomes the cell's text, a node is placed inside it. */
export function row(cells: readonly (Node | string)[], props: ElementProps = {}): HTMLTableRowElement {
  return h('tr', props, ...cells.map((cell) => h('td', {}, cell)));
}

/** Replaces every child of `node`. */
export function replaceChildren(node: Element, ...children: Child[]): void {
  node.replaceChildren(...children.filter((c): c is Node | string => c !== null && c !== undefined && c !== false));
}

/**
 * Puts focus back where the admin started (after Cancel, Done or Close): on `opener`, or, when a re-render replaced
 * it, on the element that now carries its `data-focus-key`; else on `fallback`. Keyboard and screen-reader users thus
 * never land at the top of the page after closing something.
 */
export function focusBack(opener: HTMLElement | null | undefined, fallback?: HTMLElement | null): void {
  const key = opener?.dataset.focusKey;
  const replacement = key ? document.querySelector<HTMLElement>(`[data-focus-key="${CSS.escape(key)}"]`) : null;
  const target = opener?.isConnected ? opener : replacement;
  (target ?? fallback)?.focus();
}

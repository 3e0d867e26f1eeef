/** Attributes and properties `h` sets; `text` becomes textContent, so data is never parsed as HTML. */
export interface ElementProps {
  readonly class?: string;
  readonly text?: string;
  readonly attrs?: Readonly<Record<string, string>>;
  readonly on?: Readonly<Partial<Record<keyof HTMLElementEventMap, (event: Event) => void>>>;
}

/**
 * Creates an element. The widget builds every node through this, with text set through `textContent`: CRM names and
 * numbers are typed by people and must never run as markup in the host page.
 */
export function h<K extends keyof HTMLElementTagNameMap>(
  doc: Document,
  tag: K,
  props: ElementProps = {},
  ...children: (Node | null | undefined)[]
): HTMLElementTagNameMap[K] {
  const node = doc.createElement(tag);
  if (props.class) node.className = props.class;
  if (props.text !== undefined) node.textContent = props.text;
  for (const [name, value] of Object.entries(props.attrs ?? {})) node.setAttribute(name, value);
  for (const [type, listener] of Object.entries(props.on ?? {})) if (listener) node.addEventListener(type, listener);
  for (const child of children) if (child) node.append(child);
  return node;
}

/** A real `<button type="button">`, so it never submits a host form and Enter/Space work without script. */
export function button(doc: Document, label: string, onClick: () => void, props: ElementProps = {}): HTMLButtonElement {
  const node = h(doc, 'button', { ...props, text: props.text ?? label });
  node.type = 'button';
  node.addEventListener('click', onClick);
  return node;
}

/** Sets text only when it changed, so screen readers are not told the same status twice. */
export function setText(node: Node, text: string): void {
  if (node.textContent !== text) node.textContent = text;
}

/** Process-unique ids for `label for=` pairs, so two widgets on one page never share one. */
let nextId = 0;
export function uniqueId(prefix: string): string {
  nextId += 1;
  return `c2c-${prefix}-${nextId}`;
}

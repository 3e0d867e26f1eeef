import { button, h, uniqueId } from './dom.js';
import { ROOT_CLASS, injectStyles } from './widget-styles.js';

export interface FloatingPanel {
  /** Where the widget view mounts. */
  readonly content: HTMLElement;
  readonly expanded: boolean;
  expand(): void;
  collapse(): void;
  /** Shows the registration state on the launcher while the panel is collapsed. */
  setLauncherLabel(label: string): void;
  /** Called when the agent opens the panel with the launcher, to move focus into it. */
  onOpenedByAgent: (() => void) | null;
  destroy(): void;
}

/**
 * The embed's shell on someone else's page: a launcher button at the bottom right and the panel it opens. It starts
 * collapsed so it covers nothing until the agent wants it; calls and notices open it (see `createWidgetView`).
 */
export function createFloatingPanel(doc: Document): FloatingPanel {
  injectStyles(doc);
  const panelId = uniqueId('panel');
  const content = h(doc, 'div', { class: 'c2c-float-panel', attrs: { id: panelId, role: 'region', 'aria-label': 'Phone' } });
  const launcherText = h(doc, 'span', { text: 'Phone' });
  const launcher = button(doc, '', () => {
    if (expanded) {
      panel.collapse();
    } else {
      panel.expand();
      panel.onOpenedByAgent?.();
    }
  }, {
    class: 'c2c-launcher',
    attrs: { 'aria-expanded': 'false', 'aria-controls': panelId },
  });
  launcher.append(h(doc, 'span', { text: '☎', attrs: { 'aria-hidden': 'true' } }), launcherText);
  const root = h(doc, 'div', { class: `${ROOT_CLASS} c2c-floating` }, content, launcher);
  content.hidden = true;
  doc.body.append(root);
  let expanded = false;

  const panel: FloatingPanel = {
    content,
    onOpenedByAgent: null,
    get expanded() {
      return expanded;
    },
    expand() {
      expanded = true;
      content.hidden = false;
      launcher.setAttribute('aria-expanded', 'true');
      launcherText.textContent = 'Hide phone';
    },
    collapse() {
      const hadFocus = content.contains(doc.activeElement);
      expanded = false;
      content.hidden = true;
      launcher.setAttribute('aria-expanded', 'false');
      launcherText.textContent = label;
      if (hadFocus) launcher.focus();
    },
    setLauncherLabel(text: string) {
      label = text;
      if (!expanded) launcherText.textContent = text;
    },
    destroy() {
      root.remove();
    },
  };
  let label = 'Phone';
  root.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && expanded) panel.collapse();
  });
  return panel;
}

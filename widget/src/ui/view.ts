import type { WidgetState } from './widget-state.js';

/** One part of the panel: built once, then updated in place so focus and typed text survive every state change. */
export interface View {
  readonly root: HTMLElement;
  update(state: WidgetState): void;
  /** The element that takes focus when this screen appears (the primary action or the first field). */
  focusTarget(state: WidgetState): HTMLElement | null;
}

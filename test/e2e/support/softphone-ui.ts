/// <reference lib="dom" />
import type { Frame, Page } from 'playwright-core';

/**
 * The widget as an agent uses it, by what the agent reads and clicks (roles and accessible names), in the page or
 * frame that holds it.
 */
export class SoftphoneUi {
  constructor(readonly where: Page | Frame) {}

  /** Pastes the agent's sign-in key (the local sign-in) and waits for the registration to say Ready. */
  async signIn(signInKey: string): Promise<void> {
    await this.where.getByLabel('Sign-in key').fill(signInKey);
    await this.where.getByRole('button', { name: 'Sign in', exact: true }).click();
    await this.waitForStatus(/^Ready$/, 20_000);
  }

  /** Waits until the status line reads `text`. */
  async waitForStatus(text: RegExp, timeout = 20_000): Promise<void> {
    await this.where.getByRole('status').filter({ hasText: text }).first().waitFor({ timeout });
  }

  /** The status line's text right now. */
  status(): Promise<string> {
    return this.where.getByRole('status').first().innerText();
  }

  async waitForCallPanel(text: string | RegExp, timeout = 15_000): Promise<void> {
    await this.where.getByRole('region', { name: 'Call in progress' }).getByText(text).first().waitFor({ timeout });
  }

  async hangUp(): Promise<void> {
    await this.where.getByRole('region', { name: 'Call in progress' }).getByRole('button', { name: 'Hang up' }).click();
  }

  /**
   * Waits for the incoming-call screen to show `caller` (the name the reverse lookup finds arrives a moment after the
   * ring), and returns what the screen says.
   */
  async waitForIncoming(caller: string | RegExp, timeout = 15_000): Promise<string> {
    const screen = this.where.getByRole('region', { name: 'Incoming call' });
    await screen.getByText(caller).first().waitFor({ timeout });
    return screen.innerText();
  }

  async answer(): Promise<void> {
    await this.where.getByRole('region', { name: 'Incoming call' }).getByRole('button', { name: 'Answer' }).click();
  }

  /** Fills the wrap-up with the disposition at `index` of the admin's list and the notes; returns the disposition. */
  async wrapUp(args: { dispositionIndex: number; notes: string }): Promise<string> {
    const disposition = this.where.getByLabel('Disposition');
    await disposition.waitFor({ timeout: 15_000 });
    await disposition.selectOption({ index: args.dispositionIndex });
    const chosen = await disposition.inputValue();
    await this.where.getByLabel('Notes').fill(args.notes);
    await this.where.getByRole('button', { name: 'Save' }).click();
    return chosen;
  }

  async skipWrapUp(): Promise<void> {
    const skip = this.where.getByRole('button', { name: 'Skip' });
    await skip.waitFor({ timeout: 15_000 });
    await skip.click();
  }
}

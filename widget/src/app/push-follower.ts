import type { ConnectorApi } from '../connector/connector-api.js';
import type { PushMessage } from '../connector/push-message.js';

/** What the app does with each kind of push. */
export interface PushReactions {
  /** An admin ended the agent's sessions. */
  sessionEnded(reason: string): void;
  /** The settings changed, or may have (`resync`): read them again and apply them. */
  readSettings(): Promise<void>;
  screenPop(pop: Extract<PushMessage, { type: 'screen-pop' }>): void;
}

/**
 * Follows the connector's push stream of the signed-in session and hands each message to its reaction. Settings are
 * read one at a time: changes pushed while a read runs make one more read after it, not one each.
 */
export class PushFollower {
  private open: { readonly connector: ConnectorApi; readonly close: () => void } | null = null;
  private reading = false;
  private readAgain = false;

  constructor(private readonly react: PushReactions) {}

  /** Listens through `connector`; already listening through it, nothing changes. */
  follow(connector: ConnectorApi): void {
    if (this.open?.connector === connector) return;
    this.stop();
    let open: PushFollower['open'] = null;
    const close = connector.listen((message) => {
      if (open !== null && open === this.open) this.dispatch(message);
    });
    open = { connector, close };
    this.open = open;
  }

  stop(): void {
    this.open?.close();
    this.open = null;
  }

  private dispatch(message: PushMessage): void {
    switch (message.type) {
      case 'session-ended':
        this.react.sessionEnded(message.reason);
        return;
      case 'screen-pop':
        this.react.screenPop(message);
        return;
      case 'settings-changed':
      case 'resync':
        void this.readSettings();
    }
  }

  private async readSettings(): Promise<void> {
    if (this.reading) {
      this.readAgain = true;
      return;
    }
    this.reading = true;
    try {
      do {
        this.readAgain = false;
        await this.react.readSettings();
      } while (this.readAgain && this.open);
    } finally {
      this.reading = false;
    }
  }
}

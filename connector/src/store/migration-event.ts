/** A store migration about to run (`started`), or applied (`applied`, with how long it took), for the log. */
export type MigrationEvent =
  | { readonly phase: 'started'; readonly version: number; readonly name: string }
  | { readonly phase: 'applied'; readonly version: number; readonly name: string; readonly durationMs: number };

/** A versioned schema change: applied once, in version order, in one transaction. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

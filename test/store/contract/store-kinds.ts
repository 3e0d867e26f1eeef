import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Store } from '../../../connector/src/store/store.js';
import { PgStore } from '../../../connector/src/store/pg-store.js';
import { SqliteStore } from '../../../connector/src/store/sqlite-store.js';
import { createTestSchema, type TestSchema } from '../../support/postgres.js';

/** Opens a fresh, empty, migrated store of one kind; the suite closes and removes it after each test. */
export type OpenStore = () => Promise<Store>;

/** Opens two stores on one fresh database, as two connector instances share it; the suite closes both after each test. */
export type OpenStorePair = () => Promise<readonly [Store, Store]>;

/** One fresh database that several stores open, as several connector instances do; `remove` once they are closed. */
export interface SharedDatabase {
  open(): Promise<Store>;
  remove(): Promise<void>;
}

interface StoreKind {
  readonly name: 'SQLite' | 'PostgreSQL';
  /** A fresh store, and how to remove what it left behind once closed. */
  open(): Promise<{ store: Store; remove: () => Promise<void> }>;
  /** A fresh database for several stores: SQLite, one temporary file; PostgreSQL, one schema. */
  shared(): Promise<SharedDatabase>;
  /** Two stores on one fresh database (`shared`). */
  openPair(): Promise<{ stores: readonly [Store, Store]; remove: () => Promise<void> }>;
}

async function pairOn(database: SharedDatabase): Promise<{ stores: readonly [Store, Store]; remove: () => Promise<void> }> {
  const first = await database.open();
  const second = await database.open();
  return { stores: [first, second], remove: () => database.remove() };
}

export const STORE_KINDS: readonly StoreKind[] = [
  {
    name: 'SQLite',
    open: async () => ({ store: SqliteStore.open(':memory:'), remove: async () => {} }),
    shared: async () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'cti-store-shared-'));
      const file = path.join(dir, 'connector.sqlite');
      return { open: async () => SqliteStore.open(file), remove: async () => rmSync(dir, { recursive: true, force: true }) };
    },
    openPair: async () => pairOn(await STORE_KINDS[0]!.shared()),
  },
  {
    name: 'PostgreSQL',
    open: async () => {
      const schema: TestSchema = await createTestSchema('store');
      const store = await PgStore.open(schema.url, { schema: schema.schema });
      return { store, remove: () => schema.drop() };
    },
    shared: async () => {
      const schema: TestSchema = await createTestSchema('shared');
      return { open: () => PgStore.open(schema.url, { schema: schema.schema }), remove: () => schema.drop() };
    },
    openPair: async () => pairOn(await STORE_KINDS[1]!.shared()),
  },
];

/**
 * The shared store suite: `body` is declared once per store kind, under `<kind> store: <title>`, and gets `open` for
 * fresh stores, and `openPair` for two stores sharing one database. Every store opened in a test is closed (and its
 * database removed) after it.
 */
export function describeEachStore(title: string, body: (open: OpenStore, kind: StoreKind['name'], openPair: OpenStorePair) => void): void {
  for (const kind of STORE_KINDS) {
    describe(`${kind.name} store: ${title}`, function () {
      const opened: { store: Store; remove: () => Promise<void> }[] = [];
      afterEach(async () => {
        for (const { store, remove } of opened.splice(0)) {
          await store.close();
          await remove();
        }
      });
      body(
        async () => {
          const fresh = await kind.open();
          opened.push(fresh);
          return fresh.store;
        },
        kind.name,
        async () => {
          const { stores, remove } = await kind.openPair();
          // Both are closed before the database they share is removed.
          opened.push({ store: stores[0], remove: async () => {} }, { store: stores[1], remove });
          return stores;
        },
      );
    });
  }
}

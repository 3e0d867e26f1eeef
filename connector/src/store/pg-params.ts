/**
 * The values of one PostgreSQL statement as it is written: `add` keeps a value and returns its placeholder ($1, $2,
 * ...), so a statement built from parts never splices a value into its text.
 */
export class PgParams {
  readonly values: unknown[] = [];

  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

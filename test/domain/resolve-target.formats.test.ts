import assert from 'node:assert/strict';
import { resolveTarget } from '../../connector/src/domain/resolve-target.js';
import {
  BROKEN_NUMBERS,
  EVERYDAY_FORMATS,
  FORMATS_PLAN_REGION,
  HOSTILE_INPUTS,
  TEXT_QUIRKS,
} from './data/number-formats.js';
import type { FormatRow } from './data/number-formats.js';
import { describeInput } from './describe-input.js';
import { makePlan } from './plans.js';

const plan = makePlan({ defaultRegion: FORMATS_PLAN_REGION });

function expectation(row: FormatRow): string {
  if ('e164' in row) {
    return row.extension === null ? row.e164 : `${row.e164} + DTMF ${row.extension}`;
  }
  return 'internal' in row ? `internal ${row.internal}` : row.problem;
}

function checkRow(row: FormatRow): void {
  const result = resolveTarget(row.input, plan, { region: row.region });
  if ('e164' in row) {
    assert.ok(result.ok, `expected ${row.e164}, got ${result.ok ? '' : result.problem.message}`);
    assert.equal(result.target.kind, 'pstn');
    assert.equal(result.target.e164, row.e164);
    assert.equal(result.target.extension, row.extension);
    assert.equal(result.target.sipUri, `sip:${row.e164}@pbx.example.com;user=phone`);
    assert.equal(result.target.country, row.country);
    assert.equal(result.target.display.replace(/\s/g, ''), row.e164);
    if (row.numberType !== undefined) {
      assert.equal(result.target.numberType, row.numberType);
    }
  } else if ('internal' in row) {
    assert.ok(result.ok, `expected extension ${row.internal}, got ${result.ok ? '' : result.problem.code}`);
    assert.deepEqual(result.target, {
      kind: 'internal',
      e164: null,
      sipUri: `sip:${row.internal}@pbx.example.com`,
      extension: null,
      display: row.internal,
      country: null,
      numberType: null,
    });
  } else {
    assert.ok(!result.ok, `expected ${row.problem}, got ${result.ok ? result.target.sipUri : ''}`);
    assert.equal(result.problem.code, row.problem, result.problem.message);
  }
}

function table(title: string, rows: readonly FormatRow[]): void {
  describe(title, () => {
    for (const row of rows) {
      it(`${describeInput(row.input)}${row.region === null ? '' : ` in ${row.region}`} -> ${expectation(row)}`, () => {
        checkRow(row);
      });
    }
  });
}

describe('resolveTarget turns what a CRM holds into E.164 or a clear reason', () => {
  it('covers at least 70 formats from at least 8 countries', () => {
    const rows = [...EVERYDAY_FORMATS, ...TEXT_QUIRKS, ...HOSTILE_INPUTS, ...BROKEN_NUMBERS];
    const countries = new Set(EVERYDAY_FORMATS.map((row) => ('country' in row ? row.country : null)));
    countries.delete(null);
    assert.ok(rows.length >= 70, `${rows.length} rows`);
    assert.ok(countries.size >= 8, `${countries.size} countries`);
  });
  table('everyday formats', EVERYDAY_FORMATS);
  table('copy-paste quirks and internal extensions', TEXT_QUIRKS);
  table('hostile and non-number inputs are refused', HOSTILE_INPUTS);
  table('broken numbers are refused with the right reason', BROKEN_NUMBERS);
});

// compare_time as callers send it: Unix seconds (number or numeric string), ISO-8601 with a zone
// (honoured), ISO-8601 without one (read in the terminal's time zone: Asia/Shanghai unless the
// setting says otherwise), and refused outside 2000–2100 or when the date does not exist.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SophonError } from '../../main/common/errors.js';
import { compareRequestSchema, compareTimeIn, compareTimeSchema } from '../../main/contracts/compare-api.js';
import { parseCompareRequest } from '../../main/server/sophonmatch/request.js';

const at = (iso: string) => Date.parse(iso) / 1000;
const ok = (v: unknown, tz?: string) => {
  const r = (tz ? compareTimeIn(tz) : compareTimeSchema).safeParse(v);
  assert.ok(r.success, `${JSON.stringify(v)} refused: ${JSON.stringify(!r.success && r.error.issues)}`);
  return r.data;
};
const refused = (v: unknown) => assert.equal(compareTimeSchema.safeParse(v).success, false, `${JSON.stringify(v)} accepted`);

describe('compare_time', () => {
  it('a time without a zone is a wall-clock time of the terminal (Asia/Shanghai by default)', () => {
    assert.equal(ok('2026-12-01 08:00'), at('2026-12-01T00:00:00Z'));
    assert.equal(ok('2026-12-01T08:00:30'), at('2026-12-01T00:00:30Z'));
    assert.equal(ok('2026-12-01 16:30:46.250'), at('2026-12-01T08:30:46.250Z'));
    assert.equal(ok('2026-12-01'), at('2026-11-30T16:00:00Z'), 'a date alone is its midnight there');
    // Another terminal's zone, daylight saving included.
    assert.equal(ok('2026-12-01 08:00', 'UTC'), at('2026-12-01T08:00:00Z'));
    assert.equal(ok('2026-07-01 08:00', 'Europe/Berlin'), at('2026-07-01T06:00:00Z'));
    assert.equal(ok('2026-12-01 08:00', 'Europe/Berlin'), at('2026-12-01T07:00:00Z'));
  });

  it('a zone in the string is honoured, in every ISO form', () => {
    assert.equal(ok('2026-12-01T08:00:00Z'), at('2026-12-01T08:00:00Z'));
    assert.equal(ok('2026-12-01T08:00:00+08:00'), at('2026-12-01T00:00:00Z'));
    assert.equal(ok('2026-12-01T08:00:00+0800'), at('2026-12-01T00:00:00Z'));
    assert.equal(ok('2026-12-01 08:00-05:00'), at('2026-12-01T13:00:00Z'));
  });

  it('Unix seconds as numbers and numeric strings, fractional allowed', () => {
    assert.equal(ok(1764000000.123456), 1764000000.123456);
    assert.equal(ok('1764000000.5'), 1764000000.5);
    assert.equal(ok(' 1.7645e9 '), 1764500000);
  });

  it('values outside 2000–2100, impossible dates and other text are refused', () => {
    for (const v of [
      1e13,
      1764000000123,
      -5,
      0,
      946684799,
      4102444800,
      '1e13',
      '1999-12-31T23:59:59Z',
      '2100-01-01T00:00:00Z',
      '2026-02-30 08:00',
      '2026-13-01',
      '2026-12-01 25:00',
      'yesterday',
      '',
      true,
      null,
      Number.NaN,
    ])
      refused(v);
    assert.ok(ok(946684800) === 946684800 && ok(4102444799) === 4102444799, 'the bounds themselves');
  });

  it('the request parser refuses them as INVALID_ARGUMENT naming the field, and uses the zone it is given', () => {
    const body = { card_image_base64: 'AAAA', face_image_base64: 'AAAA' };
    assert.throws(
      () => parseCompareRequest({ ...body, compare_time: 1e13 }),
      (e) =>
        e instanceof SophonError &&
        e.reason === 'BAD_FIELD' &&
        e.status === 'INVALID_ARGUMENT' &&
        /compare_time/.test(e.message) &&
        /2000 and 2100/.test(e.message),
    );
    assert.equal(parseCompareRequest({ ...body, compare_time: '2026-12-01 08:00' }).compare_time, at('2026-12-01T00:00:00Z'));
    assert.equal(parseCompareRequest({ ...body, compare_time: '2026-12-01 08:00' }, 'Asia/Tokyo').compare_time, at('2026-11-30T23:00:00Z'));
    assert.equal(compareRequestSchema('Asia/Tokyo'), compareRequestSchema('Asia/Tokyo'), 'one schema per zone, made once');
  });
});

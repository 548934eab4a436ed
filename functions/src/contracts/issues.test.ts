import { z } from 'zod';

import { EnrollmentRequestSchema, FeedbackRequestSchema, OverrideRequestSchema } from './index';
import { ErrorDetailSchema, ISSUE_CODES, issueOf } from './issues';

const userA = '0b6f4f0e-9c8a-4a53-9d8b-1f2e3d4c5b6a';

const schema = z.strictObject({
  name: z.string().trim().min(1).max(5),
  code: z.string().min(9),
  weeks: z.number().int().min(1).max(26),
  tags: z.array(z.string()).min(2).max(3),
  kind: z.enum(['a', 'b']),
  day: z.iso.date(),
  flag: z.boolean(),
});
const valid = {
  name: 'Ada',
  code: '0 9 * * 1',
  weeks: 12,
  tags: ['x', 'y'],
  kind: 'a',
  day: '2030-01-31',
  flag: true,
};

/** The one issue a value has against a schema. */
function onlyIssue(s: z.ZodType, value: unknown) {
  const parsed = s.safeParse(value);
  if (parsed.success) throw new Error('expected a problem');
  expect(parsed.error.issues).toHaveLength(1);
  return parsed.error.issues[0]!;
}

describe('issueOf', () => {
  it.each([
    ['an empty required text (after trimming)', { name: '   ' }, 'required', {}],
    ['a missing field', { name: undefined }, 'required', {}],
    ['a text too short', { code: '0 9' }, 'too-short', { min: 9 }],
    ['a text too long', { name: 'Grace Hopper' }, 'too-long', { max: 5 }],
    ['a number too small', { weeks: 0 }, 'too-small', { min: 1 }],
    ['a number too large', { weeks: 40 }, 'too-large', { max: 26 }],
    ['a fraction where a whole number goes', { weeks: 1.5 }, 'not-whole-number', {}],
    ['too few items', { tags: ['x'] }, 'too-few', { min: 2 }],
    ['too many items', { tags: ['w', 'x', 'y', 'z'] }, 'too-many', { max: 3 }],
    ['a value not on the list', { kind: 'c' }, 'not-allowed', {}],
    ['a malformed date', { day: '2030-02-30' }, 'invalid-format', { format: 'date' }],
    ['a value of another type', { flag: 'yes' }, 'wrong-type', { expected: 'boolean' }],
    ['an unknown field', { extra: 1, more: 2 }, 'unknown-field', { fields: 'extra, more' }],
  ])('%s reads %s %j', (_what, change, code, params) => {
    expect(issueOf(onlyIssue(schema, { ...valid, ...change }))).toEqual({ code, params });
  });

  it.each([
    [
      'a repeated goal',
      EnrollmentRequestSchema,
      { goals: ['network-building', 'network-building'], cadence: 'weekly' },
      'duplicate-items',
    ],
    ['met without a rating', FeedbackRequestSchema, { met: true }, 'rating-required'],
    [
      'pairing someone with themselves',
      OverrideRequestSchema,
      { action: 'pair', userIds: [userA, userA.toUpperCase()], reason: 'asked' },
      'two-different-people',
    ],
    [
      'an override without a reason',
      OverrideRequestSchema,
      { action: 'unpair', pairingId: 'p-1', reason: ' ' },
      'required',
    ],
  ] as const)('the contracts’ own rule for %s reads %s', (_what, s, value, code) => {
    expect(issueOf(onlyIssue(s, value)).code).toBe(code);
  });

  it('a refinement without a known code reads "invalid", never its English message', () => {
    const refined = z.string().refine((v) => v === 'ok', 'must be ok');
    expect(issueOf(onlyIssue(refined, 'no'))).toEqual({ code: 'invalid', params: {} });
    const unknownCode = z.string().refine((v) => v === 'ok', { message: 'x', params: { issue: 'nope' } });
    expect(issueOf(onlyIssue(unknownCode, 'no'))).toEqual({ code: 'invalid', params: {} });
  });
});

describe('ErrorDetailSchema', () => {
  it('reads a code a newer API knows and this tab does not as "invalid", and one without a code too', () => {
    expect(
      ErrorDetailSchema.parse({ path: 'body.x', issue: 'New rule', code: 'from-the-future', params: 3 }),
    ).toEqual({ path: 'body.x', issue: 'New rule', code: 'invalid', params: {} });
    expect(ErrorDetailSchema.parse({ path: 'body.x', issue: 'Old API' })).toEqual({
      path: 'body.x',
      issue: 'Old API',
      code: 'invalid',
      params: {},
    });
  });

  it('has no code twice', () => {
    expect(new Set(ISSUE_CODES).size).toBe(ISSUE_CODES.length);
  });
});

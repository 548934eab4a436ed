import {
  BookingMessageSchema,
  EnrollmentRequestSchema,
  FeedbackRequestSchema,
  OverrideRequestSchema,
  PairingReasonSchema,
  ProgramInputSchema,
  ResourceIdSchema,
} from './index';

const userA = '0b6f4f0e-9c8a-4a53-9d8b-1f2e3d4c5b6a';
const userB = '7a1c2b3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';

describe('contracts', () => {
  it('fills enrollment defaults and rejects unknown fields', () => {
    const parsed = EnrollmentRequestSchema.parse({ goals: ['network-building'], cadence: 'weekly' });
    expect(parsed).toEqual({
      goals: ['network-building'],
      topicsToLearn: [],
      topicsToShare: [],
      cadence: 'weekly',
      preferredDays: [],
      preferredTimesOfDay: [],
      languages: [],
      notWith: [],
    });
    const extra = EnrollmentRequestSchema.safeParse({
      goals: ['network-building'],
      cadence: 'weekly',
      userId: userA,
    });
    expect(extra.success).toBe(false);
  });

  it.each([
    ['no goal', { goals: [], cadence: 'weekly' }],
    ['unknown goal', { goals: ['lunch'], cadence: 'weekly' }],
    ['repeated goal', { goals: ['network-building', 'network-building'], cadence: 'weekly' }],
    ['bad cadence', { goals: ['network-building'], cadence: 'daily' }],
    ['bad day', { goals: ['network-building'], cadence: 'weekly', preferredDays: ['funday'] }],
    ['bad language', { goals: ['network-building'], cadence: 'weekly', languages: ['English!'] }],
    ['notWith not a guid', { goals: ['network-building'], cadence: 'weekly', notWith: ['bob'] }],
    ['topic too long', { goals: ['network-building'], cadence: 'weekly', topicsToLearn: ['x'.repeat(61)] }],
  ])('rejects an enrollment with %s', (_name, body) => {
    expect(EnrollmentRequestSchema.safeParse(body).success).toBe(false);
  });

  it('requires a rating when people met, and bounds the comment', () => {
    expect(FeedbackRequestSchema.safeParse({ met: true }).success).toBe(false);
    expect(FeedbackRequestSchema.safeParse({ met: false }).success).toBe(true);
    expect(FeedbackRequestSchema.safeParse({ met: true, rating: 6 }).success).toBe(false);
    expect(FeedbackRequestSchema.safeParse({ met: true, rating: 4, comment: 'x'.repeat(1001) }).success).toBe(
      false,
    );
    expect(FeedbackRequestSchema.parse({ met: true, rating: 4 })).toEqual({
      met: true,
      rating: 4,
      comment: '',
    });
  });

  it('applies program defaults', () => {
    const program = ProgramInputSchema.parse({
      name: 'Engineering peers',
      kind: 'collaborative-learning',
      roundLengthWeeks: 6,
      defaultCadence: 'biweekly',
      sessionMinutes: 30,
      schedule: { cron: '0 9 * * 1', timeZone: 'Europe/Berlin' },
    });
    expect(program.rules.oddPolicy).toBe('triad');
    expect(program.status).toBe('draft');
    expect(program.bookingPolicy.organizer).toBe('less-senior');
    expect(Number.isInteger(program.weights.sharedGoal)).toBe(true);
  });

  it('rejects fractional weights so the matching optimum stays exact', () => {
    const result = ProgramInputSchema.safeParse({
      name: 'P',
      kind: 'network-building',
      roundLengthWeeks: 4,
      defaultCadence: 'weekly',
      sessionMinutes: 30,
      schedule: { cron: '0 9 * * 1', timeZone: 'UTC' },
      weights: { sharedGoal: 1.5 },
    });
    expect(result.success).toBe(false);
  });

  it('parses each override action and refuses pairing someone with themselves', () => {
    expect(
      OverrideRequestSchema.parse({ action: 'pair', userIds: [userA, userB], reason: 'asked' }).action,
    ).toBe('pair');
    expect(
      OverrideRequestSchema.safeParse({ action: 'pair', userIds: [userA, userA], reason: 'asked' }).success,
    ).toBe(false);
    expect(OverrideRequestSchema.safeParse({ action: 'unpair', pairingId: 'p-1', reason: '' }).success).toBe(
      false,
    );
    expect(
      OverrideRequestSchema.safeParse({ action: 'explode', pairingId: 'p-1', reason: 'x' }).success,
    ).toBe(false);
  });

  it('keeps ids URL- and Cosmos-safe', () => {
    expect(ResourceIdSchema.safeParse('round-2026-06-01').success).toBe(true);
    for (const bad of ['', 'a/b', 'a\\b', 'a?b', '../x', 'x'.repeat(81), 'a b']) {
      expect(ResourceIdSchema.safeParse(bad).success).toBe(false);
    }
  });

  it('types reasons by kind', () => {
    expect(PairingReasonSchema.safeParse({ kind: 'overlap-hours', data: { hours: 3.5 } }).success).toBe(true);
    expect(PairingReasonSchema.safeParse({ kind: 'overlap-hours', data: { hours: 'lots' } }).success).toBe(
      false,
    );
  });

  it('versions the booking message', () => {
    const message = { version: 1, tenantId: userA, programId: 'p1', roundId: 'r1', pairingId: 'x1' };
    expect(BookingMessageSchema.parse(message)).toEqual({ ...message, attempt: 0 });
    expect(BookingMessageSchema.safeParse({ ...message, version: 2 }).success).toBe(false);
  });
});

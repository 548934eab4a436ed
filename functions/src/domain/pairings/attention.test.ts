import { ATTENTION_CODES } from '../../contracts/admin';
import { attentionOf } from './attention';

describe('attentionOf', () => {
  it.each([
    // Codes the services store as they are: the contract's own.
    ['no-mailbox', {}, { code: 'no-mailbox', params: {} }],
    ['declined-again', {}, { code: 'declined-again', params: {} }],
    ['member-unavailable', {}, { code: 'member-unavailable', params: {} }],
    // With the numbers their wording needs, and nothing else that was stored.
    [
      'calendars-full',
      { usable: 2, checked: 6, organizer: 'someone' },
      { code: 'calendars-full', params: { usable: 2, checked: 6 } },
    ],
    ['graph-unavailable', { hours: 27 }, { code: 'graph-unavailable', params: { hours: 27 } }],
    // Stored before params were kept, or half of them: the plain wording.
    ['calendars-full', {}, { code: 'calendars-full', params: {} }],
    ['calendars-full', { usable: 2 }, { code: 'calendars-full', params: {} }],
    ['graph-unavailable', { hours: 'many' }, { code: 'graph-unavailable', params: {} }],
    // A calendar failure keeps Graph's code in storage (for the logs); admins read what it means.
    ['graph_403_ErrorAccessDenied', {}, { code: 'calendar-refused', params: {} }],
    ['graph_400_ErrorInvalidRecurrence', { detail: 'x' }, { code: 'calendar-refused', params: {} }],
    ['end-orphan-failed', {}, { code: 'end-failed', params: {} }],
    // Anything this vocabulary does not know yet reads as "other", never as the stored code.
    ['something-new', { hours: 3 }, { code: 'other', params: {} }],
  ] as const)('%s %j reads %j', (attentionCode, attentionParams, expected) => {
    expect(attentionOf({ attentionCode, attentionParams })).toEqual(expected);
  });

  it('a pairing that needs nothing has no attention', () => {
    expect(attentionOf({ attentionCode: null, attentionParams: {} })).toBeNull();
  });

  it('every contract code reads as itself', () => {
    for (const code of ATTENTION_CODES)
      expect(attentionOf({ attentionCode: code, attentionParams: {} })?.code).toBe(code);
  });
});

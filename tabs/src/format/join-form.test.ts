import { createI18n } from '../i18n/i18n';
import { checkTopic, type JoinFormValues, validateJoinForm } from './join-form';

const i18n = createI18n('en-US', 'UTC');
const valid: JoinFormValues = {
  goals: ['collaborative-learning'],
  topicsToLearn: ['Rust'],
  topicsToShare: [],
  cadence: 'biweekly',
  preferredDays: ['tuesday'],
  preferredTimesOfDay: ['morning'],
  languages: ['en', 'pt-br', 'pt-BR'],
  notWith: [],
};

describe('validateJoinForm', () => {
  it('builds a request the contract accepts, each language once in its canonical spelling', () => {
    const { errors, request } = validateJoinForm(valid, i18n);
    expect(errors).toEqual({});
    expect(request).toMatchObject({
      goals: ['collaborative-learning'],
      languages: ['en', 'pt-BR'],
      notWith: [],
    });
  });

  it('sends each picked person once, by lower-case id', () => {
    const id = '2B1C7E2A-0000-4000-8000-00000000000A';
    const other = '9f1c7e2a-0000-4000-8000-00000000000b';
    const { request } = validateJoinForm({ ...valid, notWith: [id, other, id.toLowerCase()] }, i18n);
    expect(request?.notWith).toEqual([id.toLowerCase(), other]);
  });

  it.each<[Partial<JoinFormValues>, keyof JoinFormValues, string]>([
    [{ goals: [] }, 'goals', 'Pick at least one goal.'],
    [{ languages: ['en', 'english'] }, 'languages', 'english is not a language tag like "en" or "pt-BR".'],
  ])('%j → %s error', (patch, field, message) => {
    const { errors, request } = validateJoinForm({ ...valid, ...patch }, i18n);
    expect(request).toBeNull();
    expect(errors[field]).toBe(message);
  });
});

describe('checkTopic', () => {
  it.each([
    ['', [], 'Topics are 1 to 60 characters.'],
    ['x'.repeat(61), [], 'Topics are 1 to 60 characters.'],
    ['rust', ['Rust'], 'rust is already in the list.'],
    ['Go', Array.from({ length: 20 }, (_, i) => `t${i}`), 'At most 20 topics.'],
    ['Go', ['Rust'], null],
  ])('%s', (topic, existing, expected) => {
    expect(checkTopic(topic, existing, i18n)).toBe(expected);
  });
});

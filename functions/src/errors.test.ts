import { type AppError, detail, ensureError, invalid } from './errors';

describe('ensureError', () => {
  it.each([
    ['an Error', new Error('boom'), 'boom'],
    ['a string', 'oops', 'Non-error thrown: oops'],
    ['an object', { a: 1 }, 'Non-error thrown: {"a":1}'],
    ['undefined', undefined, 'Non-error thrown: undefined'],
  ])('wraps %s', (_label, value, message) => {
    const error = ensureError(value);
    expect(error).toBeInstanceOf(Error);
    expect(error.message).toBe(message);
  });

  it('keeps AppError instances as they are', () => {
    const original = invalid('bad', [detail('body.name', 'required', 'Required')]);
    const error = ensureError(original);
    expect(error).toBe(original);
    expect((error as AppError).details).toEqual([
      { path: 'body.name', issue: 'Required', code: 'required', params: {} },
    ]);
  });
});

import { bookingTransactionId, sha1, uuidV5 } from './transaction-id';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

describe('sha1 (FIPS 180-4 test vectors)', () => {
  it.each([
    ['', 'da39a3ee5e6b4b0d3255bfef95601890afd80709'],
    ['abc', 'a9993e364706816aba3e25717850c26c9cd0d89d'],
    ['abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq', '84983e441c3bd26ebaae4aa1f95129e5e54670f1'],
    ['a'.repeat(1000), '291e9a6c66994949b57ba5e650361e98fc36b1ba'],
  ])('sha1(%j)', (input, digest) => {
    expect(hex(sha1(new TextEncoder().encode(input)))).toBe(digest);
  });
});

describe('uuidV5', () => {
  it('matches RFC 9562 name-based UUIDs (DNS namespace, www.example.com)', () => {
    expect(uuidV5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe(
      '2ed6657d-e927-568b-95e1-2665a8aea6a2',
    );
  });
});

describe('bookingTransactionId', () => {
  it('is the same for the same (tenant, pairing, attempt) and differs otherwise', () => {
    const id = bookingTransactionId('t1', 'p1', 1);
    expect(bookingTransactionId('t1', 'p1', 1)).toBe(id);
    expect(
      new Set([
        id,
        bookingTransactionId('t1', 'p1', 2),
        bookingTransactionId('t2', 'p1', 1),
        bookingTransactionId('t1', 'p2', 1),
      ]).size,
    ).toBe(4);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

import { InvocationContext } from '@azure/functions';

import { AppError } from '../errors';
import { createLogger, type LogSink } from './logger';
import { EXTERNAL_MESSAGE, KnownNames, scrubPii, scrubValue } from './scrub-pii';
import { telemetryMode } from './telemetry';

// A real-looking (unsigned) JWT: header {"alg":"RS256","typ":"JWT"}, payload with a upn.
const jwt =
  'eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJ1cG4iOiJhbmEuc2lsdmFAY29udG9zby5jb20iLCJvaWQiOiIxMjMifQ.c2lnbmF0dXJlLWJ5dGVz';

function recordingSink(): { sink: LogSink; lines: Array<{ level: string; line: Record<string, unknown> }> } {
  const lines: Array<{ level: string; line: Record<string, unknown> }> = [];
  const record =
    (level: string) =>
    (...args: unknown[]): void => {
      lines.push({ level, line: JSON.parse(String(args[0])) as Record<string, unknown> });
    };
  return {
    sink: { debug: record('debug'), info: record('info'), warn: record('warn'), error: record('error') },
    lines,
  };
}

describe('scrubPii', () => {
  const names = new KnownNames(['Ana Silva', 'Kwame Mensah', 'Zoë Müller-Lüdenscheidt', 'Li Wei']);

  it.each([
    ['e-mail', 'invite sent to ana.silva@contoso.com ok', 'invite sent to [email] ok'],
    ['UPN with plus and subdomain', 'user k+test@eu.mail.fabrikam.co.uk', 'user [email]'],
    ['bearer token', 'Authorization: Bearer abc.DEF-123_xyz~/+==', 'Authorization: Bearer [redacted]'],
    ['bare JWT', `token ${jwt} rejected`, 'token [jwt] rejected'],
    [
      'client secret in a form body',
      'grant_type=client_credentials&client_secret=Zx8Q~abc.def&scope=x',
      'grant_type=client_credentials&client_secret=[redacted]&scope=x',
    ],
    [
      'storage key',
      'DefaultEndpointsProtocol=https;AccountName=st;AccountKey=AbC+/dEf==;EndpointSuffix=x',
      'DefaultEndpointsProtocol=https;AccountName=st;AccountKey=[redacted];EndpointSuffix=x',
    ],
    [
      'SAS signature',
      'https://st.blob.core.windows.net/c?sv=2022&sig=AbCd%2B%3D&se=1',
      'https://st.blob.core.windows.net/c?sv=2022&sig=[redacted]&se=1',
    ],
    ['full name', 'Paired Ana Silva with Kwame Mensah', 'Paired [name] with [name]'],
    ['name parts, any case', 'kwame declined; SILVA accepted', '[name] declined; [name] accepted'],
    ['names with diacritics and hyphens', 'Zoë Müller-Lüdenscheidt joined', '[name] joined'],
    [
      'short names as whole words only',
      'Li Wei is in Lisbon, not Liechtenstein',
      '[name] is in Lisbon, not Liechtenstein',
    ],
  ])('scrubs %s', (_case, input, expected) => {
    expect(scrubPii(input, { names })).toBe(expected);
  });

  it('keeps ids, numbers and ordinary words', () => {
    const text =
      'round 7b0e2a9c-1d2e-4f5a-8b9c-0d1e2f3a4b5c booked 12 pairings in 340 ms (status 429 after retry)';
    expect(scrubPii(text, { names })).toBe(text);
  });

  it('stays linear on long adversarial input (no regex backtracking blow-up)', () => {
    const started = Date.now();
    for (const text of ['x@' + 'a'.repeat(100_000), 'a.'.repeat(50_000) + '@', 'eyJ' + 'a'.repeat(100_000)]) {
      scrubPii(text, { names });
    }
    // Quadratic scanning took seconds here; linear takes milliseconds. The bound is loose for a busy machine.
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('learns names added later', () => {
    const learned = new KnownNames();
    expect(scrubPii('Priya Raman accepted', { names: learned })).toBe('Priya Raman accepted');
    learned.add(['Priya Raman']);
    expect(scrubPii('Priya Raman accepted', { names: learned })).toBe('[name] accepted');
  });

  it('stays bounded by its capacity', () => {
    const bounded = new KnownNames([], 3);
    bounded.add(['Alpha', 'Bravo', 'Charlie', 'Delta']);
    expect(bounded.size).toBe(3);
    expect(bounded.has('alpha')).toBe(false);
    expect(bounded.has('delta')).toBe(true);
  });

  it('redacts personal keys in structured values and scrubs nested strings', () => {
    const value = scrubValue(
      {
        displayName: 'Anyone',
        attendees: [{ mail: 'x@y.com', id: 'u1' }],
        note: 'ask ana.silva@contoso.com',
        count: 3,
      },
      { names },
    );
    expect(value).toEqual({
      displayName: '[redacted]',
      attendees: [{ mail: '[redacted]', id: 'u1' }],
      note: 'ask [email]',
      count: 3,
    });
  });
});

describe('names by structure (no list needed)', () => {
  it('redacts the personal fields of a Graph or stored shape, whatever the name', () => {
    const { sink, lines } = recordingSink();
    createLogger(sink).warn('graph answered', {
      user: {
        id: 'u1',
        displayName: 'Nadia Quixote-Brandt',
        givenName: 'Nadia',
        surname: 'Quixote-Brandt',
        userPrincipalName: 'nq@contoso.onmicrosoft.com',
        jobTitle: 'Engineer',
      },
      organizer: { emailAddress: { name: 'Nadia Quixote-Brandt', address: 'nadia@contoso.com' } },
      members: [{ userId: 'u1', displayName: 'Nadia Quixote-Brandt' }],
      organizerDisplayName: 'Nadia Quixote-Brandt',
    });
    const text = JSON.stringify(lines);
    expect(text).not.toMatch(/nadia|quixote|brandt/i);
    expect(lines[0]!.line.user).toMatchObject({ id: 'u1', jobTitle: 'Engineer' });
  });

  it('does not log the message (nor its copy in the stack) of an error another system raised', () => {
    const { sink, lines } = recordingSink();
    const graphError = Object.assign(new Error("Mailbox of 'Nadia Quixote-Brandt' is not enabled"), {
      statusCode: 404,
      code: 'MailboxNotEnabledForRESTAPI',
    });
    createLogger(sink).error('booking failed', graphError);
    const error = lines[0]!.line.error as Record<string, unknown>;
    expect(error).toMatchObject({
      message: EXTERNAL_MESSAGE,
      status: 404,
      code: 'MailboxNotEnabledForRESTAPI',
    });
    expect(JSON.stringify(lines)).not.toMatch(/nadia|quixote/i);
  });
});

describe('createLogger', () => {
  const names = new KnownNames(['Ana Silva']);

  it('writes one JSON line per call with correlation ids, and scrubs message and fields', () => {
    const { sink, lines } = recordingSink();
    const logger = createLogger(sink, { correlation: { tenantId: 't1', roundId: 'r1' }, names });
    logger.info('Booked for Ana Silva <ana.silva@contoso.com>', {
      headers: { authorization: `Bearer ${jwt}` },
      slots: 3,
    });
    expect(lines).toEqual([
      {
        level: 'info',
        line: {
          msg: 'Booked for [name] <[email]>',
          level: 'info',
          tenantId: 't1',
          roundId: 'r1',
          headers: { authorization: '[redacted]' },
          slots: 3,
        },
      },
    ]);
  });

  it('child loggers add narrower ids and keep the outer ones', () => {
    const { sink, lines } = recordingSink();
    const round = createLogger(sink, {
      correlation: { tenantId: 't1', roundId: 'r1', operation: 'round.run' },
      names,
    });
    round.child({ pairingId: 'p9', operation: 'booking.book' }).warn('slot not found');
    expect(lines[0]!.line).toEqual({
      msg: 'slot not found',
      level: 'warn',
      tenantId: 't1',
      roundId: 'r1',
      pairingId: 'p9',
      operation: 'booking.book',
    });
    expect(round.correlation).toEqual({ tenantId: 't1', roundId: 'r1', operation: 'round.run' });
  });

  it('summarises errors without leaking PII from their messages', () => {
    const { sink, lines } = recordingSink();
    const logger = createLogger(sink, { names });
    const cause = new Error('mailbox ana.silva@contoso.com not found');
    logger.error(
      'booking failed',
      new AppError('upstream', 'Graph said no for Ana Silva', { code: 'graph_error', cause }),
    );
    const error = lines[0]!.line.error as Record<string, unknown>;
    expect(lines[0]!.level).toBe('error');
    expect(error).toMatchObject({
      name: 'AppError',
      kind: 'upstream',
      code: 'graph_error',
      message: 'Graph said no for [name]',
    });
    // The cause is another system's text: not logged at all (it could quote anyone).
    expect((error.cause as Record<string, unknown>).message).toBe(EXTERNAL_MESSAGE);
    expect(JSON.stringify(lines)).not.toMatch(/ana|silva|contoso/i);
  });

  it('emits metrics as queryable lines', () => {
    const { sink, lines } = recordingSink();
    createLogger(sink, { correlation: { programId: 'prog' } }).metric('graph.throttled', 1, {
      retryAfterSeconds: 10,
    });
    expect(lines[0]!.line).toEqual({
      msg: 'graph.throttled',
      level: 'info',
      programId: 'prog',
      retryAfterSeconds: 10,
      metric: 'graph.throttled',
      value: 1,
    });
  });

  it('cuts very long messages and fields', () => {
    const { sink, lines } = recordingSink();
    createLogger(sink).info('m'.repeat(20_000), { payload: 'p'.repeat(20_000) });
    expect(String(lines[0]!.line.msg)).toHaveLength(8192 + '…[truncated]'.length);
    expect(String(lines[0]!.line.payload).endsWith('…[truncated]')).toBe(true);
  });

  it('does not let fields overwrite correlation ids', () => {
    const { sink, lines } = recordingSink();
    createLogger(sink, { correlation: { roundId: 'real' } }).info('x', {
      roundId: 'spoofed',
      level: 'error',
    });
    expect(lines[0]!.line).toEqual({ msg: 'x', level: 'info', roundId: 'real' });
  });

  it('works on a real InvocationContext', () => {
    const seen: Array<[string, unknown[]]> = [];
    const context = new InvocationContext({
      functionName: 'rounds-timer',
      logHandler: (level, ...args) => seen.push([level, args]),
    });
    createLogger(context, { correlation: { roundId: 'r1' } }).warn('late');
    expect(seen).toEqual([['warning', ['{"msg":"late","level":"warn","roundId":"r1"}']]]);
  });
});

describe('telemetryMode', () => {
  it.each([
    [{}, { kind: 'off' }],
    [{ APPLICATIONINSIGHTS_CONNECTION_STRING: '  ' }, { kind: 'off' }],
    [
      { APPLICATIONINSIGHTS_CONNECTION_STRING: 'InstrumentationKey=x' },
      { kind: 'application-insights', authentication: 'connection-string' },
    ],
    [
      {
        APPLICATIONINSIGHTS_CONNECTION_STRING: 'InstrumentationKey=x',
        APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'Authorization=AAD;ClientId=abc',
      },
      { kind: 'application-insights', authentication: 'managed-identity' },
    ],
  ])('%j → %j', (env, expected) => {
    expect(telemetryMode(env)).toEqual(expected);
  });
});

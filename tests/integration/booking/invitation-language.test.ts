import { type DirectoryUser, type TenantSimulator } from '../../../dev/tenant';
import { createMemoryRepositories } from '../../../functions/src/adapters/cosmos/memory-document-store';
import { GraphDirectory } from '../../../functions/src/adapters/directory/graph-directory';
import { syncDirectory } from '../../../functions/src/domain/directory/directory-sync';
import { participantId, RoundDocumentSchema } from '../../../functions/src/domain/model';
import { RecordingQueues } from '../../../functions/src/testing/api-test-kit';
import { eventually } from './support/eventually';
import { bookableUsers, officesBySize } from './support/people';
import { seedRound } from './support/seed';
import {
  graphAccessFor,
  lifecycleAgainst,
  nextPagePath,
  startSimulatorForBooking,
  workerPorts,
} from './support/simulator';

/**
 * Backend texts in the reader's language, against the tenant simulator with the production adapters: the directory
 * sync reads each person's Outlook language (mailboxSettings/language), booking writes the invitation in the
 * organizer's language with the attendee's below it, and the not-paired notice reaches Teams in the person's own.
 */
jest.setTimeout(120_000);

let sim: TenantSimulator;
beforeAll(async () => {
  sim = await startSimulatorForBooking('invitation-language', 80);
});
afterAll(async () => {
  await sim.stop();
});

const levelOf = (u: DirectoryUser) => Number(u.level.slice(1));

/** Two people of one office at different levels, junior first: the junior organizes (the program's default). */
function juniorAndSenior(): [DirectoryUser, DirectoryUser] {
  const office = officesBySize(bookableUsers(sim))[0]!;
  const junior = office.find((u) => office.some((v) => levelOf(v) > levelOf(u)))!;
  const senior = office.find((u) => levelOf(u) > levelOf(junior))!;
  return [junior, senior];
}

it('a German attendee’s invitation on their calendar is in German, below the organizer’s English', async () => {
  const repos = createMemoryRepositories();
  const [junior, senior] = juniorAndSenior();
  // The senior reads Outlook in German though the directory says American English; the junior's mailbox says
  // British English and the directory nothing.
  sim.control.setLanguages(senior.id, { mailboxLocale: 'de-DE', preferredLanguage: 'en-US' });
  sim.control.setLanguages(junior.id, { mailboxLocale: 'en-GB', preferredLanguage: null });
  const [message] = await seedRound(repos, {
    tenantId: sim.tenantId,
    programId: 'prog',
    programName: 'Language Peers',
    roundId: 'r1',
    pairings: [{ id: 'lang-1', people: [junior, senior] }],
    participants: true,
  });

  // The directory sync, through the production directory adapter, reads both mailboxes' languages.
  const ports = workerPorts(sim);
  const access = graphAccessFor(sim);
  const directory = new GraphDirectory((tenantId) => access.client(tenantId), {
    background: () => ports.freeBusy,
    interactive: () => ports.freeBusy,
    languages: () => ports.languages,
  });
  sim.control.resetCounters();
  const [synced] = await syncDirectory(
    { repos, directory, clock: () => new Date(), queues: new RecordingQueues() },
    [sim.tenantId],
  );
  expect(synced).toMatchObject({ participants: 2, updated: 2 });
  expect(sim.control.counters()['GET /users/{id}/mailboxSettings/language']).toBe(2);
  const factsOf = async (u: DirectoryUser) =>
    (await repos.participants.get(sim.tenantId, participantId('prog', u.id)))!.doc.directory;
  expect(await factsOf(senior)).toMatchObject({ mailboxLanguage: 'de-DE', preferredLanguage: 'en-US' });
  expect(await factsOf(junior)).toMatchObject({ mailboxLanguage: 'en-GB', preferredLanguage: null });

  const lifecycle = lifecycleAgainst(sim, repos);
  expect(await lifecycle.booking.handle(message!, { lastDelivery: false })).toMatchObject({ kind: 'booked' });
  const doc = (await repos.pairings.get(sim.tenantId, 'lang-1'))!.doc;
  expect(doc.organizerId).toBe(junior.id);

  // The senior's own copy, as their Outlook shows it.
  const master = await ports.gateway.send({
    method: 'GET',
    path: `/users/${junior.id}/events/${encodeURIComponent(doc.series!.eventId!)}?$select=iCalUId`,
  });
  const iCalUId = (master.body as { iCalUId: string }).iCalUId;
  const copy = await eventually(async () => {
    let path: string | undefined = `/users/${senior.id}/events?$select=iCalUId,type,body&$top=200`;
    while (path) {
      const page = await ports.gateway.send({ method: 'GET', path });
      const body = page.body as {
        value: Array<{ iCalUId: string; type: string; body: { content: string } }>;
      };
      const found = body.value.find((e) => e.iCalUId === iCalUId && e.type === 'seriesMaster');
      if (found) return found;
      path = nextPagePath(page.body as { '@odata.nextLink'?: unknown });
    }
    return undefined;
  }, 'the attendee’s copy of the series');
  const sections = copy.body.content.split('<hr>');
  expect(sections).toHaveLength(2);
  const [english, german] = sections as [string, string];
  expect(english).toMatch(/^<div lang="en-GB"><p>You have been paired in Language Peers\./);
  expect(english).toContain('Why you two:');
  expect(german).toMatch(
    /^<div lang="de-DE"><p>Sie wurden in Language Peers für das Peer-Mentoring zusammengebracht\./,
  );
  expect(german).toContain('<p>Warum Sie beide:</p>');
  expect(german).toContain('<li>Ihre Arbeitszeiten überschneiden sich um etwa 6 Stunden.</li>');
  expect(german).toMatch(
    /<p>Ihre Sitzungen laufen bis zum \d{1,2}\. [A-ZÄÖÜ][a-zä]+ \d{4}, dem Ende dieser Runde\.<\/p>/,
  );
  expect(german).toContain('>Pairwise öffnen</a>, um Ihren Peer zu sehen');
});

it('the not-paired notice reaches Teams in each person’s language, one request per language', async () => {
  const repos = createMemoryRepositories();
  const [junior, senior] = juniorAndSenior();
  sim.control.setLanguages(senior.id, { mailboxLocale: null, preferredLanguage: 'fr-CA' });
  sim.control.setLanguages(junior.id, { mailboxLocale: 'de-AT', preferredLanguage: 'en-GB' });
  await seedRound(repos, {
    tenantId: sim.tenantId,
    programId: 'prog',
    programName: 'Language Peers',
    roundId: 'r2',
    pairings: [],
    participants: false,
  });
  // The sync stores what the directory and Outlook say (the enrollments exist before the round).
  for (const u of [junior, senior])
    await repos.participants.create({
      id: participantId('prog', u.id),
      tenantId: sim.tenantId,
      programId: 'prog',
      userId: u.id,
      status: 'active',
      pausedUntil: null,
      preferences: {
        goals: ['collaborative-learning'],
        topicsToLearn: [],
        topicsToShare: [],
        cadence: 'weekly',
        preferredDays: [],
        preferredTimesOfDay: [],
        languages: [],
        notWith: [],
      },
      enrolledAt: new Date().toISOString(),
      updatedAt: new Date().toISOString(),
      leftAt: null,
      directory: null,
      directorySyncedAt: null,
      searchName: u.displayName.toLowerCase(),
    });
  const ports = workerPorts(sim);
  const access = graphAccessFor(sim);
  await syncDirectory(
    {
      repos,
      directory: new GraphDirectory((tenantId) => access.client(tenantId), {
        background: () => ports.freeBusy,
        interactive: () => ports.freeBusy,
        languages: () => ports.languages,
      }),
      clock: () => new Date(),
      queues: new RecordingQueues(),
    },
    [sim.tenantId],
  );
  const stamp = new Date().toISOString();
  await repos.rounds.create(
    RoundDocumentSchema.parse({
      id: 'r2',
      tenantId: sim.tenantId,
      programId: 'prog',
      roundKey: 'prog-r2',
      number: 1,
      status: 'published',
      trigger: 'admin',
      createdAt: stamp,
      updatedAt: stamp,
      publishedAt: stamp,
      startsOn: stamp.slice(0, 10),
      endsOn: stamp.slice(0, 10),
      failureReason: null,
      attempts: 1,
      leaseUntil: null,
      algorithmVersion: 'test',
      seed: 1,
      stats: { candidates: 2, pairings: 0, triads: 0, unmatched: 2, totalScore: 0, durationMs: 1 },
      unmatched: [
        {
          userId: junior.id,
          displayName: junior.displayName,
          reason: 'no-eligible-peer',
          detail: 'level-band',
        },
        { userId: senior.id, displayName: senior.displayName, reason: 'no-eligible-peer', detail: 'cadence' },
      ],
      pairingIds: [],
    }),
  );
  sim.control.setQuirks(junior.id, { appInstalled: true });
  sim.control.setQuirks(senior.id, { appInstalled: true });
  const before = sim.control.activityNotifications().length;
  sim.control.resetCounters();
  const lifecycle = lifecycleAgainst(sim, repos);
  const outcome = await lifecycle.notifications.handle({
    version: 1,
    tenantId: sim.tenantId,
    programId: 'prog',
    roundId: 'r2',
    userIds: [junior.id, senior.id],
    activityType: 'notPaired',
  });
  expect(outcome).toEqual({ sent: 2, skipped: 0, deferred: 0 });
  expect(sim.control.counters()['POST /teamwork/sendActivityNotificationToRecipients']).toBe(2);
  const received = sim.control.activityNotifications().slice(before);
  const preview = (u: DirectoryUser) =>
    (received.find((r) => r.recipientUserId === u.id)?.body.previewText as { content: string }).content;
  expect(preview(junior)).toMatch(/^Auf Ihrer Ebene nimmt noch niemand teil\. Die nächste Runde beginnt am /);
  expect(preview(senior)).toMatch(
    /^Aucun inscrit ne souhaite se retrouver aussi souvent que vous\. Le prochain tour commence le /,
  );
  expect(received.map((r) => r.body.activityType)).toEqual(['notPaired', 'notPaired']);
});

import { Rng } from './rng';

/**
 * How harsh the simulated tenant is. Real tenants differ from a clean directory in ways Graph documents
 * (docs/tenant-simulator.md, "Real-tenant behaviours"): people whose sign-in name is not their mail address, people
 * without an Exchange Online mailbox, an application access scope around the mailboxes the app may touch, Outlook
 * concurrency counted per app, strict transactionId reuse, custom time zones in working hours, a Teams app that not
 * everyone has installed, and mail that takes a moment to arrive. The demo company has all of it; a test that needs
 * an ideal tenant starts with `realism: 'ideal'` (or turns single behaviours off through the control API).
 */
export interface RealismOptions {
  /** Share of people whose userPrincipalName differs from their primary SMTP address (seed time). */
  upnDiffersFromMail: number;
  /** Share of people with `mail` set but no Exchange Online mailbox (seed time). */
  withoutMailbox: number;
  /** Share of people outside the application access scope group (seed time). */
  outsideAppScope: number;
  /** Share of people whose working hours carry a customTimeZone instead of a zone name (seed time). */
  customTimeZone: number;
  /** Share of people who do not have the Pairwise Teams app installed (seed time). */
  withoutTeamsApp: number;
  /** The application access policy is in force: mailboxes outside the scope group answer 403. */
  appScope: boolean;
  /** Outlook concurrency per app (4 at once, across mailboxes; `$batch` items 4 at a time) instead of per mailbox. */
  appConcurrency: boolean;
  /** A transactionId reused with a different body → 400 ErrorDuplicateTransactionId (else the first event). */
  strictTransactionId: boolean;
  /** Working hours of the people picked above are rendered as customTimeZone (else as the zone name). */
  customTimeZones: boolean;
  /** Activity notifications reach only people who have the Teams app installed. */
  teamsAppRequired: boolean;
  /** Invitations and responses reach the other mailbox after this many milliseconds. */
  propagationDelayMs: number;
}

/** The runtime switches (control API); the seed-time shares are fixed once the directory is built. */
export type RealismSwitches = Pick<
  RealismOptions,
  | 'appScope'
  | 'appConcurrency'
  | 'strictTransactionId'
  | 'customTimeZones'
  | 'teamsAppRequired'
  | 'propagationDelayMs'
>;

/** The demo company (`npm start`, `npm run tenant`, and every simulator started without a `realism` option). */
export const demoRealism: Readonly<RealismOptions> = Object.freeze({
  upnDiffersFromMail: 0.15,
  withoutMailbox: 0.02,
  outsideAppScope: 0.05,
  customTimeZone: 0.08,
  withoutTeamsApp: 0.1,
  appScope: true,
  appConcurrency: true,
  strictTransactionId: true,
  customTimeZones: true,
  teamsAppRequired: true,
  propagationDelayMs: 2000,
});

/** The clean tenant the simulator modelled first: every quirk off, mail delivered at once. */
export const idealRealism: Readonly<RealismOptions> = Object.freeze({
  upnDiffersFromMail: 0,
  withoutMailbox: 0,
  outsideAppScope: 0,
  customTimeZone: 0,
  withoutTeamsApp: 0,
  appScope: false,
  appConcurrency: false,
  strictTransactionId: false,
  customTimeZones: false,
  teamsAppRequired: false,
  propagationDelayMs: 0,
});

export function resolveRealism(
  option: Partial<RealismOptions> | 'ideal' | 'demo' | undefined,
): RealismOptions {
  if (option === 'ideal') return { ...idealRealism };
  if (option === undefined || option === 'demo') return { ...demoRealism };
  return { ...demoRealism, ...option };
}

export function switchesOf(options: RealismOptions): RealismSwitches {
  return {
    appScope: options.appScope,
    appConcurrency: options.appConcurrency,
    strictTransactionId: options.strictTransactionId,
    customTimeZones: options.customTimeZones,
    teamsAppRequired: options.teamsAppRequired,
    propagationDelayMs: options.propagationDelayMs,
  };
}

/** Which quirks one person has: drawn per person (seed + index), so one share never moves another's picks. */
export interface PersonQuirks {
  upnDiffersFromMail: boolean;
  hasMailbox: boolean;
  inAppScope: boolean;
  hasCustomTimeZone: boolean;
  appInstalled: boolean;
}

/** `keepIdeal` people (the CEO and the Pairwise admin) keep a mailbox, the scope and the app: they run the programme. */
export function pickQuirks(
  seed: string,
  index: number,
  options: RealismOptions,
  keepIdeal = false,
): PersonQuirks {
  // Five draws of the person's own stream, always in this order: a share changes who has that quirk only.
  const rng = new Rng(`quirks:${seed}:${index}`);
  const [upn, mailbox, scope, tz, app] = [rng.next(), rng.next(), rng.next(), rng.next(), rng.next()];
  return {
    upnDiffersFromMail: upn < options.upnDiffersFromMail,
    hasMailbox: keepIdeal || mailbox >= options.withoutMailbox,
    inAppScope: keepIdeal || scope >= options.outsideAppScope,
    hasCustomTimeZone: tz < options.customTimeZone,
    appInstalled: keepIdeal || app >= options.withoutTeamsApp,
  };
}

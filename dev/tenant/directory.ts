import { DateTime } from 'luxon';

import { demoRealism, type PersonQuirks, pickQuirks, type RealismOptions } from './realism';
import { Rng, stableGuid } from './rng';

/** The demo company's mail and sign-in domain (a reserved example domain, RFC 2606). */
export const tenantDomain = 'contoso.example';
/** The tenant's initial domain (contoso.onmicrosoft.com in a real tenant): every mailbox has an alias there. */
export const initialDomain = 'contoso.onmicrosoft.example';

export type Level = 'L1' | 'L2' | 'L3' | 'L4' | 'L5' | 'L6' | 'L7';

export interface WorkingHours {
  daysOfWeek: string[];
  startTime: string;
  endTime: string;
  timeZone: { name: string };
}

/** One person in the simulated directory: the Graph `user` properties the simulator serves, plus its own bookkeeping. */
export interface DirectoryUser {
  id: string;
  displayName: string;
  givenName: string;
  surname: string;
  userPrincipalName: string;
  mail: string;
  jobTitle: string;
  department: string;
  officeLocation: string;
  city: string;
  country: string;
  usageLocation: string;
  /** The directory's `preferredLanguage` (e.g. "de-DE"); null for about one in ten, as HR syncs leave gaps. */
  preferredLanguage: string | null;
  accountEnabled: boolean;
  employeeId: string;
  employeeType: 'Employee' | 'Contractor';
  /** ISO instant (Graph returns employeeHireDate as DateTimeOffset). */
  employeeHireDate: string;
  companyName: string;
  businessPhones: string[];
  mobilePhone: string | null;
  /** extensionAttribute1 carries the level (L1–L7): that is where an HR sync would usually put it. */
  onPremisesExtensionAttributes: Record<string, string | null>;
  managerId: string | null;
  level: Level;
  /** Windows time-zone name, as Exchange stores it in mailboxSettings by default. */
  timeZone: string;
  workingHours: WorkingHours;
  /** App roles assigned on the Pairwise API (e.g. Pairwise.Admin). */
  appRoles: string[];
  /** `SMTP:` the primary address (= mail), `smtp:` aliases. Attendees and getSchedule resolve by these, never by UPN. */
  proxyAddresses: string[];
  // Real-tenant quirks (realism.ts; not Graph properties, never rendered). The mutable ones change through the
  // control API and are restored by its reset.
  /** userPrincipalName is not the primary SMTP address: `/users/{mail}` does not find this person. */
  upnDiffersFromMail: boolean;
  /** false: `mail` is set but there is no Exchange Online mailbox (mailbox routes → 404 MailboxNotEnabledForRESTAPI). */
  hasMailbox: boolean;
  /** Member of the application access scope group (appScopeGroup): outside it, mailbox routes answer 403. */
  inAppScope: boolean;
  /** Working hours are returned as a customTimeZone (same rules as the office zone). */
  hasCustomTimeZone: boolean;
  /** The Pairwise Teams app is installed for this person (activity notifications can reach them). */
  appInstalled: boolean;
  /**
   * Outlook's language (`mailboxSettings.language.locale`, e.g. "de-CH"): usually the language the person reads,
   * which is not always the directory's; null when it was never set. Not a `user` property (mailbox routes only).
   */
  mailboxLocale: string | null;
}

/** The mail-enabled security group an application access policy (or RBAC management scope) restricts the app to. */
export interface ScopeGroup {
  id: string;
  displayName: string;
  description: string;
  mail: string;
  mailNickname: string;
  createdDateTime: string;
}

interface Office {
  city: string;
  country: string;
  usageLocation: string;
  timeZone: string;
  languages: string[];
  weight: number;
}

// Seven offices across five continents: US (two DST zones), UK and central Europe (EU DST rules), India (+5:30, no DST),
// Singapore (no DST) and Sydney (southern-hemisphere DST).
const offices: Office[] = [
  {
    city: 'Seattle',
    country: 'United States',
    usageLocation: 'US',
    timeZone: 'Pacific Standard Time',
    languages: ['en-US'],
    weight: 22,
  },
  {
    city: 'New York',
    country: 'United States',
    usageLocation: 'US',
    timeZone: 'Eastern Standard Time',
    languages: ['en-US', 'es-US'],
    weight: 18,
  },
  {
    city: 'London',
    country: 'United Kingdom',
    usageLocation: 'GB',
    timeZone: 'GMT Standard Time',
    languages: ['en-GB'],
    weight: 16,
  },
  {
    city: 'Berlin',
    country: 'Germany',
    usageLocation: 'DE',
    timeZone: 'W. Europe Standard Time',
    languages: ['de-DE', 'en-GB'],
    weight: 14,
  },
  {
    city: 'Bengaluru',
    country: 'India',
    usageLocation: 'IN',
    timeZone: 'India Standard Time',
    languages: ['en-IN', 'hi-IN'],
    weight: 14,
  },
  {
    city: 'Singapore',
    country: 'Singapore',
    usageLocation: 'SG',
    timeZone: 'Singapore Standard Time',
    languages: ['en-SG', 'zh-SG'],
    weight: 8,
  },
  {
    city: 'Sydney',
    country: 'Australia',
    usageLocation: 'AU',
    timeZone: 'AUS Eastern Standard Time',
    languages: ['en-AU'],
    weight: 8,
  },
];

/**
 * Languages some colleagues read whatever their office: the variety a multinational directory has (Swiss and
 * Austrian German, Canadian French, Spanish — which Pairwise has no catalog for).
 */
const movedLanguages: ReadonlyArray<readonly [string, number]> = [
  ['de-DE', 3],
  ['fr-FR', 3],
  ['de-CH', 2],
  ['fr-CA', 2],
  ['es-ES', 2],
  ['de-AT', 1],
];

/**
 * A person's languages, from their own stream (so the rest of the company stays as seeded): the office's language
 * for most, another for about one in six; the directory says nothing for one in ten, and for some who moved it still
 * says the office's; one mailbox in ten has no language set.
 */
export function languagesOf(seed: string, index: number, officeLanguage: string): PersonLanguages {
  const rng = new Rng(`language:${seed}:${index}`);
  const own = rng.chance(0.16) ? rng.weighted(movedLanguages) : officeLanguage;
  const preferredLanguage = rng.chance(0.1)
    ? null
    : own !== officeLanguage && rng.chance(0.4)
      ? officeLanguage
      : own;
  return { preferredLanguage, mailboxLocale: rng.chance(0.1) ? null : own };
}

interface Department {
  name: string;
  weight: number;
  /** The individual-contributor role; titles derive from it by level. */
  role: string;
  managerTitle: string;
}

const departments: Department[] = [
  { name: 'Engineering', weight: 30, role: 'Software Engineer', managerTitle: 'Engineering Manager' },
  { name: 'People', weight: 5, role: 'People Partner', managerTitle: 'People Operations Manager' },
  { name: 'Product', weight: 7, role: 'Product Manager', managerTitle: 'Group Product Manager' },
  { name: 'Design', weight: 6, role: 'Product Designer', managerTitle: 'Design Manager' },
  { name: 'Sales', weight: 14, role: 'Account Executive', managerTitle: 'Sales Manager' },
  { name: 'Marketing', weight: 8, role: 'Marketing Specialist', managerTitle: 'Marketing Manager' },
  { name: 'Finance', weight: 6, role: 'Financial Analyst', managerTitle: 'Finance Manager' },
  { name: 'Operations', weight: 6, role: 'Operations Specialist', managerTitle: 'Operations Manager' },
  {
    name: 'Customer Success',
    weight: 12,
    role: 'Customer Success Manager',
    managerTitle: 'Customer Success Lead',
  },
  { name: 'Legal', weight: 3, role: 'Legal Counsel', managerTitle: 'Associate General Counsel' },
  { name: 'Data', weight: 5, role: 'Data Analyst', managerTitle: 'Analytics Manager' },
];

// Plausible, diverse given names and surnames; combinations are generated, so nobody real is described.
const givenNames = [
  'Aisha',
  'Akira',
  'Alejandro',
  'Amara',
  'Ana',
  'Anders',
  'Andrea',
  'Ari',
  'Arjun',
  'Beatriz',
  'Bilal',
  'Camille',
  'Carlos',
  'Chen',
  'Chidi',
  'Chloe',
  'Dae-jung',
  'Daniel',
  'Dana',
  'Deepa',
  'Diego',
  'Elena',
  'Emeka',
  'Emma',
  'Farah',
  'Fatima',
  'Felix',
  'Gabriel',
  'Grace',
  'Hana',
  'Hamza',
  'Hiro',
  'Ibrahim',
  'Imani',
  'Ines',
  'Isabel',
  'Ivan',
  'Jamal',
  'Jana',
  'Javier',
  'Jin',
  'Jonas',
  'Julia',
  'Kai',
  'Kavya',
  'Keanu',
  'Kenji',
  'Khadija',
  'Kofi',
  'Lars',
  'Layla',
  'Leila',
  'Li',
  'Lucas',
  'Lucia',
  'Maya',
  'Mateo',
  'Mei',
  'Mina',
  'Mohammed',
  'Nadia',
  'Naledi',
  'Nia',
  'Nikhil',
  'Noah',
  'Nora',
  'Olga',
  'Omar',
  'Oskar',
  'Priya',
  'Rafael',
  'Rahul',
  'Ravi',
  'Rosa',
  'Ruth',
  'Sakura',
  'Samir',
  'Sara',
  'Sebastian',
  'Shreya',
  'Sofia',
  'Sung-min',
  'Tariq',
  'Thabo',
  'Tomas',
  'Valentina',
  'Vikram',
  'Wei',
  'Yara',
  'Yusuf',
  'Zainab',
  'Zoe',
  'Alex',
  'Jordan',
  'Morgan',
  'Riley',
  'Sam',
  'Taylor',
  'Quinn',
  'Robin',
];
const surnames = [
  'Abara',
  'Adeyemi',
  'Agarwal',
  'Ahmed',
  'Alvarez',
  'Andersen',
  'Bauer',
  'Bianchi',
  'Brennan',
  'Castillo',
  'Chakraborty',
  'Chen',
  'Costa',
  'Dlamini',
  'Dubois',
  'Eriksson',
  'Fernandes',
  'Fischer',
  'Fujita',
  'Garcia',
  'Gupta',
  'Haddad',
  'Hansen',
  'Hernandez',
  'Hoffmann',
  'Iyer',
  'Jansen',
  'Jimenez',
  'Kapoor',
  'Kaur',
  'Kim',
  'Kowalski',
  'Kumar',
  'Larsen',
  'Lee',
  'Lim',
  'Lopez',
  'Mahlangu',
  'Martin',
  'Mensah',
  'Meyer',
  'Moreau',
  'Mukherjee',
  'Murphy',
  'Nakamura',
  'Ng',
  'Nguyen',
  'Novak',
  'Obi',
  'Okafor',
  'Oliveira',
  'Osei',
  'Park',
  'Patel',
  'Pereira',
  'Petrov',
  'Quispe',
  'Rahman',
  'Ramirez',
  'Rao',
  'Reddy',
  'Rossi',
  'Sato',
  'Schmidt',
  'Shah',
  'Silva',
  'Singh',
  'Sokolova',
  'Suzuki',
  'Tan',
  'Tanaka',
  'Torres',
  'Tran',
  'Van der Berg',
  'Vasquez',
  'Wagner',
  'Walsh',
  'Wang',
  'Weber',
  'Wong',
  'Yamamoto',
  'Yilmaz',
  'Zhang',
  'Zulu',
];

const icLevelTitles: Record<'L1' | 'L2' | 'L3' | 'L4' | 'L5', (role: string) => string> = {
  L1: (r) => `Associate ${r}`,
  L2: (r) => r,
  L3: (r) => `${r} II`,
  L4: (r) => `Senior ${r}`,
  L5: (r) => `Principal ${r}`,
};

export interface SeedOptions {
  seed: string;
  size: number;
  /** "Today" for hire dates (new joiners are relative to it); default: the current UTC day. */
  today?: DateTime;
  /** Shares of people with each real-tenant quirk; default: the demo company's (realism.ts). */
  realism?: RealismOptions;
}

export interface Directory {
  users: DirectoryUser[];
  byId: Map<string, DirectoryUser>;
  /** Lower-cased userPrincipalName → user. */
  byUpn: Map<string, DirectoryUser>;
  /** Lower-cased SMTP proxy address (primary and aliases, without the `smtp:` prefix) → user. */
  byAddress: Map<string, DirectoryUser>;
  reportsOf: Map<string, DirectoryUser[]>;
  admin: DirectoryUser;
  appScopeGroup: ScopeGroup;
  /** The seeded quirks per user id (the control API's reset restores them). */
  seededQuirks: Map<string, PersonQuirks>;
  /** The seeded languages per user id (the control API's reset restores them too). */
  seededLanguages: Map<string, PersonLanguages>;
}

/** A person's languages: the directory's `preferredLanguage` and Outlook's (`mailboxSettings.language.locale`). */
export type PersonLanguages = Pick<DirectoryUser, 'preferredLanguage' | 'mailboxLocale'>;

function asciiLocalPart(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '');
}

function workingHoursFor(rng: Rng, timeZone: string): WorkingHours {
  const [start, end] = rng.weighted<[string, string]>([
    [['09:00', '17:00'], 10],
    [['08:00', '16:00'], 4],
    [['10:00', '18:00'], 3],
    [['08:30', '17:30'], 3],
  ]);
  const partTime = rng.chance(0.05);
  const days = partTime
    ? ['monday', 'tuesday', 'wednesday', 'thursday']
    : ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'];
  return {
    daysOfWeek: days,
    startTime: `${start}:00.0000000`,
    endTime: `${end}:00.0000000`,
    timeZone: { name: timeZone },
  };
}

/** Builds the demo company: deterministic for the same seed, size and day. 10,000 people take well under a second. */
export function seedDirectory(options: SeedOptions): Directory {
  const size = Math.max(12, Math.floor(options.size));
  const rng = new Rng(`directory:${options.seed}`);
  const today = (options.today ?? DateTime.utc()).toUTC().startOf('day');
  const realism = options.realism ?? demoRealism;
  const usedLocalParts = new Set<string>();
  const usedLogonNames = new Set<string>();
  const users: DirectoryUser[] = [];

  const makeUser = (
    department: string,
    level: Level,
    jobTitle: string,
    managerId: string | null,
    office: Office,
  ): DirectoryUser => {
    const index = users.length;
    const givenName = rng.pick(givenNames);
    const surname = rng.pick(surnames);
    let local = `${asciiLocalPart(givenName)}.${asciiLocalPart(surname)}`;
    for (let n = 2; usedLocalParts.has(local); n += 1)
      local = `${asciiLocalPart(givenName)}.${asciiLocalPart(surname)}${n}`;
    usedLocalParts.add(local);
    const address = `${local}@${tenantDomain}`;
    // Quirks are drawn per person from their own stream: the names, org and calendars stay those of the clean tenant.
    const quirks = pickQuirks(options.seed, index, realism, index === 0);
    // A logon-style UPN (initial + surname, as many directories synced from on-premises AD have): never a mail address.
    let upn = address;
    if (quirks.upnDiffersFromMail) {
      const logon = `${asciiLocalPart(givenName).slice(0, 1)}${asciiLocalPart(surname)}`;
      let name = logon;
      for (let n = 2; usedLogonNames.has(name); n += 1) name = `${logon}${n}`;
      usedLogonNames.add(name);
      upn = `${name}@${tenantDomain}`;
    }
    // About 6% are new joiners (hired in the last 45 days); the rest spread over ten years, seniors earlier.
    const newJoiner = level !== 'L7' && level !== 'L6' && rng.chance(0.06);
    const daysAgo = newJoiner ? rng.int(0, 45) : rng.int(60, 3650 - (level === 'L1' ? 2900 : 0));
    const hireDate = today.minus({ days: daysAgo });
    const user: DirectoryUser = {
      id: stableGuid(`user:${options.seed}:${index}`),
      displayName: `${givenName} ${surname}`,
      givenName,
      surname,
      userPrincipalName: upn,
      mail: address,
      jobTitle,
      department,
      officeLocation: office.city,
      city: office.city,
      country: office.country,
      usageLocation: office.usageLocation,
      ...languagesOf(options.seed, index, rng.pick(office.languages)),
      accountEnabled: index === 0 ? true : !rng.chance(0.01),
      employeeId: String(100000 + index),
      employeeType: rng.chance(0.04) && level !== 'L7' && level !== 'L6' ? 'Contractor' : 'Employee',
      employeeHireDate: hireDate.toISO({ suppressMilliseconds: true }) ?? '',
      companyName: 'Contoso (demo)',
      businessPhones: [],
      mobilePhone: null,
      onPremisesExtensionAttributes: Object.fromEntries(
        Array.from({ length: 15 }, (_, i) => [`extensionAttribute${i + 1}`, i === 0 ? level : null]),
      ),
      managerId,
      level,
      timeZone: office.timeZone,
      workingHours: workingHoursFor(rng, office.timeZone),
      appRoles: [],
      proxyAddresses: [`SMTP:${address}`, `smtp:${local}@${initialDomain}`],
      ...quirks,
    };
    users.push(user);
    return user;
  };

  const pickOffice = (): Office => rng.weighted(offices.map((o) => [o, o.weight] as const));
  const ceo = makeUser('Executive', 'L7', 'Chief Executive Officer', null, offices[0]!);

  // Allocate head counts by department weight; each department has a head (L6/L7), managers (L5) and ICs (L1–L5).
  const remaining = size - 1;
  // Small companies get fewer departments (each needs a head, a manager and someone to manage); People is always in.
  const used = departments.slice(0, Math.min(departments.length, Math.floor(remaining / 3)));
  const totalWeight = used.reduce((s, d) => s + d.weight, 0);
  const counts = used.map((d) => Math.max(3, Math.floor((remaining * d.weight) / totalWeight)));
  let assigned = counts.reduce((s, c) => s + c, 0);
  for (let i = 0; assigned < remaining; i = (i + 1) % counts.length, assigned += 1)
    counts[i] = (counts[i] ?? 0) + 1;
  for (let i = counts.length - 1; assigned > remaining; i = (i - 1 + counts.length) % counts.length) {
    if ((counts[i] ?? 0) > 3) {
      counts[i] = (counts[i] ?? 0) - 1;
      assigned -= 1;
    }
  }

  let admin: DirectoryUser | undefined;
  used.forEach((dept, di) => {
    const headcount = counts[di] ?? 3;
    const headOffice = pickOffice();
    const head = makeUser(
      dept.name,
      headcount > 60 ? 'L7' : 'L6',
      headcount > 60 ? `VP of ${dept.name}` : `Director of ${dept.name}`,
      ceo.id,
      headOffice,
    );
    const managerCount = Math.max(1, Math.round((headcount - 1) / 8));
    const managers: DirectoryUser[] = [];
    for (let m = 0; m < managerCount && users.length < size; m += 1) {
      managers.push(makeUser(dept.name, 'L5', dept.managerTitle, head.id, pickOffice()));
    }
    if (dept.name === 'People' && managers[0]) {
      // The Pairwise admin is a real person in the directory: the first People manager runs the mentoring programs.
      admin = managers[0];
      admin.jobTitle = 'People Programs Manager';
      admin.appRoles = ['Pairwise.Admin'];
    }
    const ics = headcount - 1 - managers.length;
    for (let i = 0; i < ics; i += 1) {
      const manager = managers[i % managers.length] ?? head;
      const level = rng.weighted<'L1' | 'L2' | 'L3' | 'L4' | 'L5'>([
        ['L1', 12],
        ['L2', 26],
        ['L3', 28],
        ['L4', 24],
        ['L5', 10],
      ]);
      // Most people share their manager's office; a third are elsewhere (remote or another site).
      const office = rng.chance(0.66)
        ? (offices.find((o) => o.city === manager.city) ?? pickOffice())
        : pickOffice();
      makeUser(dept.name, level, icLevelTitles[level](dept.role), manager.id, office);
    }
  });
  if (!admin) throw new Error('seed produced no People manager to be the admin');
  // The admin runs the programme: a mailbox in the scope, and the app installed.
  Object.assign(admin, { hasMailbox: true, inAppScope: true, appInstalled: true });

  const byId = new Map<string, DirectoryUser>();
  const byUpn = new Map<string, DirectoryUser>();
  const byAddress = new Map<string, DirectoryUser>();
  const seededQuirks = new Map<string, PersonQuirks>();
  const seededLanguages = new Map<string, PersonLanguages>();
  for (const u of users) {
    seededLanguages.set(u.id, { preferredLanguage: u.preferredLanguage, mailboxLocale: u.mailboxLocale });
    byId.set(u.id, u);
    byUpn.set(u.userPrincipalName.toLowerCase(), u);
    for (const proxy of u.proxyAddresses) byAddress.set(proxy.slice(5).toLowerCase(), u);
    seededQuirks.set(u.id, quirksOf(u));
  }
  const reportsOf = new Map<string, DirectoryUser[]>();
  for (const u of users) {
    if (!u.managerId) continue;
    const list = reportsOf.get(u.managerId) ?? [];
    list.push(u);
    reportsOf.set(u.managerId, list);
  }
  const appScopeGroup: ScopeGroup = {
    id: stableGuid(`group:${options.seed}:pairwise-participants`),
    displayName: 'Pairwise participants',
    description: 'Mailboxes the Pairwise app may read and book (Exchange application access scope).',
    mail: `pairwise-participants@${tenantDomain}`,
    mailNickname: 'pairwise-participants',
    createdDateTime: today.minus({ days: 400 }).toISO({ suppressMilliseconds: true }) ?? '',
  };
  return { users, byId, byUpn, byAddress, reportsOf, admin, appScopeGroup, seededQuirks, seededLanguages };
}

export function quirksOf(user: DirectoryUser): PersonQuirks {
  return {
    upnDiffersFromMail: user.upnDiffersFromMail,
    hasMailbox: user.hasMailbox,
    inAppScope: user.inAppScope,
    hasCustomTimeZone: user.hasCustomTimeZone,
    appInstalled: user.appInstalled,
  };
}

/** Lenient look-up by id, UPN or any SMTP address: for the simulator's own switches and sign-in, not for Graph URLs. */
export function findUser(directory: Directory, idOrAddress: string): DirectoryUser | undefined {
  const key = idOrAddress.toLowerCase();
  return directory.byId.get(key) ?? directory.byUpn.get(key) ?? directory.byAddress.get(key);
}

/** `/users/{id | userPrincipalName}`: Graph resolves the URL segment by object id or UPN only, never by mail. */
export function findUserByKey(directory: Directory, idOrUpn: string): DirectoryUser | undefined {
  const key = idOrUpn.toLowerCase();
  return directory.byId.get(key) ?? directory.byUpn.get(key);
}

/** An SMTP address (primary or alias, any case) → its owner: how attendees and getSchedule's schedules resolve. */
export function findRecipient(directory: Directory, address: string): DirectoryUser | undefined {
  return directory.byAddress.get(address.toLowerCase());
}

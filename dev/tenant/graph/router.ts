import { DateTime } from 'luxon';

import { renderWorkingHours } from '../custom-time-zones';
import {
  type Directory,
  type DirectoryUser,
  findUserByKey,
  initialDomain,
  type ScopeGroup,
} from '../directory';
import { graphError, GraphHttpError, json, type SimRequest, type SimResponse } from '../http-types';
import { type IdentityState, type TokenCheck, verifyGraphToken } from '../identity';
import { type Counters, type Faults, Semaphore, type Throttle } from '../limits';
import { type RealismSwitches } from '../realism';
import { toIana, utcZone } from '../time-zones';
import { asItem, type CalendarStore, type Occurrence, occurrenceOf, renderEvent } from './calendar';
import { expandedPropertyKey, extendedPropertyKey, filterView } from './extended-properties';
import {
  analyzeFilter,
  evaluateFilter,
  type FilterNode,
  FilterSyntaxError,
  parseFilter,
} from './odata-filter';
import {
  parsePhotoSize,
  photoSizes,
  type PhotoStore,
  type ProfilePhotoBytes,
  uploadedPhotoSize,
} from './photos';
import { getSchedule } from './schedule';
import {
  type ActivityNotificationRecord,
  sendBulkActivityNotification,
  sendUserActivityNotification,
  type UndeliveredNotificationRecord,
} from './teamwork';

export type { ActivityNotificationRecord, UndeliveredNotificationRecord } from './teamwork';

export interface GraphState {
  identity: IdentityState;
  directory: Directory;
  calendar: CalendarStore;
  throttle: Throttle;
  faults: Faults;
  counters: Counters;
  activity: ActivityNotificationRecord[];
  /** Notifications that reached nobody (the recipient has no Teams app, or is unknown), with the reason. */
  undelivered: UndeliveredNotificationRecord[];
  photos: PhotoStore;
  /** The live realism switches (control API). */
  realism: RealismSwitches;
}

type Claims = Extract<TokenCheck, { ok: true }>['claims'];

interface HandlerContext {
  state: GraphState;
  req: SimRequest;
  params: Record<string, string>;
  user: DirectoryUser | undefined;
  zone: { iana: string; name: string };
  claims: Claims;
}

type Handler = (ctx: HandlerContext) => SimResponse | Promise<SimResponse>;

type Area =
  | 'directory'
  | 'groups'
  | 'groupMembers'
  | 'mailboxSettings'
  | 'calendarRead'
  | 'calendarWrite'
  | 'teams'
  | 'photo';

const rolesFor: Record<Area, string[]> = {
  directory: [
    'User.Read.All',
    'User.ReadWrite.All',
    'User.ReadBasic.All',
    'Directory.Read.All',
    'Directory.ReadWrite.All',
  ],
  // group-list.md (application): GroupMember.Read.All (least) … Directory.ReadWrite.All; User.Read.All is not enough.
  groups: [
    'GroupMember.Read.All',
    'Group.Read.All',
    'Directory.Read.All',
    'Group.ReadWrite.All',
    'Directory.ReadWrite.All',
  ],
  // group-list-members.md (application): User.Read.All, Group.Read.All, Directory.Read.All (+ GroupMember.Read.All).
  groupMembers: [
    'GroupMember.Read.All',
    'User.Read.All',
    'Group.Read.All',
    'Directory.Read.All',
    'Group.ReadWrite.All',
    'Directory.ReadWrite.All',
  ],
  mailboxSettings: ['MailboxSettings.Read', 'MailboxSettings.ReadWrite'],
  calendarRead: ['Calendars.Read', 'Calendars.ReadBasic', 'Calendars.ReadWrite'],
  calendarWrite: ['Calendars.ReadWrite'],
  teams: ['TeamsActivity.Send'],
  // profilephoto-get.md, user resource, application: User.Read.All (least), User.ReadWrite.All. Not ReadBasic.All.
  photo: ['User.Read.All', 'User.ReadWrite.All'],
};

interface Route {
  method: string;
  template: string;
  segments: string[];
  area: Area;
  handler: Handler;
}

const routes: Route[] = [];

function route(method: string, template: string, area: Area, handler: Handler): void {
  routes.push({ method, template, segments: template.split('/').filter(Boolean), area, handler });
}

function matchRoute(
  method: string,
  path: string,
): { route: Route; params: Record<string, string> } | { status: 400 | 405; segment: string } {
  const parts = path
    .split('/')
    .filter(Boolean)
    .map((p) => decodeURIComponent(p));
  let methodMismatch = false;
  let deepest = 0;
  for (const r of routes) {
    if (r.segments.length !== parts.length) continue;
    const params: Record<string, string> = {};
    let ok = true;
    for (let i = 0; i < parts.length; i += 1) {
      const seg = r.segments[i] ?? '';
      const part = parts[i] ?? '';
      if (seg.startsWith('{')) params[seg.slice(1, -1)] = part;
      else if (seg.toLowerCase() !== part.toLowerCase()) {
        ok = false;
        deepest = Math.max(deepest, i);
        break;
      }
    }
    if (!ok) continue;
    if (r.method !== method) {
      methodMismatch = true;
      continue;
    }
    return { route: r, params };
  }
  return methodMismatch
    ? { status: 405, segment: '' }
    : { status: 400, segment: parts[deepest] ?? parts[0] ?? '' };
}

// ---------------------------------------------------------------------------------------------------------------------
// Users

const defaultUserProperties = [
  'businessPhones',
  'displayName',
  'givenName',
  'jobTitle',
  'mail',
  'mobilePhone',
  'officeLocation',
  'preferredLanguage',
  'surname',
  'userPrincipalName',
  'id',
];
const selectableUserProperties = new Set([
  ...defaultUserProperties,
  'accountEnabled',
  'department',
  'employeeId',
  'employeeType',
  'employeeHireDate',
  'companyName',
  'city',
  'country',
  'usageLocation',
  'onPremisesExtensionAttributes',
  'proxyAddresses',
  'manager',
]);
const basicFilterProperties = new Set([
  'id',
  'userprincipalname',
  'mail',
  'department',
  'accountenabled',
  'displayname',
  'givenname',
  'surname',
  'jobtitle',
  'employeeid',
  'usagelocation',
  'city',
  'country',
  'companyname',
  'preferredlanguage',
  // proxyAddresses/any(p: p eq 'smtp:…') and startswith (aad-advanced-queries.md: basic for eq and startswith).
  'proxyaddresses',
]);
const advancedFilterProperties = new Set([
  'employeehiredate',
  'employeetype',
  'officelocation',
  ...Array.from({ length: 15 }, (_, i) => `onpremisesextensionattributes/extensionattribute${i + 1}`),
]);

function directoryNotFound(id: string): GraphHttpError {
  return new GraphHttpError(
    404,
    'Request_ResourceNotFound',
    `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`,
  );
}

function parseSelect(req: SimRequest, allowed: Set<string>, typeName: string): string[] | undefined {
  const raw = req.query.get('$select');
  if (!raw) return undefined;
  const names = raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const name of names) {
    if (![...allowed].some((a) => a.toLowerCase() === name.toLowerCase())) {
      throw new GraphHttpError(
        400,
        'Request_BadRequest',
        `Could not find a property named '${name}' on type '${typeName}'.`,
      );
    }
  }
  return names.map((n) => [...allowed].find((a) => a.toLowerCase() === n.toLowerCase()) ?? n);
}

function renderUser(
  user: DirectoryUser,
  select: string[] | undefined,
  directory: Directory,
  expandManager?: string[] | true,
): Record<string, unknown> {
  const props = select ?? defaultUserProperties;
  const out: Record<string, unknown> = {};
  for (const p of props) {
    if (p === 'manager') continue;
    out[p] = (user as unknown as Record<string, unknown>)[p] ?? null;
  }
  if (!props.includes('id')) out.id = user.id;
  if (expandManager) {
    const manager = user.managerId ? directory.byId.get(user.managerId) : undefined;
    if (manager)
      out.manager = {
        '@odata.type': '#microsoft.graph.user',
        ...renderUser(manager, expandManager === true ? undefined : expandManager, directory),
      };
  }
  return out;
}

function parseExpand(req: SimRequest): string[] | true | undefined {
  const raw = req.query.get('$expand');
  if (!raw) return undefined;
  const m = /^manager(?:\(\$select=([^)]*)\))?$/i.exec(raw.trim());
  if (!m)
    throw new GraphHttpError(
      400,
      'Request_BadRequest',
      `Parsing OData Select and Expand failed: Could not find a property named '${raw.split('(')[0] ?? raw}' on type 'microsoft.graph.user'.`,
    );
  return m[1] ? m[1].split(',').map((s) => s.trim()) : true;
}

function isAdvanced(req: SimRequest): boolean {
  return (req.headers.consistencylevel ?? '').toLowerCase() === 'eventual';
}

function pageSize(req: SimRequest, fallback: number, max: number, code: string): number {
  const raw = req.query.get('$top');
  if (raw === null) return fallback;
  const top = Number(raw);
  if (!Number.isInteger(top) || top < 1 || top > max)
    throw new GraphHttpError(
      400,
      code,
      `Invalid page size specified: '${raw}'. Must be between 1 and ${max} inclusive.`,
    );
  return top;
}

function nextLink(req: SimRequest, basePath: string, params: Record<string, string>): string {
  const q = new URLSearchParams();
  for (const [k, v] of req.query) if (!(k in params) && k !== '$skiptoken' && k !== '$skip') q.set(k, v);
  for (const [k, v] of Object.entries(params)) q.set(k, v);
  // Graph's nextLinks are absolute and keep $ unescaped in parameter names.
  return `${req.origin}/v1.0${basePath}?${q.toString().replace(/%24/g, '$')}`;
}

const userFilter = (req: SimRequest): FilterNode | undefined =>
  directoryFilter(req, basicFilterProperties, advancedFilterProperties, 'User');

function directoryFilter(
  req: SimRequest,
  basic: Set<string>,
  advancedOnly: Set<string>,
  resource: string,
): FilterNode | undefined {
  const raw = req.query.get('$filter');
  if (!raw) return undefined;
  let node: FilterNode;
  try {
    node = parseFilter(raw);
  } catch (error) {
    throw new GraphHttpError(
      400,
      'BadRequest',
      error instanceof FilterSyntaxError
        ? `Invalid filter clause: ${error.message}`
        : 'Invalid filter clause',
    );
  }
  const { paths, needsAdvanced } = analyzeFilter(node);
  const advanced = isAdvanced(req) && req.query.get('$count') === 'true';
  for (const path of paths) {
    const p = path.toLowerCase();
    if (!basic.has(p) && !(advanced && advancedOnly.has(p))) {
      throw new GraphHttpError(
        400,
        'Request_UnsupportedQuery',
        `Unsupported or invalid query filter clause specified for property '${path}' of resource '${resource}'.`,
      );
    }
  }
  if (needsAdvanced && !advanced)
    throw new GraphHttpError(
      400,
      'Request_UnsupportedQuery',
      "Unsupported query. The 'ne' and 'not' operators require ConsistencyLevel: eventual and $count=true.",
    );
  return node;
}

function requireCountSupport(req: SimRequest): void {
  if (req.query.get('$count') === 'true' && !isAdvanced(req)) {
    throw new GraphHttpError(
      400,
      'Request_BadRequest',
      '$count is not currently supported without the ConsistencyLevel: eventual header.',
    );
  }
}

function filteredUsers(state: GraphState, req: SimRequest): DirectoryUser[] {
  const filter = userFilter(req);
  let users = filter ? state.directory.users.filter((u) => evaluateFilter(filter, u)) : state.directory.users;
  const orderBy = req.query.get('$orderby');
  if (orderBy) {
    const [prop, dir] = orderBy.trim().split(/\s+/);
    const key = prop === 'displayName' || prop === 'userPrincipalName' ? prop : undefined;
    if (!key)
      throw new GraphHttpError(400, 'Request_UnsupportedQuery', `Sorting not supported for '${prop ?? ''}'.`);
    users = [...users].sort(
      (a, b) => a[key].localeCompare(b[key]) * (dir?.toLowerCase() === 'desc' ? -1 : 1),
    );
  }
  return users;
}

route('GET', '/users', 'directory', ({ state, req }) => {
  requireCountSupport(req);
  const select = parseSelect(req, selectableUserProperties, 'microsoft.graph.user');
  const expand = parseExpand(req);
  const top = pageSize(req, 100, 999, 'Request_BadRequest');
  const users = filteredUsers(state, req);
  const offset = skipTokenOffset(req);
  const page = users.slice(offset, offset + top);
  const body: Record<string, unknown> = {
    '@odata.context': `https://graph.microsoft.com/v1.0/$metadata#users${select ? `(${select.join(',')})` : ''}`,
  };
  if (req.query.get('$count') === 'true') body['@odata.count'] = users.length;
  if (offset + top < users.length) body['@odata.nextLink'] = skipTokenLink(req, '/users', offset + top);
  body.value = page.map((u) => renderUser(u, select, state.directory, expand));
  return json(200, body);
});

/** Directory paging: an opaque `$skiptoken` (here the offset) in an absolute nextLink. */
function skipTokenOffset(req: SimRequest): number {
  const token = req.query.get('$skiptoken');
  if (!token) return 0;
  try {
    return (JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { o: number }).o;
  } catch {
    throw new GraphHttpError(
      400,
      'Request_BadRequest',
      'The specified page token value has expired or is invalid.',
    );
  }
}

function skipTokenLink(req: SimRequest, basePath: string, offset: number): string {
  return nextLink(req, basePath, {
    $skiptoken: Buffer.from(JSON.stringify({ o: offset })).toString('base64url'),
  });
}

route('GET', '/users/$count', 'directory', ({ state, req }) => {
  if (!isAdvanced(req))
    throw new GraphHttpError(
      400,
      'Request_BadRequest',
      'Count is not currently supported without the ConsistencyLevel: eventual header.',
    );
  return {
    status: 200,
    headers: { 'Content-Type': 'text/plain' },
    body: String(filteredUsers(state, req).length),
  };
});

route('GET', '/users/{id}', 'directory', ({ state, req, user, params }) => {
  if (!user) throw directoryNotFound(params.id ?? '');
  const select = parseSelect(req, selectableUserProperties, 'microsoft.graph.user');
  return json(200, {
    '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#users/$entity',
    ...renderUser(user, select, state.directory, parseExpand(req)),
  });
});

route('GET', '/users/{id}/manager', 'directory', ({ state, req, user, params }) => {
  if (!user) throw directoryNotFound(params.id ?? '');
  const manager = user.managerId ? state.directory.byId.get(user.managerId) : undefined;
  if (!manager) throw directoryNotFound('manager');
  const select = parseSelect(req, selectableUserProperties, 'microsoft.graph.user');
  return json(200, {
    '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#directoryObjects/$entity',
    '@odata.type': '#microsoft.graph.user',
    ...renderUser(manager, select, state.directory),
  });
});

route('GET', '/users/{id}/directReports', 'directory', ({ state, req, user, params }) => {
  if (!user) throw directoryNotFound(params.id ?? '');
  const select = parseSelect(req, selectableUserProperties, 'microsoft.graph.user');
  const reports = state.directory.reportsOf.get(user.id) ?? [];
  return json(200, {
    '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#directoryObjects',
    value: reports.map((r) => ({
      '@odata.type': '#microsoft.graph.user',
      ...renderUser(r, select, state.directory),
    })),
  });
});

// ---------------------------------------------------------------------------------------------------------------------
// Groups: the mail-enabled security group of the application access scope (group-list.md, group-get.md,
// group-list-members.md). The only group in the simulated directory; its members are the people in the scope.

const groupDefaultProperties = [
  'id',
  'deletedDateTime',
  'classification',
  'createdDateTime',
  'creationOptions',
  'description',
  'displayName',
  'expirationDateTime',
  'groupTypes',
  'isAssignableToRole',
  'mail',
  'mailEnabled',
  'mailNickname',
  'membershipRule',
  'membershipRuleProcessingState',
  'onPremisesSyncEnabled',
  'preferredDataLocation',
  'preferredLanguage',
  'proxyAddresses',
  'renewedDateTime',
  'resourceBehaviorOptions',
  'resourceProvisioningOptions',
  'securityEnabled',
  'theme',
  'visibility',
];
const groupFilterProperties = new Set([
  'id',
  'displayname',
  'mail',
  'mailnickname',
  'mailenabled',
  'securityenabled',
  'proxyaddresses',
  'grouptypes',
]);

function renderGroup(group: ScopeGroup, select: string[] | undefined): Record<string, unknown> {
  const all: Record<string, unknown> = {
    id: group.id,
    deletedDateTime: null,
    classification: null,
    createdDateTime: group.createdDateTime,
    creationOptions: [],
    description: group.description,
    displayName: group.displayName,
    expirationDateTime: null,
    groupTypes: [],
    isAssignableToRole: null,
    mail: group.mail,
    mailEnabled: true,
    mailNickname: group.mailNickname,
    membershipRule: null,
    membershipRuleProcessingState: null,
    onPremisesSyncEnabled: null,
    preferredDataLocation: null,
    preferredLanguage: null,
    proxyAddresses: [`SMTP:${group.mail}`, `smtp:${group.mailNickname}@${initialDomain}`],
    renewedDateTime: group.createdDateTime,
    resourceBehaviorOptions: [],
    resourceProvisioningOptions: [],
    securityEnabled: true,
    theme: null,
    visibility: null,
  };
  const props = select ?? groupDefaultProperties;
  const out: Record<string, unknown> = { id: group.id };
  for (const p of props) out[p] = all[p] ?? null;
  return out;
}

function groupOrNotFound(state: GraphState, id: string): ScopeGroup {
  const group = state.directory.appScopeGroup;
  if (group.id !== id.toLowerCase()) throw directoryNotFound(id);
  return group;
}

route('GET', '/groups', 'groups', ({ state, req }) => {
  requireCountSupport(req);
  const select = parseSelect(req, new Set(groupDefaultProperties), 'microsoft.graph.group');
  pageSize(req, 100, 999, 'Request_BadRequest');
  const filter = directoryFilter(req, groupFilterProperties, new Set(), 'Group');
  const group = state.directory.appScopeGroup;
  const groups = [renderGroup(group, undefined)].filter((g) => !filter || evaluateFilter(filter, g));
  const body: Record<string, unknown> = {
    '@odata.context': `https://graph.microsoft.com/v1.0/$metadata#groups${select ? `(${select.join(',')})` : ''}`,
  };
  if (req.query.get('$count') === 'true') body['@odata.count'] = groups.length;
  body.value = groups.map(() => renderGroup(group, select));
  return json(200, body);
});

route('GET', '/groups/{groupId}', 'groups', ({ state, req, params }) => {
  const group = groupOrNotFound(state, params.groupId ?? '');
  const select = parseSelect(req, new Set(groupDefaultProperties), 'microsoft.graph.group');
  return json(200, {
    '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#groups/$entity',
    ...renderGroup(group, select),
  });
});

route('GET', '/groups/{groupId}/members', 'groupMembers', ({ state, req, params }) => {
  const group = groupOrNotFound(state, params.groupId ?? '');
  const select = parseSelect(req, selectableUserProperties, 'microsoft.graph.user');
  const top = pageSize(req, 100, 999, 'Request_BadRequest');
  const members = state.directory.users.filter((u) => u.inAppScope);
  const offset = skipTokenOffset(req);
  const body: Record<string, unknown> = {
    '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#directoryObjects',
  };
  if (offset + top < members.length)
    body['@odata.nextLink'] = skipTokenLink(req, `/groups/${group.id}/members`, offset + top);
  body.value = members.slice(offset, offset + top).map((u) => ({
    '@odata.type': '#microsoft.graph.user',
    ...renderUser(u, select, state.directory),
  }));
  return json(200, body);
});

// ---------------------------------------------------------------------------------------------------------------------
// Mailbox settings and calendar

/**
 * `localeInfo` (localeinfo.md): `locale` like "de-CH" and a `displayName` in words, "German (Switzerland)" (the
 * docs' example: "English (United States)"). A mailbox whose language was never set answers nulls: the docs show no
 * such case, so Pairwise reads null, "" and a missing property alike.
 */
function localeInfo(locale: string | null): { locale: string | null; displayName: string | null } {
  if (!locale) return { locale: null, displayName: null };
  return {
    locale,
    displayName:
      new Intl.DisplayNames('en', { type: 'language', languageDisplay: 'standard' }).of(locale) ?? locale,
  };
}

function mailboxSettings(user: DirectoryUser, realism: RealismSwitches): Record<string, unknown> {
  return {
    archiveFolder: `AAMkA${Buffer.from(user.id).toString('base64url').slice(0, 40)}AAA=`,
    timeZone: user.timeZone,
    delegateMeetingMessageDeliveryOptions: 'sendToDelegateOnly',
    dateFormat: user.usageLocation === 'US' ? 'M/d/yyyy' : 'dd/MM/yyyy',
    timeFormat: user.usageLocation === 'US' ? 'h:mm tt' : 'HH:mm',
    userPurpose: 'user',
    automaticRepliesSetting: {
      status: 'disabled',
      externalAudience: 'all',
      internalReplyMessage: '',
      externalReplyMessage: '',
      scheduledStartDateTime: { dateTime: '2020-01-01T00:00:00.0000000', timeZone: 'UTC' },
      scheduledEndDateTime: { dateTime: '2020-01-02T00:00:00.0000000', timeZone: 'UTC' },
    },
    language: localeInfo(user.mailboxLocale),
    workingHours: renderWorkingHours(user.workingHours, realism.customTimeZones && user.hasCustomTimeZone),
  };
}

function mailboxUser(ctx: HandlerContext): DirectoryUser {
  if (!ctx.user)
    throw new GraphHttpError(
      404,
      'ErrorInvalidUser',
      `The requested user '${ctx.params.id ?? ''}' is invalid.`,
    );
  return ctx.user;
}

route('GET', '/users/{id}/mailboxSettings', 'mailboxSettings', (ctx) => {
  const user = mailboxUser(ctx);
  return json(200, {
    '@odata.context': `https://graph.microsoft.com/v1.0/$metadata#users('${user.id}')/mailboxSettings`,
    ...mailboxSettings(user, ctx.state.realism),
  });
});
route('GET', '/users/{id}/mailboxSettings/timeZone', 'mailboxSettings', (ctx) => {
  const user = mailboxUser(ctx);
  return json(200, {
    '@odata.context': `https://graph.microsoft.com/v1.0/$metadata#users('${user.id}')/mailboxSettings/timeZone`,
    value: user.timeZone,
  });
});
route('GET', '/users/{id}/mailboxSettings/workingHours', 'mailboxSettings', (ctx) => {
  const user = mailboxUser(ctx);
  return json(200, {
    '@odata.context': `https://graph.microsoft.com/v1.0/$metadata#users('${user.id}')/mailboxSettings/workingHours`,
    ...(mailboxSettings(user, ctx.state.realism).workingHours as object),
  });
});

route('GET', '/users/{id}/mailboxSettings/language', 'mailboxSettings', (ctx) => {
  const user = mailboxUser(ctx);
  return json(200, {
    '@odata.context': `https://graph.microsoft.com/v1.0/$metadata#users('${user.id}')/mailboxSettings/language`,
    ...localeInfo(user.mailboxLocale),
  });
});

route('GET', '/users/{id}/calendar', 'calendarRead', (ctx) => {
  const user = mailboxUser(ctx);
  return json(200, {
    '@odata.context': `https://graph.microsoft.com/v1.0/$metadata#users('${user.id}')/calendar/$entity`,
    id: `AAMkA${Buffer.from(`calendar:${user.id}`).toString('base64url').slice(0, 40)}`,
    name: 'Calendar',
    color: 'auto',
    hexColor: '',
    isDefaultCalendar: true,
    changeKey: 'nfZyf7VcrEKLNoU37KWlkQAAA0x0+w==',
    canShare: true,
    canViewPrivateItems: true,
    canEdit: true,
    allowedOnlineMeetingProviders: ['teamsForBusiness'],
    defaultOnlineMeetingProvider: 'teamsForBusiness',
    isTallyingResponses: true,
    isRemovable: false,
    owner: { name: user.displayName, address: user.mail },
  });
});

route('POST', '/users/{id}/calendar/getSchedule', 'calendarRead', (ctx) => {
  mailboxUser(ctx);
  return json(
    200,
    getSchedule(ctx.state.calendar, ctx.state.directory, ctx.req.body, ctx.zone, ctx.state.realism),
  );
});

function render(ctx: HandlerContext, occ: Occurrence): Record<string, unknown> {
  return renderEvent(occ, {
    zone: ctx.zone,
    origin: ctx.req.origin,
    attendees: ctx.state.calendar.attendeesFor(occ.event),
  });
}

const eventSelectable = new Set([
  'id',
  'subject',
  'body',
  'bodyPreview',
  'start',
  'end',
  'attendees',
  'organizer',
  'recurrence',
  'isOnlineMeeting',
  'onlineMeetingProvider',
  'onlineMeeting',
  'onlineMeetingUrl',
  'allowNewTimeProposals',
  'responseRequested',
  'responseStatus',
  'showAs',
  'transactionId',
  'categories',
  'location',
  'locations',
  'importance',
  'sensitivity',
  'isAllDay',
  'isCancelled',
  'isOrganizer',
  'seriesMasterId',
  'type',
  'iCalUId',
  'uid',
  'webLink',
  'changeKey',
  'createdDateTime',
  'lastModifiedDateTime',
  'originalStartTimeZone',
  'originalEndTimeZone',
  'reminderMinutesBeforeStart',
  'isReminderOn',
  'hasAttachments',
  'occurrenceId',
  'isDraft',
  'hideAttendees',
]);

function project(obj: Record<string, unknown>, select: string[] | undefined): Record<string, unknown> {
  if (!select) return obj;
  const out: Record<string, unknown> = { '@odata.etag': obj['@odata.etag'], id: obj.id };
  for (const k of select) out[k] = obj[k];
  return out;
}

function eventFilter(req: SimRequest): FilterNode | undefined {
  const raw = req.query.get('$filter');
  if (!raw) return undefined;
  let node: FilterNode;
  try {
    node = parseFilter(raw);
  } catch (error) {
    throw new GraphHttpError(
      400,
      'ErrorInvalidUrlQueryFilter',
      error instanceof Error ? error.message : 'The query filter contains one or more invalid nodes.',
    );
  }
  return withExtendedPropertyKeys(node);
}

/**
 * `singleValueExtendedProperties/Any(ep: ep/id eq '…' and …)`: the docs require an `eq` on the id, and compare the
 * id by its key (the Name part case-sensitive) while the value stays case-insensitive. Other lambdas → 400.
 */
function withExtendedPropertyKeys(node: FilterNode): FilterNode {
  switch (node.kind) {
    case 'and':
    case 'or':
      return {
        ...node,
        left: withExtendedPropertyKeys(node.left),
        right: withExtendedPropertyKeys(node.right),
      };
    case 'not':
      return { ...node, node: withExtendedPropertyKeys(node.node) };
    case 'any': {
      if (node.path.toLowerCase() !== 'singlevalueextendedproperties') {
        throw new GraphHttpError(
          400,
          'ErrorInvalidUrlQueryFilter',
          `The simulator supports the Any operator only on singleValueExtendedProperties, not '${node.path}'.`,
        );
      }
      const idPath = `${node.variable}/id`;
      let hasIdEq = false;
      const rewrite = (n: FilterNode): FilterNode => {
        if (n.kind === 'and' || n.kind === 'or')
          return { ...n, left: rewrite(n.left), right: rewrite(n.right) };
        if (n.kind === 'compare' && n.path.toLowerCase() === idPath) {
          if (n.op !== 'eq' || typeof n.value !== 'string')
            throw new GraphHttpError(
              400,
              'ErrorInvalidUrlQueryFilter',
              "An extended property filter needs ep/id eq '<id>'.",
            );
          const key = extendedPropertyKey(n.value);
          if (!key)
            throw new GraphHttpError(
              400,
              'ErrorInvalidProperty',
              `The extended property id '${n.value}' is not in a supported format.`,
            );
          hasIdEq = true;
          return { ...n, value: key, exact: true };
        }
        return n;
      };
      const inner = rewrite(node.node);
      if (!hasIdEq)
        throw new GraphHttpError(
          400,
          'ErrorInvalidUrlQueryFilter',
          "An extended property filter needs ep/id eq '<id>'.",
        );
      return { ...node, node: inner };
    }
    default:
      return node;
  }
}

function listResponse(
  ctx: HandlerContext,
  basePath: string,
  items: Occurrence[],
  context: string,
): SimResponse {
  const select = parseSelect(ctx.req, eventSelectable, 'microsoft.graph.event');
  const top = pageSize(ctx.req, 10, 1000, 'ErrorInvalidParameter');
  const skip = Number(ctx.req.query.get('$skip') ?? '0');
  if (!Number.isInteger(skip) || skip < 0)
    throw new GraphHttpError(
      400,
      'ErrorInvalidParameter',
      `The value '${ctx.req.query.get('$skip') ?? ''}' of parameter 'Skip' is invalid.`,
    );
  const filter = eventFilter(ctx.req);
  const expandKey = expandedPropertyKey(ctx.req.query.get('$expand'));
  // Extended properties take part in the filter but are never in the item unless expanded (as the docs say).
  const pairs = items.map((o) => ({ occ: o, rendered: render(ctx, o) }));
  const kept = filter
    ? pairs.filter((p) =>
        evaluateFilter(filter, {
          ...p.rendered,
          singleValueExtendedProperties: filterView(p.occ.event.extendedProperties),
        }),
      )
    : pairs;
  const rendered = kept.map((p) => withExpanded(p.rendered, p.occ, expandKey));
  const orderBy = ctx.req.query.get('$orderby');
  if (orderBy && /desc$/i.test(orderBy.trim())) rendered.reverse();
  const page = rendered.slice(skip, skip + top);
  const body: Record<string, unknown> = { '@odata.context': context };
  if (skip + top < rendered.length)
    body['@odata.nextLink'] = nextLink(ctx.req, basePath, { $skip: String(skip + top) });
  body.value = page.map((r) => projectExpanded(r, select));
  return json(200, body, preferenceApplied(ctx));
}

function withExpanded(
  rendered: Record<string, unknown>,
  occ: Occurrence,
  key: string | undefined,
): Record<string, unknown> {
  if (key === undefined) return rendered;
  return {
    ...rendered,
    singleValueExtendedProperties: occ.event.extendedProperties
      .filter((p) => p.key === key)
      .map((p) => ({ id: p.id, value: p.value })),
  };
}

/** `$select` keeps the selected properties; an expanded navigation property is kept as well. */
function projectExpanded(
  obj: Record<string, unknown>,
  select: string[] | undefined,
): Record<string, unknown> {
  const out = project(obj, select);
  if (select && 'singleValueExtendedProperties' in obj)
    out.singleValueExtendedProperties = obj.singleValueExtendedProperties;
  return out;
}

function preferenceApplied(ctx: HandlerContext): Record<string, string> {
  const applied: string[] = [];
  if (/outlook\.timezone/i.test(ctx.req.headers.prefer ?? '') && ctx.zone.iana !== 'UTC')
    applied.push(`outlook.timezone="${ctx.zone.name}"`);
  else if (/outlook\.timezone/i.test(ctx.req.headers.prefer ?? ''))
    applied.push(`outlook.timezone="${ctx.zone.name}"`);
  if (/IdType\s*=\s*"?ImmutableId"?/i.test(ctx.req.headers.prefer ?? ''))
    applied.push('IdType="ImmutableId"');
  return applied.length > 0 ? { 'Preference-Applied': applied.join(', ') } : {};
}

function windowParams(req: SimRequest): { fromMs: number; toMs: number } {
  const s = req.query.get('startDateTime') ?? req.query.get('StartDateTime');
  const e = req.query.get('endDateTime') ?? req.query.get('EndDateTime');
  if (!s || !e)
    throw new GraphHttpError(
      400,
      'ErrorInvalidParameter',
      'This request requires a time window specified by the query string parameters StartDateTime and EndDateTime.',
    );
  // The window is read by its own offset (UTC when it has none); Prefer: outlook.timezone does not apply to it.
  const from = DateTime.fromISO(s, { zone: 'UTC', setZone: true });
  const to = DateTime.fromISO(e, { zone: 'UTC', setZone: true });
  if (!from.isValid || !to.isValid)
    throw new GraphHttpError(
      400,
      'ErrorInvalidParameter',
      "The value of the parameter 'StartDateTime' or 'EndDateTime' is invalid.",
    );
  return { fromMs: from.toMillis(), toMs: to.toMillis() };
}

for (const prefix of ['/users/{id}', '/users/{id}/calendar']) {
  route('GET', `${prefix}/calendarView`, 'calendarRead', (ctx) => {
    const user = mailboxUser(ctx);
    const { fromMs, toMs } = windowParams(ctx.req);
    const items = ctx.state.calendar
      .view(user, fromMs, toMs)
      .filter((o) => !(o.cancelled && !o.event.isCancelled));
    return listResponse(
      ctx,
      `/users/${ctx.params.id ?? ''}${prefix.endsWith('calendar') ? '/calendar' : ''}/calendarView`,
      items,
      `https://graph.microsoft.com/v1.0/$metadata#users('${user.id}')/calendarView`,
    );
  });
  route('GET', `${prefix}/events`, 'calendarRead', (ctx) => {
    const user = mailboxUser(ctx);
    return listResponse(
      ctx,
      `/users/${ctx.params.id ?? ''}${prefix.endsWith('calendar') ? '/calendar' : ''}/events`,
      ctx.state.calendar.list(user).map(asItem),
      `https://graph.microsoft.com/v1.0/$metadata#users('${user.id}')/events`,
    );
  });
  route('POST', `${prefix}/events`, 'calendarWrite', (ctx) => {
    const user = mailboxUser(ctx);
    const { event } = ctx.state.calendar.create(user, ctx.req.body);
    const body = render(ctx, asItem(event));
    return json(
      201,
      {
        '@odata.context': `https://graph.microsoft.com/v1.0/$metadata#users('${user.id}')/events/$entity`,
        ...body,
      },
      {
        Location: `${ctx.req.origin}/v1.0/users/${user.id}/events/${event.id}`,
        ETag: String(body['@odata.etag']),
        ...preferenceApplied(ctx),
      },
    );
  });
  route('GET', `${prefix}/events/{eventId}`, 'calendarRead', (ctx) => {
    const user = mailboxUser(ctx);
    const { event, date } = ctx.state.calendar.find(user, ctx.params.eventId ?? '');
    const occ = date ? occurrenceOf(event, date) : asItem(event);
    const select = parseSelect(ctx.req, eventSelectable, 'microsoft.graph.event');
    const expanded = withExpanded(render(ctx, occ), occ, expandedPropertyKey(ctx.req.query.get('$expand')));
    return json(
      200,
      {
        '@odata.context': `https://graph.microsoft.com/v1.0/$metadata#users('${user.id}')/events/$entity`,
        ...projectExpanded(expanded, select),
      },
      preferenceApplied(ctx),
    );
  });
  route('PATCH', `${prefix}/events/{eventId}`, 'calendarWrite', (ctx) => {
    const user = mailboxUser(ctx);
    const id = ctx.params.eventId ?? '';
    const event = ctx.state.calendar.update(user, id, ctx.req.body);
    const { date } = ctx.state.calendar.find(user, id);
    const occ = date ? occurrenceOf(event, date) : asItem(event);
    return json(
      200,
      {
        '@odata.context': `https://graph.microsoft.com/v1.0/$metadata#users('${user.id}')/events/$entity`,
        ...render(ctx, occ),
      },
      preferenceApplied(ctx),
    );
  });
  route('DELETE', `${prefix}/events/{eventId}`, 'calendarWrite', (ctx) => {
    const user = mailboxUser(ctx);
    ctx.state.calendar.cancel(user, ctx.params.eventId ?? '', true);
    return { status: 204, headers: {} };
  });
  route('GET', `${prefix}/events/{eventId}/instances`, 'calendarRead', (ctx) => {
    const user = mailboxUser(ctx);
    const { fromMs, toMs } = windowParams(ctx.req);
    const { event, date } = ctx.state.calendar.find(user, ctx.params.eventId ?? '');
    if (date || !event.recurrence) {
      throw new GraphHttpError(
        400,
        'ErrorInvalidRequest',
        "Your request can't be completed. The specified item is not a recurring series master.",
      );
    }
    return listResponse(
      ctx,
      `/users/${ctx.params.id ?? ''}/events/${event.id}/instances`,
      ctx.state.calendar.seriesOccurrences(event, fromMs, toMs),
      `https://graph.microsoft.com/v1.0/$metadata#users('${user.id}')/events('${event.id}')/instances`,
    );
  });
  route('POST', `${prefix}/events/{eventId}/cancel`, 'calendarWrite', (ctx) => {
    const user = mailboxUser(ctx);
    const body = (ctx.req.body ?? {}) as Record<string, unknown>;
    if (body.comment !== undefined && typeof body.comment !== 'string')
      throw new GraphHttpError(
        400,
        'RequestBodyRead',
        "Cannot convert the literal to the expected type 'Edm.String'.",
      );
    ctx.state.calendar.cancel(user, ctx.params.eventId ?? '', false);
    return { status: 202, headers: {} };
  });
  for (const [action, response] of [
    ['accept', 'accepted'],
    ['decline', 'declined'],
    ['tentativelyAccept', 'tentativelyAccepted'],
  ] as const) {
    route('POST', `${prefix}/events/{eventId}/${action}`, 'calendarWrite', (ctx) => {
      const user = mailboxUser(ctx);
      const body = (ctx.req.body ?? {}) as Record<string, unknown>;
      for (const key of Object.keys(body)) {
        if (!['comment', 'sendResponse', 'proposedNewTime'].includes(key)) {
          throw new GraphHttpError(
            400,
            'RequestBodyRead',
            `The parameter '${key}' in the request payload is not a valid parameter for the operation '${action}'.`,
          );
        }
      }
      if (body.proposedNewTime !== undefined && action === 'accept')
        throw new GraphHttpError(
          400,
          'RequestBodyRead',
          "The parameter 'proposedNewTime' in the request payload is not a valid parameter for the operation 'accept'.",
        );
      ctx.state.calendar.respond(user, ctx.params.eventId ?? '', response, body.sendResponse !== false);
      return { status: 202, headers: {} };
    });
  }
}

// ---------------------------------------------------------------------------------------------------------------------
// Profile photos (profilephoto-get.md): Exchange-backed, so unknown users and missing photos are 404s of their own

function photoUser(ctx: HandlerContext): DirectoryUser {
  if (!ctx.user)
    throw new GraphHttpError(
      404,
      'ErrorInvalidUser',
      `The requested user '${ctx.params.id ?? ''}' is invalid.`,
    );
  return ctx.user;
}

function photoOrNotFound(
  ctx: HandlerContext,
  sizeText?: string,
): { user: DirectoryUser; photo: ProfilePhotoBytes } {
  const user = photoUser(ctx);
  const size = sizeText === undefined ? uploadedPhotoSize : parsePhotoSize(sizeText);
  const photo = size === undefined ? undefined : ctx.state.photos.get(user, size);
  // What Graph answers for a person without a photo (and for a size larger than the one uploaded).
  if (!photo)
    throw new GraphHttpError(
      404,
      'ImageNotFound',
      "Exception of type 'Microsoft.Fast.Profile.Core.Exception.ImageNotFoundException' was thrown.",
    );
  return { user, photo };
}

function photoMetadata(user: DirectoryUser, photo: ProfilePhotoBytes, path: string): Record<string, unknown> {
  return {
    '@odata.mediaContentType': 'image/jpeg',
    '@odata.mediaEtag': photo.etag,
    '@odata.id': `https://graph.microsoft.com/v1.0/users('${user.id}')/${path}`,
    id: `${photo.size}X${photo.size}`,
    height: photo.size,
    width: photo.size,
  };
}

function photoValue(photo: ProfilePhotoBytes): SimResponse {
  return { status: 200, headers: { 'Content-Type': 'image/jpeg', ETag: photo.etag }, body: photo.bytes };
}

route('GET', '/users/{id}/photo', 'photo', (ctx) => {
  const { user, photo } = photoOrNotFound(ctx);
  return json(200, {
    '@odata.context': `https://graph.microsoft.com/v1.0/$metadata#users('${user.id}')/photo/$entity`,
    ...photoMetadata(user, photo, 'photo'),
  });
});
route('GET', '/users/{id}/photo/$value', 'photo', (ctx) => photoValue(photoOrNotFound(ctx).photo));
route('GET', '/users/{id}/photos', 'photo', (ctx) => {
  const user = photoUser(ctx);
  const available = photoSizes
    .map((size) => ctx.state.photos.get(user, size))
    .filter((p): p is ProfilePhotoBytes => p !== undefined);
  return json(200, {
    '@odata.context': `https://graph.microsoft.com/v1.0/$metadata#users('${user.id}')/photos`,
    value: available.map((p) => photoMetadata(user, p, `photos('${p.size}X${p.size}')`)),
  });
});
route('GET', '/users/{id}/photos/{size}', 'photo', (ctx) => {
  const { user, photo } = photoOrNotFound(ctx, ctx.params.size ?? '');
  return json(200, {
    '@odata.context': `https://graph.microsoft.com/v1.0/$metadata#users('${user.id}')/photos/$entity`,
    ...photoMetadata(user, photo, `photos('${photo.size}X${photo.size}')`),
  });
});
route('GET', '/users/{id}/photos/{size}/$value', 'photo', (ctx) =>
  photoValue(photoOrNotFound(ctx, ctx.params.size ?? '').photo),
);

// ---------------------------------------------------------------------------------------------------------------------
// Teams activity feed

route(
  'POST',
  '/users/{id}/teamwork/sendActivityNotification',
  'teams',
  ({ state, req, user, params, claims }) =>
    sendUserActivityNotification(state, user, params.id ?? '', req.body, appIdOf(claims)),
);

route('POST', '/teamwork/sendActivityNotificationToRecipients', 'teams', ({ state, req, claims }) =>
  sendBulkActivityNotification(state, req.body, typeof claims.exp === 'number' ? claims.exp : undefined),
);

// ---------------------------------------------------------------------------------------------------------------------
// Dispatch

export function preferredZone(req: SimRequest): { iana: string; name: string } {
  const m = /outlook\.timezone\s*=\s*"([^"]+)"/i.exec(req.headers.prefer ?? '');
  const name = m?.[1];
  const iana = toIana(name);
  return name && iana ? { iana, name } : utcZone;
}

function errorResponse(error: unknown, req: SimRequest): SimResponse {
  if (error instanceof GraphHttpError)
    return graphError(error.status, error.code, error.message, req, error.headers);
  return graphError(500, 'generalException', 'An unexpected error occurred in the tenant simulator.', req);
}

function appIdOf(claims: Claims): string {
  return String(claims.azp ?? claims.appid ?? 'unknown');
}

export function normalizeGraphPath(path: string): string | undefined {
  let p = path.replace(/^https?:\/\/[^/]+/i, '');
  if (!p.startsWith('/')) p = `/${p}`;
  if (/^\/beta(\/|$)/i.test(p)) return undefined;
  p = p.replace(/^\/v1\.0(?=\/|$)/i, '');
  return p === '' ? '/' : p;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Routes served by Exchange Online: Outlook's throttling applies (throttling-limits.md, "Outlook service resources"). */
const outlookAreas = new Set<Area>(['mailboxSettings', 'calendarRead', 'calendarWrite', 'photo']);
/** Routes into the mailbox itself: they need one, and the application access scope covers them (not photos). */
const mailboxAreas = new Set<Area>(['mailboxSettings', 'calendarRead', 'calendarWrite']);

/**
 * Runs one Graph request (a top-level request or one inside $batch) after authentication:
 * route → counters → roles → throttling (Outlook: per app, or app + mailbox) → injected faults → mailbox checks
 * (no mailbox, outside the application access scope) → handler. `outlookSlots` is the batch's own parallelism.
 */
export async function runGraphRequest(
  state: GraphState,
  req: SimRequest,
  claims: Claims,
  inBatch: boolean,
  outlookSlots?: Semaphore,
): Promise<SimResponse> {
  const path = normalizeGraphPath(req.path);
  if (path === undefined)
    return graphError(404, 'NotFound', 'The beta endpoint is not simulated; use v1.0.', req);
  if (/^\/me(\/|$)/i.test(path))
    return graphError(
      400,
      'BadRequest',
      '/me request is only valid with delegated authentication flow.',
      req,
    );
  const match = matchRoute(req.method, path);
  if ('status' in match) {
    state.counters.count(req.method, path);
    return match.status === 405
      ? graphError(
          405,
          'Request_BadRequest',
          `The HTTP method '${req.method}' is not allowed for this resource.`,
          req,
        )
      : graphError(400, 'BadRequest', `Resource not found for the segment '${match.segment}'.`, req);
  }
  const { route: r, params } = match;
  state.counters.count(req.method, r.template);
  const roles = Array.isArray(claims.roles) ? claims.roles : [];
  if (!rolesFor[r.area].some((role) => roles.includes(role))) {
    return r.area === 'directory'
      ? graphError(
          403,
          'Authorization_RequestDenied',
          'Insufficient privileges to complete the operation.',
          req,
        )
      : graphError(403, 'ErrorAccessDenied', 'Access is denied. Check credentials and try again.', req);
  }
  // `/users/{id | userPrincipalName}`: a mail address that is not the UPN finds nobody.
  const user = params.id !== undefined ? findUserByKey(state.directory, params.id) : undefined;
  // Photos live in the user's Exchange mailbox, so they share the Outlook limits (and count toward them).
  const isOutlookRoute = outlookAreas.has(r.area);
  const releases: (() => void)[] = [];
  if (isOutlookRoute && user) {
    // Inside a $batch the service runs at most 4 Outlook requests at a time; the others wait their turn.
    if (outlookSlots) releases.push(await outlookSlots.acquire());
    const decision = state.throttle.enter(appIdOf(claims), user.id, Date.now(), state.realism.appConcurrency);
    if (!decision.ok) {
      releases.forEach((release) => release());
      return graphError(429, 'ApplicationThrottled', decision.reason, req, {
        'Retry-After': String(decision.retryAfterSeconds),
      });
    }
    releases.push(decision.release);
  }
  try {
    const fault = state.faults.decide(req.method, path, r.template);
    if (fault) {
      if (fault.delayMs > 0) await sleep(fault.delayMs);
      if (fault.fault === 'timeout') {
        return inBatch
          ? graphError(504, 'GatewayTimeout', 'The operation timed out.', req)
          : { status: 504, headers: {}, dropConnection: true };
      }
      if (fault.fault === 429)
        return graphError(
          429,
          'TooManyRequests',
          'Too many requests (injected by the tenant simulator).',
          req,
          { 'Retry-After': String(fault.retryAfterSeconds) },
        );
      if (fault.fault === 503)
        return graphError(
          503,
          'ServiceUnavailable',
          'The service is temporarily unavailable (injected by the tenant simulator).',
          req,
          { 'Retry-After': String(fault.retryAfterSeconds) },
        );
      if (fault.fault === 504)
        return graphError(
          504,
          'GatewayTimeout',
          'The gateway timed out (injected by the tenant simulator).',
          req,
        );
    }
    if (user && mailboxAreas.has(r.area)) checkMailboxReach(state, user);
    const zone = preferredZone(req);
    return await r.handler({ state, req: { ...req, path }, params, user, zone, claims });
  } catch (error) {
    return errorResponse(error, req);
  } finally {
    releases.forEach((release) => release());
  }
}

/**
 * A person with `mail` but no Exchange Online mailbox → 404 MailboxNotEnabledForRESTAPI (the code and message Graph
 * gives in the field); a mailbox outside the application access policy's group → 403 ErrorAccessDenied "Access to
 * OData is disabled." (auth-limit-mailbox-access.md, "Handling API errors").
 */
function checkMailboxReach(state: GraphState, user: DirectoryUser): void {
  if (!user.hasMailbox)
    throw new GraphHttpError(
      404,
      'MailboxNotEnabledForRESTAPI',
      'The mailbox is either inactive, soft-deleted, or is hosted on-premise.',
    );
  if (state.realism.appScope && !user.inAppScope)
    throw new GraphHttpError(403, 'ErrorAccessDenied', 'Access to OData is disabled.');
}

function unauthorized(message: string, req: SimRequest): SimResponse {
  return graphError(401, 'InvalidAuthenticationToken', message, req, {
    'WWW-Authenticate': `Bearer realm="", authorization_uri="${req.origin}/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"`,
  });
}

/** Entry point for every request under /v1.0 (and /beta, which is refused). */
export async function handleGraph(state: GraphState, req: SimRequest): Promise<SimResponse> {
  const res = await answerGraph(state, req);
  if (res.status === 429) state.counters.countThrottled('http', req.method, req.path);
  return res;
}

async function answerGraph(state: GraphState, req: SimRequest): Promise<SimResponse> {
  state.counters.countHttp();
  const check = await verifyGraphToken(state.identity, req.headers.authorization);
  if (!check.ok) return unauthorized(check.message, req);
  const path = normalizeGraphPath(req.path);
  if (path !== undefined && path.toLowerCase() === '/$batch') {
    state.counters.count(req.method, '/$batch');
    if (req.method !== 'POST') return graphError(405, 'BadRequest', 'Batch requests must use POST.', req);
    // A fault on the batch itself (route '/$batch') fails the whole envelope, as a gateway error would.
    const fault = state.faults.decide('POST', '/$batch', '/$batch');
    if (fault) {
      if (fault.delayMs > 0) await sleep(fault.delayMs);
      if (fault.fault === 'timeout') return { status: 504, headers: {}, dropConnection: true };
      if (fault.fault !== 'delay') {
        const code =
          fault.fault === 429
            ? 'TooManyRequests'
            : fault.fault === 503
              ? 'ServiceUnavailable'
              : 'GatewayTimeout';
        return graphError(
          fault.fault,
          code,
          'Injected by the tenant simulator.',
          req,
          fault.fault === 504 ? {} : { 'Retry-After': String(fault.retryAfterSeconds) },
        );
      }
    }
    return runBatch(state, req, check.claims);
  }
  return runGraphRequest(state, req, check.claims, false);
}

// ---------------------------------------------------------------------------------------------------------------------
// $batch (concepts/json-batching.md)

interface BatchItem {
  id: string;
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: unknown;
  dependsOn?: string[];
}

function batchError(message: string, req: SimRequest): SimResponse {
  return graphError(400, 'BadRequest', message, req);
}

async function runBatch(state: GraphState, req: SimRequest, claims: Claims): Promise<SimResponse> {
  const body = req.body as { requests?: unknown } | undefined;
  if (!body || !Array.isArray(body.requests)) return batchError('Invalid batch payload format.', req);
  const items = body.requests as BatchItem[];
  if (items.length === 0) return batchError('Invalid batch payload format: the batch has no requests.', req);
  if (items.length > 20)
    return batchError(
      `Invalid batch payload format: the batch contains ${items.length} requests, the maximum is 20.`,
      req,
    );
  const ids = new Set<string>();
  for (const item of items) {
    if (
      !item ||
      typeof item.id !== 'string' ||
      typeof item.method !== 'string' ||
      typeof item.url !== 'string'
    )
      return batchError('Invalid batch payload format: each request needs id, method and url.', req);
    if (ids.has(item.id))
      return batchError(`Batch request ids must be unique: '${item.id}' is repeated.`, req);
    ids.add(item.id);
    const headerNames = Object.keys(item.headers ?? {}).map((h) => h.toLowerCase());
    if (item.body !== undefined && !headerNames.includes('content-type'))
      return batchError(`Write request id : ${item.id} does not contain Content-Type header or body.`, req);
  }
  for (const item of items) {
    for (const dep of item.dependsOn ?? []) {
      if (!ids.has(dep))
        return batchError(`Depends on request id : ${dep} is not present in the batch.`, req);
    }
  }
  // A dependency cycle would never finish; Graph refuses such a batch as malformed.
  const deps = new Map(items.map((item) => [item.id, item.dependsOn ?? []]));
  const state_ = new Map<string, 'visiting' | 'done'>();
  const cyclic = (id: string): boolean => {
    if (state_.get(id) === 'done') return false;
    if (state_.get(id) === 'visiting') return true;
    state_.set(id, 'visiting');
    const found = (deps.get(id) ?? []).some(cyclic);
    state_.set(id, 'done');
    return found;
  };
  if (items.some((item) => cyclic(item.id)))
    return batchError('Invalid batch payload format: the dependsOn references form a cycle.', req);
  const results = new Map<string, Promise<SimResponse>>();
  // "Outlook service limits for JSON batching": up to 4 of the batch's Outlook requests in parallel at any point.
  const outlookSlots = state.realism.appConcurrency
    ? new Semaphore(state.throttle.limits.batchOutlookParallelism)
    : undefined;
  for (let i = 0; i < items.length; i += 1) state.counters.countBatched();
  const run = async (item: BatchItem): Promise<SimResponse> => {
    const deps = await Promise.all(
      (item.dependsOn ?? []).map((d) => results.get(d) ?? Promise.resolve(undefined)),
    );
    if (deps.some((d) => !d || d.status >= 400)) {
      return graphError(424, 'FailedDependency', 'The request depends on a request that failed.', req);
    }
    const url = new URL(item.url.replace(/^(?!\/|https?:)/i, '/'), req.origin);
    const headers: Record<string, string> = { ...req.headers };
    delete headers['content-length'];
    for (const [k, v] of Object.entries(item.headers ?? {})) headers[k.toLowerCase()] = String(v);
    const sub: SimRequest = {
      method: item.method.toUpperCase(),
      path: url.pathname,
      query: url.searchParams,
      headers,
      body: typeof item.body === 'string' ? tryJson(item.body) : item.body,
      rawBody: typeof item.body === 'string' ? item.body : JSON.stringify(item.body ?? ''),
      origin: req.origin,
      remoteAddress: req.remoteAddress,
    };
    const res = await runGraphRequest(state, sub, claims, true, outlookSlots);
    if (res.status === 429) state.counters.countThrottled('batched', sub.method, sub.path);
    return res;
  };
  // Dependencies are resolved by id, so the order in the payload does not matter (Graph allows any order).
  const pending = new Map(items.map((item) => [item.id, item]));
  const start = (item: BatchItem): Promise<SimResponse> => {
    const existing = results.get(item.id);
    if (existing) return existing;
    for (const dep of item.dependsOn ?? []) {
      const depItem = pending.get(dep);
      if (depItem && !results.has(dep)) start(depItem).catch(() => undefined);
    }
    const promise = run(item);
    results.set(item.id, promise);
    return promise;
  };
  const responses = await Promise.all(
    items.map(async (item) => {
      const res = await start(item);
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(res.headers)) {
        // The SDK's BatchResponseContent reads `Content-Type` case-sensitively.
        headers[k.toLowerCase() === 'content-type' ? 'Content-Type' : k] = v;
      }
      const out: Record<string, unknown> = { id: item.id, status: res.status, headers };
      // Inside a JSON batch, binary content (a photo's $value) is base64-encoded (json-batching.md).
      if (res.body !== undefined)
        out.body = Buffer.isBuffer(res.body) ? res.body.toString('base64') : res.body;
      return out;
    }),
  );
  return json(200, { responses });
}

function tryJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

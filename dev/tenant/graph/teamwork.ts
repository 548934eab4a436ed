import { type Directory, type DirectoryUser, findUserByKey } from '../directory';
import { GraphHttpError, type SimResponse } from '../http-types';
import { type Throttle } from '../limits';
import { type RealismSwitches } from '../realism';

export interface ActivityNotificationRecord {
  recipientUserId: string;
  recipientUserPrincipalName: string;
  receivedAt: string;
  body: Record<string, unknown>;
}

export interface UndeliveredNotificationRecord {
  recipientUserId: string;
  /** `app-not-installed`: the Pairwise Teams app is not installed for the recipient; `unknown-user`: no such user. */
  reason: 'app-not-installed' | 'unknown-user';
  /** `sendActivityNotification` (the caller got a 403/404) or `sendActivityNotificationToRecipients` (silent). */
  via: 'sendActivityNotification' | 'sendActivityNotificationToRecipients';
  /** The notification's `activityType`, so a test can tell which message a person missed. */
  activityType: string;
  at: string;
}

export interface TeamworkState {
  directory: Directory;
  throttle: Throttle;
  activity: ActivityNotificationRecord[];
  undelivered: UndeliveredNotificationRecord[];
  realism: Pick<RealismSwitches, 'teamsAppRequired'>;
}

const bad = (message: string): GraphHttpError => new GraphHttpError(400, 'BadRequest', message);

/** The parameters both send actions share (userteamwork-sendactivitynotification.md, teamwork-sendactivitynotificationtorecipients.md). */
function validateNotification(body: Record<string, unknown>, operation: string, extra: string[]): void {
  const topic = body.topic as Record<string, unknown> | undefined;
  if (!topic || typeof topic !== 'object') throw bad("Required property 'topic' is missing.");
  if (topic.source !== 'entityUrl' && topic.source !== 'text')
    throw bad("Topic source must be 'entityUrl' or 'text'.");
  if (typeof topic.value !== 'string' || topic.value === '')
    throw bad("Required property 'topic.value' is missing.");
  if (topic.source === 'text' && (typeof topic.webUrl !== 'string' || !/^https:\/\//.test(topic.webUrl)))
    throw bad("Property 'topic.webUrl' is required (a Teams deep link) when topic source is 'text'.");
  if (typeof body.activityType !== 'string' || body.activityType === '')
    throw bad("Required property 'activityType' is missing.");
  const preview = body.previewText as Record<string, unknown> | undefined;
  if (!preview || typeof preview.content !== 'string')
    throw bad("Required property 'previewText' is missing.");
  // Teams shows only the first 150 characters of previewText; longer text is accepted (docs), not refused.
  const allowed = [
    'topic',
    'activityType',
    'chainId',
    'previewText',
    'templateParameters',
    'teamsAppId',
    'iconId',
    ...extra,
  ];
  for (const key of Object.keys(body)) {
    if (!allowed.includes(key))
      throw bad(
        `The parameter '${key}' in the request payload is not a valid parameter for the operation '${operation}'.`,
      );
  }
  if (body.chainId !== undefined && !Number.isInteger(body.chainId))
    throw bad("Cannot convert the literal to the expected type 'Edm.Int64' for 'chainId'.");
  const params = body.templateParameters;
  if (
    params !== undefined &&
    (!Array.isArray(params) ||
      !params.every(
        (p) =>
          p &&
          typeof (p as { name?: unknown }).name === 'string' &&
          typeof (p as { value?: unknown }).value === 'string',
      ))
  )
    throw bad('templateParameters must be a list of { name, value } strings.');
}

function rateLimited(kind: 'activity' | 'bulkActivity', state: TeamworkState, what: string): void {
  const gate = state.throttle.enterRate(kind);
  if (!gate.ok)
    throw new GraphHttpError(
      429,
      'TooManyRequests',
      `Too many requests: ${what} is limited to ${kind === 'activity' ? state.throttle.limits.activityNotificationsPerSecond : state.throttle.limits.bulkActivityNotificationsPerSecond} requests per second per app per tenant.`,
      { 'Retry-After': String(gate.retryAfterSeconds) },
    );
}

const canReceive = (state: TeamworkState, user: DirectoryUser): boolean =>
  !state.realism.teamsAppRequired || user.appInstalled;

function deliver(state: TeamworkState, user: DirectoryUser, body: Record<string, unknown>): void {
  state.activity.push({
    recipientUserId: user.id,
    recipientUserPrincipalName: user.userPrincipalName,
    receivedAt: new Date().toISOString(),
    body: structuredClone(body),
  });
}

function noteUndelivered(
  state: TeamworkState,
  recipientUserId: string,
  reason: UndeliveredNotificationRecord['reason'],
  via: UndeliveredNotificationRecord['via'],
  activityType: unknown,
): void {
  state.undelivered.push({
    recipientUserId,
    reason,
    via,
    activityType: String(activityType),
    at: new Date().toISOString(),
  });
}

/**
 * POST /users/{id}/teamwork/sendActivityNotification → 204. The Teams app must be installed for the recipient
 * (teams-send-activityfeednotifications.md, "Requirements"); when it is not, Graph answers 403 Forbidden with the
 * message seen in the field (the docs give no error sample).
 */
export function sendUserActivityNotification(
  state: TeamworkState,
  user: DirectoryUser | undefined,
  userKey: string,
  body: unknown,
  appId: string,
): SimResponse {
  if (!user) throw new GraphHttpError(404, 'NotFound', `User '${userKey}' was not found.`);
  if (!body || typeof body !== 'object') throw bad('Request body is required.');
  const input = body as Record<string, unknown>;
  validateNotification(input, 'sendActivityNotification', []);
  rateLimited('activity', state, 'sendActivityNotification');
  if (!canReceive(state, user)) {
    noteUndelivered(state, user.id, 'app-not-installed', 'sendActivityNotification', input.activityType);
    throw new GraphHttpError(
      403,
      'Forbidden',
      `Application with AAD App Id '${appId}' is not authorized to generate custom text notifications about '/users/${user.id}/teamwork/sendActivityNotification' to the recipient. Ensure that the expected Teams app is installed in the target scope (user, team, or chat).`,
    );
  }
  deliver(state, user, input);
  return { status: 204, headers: {} };
}

/** The 45 minutes the bulk action's doc requires between now and the token's expiry. */
const bulkTokenMinimumLifetimeSeconds = 45 * 60;

/**
 * POST /teamwork/sendActivityNotificationToRecipients (teamwork-sendactivitynotificationtorecipients.md): the same
 * notification to up to 100 `aadUserNotificationRecipient`s → 202 Accepted; a token expiring within 45 minutes → 412.
 * Delivery is asynchronous and the response says nothing per recipient (the doc shows none): recipients without the
 * Teams app, or unknown ids, silently get nothing — the control API lists them as undelivered.
 */
export function sendBulkActivityNotification(
  state: TeamworkState,
  body: unknown,
  tokenExpiresAt: number | undefined,
): SimResponse {
  if (tokenExpiresAt !== undefined && tokenExpiresAt - Date.now() / 1000 < bulkTokenMinimumLifetimeSeconds)
    throw new GraphHttpError(
      412,
      'PreconditionFailed',
      'The access token must be valid for at least 45 minutes to send notifications in bulk.',
    );
  if (!body || typeof body !== 'object') throw bad('Request body is required.');
  const input = body as Record<string, unknown>;
  validateNotification(input, 'sendActivityNotificationToRecipients', ['recipients']);
  const recipients = input.recipients;
  if (!Array.isArray(recipients) || recipients.length === 0)
    throw bad("Required property 'recipients' is missing.");
  if (recipients.length > 100)
    throw bad(`The number of recipients (${recipients.length}) exceeds the maximum of 100.`);
  const ids: string[] = [];
  for (const r of recipients as unknown[]) {
    const recipient = r as { '@odata.type'?: unknown; userId?: unknown } | null;
    if (
      !recipient ||
      String(recipient['@odata.type']).replace(/^#/, '') !== 'microsoft.graph.aadUserNotificationRecipient'
    )
      throw bad('Only recipients of type aadUserNotificationRecipient are supported.');
    if (typeof recipient.userId !== 'string' || recipient.userId === '')
      throw bad("Required property 'userId' is missing on a recipient.");
    ids.push(recipient.userId);
  }
  rateLimited('bulkActivity', state, 'sendActivityNotificationToRecipients');
  const { recipients: _recipients, ...notification } = input;
  for (const id of new Set(ids)) {
    const user = findUserByKey(state.directory, id);
    if (!user)
      noteUndelivered(state, id, 'unknown-user', 'sendActivityNotificationToRecipients', input.activityType);
    else if (!canReceive(state, user))
      noteUndelivered(
        state,
        user.id,
        'app-not-installed',
        'sendActivityNotificationToRecipients',
        input.activityType,
      );
    else deliver(state, user, notification);
  }
  return { status: 202, headers: {} };
}

import { type Services } from './composition';
import { type FunctionDefinition } from './function-registry';
import { adminFunctions } from './functions/admin-api';
import { bookingQueueFunction } from './functions/booking-worker';
import { clientConfigFunction } from './functions/client-config';
import { employeeFunctions } from './functions/employee-api';
import { followUpTimerFunction } from './functions/follow-up-timer';
import { healthFunction, readinessFunction } from './functions/health';
import { meetingPairingFunctions } from './functions/meeting-pairing-api';
import { notificationQueueFunction } from './functions/notification-worker';
import { peerChatFunctions } from './functions/peer-chat-api';
import { peerPhotoFunctions } from './functions/peer-photo-api';
import { rescheduleFunctions } from './functions/reschedule-api';
import { roundQueueFunction } from './functions/round-worker';
import { seriesActionQueueFunction } from './functions/series-action-worker';
import { directorySyncTimerFunction, roundsTimerFunction } from './functions/timers';
import { instrument } from './observability';

/** The complete list of Pairwise's functions, built from the composed services. */
export function allFunctions(services: () => Services): FunctionDefinition[] {
  // Every function logs through one structured, scrubbing logger bound to its invocation (observability/).
  return [
    healthFunction(() => services().readiness),
    readinessFunction(() => services().readiness),
    clientConfigFunction(() => services().config),
    ...employeeFunctions(services),
    ...adminFunctions(services),
    ...rescheduleFunctions(services),
    ...peerPhotoFunctions(services),
    ...peerChatFunctions(services),
    ...meetingPairingFunctions(services),
    roundsTimerFunction(services),
    directorySyncTimerFunction(services),
    roundQueueFunction(services),
    bookingQueueFunction(services),
    seriesActionQueueFunction(services),
    notificationQueueFunction(services),
    followUpTimerFunction(services),
  ].map(instrument);
}

import { PairingParamsSchema, RescheduleRequestSchema } from '../contracts/employee';
import {
  type RescheduleDeps,
  rescheduleSeries,
  suggestNewTimes,
} from '../domain/pairings/reschedule-service';
import { type HttpFunctionDefinition } from '../function-registry';
import { readJsonBody, readParams } from '../http/parse';
import { jsonResponse } from '../http/responses';
import { createLogger } from '../observability';
import { apiRoute, type ApiServices } from './api-route';

export interface RescheduleServices extends ApiServices {
  reschedule: RescheduleDeps;
}

/** `GET /api/pairings/{id}/slots` and `POST /api/pairings/{id}/reschedule` (docs/api.md). Members only. */
export function rescheduleFunctions(services: () => RescheduleServices): HttpFunctionDefinition[] {
  const employee = { admin: false };
  return [
    apiRoute(
      'pairing-slots',
      'pairings/{pairingId}/slots',
      ['GET'],
      services,
      employee,
      async ({ request, principal }) => {
        const { pairingId } = readParams(request, PairingParamsSchema);
        return jsonResponse(200, {
          slots: await suggestNewTimes(services().reschedule, principal, pairingId),
        });
      },
    ),

    apiRoute(
      'pairing-reschedule',
      'pairings/{pairingId}/reschedule',
      ['POST'],
      services,
      employee,
      async ({ request, principal, context }) => {
        const { pairingId } = readParams(request, PairingParamsSchema);
        const { slotId } = await readJsonBody(request, RescheduleRequestSchema);
        const view = await rescheduleSeries(services().reschedule, principal, pairingId, slotId);
        createLogger(context, { correlation: { pairingId, operation: 'reschedule' } }).info(
          'reschedule: move requested',
        );
        return jsonResponse(200, view);
      },
    ),
  ];
}

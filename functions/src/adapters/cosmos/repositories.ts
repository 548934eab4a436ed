import { type Database } from '@azure/cosmos';

import {
  AuditDocumentSchema,
  FeedbackDocumentSchema,
  LeaseDocumentSchema,
  PairingDocumentSchema,
  ParticipantDocumentSchema,
  ProgramDocumentSchema,
  RoundDocumentSchema,
  WorkspaceStoredDocumentSchema,
} from '../../domain/model';
import { type Repositories } from '../../domain/ports';
import { containerOf } from './cosmos-client';
import { CosmosDocumentStore } from './document-store';

/** One store per container (containers.ts is the list; all partitioned by /tenantId). */
export function createCosmosRepositories(database: Database): Repositories {
  return {
    programs: new CosmosDocumentStore(
      containerOf(database, 'programs'),
      ProgramDocumentSchema,
      'The program',
    ),
    participants: new CosmosDocumentStore(
      containerOf(database, 'participants'),
      ParticipantDocumentSchema,
      'The enrollment',
    ),
    rounds: new CosmosDocumentStore(containerOf(database, 'rounds'), RoundDocumentSchema, 'The round'),
    pairings: new CosmosDocumentStore(
      containerOf(database, 'pairings'),
      PairingDocumentSchema,
      'The pairing',
    ),
    feedback: new CosmosDocumentStore(
      containerOf(database, 'feedback'),
      FeedbackDocumentSchema,
      'The feedback',
    ),
    audit: new CosmosDocumentStore(containerOf(database, 'audit'), AuditDocumentSchema, 'The audit entry'),
    leases: new CosmosDocumentStore(containerOf(database, 'leases'), LeaseDocumentSchema, 'The lease'),
    workspaces: new CosmosDocumentStore(
      containerOf(database, 'workspaces'),
      WorkspaceStoredDocumentSchema,
      'The workspace',
    ),
  };
}

// Cosmos DB for NoSQL, serverless, key auth disabled: the app's managed identity holds the built-in Data
// Contributor role on the account's data plane (rbac.bicep). The containers mirror
// functions/src/adapters/cosmos/containers.ts through infra/cosmos-containers.json (tests/unit/infra-settings.test.ts
// keeps the two identical).
import { Tags } from 'types.bicep'

param location string
param tags Tags
@minLength(3)
@maxLength(44)
param accountName string
@allowed(['Continuous7Days', 'Continuous30Days', 'Periodic'])
param backup string
@minLength(1)
param databaseName string

// any(): the JSON's optional keys (indexingPolicy, defaultTtl, …) are probed below; untyped access keeps that legal.
var containers = any(loadJsonContent('../cosmos-containers.json'))

resource account 'Microsoft.DocumentDB/databaseAccounts@2026-03-15' = {
  name: accountName
  location: location
  tags: tags
  kind: 'GlobalDocumentDB'
  properties: {
    databaseAccountOfferType: 'Standard'
    locations: [{ locationName: location, failoverPriority: 0, isZoneRedundant: false }]
    capabilities: [{ name: 'EnableServerless' }]
    consistencyPolicy: { defaultConsistencyLevel: 'Session' }
    disableLocalAuth: true
    disableKeyBasedMetadataWriteAccess: true
    minimalTlsVersion: 'Tls12'
    publicNetworkAccess: 'Enabled'
    backupPolicy: backup == 'Periodic'
      ? {
          type: 'Periodic'
          periodicModeProperties: {
            backupIntervalInMinutes: 240
            backupRetentionIntervalInHours: 8
            backupStorageRedundancy: 'Local'
          }
        }
      : {
          type: 'Continuous'
          continuousModeProperties: { tier: backup }
        }
  }
}

resource database 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases@2026-03-15' = {
  parent: account
  name: databaseName
  properties: {
    resource: { id: databaseName }
  }
}

resource sqlContainers 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2026-03-15' = [
  for container in containers: {
    parent: database
    name: container.id
    properties: {
      resource: union(
        {
          id: container.id
          partitionKey: { paths: container.partitionKey.paths, kind: length(container.partitionKey.paths) > 1 ? 'MultiHash' : 'Hash', version: 2 }
        },
        contains(container, 'indexingPolicy') ? { indexingPolicy: container.indexingPolicy } : {},
        contains(container, 'defaultTtl') ? { defaultTtl: container.defaultTtl } : {},
        contains(container, 'uniqueKeyPolicy') ? { uniqueKeyPolicy: container.uniqueKeyPolicy } : {}
      )
    }
  }
]

output endpoint string = account.properties.documentEndpoint

// Cosmos DB for NoSQL, serverless, key auth disabled: the app's managed identity holds the built-in Data
// Contributor role on the account's data plane. The containers mirror functions/src/adapters/cosmos/containers.ts
// through infra/cosmos-containers.json (tests/unit/infra-settings.test.ts keeps the two identical).
param location string
param tags object
param resourceToken string
param appPrincipalId string
@description('Optional: an operator (or the deploying principal) who may read data, e.g. in Data Explorer.')
param operatorPrincipalId string = ''
@allowed(['Continuous7Days', 'Continuous30Days', 'Periodic'])
param backup string = 'Continuous7Days'
param databaseName string = 'pairwise'

// any(): the JSON's optional keys (indexingPolicy, defaultTtl, …) are probed below; untyped access keeps that legal.
var containers = any(loadJsonContent('../cosmos-containers.json'))
// Built-in data-plane roles (sqlRoleDefinitions), not Azure RBAC roles.
var dataContributorRoleId = '00000000-0000-0000-0000-000000000002'
var dataReaderRoleId = '00000000-0000-0000-0000-000000000001'

resource account 'Microsoft.DocumentDB/databaseAccounts@2024-11-15' = {
  name: 'cosmos-${resourceToken}'
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

resource database 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases@2024-11-15' = {
  parent: account
  name: databaseName
  properties: {
    resource: { id: databaseName }
  }
}

resource sqlContainers 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2024-11-15' = [
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

resource appDataRole 'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments@2024-11-15' = {
  parent: account
  name: guid(account.id, appPrincipalId, dataContributorRoleId)
  properties: {
    principalId: appPrincipalId
    roleDefinitionId: '${account.id}/sqlRoleDefinitions/${dataContributorRoleId}'
    scope: account.id
  }
}

resource operatorDataRole 'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments@2024-11-15' = if (!empty(operatorPrincipalId)) {
  parent: account
  name: guid(account.id, operatorPrincipalId, dataReaderRoleId)
  properties: {
    principalId: operatorPrincipalId
    roleDefinitionId: '${account.id}/sqlRoleDefinitions/${dataReaderRoleId}'
    scope: account.id
  }
}

output endpoint string = account.properties.documentEndpoint
output databaseName string = database.name
output accountName string = account.name

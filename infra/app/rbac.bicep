// Every role assignment of the deployment, in one place: what the app's managed identity may do, and what the
// person or pipeline running azd may do. Nothing else in infra/ grants access.
//
// | who               | role                                  | on                                      |
// | ----------------- | ------------------------------------- | --------------------------------------- |
// | app identity      | Storage Blob Data Owner               | host storage (host locks, the package)  |
// | app identity      | Storage Queue Data Contributor        | host storage (bookings queues)          |
// | app identity      | Storage Table Data Contributor        | host storage (timers' bookkeeping)      |
// | app identity      | Monitoring Metrics Publisher          | Application Insights (Entra ingestion)  |
// | app identity      | Cosmos DB Built-in Data Contributor   | Cosmos account (data plane)             |
// | deployer (opt.)   | Storage Blob Data Contributor         | tab storage (postdeploy uploads the tab)|
// | deployer (opt.)   | Cosmos DB Built-in Data Reader        | Cosmos account (Data Explorer)          |
//
// Assignment names derive from the identity's resource id (known before deployment), not its principal id
// (known only after), so `azd provision --preview` can tell what changes.
param identityName string
param hostStorageAccountName string
param tabStorageAccountName string
param applicationInsightsName string
param cosmosAccountName string
@description('Object id of the person or pipeline running azd; empty grants nothing to anyone but the app.')
param deployerPrincipalId string = ''
@allowed(['User', 'ServicePrincipal'])
param deployerPrincipalType string = 'User'

// Azure built-in roles (learn.microsoft.com/azure/role-based-access-control/built-in-roles).
var roles = {
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  storageBlobDataContributor: 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  monitoringMetricsPublisher: '3913510d-42f4-4e42-8a64-420c390055eb'
}
// Cosmos DB's built-in data-plane roles (sqlRoleDefinitions), not Azure RBAC roles.
var cosmosDataContributor = '00000000-0000-0000-0000-000000000002'
var cosmosDataReader = '00000000-0000-0000-0000-000000000001'

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' existing = {
  name: identityName
}

resource hostStorage 'Microsoft.Storage/storageAccounts@2026-09-01' existing = {
  name: hostStorageAccountName
}

resource tabStorage 'Microsoft.Storage/storageAccounts@2026-09-01' existing = {
  name: tabStorageAccountName
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource cosmos 'Microsoft.DocumentDB/databaseAccounts@2026-03-15' existing = {
  name: cosmosAccountName
}

resource appStorageRoles 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for role in [roles.storageBlobDataOwner, roles.storageQueueDataContributor, roles.storageTableDataContributor]: {
    name: guid(hostStorage.id, identity.id, role)
    scope: hostStorage
    properties: {
      principalId: identity.properties.principalId
      principalType: 'ServicePrincipal'
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', role)
    }
  }
]

resource appMetricsPublisher 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(applicationInsights.id, identity.id, roles.monitoringMetricsPublisher)
  scope: applicationInsights
  properties: {
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.monitoringMetricsPublisher)
  }
}

resource appCosmosData 'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments@2026-03-15' = {
  parent: cosmos
  name: guid(cosmos.id, identity.id, cosmosDataContributor)
  properties: {
    principalId: identity.properties.principalId
    roleDefinitionId: '${cosmos.id}/sqlRoleDefinitions/${cosmosDataContributor}'
    scope: cosmos.id
  }
}

resource deployerTabUpload 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(deployerPrincipalId)) {
  name: guid(tabStorage.id, deployerPrincipalId, roles.storageBlobDataContributor)
  scope: tabStorage
  properties: {
    principalId: deployerPrincipalId
    principalType: deployerPrincipalType
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageBlobDataContributor)
  }
}

resource deployerCosmosRead 'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments@2026-03-15' = if (!empty(deployerPrincipalId)) {
  parent: cosmos
  name: guid(cosmos.id, deployerPrincipalId, cosmosDataReader)
  properties: {
    principalId: deployerPrincipalId
    roleDefinitionId: '${cosmos.id}/sqlRoleDefinitions/${cosmosDataReader}'
    scope: cosmos.id
  }
}

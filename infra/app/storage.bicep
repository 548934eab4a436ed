// Two storage accounts:
// - host: AzureWebJobsStorage for the Functions host (timers' locks, queue triggers, the deployment package),
//   identity-only (shared keys disabled);
// - tab: the static website that serves the built tab behind Front Door. Its content is public by design (HTML,
//   JS, CSS of the tab, no data); uploads use Entra ID (Storage Blob Data Contributor), see infra/hooks.
param location string
param tags object
param resourceToken string
param appPrincipalId string
param deployerPrincipalId string = ''
@allowed(['User', 'ServicePrincipal'])
param deployerPrincipalType string = 'User'

// Queues the functions use; the host creates "<name>-poison" itself, created here so it exists to be watched.
var queueNames = [
  'bookings'
  'bookings-poison'
  'series-actions'
  'series-actions-poison'
  'notifications'
  'notifications-poison'
]
var deploymentContainerName = 'app-package'

var roles = {
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  storageBlobDataContributor: 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
}

resource hostStorage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: 'st${resourceToken}'
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: { name: 'Standard_LRS' }
  properties: {
    allowSharedKeyAccess: false
    allowBlobPublicAccess: false
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: 'Enabled'
  }
}

resource hostBlobs 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: hostStorage
  name: 'default'
}

resource deploymentContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: hostBlobs
  name: deploymentContainerName
  properties: { publicAccess: 'None' }
}

resource hostQueues 'Microsoft.Storage/storageAccounts/queueServices@2023-05-01' = {
  parent: hostStorage
  name: 'default'
}

resource queues 'Microsoft.Storage/storageAccounts/queueServices/queues@2023-05-01' = [
  for name in queueNames: {
    parent: hostQueues
    name: name
  }
]

resource appRoles 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for role in [roles.storageBlobDataOwner, roles.storageQueueDataContributor, roles.storageTableDataContributor]: {
    name: guid(hostStorage.id, appPrincipalId, role)
    scope: hostStorage
    properties: {
      principalId: appPrincipalId
      principalType: 'ServicePrincipal'
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', role)
    }
  }
]

resource tabStorage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: 'sttab${resourceToken}'
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: { name: 'Standard_LRS' }
  properties: {
    // The static website ($web) is served anonymously whatever these say; they close every other door.
    allowSharedKeyAccess: false
    allowBlobPublicAccess: false
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
  }
}

resource deployerTabRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(deployerPrincipalId)) {
  name: guid(tabStorage.id, deployerPrincipalId, roles.storageBlobDataContributor)
  scope: tabStorage
  properties: {
    principalId: deployerPrincipalId
    principalType: deployerPrincipalType
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageBlobDataContributor)
  }
}

output hostStorageAccountName string = hostStorage.name
output deploymentContainerName string = deploymentContainer.name
output queueServiceUri string = hostStorage.properties.primaryEndpoints.queue
output tabStorageAccountName string = tabStorage.name
// https://<account>.z<N>.web.core.windows.net/ → the host name Front Door uses as origin.
output tabWebHostName string = replace(replace(tabStorage.properties.primaryEndpoints.web, 'https://', ''), '/', '')

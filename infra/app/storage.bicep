// Two storage accounts:
// - host: AzureWebJobsStorage for the Functions host (timers' locks, queue triggers, the deployment package),
//   identity-only (shared keys disabled);
// - tab: the static website that serves the built tab behind Front Door. Its content is public by design (HTML,
//   JS, CSS of the tab, no data); uploads use Entra ID (Storage Blob Data Contributor, rbac.bicep), see infra/hooks.
import { Tags } from 'types.bicep'

param location string
param tags Tags
@minLength(3)
@maxLength(24)
param hostAccountName string
@minLength(3)
@maxLength(24)
param tabAccountName string
@description('Blob container of the host account that holds the Functions deployment package.')
@minLength(3)
@maxLength(63)
param deploymentContainerName string

// Queues the functions use; the host creates "<name>-poison" itself, created here so it exists to be watched.
var queueNames = [
  'bookings'
  'bookings-poison'
  'series-actions'
  'series-actions-poison'
  'notifications'
  'notifications-poison'
  'rounds'
  'rounds-poison'
]

resource hostStorage 'Microsoft.Storage/storageAccounts@2026-09-01' = {
  name: hostAccountName
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

resource hostBlobs 'Microsoft.Storage/storageAccounts/blobServices@2026-09-01' = {
  parent: hostStorage
  name: 'default'
}

resource deploymentContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2026-09-01' = {
  parent: hostBlobs
  name: deploymentContainerName
  properties: { publicAccess: 'None' }
}

resource hostQueues 'Microsoft.Storage/storageAccounts/queueServices@2026-09-01' = {
  parent: hostStorage
  name: 'default'
}

resource queues 'Microsoft.Storage/storageAccounts/queueServices/queues@2026-09-01' = [
  for name in queueNames: {
    parent: hostQueues
    name: name
  }
]

resource tabStorage 'Microsoft.Storage/storageAccounts@2026-09-01' = {
  name: tabAccountName
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

output queueServiceUri string = hostStorage.properties.primaryEndpoints.queue
output deploymentContainerUrl string = '${hostStorage.properties.primaryEndpoints.blob}${deploymentContainer.name}'
// https://<account>.z<N>.web.core.windows.net/ → the host name Front Door uses as origin.
output tabWebHostName string = replace(replace(tabStorage.properties.primaryEndpoints.web, 'https://', ''), '/', '')

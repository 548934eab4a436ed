// Pairwise in Azure (azd: `azd up`). Subscription scope: creates the resource group and everything in it.
// What is where and why: docs/decisions/0005-deployment-and-identity.md. Step by step: docs/deploy.md.
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('azd environment name; names the resource group and seeds resource names.')
param environmentName string

@minLength(1)
@description('Region for every resource. It must offer Functions Flex Consumption and Cosmos DB serverless.')
param location string

@description('Application (client) id of the Pairwise Entra app registration (infra/entra/register-app.ts prints it).')
param apiClientId string

@description('Comma-separated tenant ids whose users may use the app; empty means this subscription\'s tenant.')
param allowedTenantIds string = ''

@description('Client id of the app registration used for app-only Graph calls; empty means the API app itself.')
param graphClientId string = ''

@description('The Teams app id (manifest "id", env/.env.<stage> TEAMS_APP_ID), for deep links; may be empty.')
param teamsAppId string = ''

@description('Object id of the person or pipeline running azd: may upload the tab and read Cosmos data.')
param principalId string = ''

@allowed(['User', 'ServicePrincipal'])
param principalType string = 'User'

@description('E-mail address for operational alerts; empty creates the alert rules without notifications.')
param alertEmail string = ''

@allowed(['20', '22'])
@description('Node.js major version of the Functions runtime. The package is built for Node 20 and runs on 22.')
param nodeVersion string = '20'

@description('Upper bound on Flex Consumption instances (cost and Graph throttling guard).')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 40

@allowed(['Continuous7Days', 'Continuous30Days', 'Periodic'])
@description('Cosmos DB backup: continuous gives point-in-time restore (7 days is free), periodic keeps two copies.')
param cosmosBackup string = 'Continuous7Days'

@description('Microsoft Graph endpoint (sovereign clouds differ).')
param graphBaseUrl string = 'https://graph.microsoft.com'

@description('Microsoft Entra authority host.')
param authorityHost string = 'https://login.microsoftonline.com'

@description('NCRONTAB schedules (UTC) of the three timers.')
param roundsTimerSchedule string = '0 */5 * * * *'
param directorySyncTimerSchedule string = '0 0 */6 * * *'
param followUpTimerSchedule string = '0 */15 * * * *'

var tags = { 'azd-env-name': environmentName, application: 'pairwise' }
var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tenantIds = empty(allowedTenantIds) ? tenant().tenantId : allowedTenantIds

resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: 'rg-${environmentName}'
  location: location
  tags: tags
}

module monitoring 'app/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    location: location
    tags: tags
    resourceToken: resourceToken
  }
}

module identity 'app/identity.bicep' = {
  name: 'identity'
  scope: rg
  params: {
    location: location
    tags: tags
    resourceToken: resourceToken
  }
}

module storage 'app/storage.bicep' = {
  name: 'storage'
  scope: rg
  params: {
    location: location
    tags: tags
    resourceToken: resourceToken
    appPrincipalId: identity.outputs.principalId
    deployerPrincipalId: principalId
    deployerPrincipalType: principalType
  }
}

module cosmos 'app/cosmos.bicep' = {
  name: 'cosmos'
  scope: rg
  params: {
    location: location
    tags: tags
    resourceToken: resourceToken
    appPrincipalId: identity.outputs.principalId
    operatorPrincipalId: principalId
    backup: cosmosBackup
  }
}

module frontDoor 'app/front-door.bicep' = {
  name: 'front-door'
  scope: rg
  params: {
    tags: tags
    resourceToken: resourceToken
  }
}

var tabDomain = frontDoor.outputs.endpointHostName

module functionApp 'app/function-app.bicep' = {
  name: 'function-app'
  scope: rg
  params: {
    location: location
    tags: tags
    resourceToken: resourceToken
    nodeVersion: nodeVersion
    maximumInstanceCount: maximumInstanceCount
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    identityPrincipalId: identity.outputs.principalId
    storageAccountName: storage.outputs.hostStorageAccountName
    deploymentContainerName: storage.outputs.deploymentContainerName
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    frontDoorId: frontDoor.outputs.frontDoorId
    cosmosEndpoint: cosmos.outputs.endpoint
    cosmosDatabase: cosmos.outputs.databaseName
    apiClientId: apiClientId
    tabDomain: tabDomain
    allowedTenantIds: tenantIds
    graphClientId: empty(graphClientId) ? apiClientId : graphClientId
    teamsAppId: teamsAppId
    graphBaseUrl: graphBaseUrl
    authorityHost: authorityHost
    roundsTimerSchedule: roundsTimerSchedule
    directorySyncTimerSchedule: directorySyncTimerSchedule
    followUpTimerSchedule: followUpTimerSchedule
  }
}

module frontDoorRoutes 'app/front-door-routes.bicep' = {
  name: 'front-door-routes'
  scope: rg
  params: {
    profileName: frontDoor.outputs.profileName
    endpointName: frontDoor.outputs.endpointName
    apiHostName: functionApp.outputs.defaultHostName
    tabHostName: storage.outputs.tabWebHostName
  }
}

module alerts 'app/alerts.bicep' = {
  name: 'alerts'
  scope: rg
  params: {
    tags: tags
    resourceToken: resourceToken
    location: location
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    alertEmail: alertEmail
  }
}

// Outputs are named after the settings the app (and the deploy scripts) read, so `azd env get-values` doubles as
// a settings file for scripts and local runs against Azure.
output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output AZURE_FUNCTION_APP_NAME string = functionApp.outputs.name
output COSMOS_ENDPOINT string = cosmos.outputs.endpoint
output COSMOS_DATABASE string = cosmos.outputs.databaseName
output AzureWebJobsStorage__queueServiceUri string = storage.outputs.queueServiceUri
output API_CLIENT_ID string = apiClientId
output API_APP_ID_URI string = 'api://${tabDomain}/${apiClientId}'
output ALLOWED_TENANT_IDS string = tenantIds
output GRAPH_FEDERATED_IDENTITY_CLIENT_ID string = identity.outputs.clientId
output MANAGED_IDENTITY_PRINCIPAL_ID string = identity.outputs.principalId
output TAB_DOMAIN string = tabDomain
output TAB_BASE_URL string = 'https://${tabDomain}'
output TAB_STORAGE_ACCOUNT_NAME string = storage.outputs.tabStorageAccountName
output FRONT_DOOR_PROFILE_NAME string = frontDoor.outputs.profileName
output FRONT_DOOR_ENDPOINT_NAME string = frontDoor.outputs.endpointName
output APPLICATIONINSIGHTS_NAME string = monitoring.outputs.applicationInsightsName
output COSMOS_ACCOUNT_NAME string = cosmos.outputs.accountName

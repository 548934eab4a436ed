// Pairwise in Azure (azd: `azd up`). Subscription scope: creates the resource group and everything in it.
// What is where and why: docs/decisions/0005-deployment-and-identity.md. Step by step: docs/deploy.md.
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('azd environment name; names the resource group and seeds resource names.')
param environmentName string

@minLength(1)
@description('Region for every resource. It must offer Functions Flex Consumption and Cosmos DB serverless.')
@metadata({ azd: { type: 'location' } })
param location string

@description('Application (client) id of the Pairwise Entra app registration (infra/entra/register-app.ts prints it).')
@minLength(36)
@maxLength(36)
param apiClientId string

@description('The one tenant id whose users may use the app (the registration is single-tenant, AzureADMyOrg); empty means this subscription\'s tenant.')
@maxLength(36)
param allowedTenantIds string = ''

@description('Client id of the app registration used for app-only Graph calls; empty means the API app itself.')
@maxLength(36)
param graphClientId string = ''

@description('The Teams app id as the tenant knows it, for deep links: the org-catalog id once the app is published to the organisation\'s catalog (docs/deploy.md, step 10), the manifest id for an uploaded custom app; may be empty.')
@maxLength(36)
param teamsAppId string = ''

@description('Object id of the person or pipeline running azd: may upload the tab and read Cosmos data.')
@maxLength(36)
param principalId string = ''

@description('Whether principalId is a person or a pipeline (service principal).')
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

@description('Microsoft Entra authority host; by default the one of the cloud being deployed to.')
param authorityHost string = environment().authentication.loginEndpoint

@description('NCRONTAB schedule (UTC) of the rounds timer.')
@minLength(11)
param roundsTimerSchedule string = '0 */5 * * * *'
@description('NCRONTAB schedule (UTC) of the directory sync timer.')
@minLength(11)
param directorySyncTimerSchedule string = '0 0 */6 * * *'
@description('NCRONTAB schedule (UTC) of the follow-up timer.')
@minLength(11)
param followUpTimerSchedule string = '0 */15 * * * *'

var tags = { 'azd-env-name': environmentName, application: 'pairwise' }
var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tenantIds = empty(allowedTenantIds) ? tenant().tenantId : allowedTenantIds
// Every resource name, known before deployment (so what-if and the modules agree on them).
var names = {
  identity: 'id-${resourceToken}'
  logAnalytics: 'log-${resourceToken}'
  applicationInsights: 'appi-${resourceToken}'
  hostStorage: 'st${resourceToken}'
  tabStorage: 'sttab${resourceToken}'
  deploymentContainer: 'app-package'
  cosmos: 'cosmos-${resourceToken}'
  cosmosDatabase: 'pairwise'
  frontDoor: 'afd-${resourceToken}'
  frontDoorEndpoint: 'pairwise-${resourceToken}'
  plan: 'plan-${resourceToken}'
  functionApp: 'func-${resourceToken}'
  actionGroup: 'ag-${resourceToken}'
}

resource rg 'Microsoft.Resources/resourceGroups@2025-04-01' = {
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
    workspaceName: names.logAnalytics
    applicationInsightsName: names.applicationInsights
  }
}

module identity 'app/identity.bicep' = {
  name: 'identity'
  scope: rg
  params: {
    location: location
    tags: tags
    name: names.identity
  }
}

module storage 'app/storage.bicep' = {
  name: 'storage'
  scope: rg
  params: {
    location: location
    tags: tags
    hostAccountName: names.hostStorage
    tabAccountName: names.tabStorage
    deploymentContainerName: names.deploymentContainer
  }
}

module cosmos 'app/cosmos.bicep' = {
  name: 'cosmos'
  scope: rg
  params: {
    location: location
    tags: tags
    accountName: names.cosmos
    databaseName: names.cosmosDatabase
    backup: cosmosBackup
  }
}

module rbac 'app/rbac.bicep' = {
  name: 'rbac'
  scope: rg
  dependsOn: [identity, storage, monitoring, cosmos]
  params: {
    identityName: names.identity
    hostStorageAccountName: names.hostStorage
    tabStorageAccountName: names.tabStorage
    applicationInsightsName: names.applicationInsights
    cosmosAccountName: names.cosmos
    deployerPrincipalId: principalId
    deployerPrincipalType: principalType
  }
}

module frontDoor 'app/front-door.bicep' = {
  name: 'front-door'
  scope: rg
  params: {
    tags: tags
    profileName: names.frontDoor
    endpointName: names.frontDoorEndpoint
  }
}

var tabDomain = frontDoor.outputs.endpointHostName

module functionApp 'app/function-app.bicep' = {
  name: 'function-app'
  scope: rg
  // The identity's roles first: the host reaches its storage with them from its first start.
  dependsOn: [rbac]
  params: {
    location: location
    tags: tags
    planName: names.plan
    name: names.functionApp
    nodeVersion: nodeVersion
    maximumInstanceCount: maximumInstanceCount
    identityName: names.identity
    storageAccountName: names.hostStorage
    deploymentContainerUrl: storage.outputs.deploymentContainerUrl
    applicationInsightsName: names.applicationInsights
    frontDoorId: frontDoor.outputs.frontDoorId
    cosmosEndpoint: cosmos.outputs.endpoint
    cosmosDatabase: names.cosmosDatabase
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
    profileName: names.frontDoor
    endpointName: names.frontDoorEndpoint
    apiHostName: functionApp.outputs.defaultHostName
    tabHostName: storage.outputs.tabWebHostName
  }
}

module alerts 'app/alerts.bicep' = {
  name: 'alerts'
  scope: rg
  dependsOn: [monitoring]
  params: {
    tags: tags
    location: location
    applicationInsightsName: names.applicationInsights
    actionGroupName: names.actionGroup
    ruleNameSuffix: resourceToken
    alertEmail: alertEmail
  }
}

// Outputs are named after the settings the app (and the deploy scripts) read, so `azd env get-values` doubles as
// a settings file for scripts and local runs against Azure. Inputs of this template are not echoed under their
// own azd names (an output would overwrite the value the next `azd provision` reads).
output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output AZURE_FUNCTION_APP_NAME string = names.functionApp
output COSMOS_ENDPOINT string = cosmos.outputs.endpoint
output COSMOS_DATABASE string = names.cosmosDatabase
output AzureWebJobsStorage__queueServiceUri string = storage.outputs.queueServiceUri
output API_CLIENT_ID string = apiClientId
output API_APP_ID_URI string = 'api://${tabDomain}/${apiClientId}'
output ALLOWED_TENANT_IDS string = tenantIds
output GRAPH_FEDERATED_IDENTITY_CLIENT_ID string = identity.outputs.clientId
output GRAPH_BASE_URL string = graphBaseUrl
output AUTHORITY_HOST string = authorityHost
output MANAGED_IDENTITY_PRINCIPAL_ID string = identity.outputs.principalId
output TAB_DOMAIN string = tabDomain
output TAB_BASE_URL string = 'https://${tabDomain}'
output TAB_STORAGE_ACCOUNT_NAME string = names.tabStorage
output FRONT_DOOR_PROFILE_NAME string = names.frontDoor
output FRONT_DOOR_ENDPOINT_NAME string = names.frontDoorEndpoint
output APPLICATIONINSIGHTS_NAME string = names.applicationInsights
output COSMOS_ACCOUNT_NAME string = names.cosmos

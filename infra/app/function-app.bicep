// The Functions app on Flex Consumption (Linux, scale to zero), running as the user-assigned managed identity.
// Every app setting the code reads is set here (functions/src/config.ts; tests/unit/infra-settings.test.ts
// cross-checks). No secret is among them: storage, Cosmos, telemetry and Graph all use the identity.
param location string
param tags object
param resourceToken string
param nodeVersion string
param maximumInstanceCount int
param identityId string
param identityClientId string
param identityPrincipalId string
param storageAccountName string
param deploymentContainerName string
param applicationInsightsName string
@description('Front Door profile id: only requests through it (X-Azure-FDID) reach the app.')
param frontDoorId string
param cosmosEndpoint string
param cosmosDatabase string
param apiClientId string
param tabDomain string
param allowedTenantIds string
param graphClientId string
param teamsAppId string
param graphBaseUrl string
param authorityHost string
param roundsTimerSchedule string
param directorySyncTimerSchedule string
param followUpTimerSchedule string

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: 'plan-${resourceToken}'
  location: location
  tags: tags
  kind: 'functionapp'
  sku: { name: 'FC1', tier: 'FlexConsumption' }
  properties: { reserved: true }
}

resource functionApp 'Microsoft.Web/sites@2024-04-01' = {
  name: 'func-${resourceToken}'
  location: location
  tags: union(tags, { 'azd-service-name': 'api' })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identityId}': {} }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
      // The API is reached through Front Door only (same origin as the tab); direct calls are refused.
      ipSecurityRestrictionsDefaultAction: 'Deny'
      ipSecurityRestrictions: [
        {
          name: 'front-door'
          action: 'Allow'
          priority: 100
          tag: 'ServiceTag'
          ipAddress: 'AzureFrontDoor.Backend'
          headers: { 'x-azure-fdid': [frontDoorId] }
        }
      ]
      scmIpSecurityRestrictionsUseMain: false
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: 2048
      }
      runtime: { name: 'node', version: nodeVersion }
    }
  }
}

resource appSettings 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: functionApp
  name: 'appsettings'
  properties: {
    // Host storage through the identity (the "AzureWebJobsStorage" connection of the queue trigger too).
    AzureWebJobsStorage__credential: 'managedidentity'
    AzureWebJobsStorage__clientId: identityClientId
    AzureWebJobsStorage__blobServiceUri: storage.properties.primaryEndpoints.blob
    AzureWebJobsStorage__queueServiceUri: storage.properties.primaryEndpoints.queue
    AzureWebJobsStorage__tableServiceUri: storage.properties.primaryEndpoints.table
    // Telemetry: the host ingests with the identity; the resource refuses keys.
    APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsights.properties.ConnectionString
    APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'
    // DefaultAzureCredential (Cosmos, queues) picks the user-assigned identity by this client id.
    AZURE_CLIENT_ID: identityClientId
    COSMOS_ENDPOINT: cosmosEndpoint
    COSMOS_DATABASE: cosmosDatabase
    API_CLIENT_ID: apiClientId
    API_APP_ID_URI: 'api://${tabDomain}/${apiClientId}'
    ALLOWED_TENANT_IDS: allowedTenantIds
    GRAPH_CLIENT_ID: graphClientId
    // App-only Graph without a secret: the identity's token is the client assertion of the app registration.
    GRAPH_FEDERATED_IDENTITY_CLIENT_ID: identityClientId
    GRAPH_BASE_URL: graphBaseUrl
    AUTHORITY_HOST: authorityHost
    TAB_BASE_URL: 'https://${tabDomain}'
    TEAMS_APP_ID: teamsAppId
    LOCAL_SIGN_IN_ENABLED: 'false'
    ROUNDS_TIMER_SCHEDULE: roundsTimerSchedule
    DIRECTORY_SYNC_TIMER_SCHEDULE: directorySyncTimerSchedule
    FOLLOW_UP_TIMER_SCHEDULE: followUpTimerSchedule
  }
}

resource metricsPublisher 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(applicationInsights.id, identityPrincipalId, '3913510d-42f4-4e42-8a64-420c390055eb')
  scope: applicationInsights
  properties: {
    principalId: identityPrincipalId
    principalType: 'ServicePrincipal'
    // Monitoring Metrics Publisher: needed for Entra-authenticated telemetry ingestion.
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '3913510d-42f4-4e42-8a64-420c390055eb')
  }
}

output name string = functionApp.name
output defaultHostName string = functionApp.properties.defaultHostName

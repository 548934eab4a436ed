// The Functions app on Flex Consumption (Linux, scale to zero), running as the user-assigned managed identity.
// Every app setting the code reads is set here (functions/src/config.ts; tests/unit/infra-settings.test.ts
// cross-checks). No secret is among them: storage, Cosmos, telemetry and Graph all use the identity.
import { Tags } from 'types.bicep'

param location string
param tags Tags
@minLength(1)
@maxLength(40)
param planName string
@minLength(2)
@maxLength(60)
param name string
@allowed(['20', '22'])
param nodeVersion string
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int
@description('The user-assigned managed identity the app runs as (identity.bicep).')
param identityName string
@description('The host storage account (AzureWebJobsStorage) and the deployment container URL in it.')
param storageAccountName string
param deploymentContainerUrl string
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
@description('Retention in days (docs/operations.md → Privacy): audit entries, feedback, ended pairings, rounds.')
param retention { audit: int, feedback: int, endedPairing: int, round: int } = {
  audit: 400
  feedback: 730
  endedPairing: 365
  round: 365
}

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' existing = {
  name: identityName
}

resource storage 'Microsoft.Storage/storageAccounts@2026-09-01' existing = {
  name: storageAccountName
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource plan 'Microsoft.Web/serverfarms@2025-03-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: { name: 'FC1', tier: 'FlexConsumption' }
  properties: { reserved: true }
}

resource functionApp 'Microsoft.Web/sites@2025-03-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': 'api' })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identity.id}': {} }
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
          value: deploymentContainerUrl
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identity.id
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

resource appSettings 'Microsoft.Web/sites/config@2025-03-01' = {
  parent: functionApp
  name: 'appsettings'
  properties: {
    // Host storage through the identity (the "AzureWebJobsStorage" connection of the queue trigger too).
    AzureWebJobsStorage__credential: 'managedidentity'
    AzureWebJobsStorage__clientId: identity.properties.clientId
    AzureWebJobsStorage__blobServiceUri: storage.properties.primaryEndpoints.blob
    AzureWebJobsStorage__queueServiceUri: storage.properties.primaryEndpoints.queue
    AzureWebJobsStorage__tableServiceUri: storage.properties.primaryEndpoints.table
    // Telemetry: the host ingests with the identity; the resource refuses keys.
    APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsights.properties.ConnectionString
    APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identity.properties.clientId};Authorization=AAD'
    // DefaultAzureCredential (Cosmos, queues) picks the user-assigned identity by this client id.
    AZURE_CLIENT_ID: identity.properties.clientId
    COSMOS_ENDPOINT: cosmosEndpoint
    COSMOS_DATABASE: cosmosDatabase
    API_CLIENT_ID: apiClientId
    API_APP_ID_URI: 'api://${tabDomain}/${apiClientId}'
    ALLOWED_TENANT_IDS: allowedTenantIds
    GRAPH_CLIENT_ID: graphClientId
    // App-only Graph without a secret: the identity's token is the client assertion of the app registration.
    GRAPH_FEDERATED_IDENTITY_CLIENT_ID: identity.properties.clientId
    GRAPH_BASE_URL: graphBaseUrl
    AUTHORITY_HOST: authorityHost
    TAB_BASE_URL: 'https://${tabDomain}'
    TEAMS_APP_ID: teamsAppId
    LOCAL_SIGN_IN_ENABLED: 'false'
    ROUNDS_TIMER_SCHEDULE: roundsTimerSchedule
    DIRECTORY_SYNC_TIMER_SCHEDULE: directorySyncTimerSchedule
    FOLLOW_UP_TIMER_SCHEDULE: followUpTimerSchedule
    RETENTION_AUDIT_DAYS: string(retention.audit)
    RETENTION_FEEDBACK_DAYS: string(retention.feedback)
    RETENTION_ENDED_PAIRING_DAYS: string(retention.endedPairing)
    RETENTION_ROUND_DAYS: string(retention.round)
  }
}

output defaultHostName string = functionApp.properties.defaultHostName

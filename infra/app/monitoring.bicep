// Log Analytics + workspace-based Application Insights. Local (key) auth is disabled: the Functions host ingests
// with the managed identity (APPLICATIONINSIGHTS_AUTHENTICATION_STRING), so the connection string is not a secret.
import { Tags } from 'types.bicep'

param location string
param tags Tags
@minLength(4)
@maxLength(63)
param workspaceName string
@minLength(1)
@maxLength(255)
param applicationInsightsName string
@description('Days Log Analytics keeps logs (docs/operations.md, retention).')
@minValue(30)
@maxValue(730)
param retentionInDays int = 30

resource workspace 'Microsoft.OperationalInsights/workspaces@2026-03-01' = {
  name: workspaceName
  location: location
  tags: tags
  properties: {
    sku: { name: 'PerGB2018' }
    retentionInDays: retentionInDays
  }
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: applicationInsightsName
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
    DisableLocalAuth: true
  }
}

// Log Analytics + workspace-based Application Insights. Local (key) auth is disabled: the Functions host ingests
// with the managed identity (APPLICATIONINSIGHTS_AUTHENTICATION_STRING), so the connection string is not a secret.
param location string
param tags object
param resourceToken string
@description('Days Log Analytics keeps logs (docs/operations.md, retention).')
param retentionInDays int = 30

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: 'log-${resourceToken}'
  location: location
  tags: tags
  properties: {
    sku: { name: 'PerGB2018' }
    retentionInDays: retentionInDays
  }
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: 'appi-${resourceToken}'
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
    DisableLocalAuth: true
  }
}

output applicationInsightsName string = applicationInsights.name
output workspaceName string = workspace.name

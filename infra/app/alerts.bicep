// Log alerts on Application Insights (docs/operations.md, "Alerts"). They read the structured log lines of
// functions/src/observability (`{"metric": "<name>", "value": n, …}`) and the Functions host's own queue log.
param location string
param tags object
param resourceToken string
param applicationInsightsName string
@description('Empty: rules without notifications (see them in Azure Monitor → Alerts).')
param alertEmail string = ''
@description('Graph 429 responses per 15 minutes that raise an alert.')
param graphThrottleThreshold int = 50

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource actionGroup 'Microsoft.Insights/actionGroups@2023-01-01' = if (!empty(alertEmail)) {
  name: 'ag-${resourceToken}'
  location: 'global'
  tags: tags
  properties: {
    groupShortName: 'pairwise'
    enabled: true
    emailReceivers: [{ name: 'operations', emailAddress: alertEmail, useCommonAlertSchema: true }]
  }
}

var rules = [
  {
    name: 'failed-rounds'
    severity: 2
    description: 'A matching round failed (metric round.failed). See docs/operations.md → Failed rounds.'
    query: 'traces | where message contains \'"metric":"round.failed"\''
    threshold: 0
  }
  {
    name: 'poison-messages'
    severity: 2
    description: 'A booking message was moved to a poison queue after 5 attempts. See docs/operations.md → Poison messages.'
    query: 'traces | where (message contains "MaxDequeueCount" and message contains "-poison") or message contains \'"metric":"booking.poisoned"\''
    threshold: 0
  }
  {
    name: 'graph-throttling'
    severity: 3
    description: 'Microsoft Graph answered 429 more often than expected (metric graph.throttled). See docs/operations.md → Graph throttling.'
    query: 'traces | where message contains \'"metric":"graph.throttled"\''
    threshold: graphThrottleThreshold
  }
]

resource alertRules 'Microsoft.Insights/scheduledQueryRules@2023-03-15-preview' = [
  for rule in rules: {
    name: 'pairwise-${rule.name}-${resourceToken}'
    location: location
    tags: tags
    properties: {
      displayName: 'Pairwise: ${rule.name}'
      description: rule.description
      severity: rule.severity
      enabled: true
      scopes: [applicationInsights.id]
      evaluationFrequency: 'PT5M'
      windowSize: 'PT15M'
      criteria: {
        allOf: [
          {
            query: rule.query
            timeAggregation: 'Count'
            operator: 'GreaterThan'
            threshold: rule.threshold
            failingPeriods: { numberOfEvaluationPeriods: 1, minFailingPeriodsToAlert: 1 }
          }
        ]
      }
      autoMitigate: true
      actions: { actionGroups: empty(alertEmail) ? [] : [actionGroup.id] }
    }
  }
]

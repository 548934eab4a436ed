// Log alerts on Application Insights (docs/operations.md, "Alerts"). They read the structured log lines of
// functions/src/observability (`{"metric": "<name>", "value": n, …}`) and the Functions host's own queue log.
import { Tags } from 'types.bicep'

param location string
param tags Tags
param applicationInsightsName string
@minLength(1)
@maxLength(260)
param actionGroupName string
@description('Appended to each rule name, so that names stay unique per deployment.')
@minLength(1)
param ruleNameSuffix string
@description('Empty: rules without notifications (see them in Azure Monitor → Alerts).')
param alertEmail string = ''
@description('Graph 429 responses per 15 minutes that raise an alert.')
@minValue(1)
param graphThrottleThreshold int = 50

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource actionGroup 'Microsoft.Insights/actionGroups@2023-01-01' = if (!empty(alertEmail)) {
  name: actionGroupName
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

resource alertRules 'Microsoft.Insights/scheduledQueryRules@2026-03-01' = [
  for rule in rules: {
    name: 'pairwise-${rule.name}-${ruleNameSuffix}'
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

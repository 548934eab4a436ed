// Origins and routes of the Front Door endpoint (front-door.bicep). Each origin group has one origin, so health
// probes are off (Front Door has nowhere else to send traffic). Nothing is cached: the tab is small, and a deploy
// is then visible at once without a purge.
@minLength(1)
param profileName string
@minLength(1)
param endpointName string
@description('The Functions app default host name (func-….azurewebsites.net).')
param apiHostName string
@description('The tab storage account static website host name (….web.core.windows.net).')
param tabHostName string

resource profile 'Microsoft.Cdn/profiles@2026-07-01' existing = {
  name: profileName
}

resource endpoint 'Microsoft.Cdn/profiles/afdEndpoints@2026-07-01' existing = {
  parent: profile
  name: endpointName
}

var loadBalancing = { sampleSize: 4, successfulSamplesRequired: 3, additionalLatencyInMilliseconds: 50 }

resource apiGroup 'Microsoft.Cdn/profiles/originGroups@2026-07-01' = {
  parent: profile
  name: 'api'
  properties: { loadBalancingSettings: loadBalancing, sessionAffinityState: 'Disabled' }
}

resource apiOrigin 'Microsoft.Cdn/profiles/originGroups/origins@2026-07-01' = {
  parent: apiGroup
  name: 'functions'
  properties: {
    hostName: apiHostName
    originHostHeader: apiHostName
    httpsPort: 443
    priority: 1
    weight: 1000
    enabledState: 'Enabled'
    enforceCertificateNameCheck: true
  }
}

resource tabGroup 'Microsoft.Cdn/profiles/originGroups@2026-07-01' = {
  parent: profile
  name: 'tab'
  properties: { loadBalancingSettings: loadBalancing, sessionAffinityState: 'Disabled' }
}

resource tabOrigin 'Microsoft.Cdn/profiles/originGroups/origins@2026-07-01' = {
  parent: tabGroup
  name: 'static-website'
  properties: {
    hostName: tabHostName
    originHostHeader: tabHostName
    httpsPort: 443
    priority: 1
    weight: 1000
    enabledState: 'Enabled'
    enforceCertificateNameCheck: true
  }
}

resource apiRoute 'Microsoft.Cdn/profiles/afdEndpoints/routes@2026-07-01' = {
  parent: endpoint
  name: 'api'
  dependsOn: [apiOrigin]
  properties: {
    originGroup: { id: apiGroup.id }
    patternsToMatch: ['/api/*']
    supportedProtocols: ['Https']
    forwardingProtocol: 'HttpsOnly'
    httpsRedirect: 'Disabled'
    linkToDefaultDomain: 'Enabled'
    enabledState: 'Enabled'
  }
}

resource tabRoute 'Microsoft.Cdn/profiles/afdEndpoints/routes@2026-07-01' = {
  parent: endpoint
  name: 'tab'
  dependsOn: [tabOrigin, apiRoute]
  properties: {
    originGroup: { id: tabGroup.id }
    patternsToMatch: ['/*']
    supportedProtocols: ['Http', 'Https']
    forwardingProtocol: 'HttpsOnly'
    httpsRedirect: 'Enabled'
    linkToDefaultDomain: 'Enabled'
    enabledState: 'Enabled'
  }
}

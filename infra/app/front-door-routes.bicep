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

// Security headers on every response, tab and API alike: CSP (frame-ancestors = the Teams, Outlook and Microsoft 365
// hosts only), HSTS, nosniff, Referrer-Policy. The values live in infra/tab-security-headers.json, which the local
// stack serves too (dev/local-host/http-server.ts); a test keeps the three in step.
var securityHeaders = loadJsonContent('../tab-security-headers.json').headers

resource securityRuleSet 'Microsoft.Cdn/profiles/ruleSets@2026-07-01' = {
  parent: profile
  name: 'securityheaders'
}

resource securityRule 'Microsoft.Cdn/profiles/ruleSets/rules@2026-07-01' = {
  parent: securityRuleSet
  name: 'responseheaders'
  properties: {
    order: 1
    conditions: []
    actions: [
      {
        name: 'ModifyResponseHeader'
        parameters: {
          typeName: 'DeliveryRuleHeaderActionParameters'
          headerAction: 'Overwrite'
          headerName: 'Content-Security-Policy'
          value: securityHeaders['Content-Security-Policy']
        }
      }
      {
        name: 'ModifyResponseHeader'
        parameters: {
          typeName: 'DeliveryRuleHeaderActionParameters'
          headerAction: 'Overwrite'
          headerName: 'Strict-Transport-Security'
          value: securityHeaders['Strict-Transport-Security']
        }
      }
      {
        name: 'ModifyResponseHeader'
        parameters: {
          typeName: 'DeliveryRuleHeaderActionParameters'
          headerAction: 'Overwrite'
          headerName: 'X-Content-Type-Options'
          value: securityHeaders['X-Content-Type-Options']
        }
      }
      {
        name: 'ModifyResponseHeader'
        parameters: {
          typeName: 'DeliveryRuleHeaderActionParameters'
          headerAction: 'Overwrite'
          headerName: 'Referrer-Policy'
          value: securityHeaders['Referrer-Policy']
        }
      }
    ]
    matchProcessingBehavior: 'Continue'
  }
}

resource apiRoute 'Microsoft.Cdn/profiles/afdEndpoints/routes@2026-07-01' = {
  parent: endpoint
  name: 'api'
  dependsOn: [apiOrigin, securityRule]
  properties: {
    originGroup: { id: apiGroup.id }
    ruleSets: [{ id: securityRuleSet.id }]
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
  dependsOn: [tabOrigin, apiRoute, securityRule]
  properties: {
    originGroup: { id: tabGroup.id }
    ruleSets: [{ id: securityRuleSet.id }]
    patternsToMatch: ['/*']
    supportedProtocols: ['Http', 'Https']
    forwardingProtocol: 'HttpsOnly'
    httpsRedirect: 'Enabled'
    linkToDefaultDomain: 'Enabled'
    enabledState: 'Enabled'
  }
}

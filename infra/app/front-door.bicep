// Azure Front Door (Standard): one https origin for the tab and its API, as under `npm start` — `/` serves the
// tab from the static website, `/api/*` goes to the Functions app. One origin means no CORS, and the tab's domain
// (the Entra Application ID URI and the manifest's SSO resource) is this endpoint's host name.
// Routes need the Functions app's host name, which needs this profile's id: see front-door-routes.bicep.
param tags object
param resourceToken string

resource profile 'Microsoft.Cdn/profiles@2024-02-01' = {
  name: 'afd-${resourceToken}'
  location: 'global'
  tags: tags
  sku: { name: 'Standard_AzureFrontDoor' }
}

resource endpoint 'Microsoft.Cdn/profiles/afdEndpoints@2024-02-01' = {
  parent: profile
  name: 'pairwise-${resourceToken}'
  location: 'global'
  tags: tags
  properties: { enabledState: 'Enabled' }
}

output profileName string = profile.name
output endpointName string = endpoint.name
output endpointHostName string = endpoint.properties.hostName
output frontDoorId string = profile.properties.frontDoorId

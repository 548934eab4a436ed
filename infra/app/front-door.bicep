// Azure Front Door (Standard): one https origin for the tab and its API, as under `npm start` — `/` serves the
// tab from the static website, `/api/*` goes to the Functions app. One origin means no CORS, and the tab's domain
// (the Entra Application ID URI and the manifest's SSO resource) is this endpoint's host name.
// Routes need the Functions app's host name, which needs this profile's id: see front-door-routes.bicep.
import { Tags } from 'types.bicep'

param tags Tags
@minLength(1)
@maxLength(260)
param profileName string
@description('Endpoint name: the first label of the endpoint host name (<name>-<hash>.z01.azurefd.net).')
@minLength(1)
@maxLength(46)
param endpointName string

resource profile 'Microsoft.Cdn/profiles@2026-07-01' = {
  name: profileName
  location: 'global'
  tags: tags
  sku: { name: 'Standard_AzureFrontDoor' }
}

resource endpoint 'Microsoft.Cdn/profiles/afdEndpoints@2026-07-01' = {
  parent: profile
  name: endpointName
  location: 'global'
  tags: tags
  properties: { enabledState: 'Enabled' }
}

output endpointHostName string = endpoint.properties.hostName
output frontDoorId string = profile.properties.frontDoorId

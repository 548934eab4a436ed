// The app's one identity: a user-assigned managed identity. It reads and writes Cosmos (data-plane RBAC), uses the
// host storage (RBAC), sends telemetry, and — through a federated identity credential on the Entra app registration
// (infra/entra/register-app.sh) — obtains app-only Graph tokens without any stored secret.
param location string
param tags object
param resourceToken string

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: 'id-${resourceToken}'
  location: location
  tags: tags
}

output id string = identity.id
output clientId string = identity.properties.clientId
output principalId string = identity.properties.principalId

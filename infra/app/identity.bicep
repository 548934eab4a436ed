// The app's one identity: a user-assigned managed identity. It reads and writes Cosmos (data-plane RBAC), uses the
// host storage (RBAC), sends telemetry (rbac.bicep grants all of that), and — through a federated identity
// credential on the Entra app registration (infra/entra/register-app.ts) — obtains app-only Graph tokens without
// any stored secret.
import { Tags } from 'types.bicep'

param location string
param tags Tags
@minLength(3)
@maxLength(128)
param name string

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: name
  location: location
  tags: tags
}

output clientId string = identity.properties.clientId
output principalId string = identity.properties.principalId

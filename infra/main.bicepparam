// Parameters of main.bicep from the azd environment (`azd env set NAME value`; azd passes its environment to
// this file). A required value that is missing stops `azd provision` here, before anything is deployed.
using 'main.bicep'

param environmentName = readEnvironmentVariable('AZURE_ENV_NAME')
param location = readEnvironmentVariable('AZURE_LOCATION')
param apiClientId = readEnvironmentVariable('API_CLIENT_ID')
param allowedTenantIds = readEnvironmentVariable('ALLOWED_TENANT_IDS', '')
param graphClientId = readEnvironmentVariable('GRAPH_CLIENT_ID', '')
// Deep links need the id the tenant knows the app by: the org-catalog id once the app is published to the
// organisation's catalog (docs/deploy.md, step 10), until then the manifest id. (An empty variable counts as unset:
// CI passes unset repository variables as empty strings.)
var catalogAppId = readEnvironmentVariable('TEAMS_CATALOG_APP_ID', '')
param teamsAppId = empty(catalogAppId) ? readEnvironmentVariable('TEAMS_APP_ID', '') : catalogAppId
param principalId = readEnvironmentVariable('AZURE_PRINCIPAL_ID', '')
param principalType = readEnvironmentVariable('AZURE_PRINCIPAL_TYPE', 'User')
param alertEmail = readEnvironmentVariable('ALERT_EMAIL', '')
param nodeVersion = readEnvironmentVariable('NODE_VERSION', '20')

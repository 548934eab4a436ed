import type { DeploymentContext, FakeAzure, Json } from './arm-template';

/**
 * What Azure would report for the resources infra/ creates, in the shapes the documented resource types have
 * (endpoint URLs, principal ids, host names), so a simulated deployment of main.json yields realistic settings.
 * A resource type infra/ starts to read without an entry here fails the simulation by name.
 */
export const sampleIdentity = {
  clientId: '66666666-7777-4888-8999-000000000000',
  principalId: '77777777-8888-4999-8aaa-111111111111',
};

export const sampleContext: DeploymentContext = {
  subscriptionId: '22222222-3333-4444-8555-666666666666',
  tenantId: '0b6f1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d',
  location: 'westeurope',
};

export const fakeAzure: FakeAzure = ({ type, name }) => {
  const leaf = name.split('/').pop()!;
  const runtime: Record<string, Record<string, Json>> = {
    'Microsoft.ManagedIdentity/userAssignedIdentities': {
      ...sampleIdentity,
      tenantId: sampleContext.tenantId,
    },
    'Microsoft.Storage/storageAccounts': {
      primaryEndpoints: {
        blob: `https://${leaf}.blob.core.windows.net/`,
        queue: `https://${leaf}.queue.core.windows.net/`,
        table: `https://${leaf}.table.core.windows.net/`,
        web: `https://${leaf}.z6.web.core.windows.net/`,
      },
    },
    'Microsoft.Insights/components': {
      ConnectionString: `InstrumentationKey=00000000-0000-4000-8000-000000000000;IngestionEndpoint=https://${sampleContext.location}-1.in.applicationinsights.azure.com/`,
    },
    'Microsoft.DocumentDB/databaseAccounts': { documentEndpoint: `https://${leaf}.documents.azure.com:443/` },
    'Microsoft.Cdn/profiles': { frontDoorId: '88888888-9999-4aaa-8bbb-222222222222' },
    'Microsoft.Cdn/profiles/afdEndpoints': { hostName: `${leaf}-e6fzgnb4cpd3aqhb.z01.azurefd.net` },
    'Microsoft.Web/sites': { defaultHostName: `${leaf}.azurewebsites.net` },
  };
  const properties = runtime[type];
  if (!properties) throw new Error(`the fake Azure knows no ${type} (infra/tools/fake-azure.ts)`);
  return properties;
};

import { ConfigError, loadConfig } from './config';

const valid = {
  COSMOS_ENDPOINT: 'https://pairwise.documents.azure.com:443/',
  AzureWebJobsStorage__queueServiceUri: 'https://pairwise.queue.core.windows.net',
  API_CLIENT_ID: '6f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
  ALLOWED_TENANT_IDS: '11111111-2222-4333-8444-555555555555',
  GRAPH_FEDERATED_IDENTITY_CLIENT_ID: '7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
  TAB_BASE_URL: 'https://pairwise.example.com',
};

function problemsOf(env: Record<string, string | undefined>): string[] {
  try {
    loadConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  return [];
}

describe('loadConfig', () => {
  it('accepts a production configuration and fills the public endpoints', () => {
    const config = loadConfig(valid);
    expect(config.GRAPH_BASE_URL).toBe('https://graph.microsoft.com');
    expect(config.AUTHORITY_HOST).toBe('https://login.microsoftonline.com');
    expect(config.ALLOWED_TENANT_IDS).toEqual(['11111111-2222-4333-8444-555555555555']);
    expect(config.LOCAL_SIGN_IN_ENABLED).toBe(false);
    expect(Object.isFrozen(config)).toBe(true);
  });

  it.each([
    ['COSMOS_ENDPOINT', { COSMOS_ENDPOINT: 'not-a-url' }],
    ['COSMOS_ENDPOINT', { COSMOS_ENDPOINT: 'http://cosmos.example.com/' }],
    ['API_CLIENT_ID', { API_CLIENT_ID: 'abc' }],
    ['ALLOWED_TENANT_IDS', { ALLOWED_TENANT_IDS: 'x,y' }],
    [
      'ALLOWED_TENANT_IDS',
      { ALLOWED_TENANT_IDS: '11111111-2222-4333-8444-555555555555,99999999-8888-4777-8666-555555555555' },
    ],
    ['GRAPH_BASE_URL', { GRAPH_BASE_URL: 'ftp://graph' }],
    ['AzureWebJobsStorage', { AzureWebJobsStorage__queueServiceUri: undefined }],
    ['GRAPH_CLIENT_SECRET', { GRAPH_FEDERATED_IDENTITY_CLIENT_ID: undefined }],
    ['LOCAL_SIGN_IN_ENABLED', { LOCAL_SIGN_IN_ENABLED: 'true', WEBSITE_SITE_NAME: 'pairwise-prod' }],
    ['LOCAL_SIGN_IN_ENABLED', { LOCAL_SIGN_IN_ENABLED: 'yes' }],
  ])('names %s when it is wrong', (setting, override) => {
    const problems = problemsOf({ ...valid, ...override });
    expect(problems.some((problem) => new RegExp(`^${setting}[:.]`).test(problem))).toBe(true);
  });

  it('accepts loopback http for the local stack', () => {
    const config = loadConfig({
      ...valid,
      COSMOS_ENDPOINT: 'http://127.0.0.1:8081/',
      LOCAL_SIGN_IN_ENABLED: 'true',
    });
    expect(config.COSMOS_ENDPOINT).toBe('http://127.0.0.1:8081/');
    expect(config.LOCAL_SIGN_IN_ENABLED).toBe(true);
  });
});

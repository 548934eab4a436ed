import {
  type ArmTemplate,
  evaluate,
  type Json,
  parseResourceId,
  type Scope,
  simulateDeployment,
} from '../../infra/tools/arm-template';

/** The ARM expression evaluator and deployment simulator that infra-settings.test.ts reads the template with. */
const context = { subscriptionId: 'sub', tenantId: 'tid', resourceGroup: 'rg', location: 'westeurope' };
const scope: Scope = {
  context,
  parameter: (name) => ({ name: 'pairwise', id: 'abc', count: 2, tags: { a: '1' } })[name] ?? null,
  variable: (name) => ({ list: ['x', 'y'], missing: null })[name] ?? null,
  reference: (id) => ({ id, endpoint: `https://${parseResourceId(id).name}.example/` }),
};

describe('evaluate', () => {
  it.each<[string, Json]>([
    ["[parameters('name')]", 'pairwise'],
    ["[format('api://{0}/{1}', parameters('name'), parameters('id'))]", 'api://pairwise/abc'],
    ["[concat('a', 'b', 'c')]", 'abc'],
    ["[toLower('ABC')]", 'abc'],
    ["[replace(replace('https://h.example/', 'https://', ''), '/', '')]", 'h.example'],
    ["[if(empty(''), 'default', 'given')]", 'default'],
    ["[if(empty('x'), parameters('nope').missing, 'given')]", 'given'],
    ["[length(variables('list'))]", 2],
    ["[variables('list')[1]]", 'y'],
    ["[contains(parameters('tags'), 'a')]", true],
    ["[union(createObject('a', 1), createObject('b', 2))]", { a: 1, b: 2 }],
    ["[not(equals(parameters('count'), 2))]", false],
    [
      "[reference(resourceId('Microsoft.Storage/storageAccounts', 'st1'), '2026-09-01').endpoint]",
      'https://st1.example/',
    ],
    [
      "[resourceId('Microsoft.Cdn/profiles/afdEndpoints', 'afd', 'ep')]",
      '/subscriptions/sub/resourceGroups/rg/providers/Microsoft.Cdn/profiles/afd/afdEndpoints/ep',
    ],
    [
      "[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'r1')]",
      '/subscriptions/sub/providers/Microsoft.Authorization/roleDefinitions/r1',
    ],
    ["[format('it''s {0}', 'quoted')]", "it's quoted"],
    ['[[not an expression]', '[not an expression]'],
    ['plain text', 'plain text'],
  ])('%s → %j', (expression, expected) => {
    expect(evaluate(expression, scope)).toEqual(expected);
  });

  it('is deterministic for uniqueString and guid, with the shapes ARM gives them', () => {
    const token = evaluate("[uniqueString('a', 'b')]", scope);
    expect(token).toMatch(/^[a-z2-7]{13}$/);
    expect(evaluate("[uniqueString('a', 'b')]", scope)).toBe(token);
    expect(evaluate("[guid('a')]", scope)).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
    );
  });

  it.each([
    ['[utcNow()]', /utcnow\(\) is not simulated/],
    ["[parameters('tags').b]", /no property b/],
    ["[format('x']", /cannot parse/],
  ])('refuses %s instead of guessing', (expression, message) => {
    expect(() => evaluate(expression, scope)).toThrow(message);
  });
});

describe('simulateDeployment', () => {
  const template: ArmTemplate = {
    parameters: {
      name: { type: 'string', minLength: 3 },
      tier: { type: 'string', defaultValue: 'basic', allowedValues: ['basic', 'premium'] },
    },
    variables: { label: "[format('{0}-{1}', parameters('name'), parameters('tier'))]" },
    resources: [
      {
        type: 'Microsoft.Resources/deployments',
        name: 'child',
        resourceGroup: 'rg-child',
        properties: {
          parameters: { label: { value: "[variables('label')]" } },
          template: {
            parameters: { label: { type: 'string' } },
            resources: [
              {
                type: 'Microsoft.Storage/storageAccounts/queueServices/queues',
                name: "[format('st/default/{0}-{1}', parameters('label'), copyIndex())]",
                copy: { name: 'queues', count: 2 },
              },
            ],
            outputs: {
              host: {
                type: 'string',
                value: "[reference(resourceId('Microsoft.Web/sites', parameters('label'))).host]",
              },
            },
          },
        },
      },
    ],
    outputs: {
      host: {
        type: 'string',
        value:
          "[reference(resourceId('Microsoft.Resources/deployments', 'child'), '2025-04-01').outputs.host.value]",
      },
    },
  };
  const azure = ({ name }: { type: string; name: string }) => ({ host: `${name}.azurewebsites.net` });

  it('passes parameters into modules and their outputs back, with defaults and copy loops', () => {
    const deployment = simulateDeployment(template, { name: 'app' }, azure, context);
    expect(deployment.outputs).toEqual({ host: 'app-basic.azurewebsites.net' });
    expect(
      deployment
        .module('child')
        .resources('Microsoft.Storage/storageAccounts/queueServices/queues')
        .map((q) => q.name),
    ).toEqual(['st/default/app-basic-0', 'st/default/app-basic-1']);
  });

  it.each<[Record<string, Json>, RegExp]>([
    [{}, /parameter name is required/],
    [{ name: 'ab' }, /name: shorter than 3/],
    [{ name: 'app', tier: 'gold' }, /tier: "gold" is not allowed/],
    [{ name: 'app', extra: 1 }, /extra is not declared/],
    [{ name: 7 }, /name must be a string/],
  ])('refuses parameters Azure would refuse: %j', (parameters, message) => {
    expect(() => simulateDeployment(template, parameters, azure, context)).toThrow(message);
  });
});

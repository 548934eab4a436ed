import { createHash } from 'node:crypto';

/**
 * Reads a compiled ARM template the way Azure Resource Manager does, far enough to test what a deployment would
 * set: evaluates template-language expressions (`[format('api://{0}', parameters('x'))]`), and simulates a
 * deployment of main.json — module deployments included — against a fake Azure that answers `reference()` with
 * plausible runtime properties. It implements the functions Bicep emits for infra/ and throws on any other, so a
 * template that grows a new function fails the tests loudly instead of being half-read.
 */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export interface ArmResource {
  type: string;
  name: string;
  apiVersion?: string;
  condition?: Json;
  resourceGroup?: string;
  properties?: Json;
  [key: string]: Json | undefined;
}

export interface ArmTemplate {
  parameters?: Record<
    string,
    { type?: string; defaultValue?: Json; allowedValues?: Json[]; minLength?: number; maxLength?: number }
  >;
  variables?: Record<string, Json>;
  resources: ArmResource[] | Record<string, ArmResource>;
  outputs?: Record<string, { type: string; value: Json }>;
}

/** Runtime properties of a resource that only exists once deployed (endpoints, principal ids, host names). */
export type FakeAzure = (resource: { type: string; name: string }) => Record<string, Json>;

export interface DeploymentContext {
  subscriptionId: string;
  tenantId: string;
  resourceGroup?: string;
  location: string;
}

export function resourcesOf(template: ArmTemplate): ArmResource[] {
  return Array.isArray(template.resources) ? template.resources : Object.values(template.resources);
}

// ---- expression parsing -------------------------------------------------------------------------------------

type Node =
  | { kind: 'literal'; value: Json }
  | { kind: 'call'; name: string; args: Node[] }
  | { kind: 'property'; target: Node; name: string }
  | { kind: 'index'; target: Node; index: Node };

/** Parses the inside of a `[...]` template expression. */
export function parseExpression(source: string): Node {
  let at = 0;
  const fail = (why: string): never => {
    throw new Error(`cannot parse ARM expression at ${at} (${why}): ${source}`);
  };
  const skip = () => {
    while (source[at] === ' ') at++;
  };
  const identifier = (): string => {
    const match = /^[A-Za-z_$][\w$]*/.exec(source.slice(at));
    if (!match) return fail('identifier expected');
    at += match[0].length;
    return match[0];
  };
  const primary = (): Node => {
    skip();
    const c = source[at];
    if (c === "'") {
      let value = '';
      at++;
      for (;;) {
        if (at >= source.length) fail('unterminated string');
        if (source[at] === "'") {
          if (source[at + 1] === "'") {
            value += "'";
            at += 2;
            continue;
          }
          at++;
          break;
        }
        value += source[at++];
      }
      return { kind: 'literal', value };
    }
    const number = /^-?\d+/.exec(source.slice(at));
    if (number) {
      at += number[0].length;
      return { kind: 'literal', value: Number(number[0]) };
    }
    const name = identifier();
    skip();
    if (source[at] !== '(') return fail(`"(" expected after ${name}`);
    at++;
    const args: Node[] = [];
    skip();
    if (source[at] === ')') at++;
    else
      for (;;) {
        args.push(expression());
        skip();
        if (source[at] === ',') at++;
        else if (source[at] === ')') {
          at++;
          break;
        } else fail('"," or ")" expected');
      }
    return { kind: 'call', name: name.toLowerCase(), args };
  };
  const expression = (): Node => {
    let node = primary();
    for (;;) {
      skip();
      if (source[at] === '.') {
        at++;
        node = { kind: 'property', target: node, name: identifier() };
      } else if (source[at] === '[') {
        at++;
        const index = expression();
        skip();
        if (source[at] !== ']') fail('"]" expected');
        at++;
        node = { kind: 'index', target: node, index };
      } else return node;
    }
  };
  const node = expression();
  skip();
  if (at !== source.length) fail('trailing input');
  return node;
}

// ---- evaluation ---------------------------------------------------------------------------------------------

export interface Scope {
  parameter(name: string): Json;
  variable(name: string): Json;
  reference(resourceId: string, full: boolean): Json;
  context: DeploymentContext;
  /** Inside a `copy` loop: the iteration. */
  copyIndex?: number;
}

const isObject = (value: Json | undefined): value is { [key: string]: Json } =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function str(value: Json | undefined, what: string): string {
  if (typeof value !== 'string') throw new Error(`${what}: expected a string, got ${JSON.stringify(value)}`);
  return value;
}

/** ARM's uniqueString is a 13-character base-32 hash; any stable hash of the same shape serves a simulation. */
function uniqueString(parts: string[]): string {
  const digest = createHash('sha256').update(parts.join('-')).digest();
  const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';
  return [...digest.subarray(0, 13)].map((byte) => alphabet[byte % 32]).join('');
}

function guid(parts: string[]): string {
  const hex = createHash('sha256').update(parts.join('-')).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** A resource id with the type and names of a (possibly nested) resource: `/…/providers/ns/t1/n1/t2/n2`. */
function providerPath(type: string, names: string[]): string {
  const [namespace, ...types] = type.split('/');
  if (types.length !== names.length) throw new Error(`resource type ${type} needs ${types.length} names`);
  return `/providers/${namespace}/${types.map((t, i) => `${t}/${names[i]}`).join('/')}`;
}

export function parseResourceId(id: string): { type: string; name: string } {
  const at = id.lastIndexOf('/providers/');
  if (at < 0) {
    const group = /\/resourceGroups\/([^/]+)$/.exec(id);
    if (group) return { type: 'Microsoft.Resources/resourceGroups', name: group[1]! };
    throw new Error(`not a resource id: ${id}`);
  }
  const [namespace, ...rest] = id.slice(at + '/providers/'.length).split('/');
  const types = rest.filter((_, i) => i % 2 === 0);
  const names = rest.filter((_, i) => i % 2 === 1);
  return { type: [namespace, ...types].join('/'), name: names.join('/') };
}

function callFunction(name: string, args: Json[], scope: Scope, full: boolean): Json {
  const { context } = scope;
  const groupId = () => {
    if (!context.resourceGroup) throw new Error(`${name}() outside a resource group`);
    return `/subscriptions/${context.subscriptionId}/resourceGroups/${context.resourceGroup}`;
  };
  const strings = () => args.map((arg, i) => str(arg, `${name} argument ${i + 1}`));
  switch (name) {
    case 'parameters':
      return scope.parameter(str(args[0], name));
    case 'copyindex': {
      if (scope.copyIndex === undefined) throw new Error('copyIndex() outside a copy loop');
      const offset = args.find((arg) => typeof arg === 'number');
      return scope.copyIndex + (offset ?? 0);
    }
    case 'variables':
      return scope.variable(str(args[0], name));
    case 'reference':
      return scope.reference(str(args[0], name), full || args[2] === 'full');
    case 'format': {
      const [pattern, ...values] = args;
      return str(pattern, name).replace(/\{(\d+)\}/g, (_m, i: string) => {
        const value = values[Number(i)];
        return typeof value === 'string' ? value : JSON.stringify(value);
      });
    }
    case 'concat':
      return args.every(Array.isArray) ? args.flat() : strings().join('');
    case 'string':
      return typeof args[0] === 'string' ? args[0] : JSON.stringify(args[0]);
    case 'tolower':
      return str(args[0], name).toLowerCase();
    case 'toupper':
      return str(args[0], name).toUpperCase();
    case 'replace': {
      const [text = '', from = '', to = ''] = strings();
      return text.split(from).join(to);
    }
    case 'empty': {
      const value = args[0];
      if (value === null || value === undefined) return true;
      if (typeof value === 'string' || Array.isArray(value)) return value.length === 0;
      return isObject(value) && Object.keys(value).length === 0;
    }
    case 'length': {
      const value = args[0];
      if (typeof value === 'string' || Array.isArray(value)) return value.length;
      if (isObject(value)) return Object.keys(value).length;
      throw new Error(`length of ${JSON.stringify(value)}`);
    }
    case 'contains': {
      const [container, item] = args;
      if (typeof container === 'string') return container.includes(str(item, name));
      if (Array.isArray(container)) return container.some((x) => JSON.stringify(x) === JSON.stringify(item));
      return isObject(container) && str(item, name) in container;
    }
    case 'if':
      return args[0] === true ? args[1]! : args[2]!;
    case 'not':
      return args[0] !== true;
    case 'and':
      return args.every((arg) => arg === true);
    case 'or':
      return args.some((arg) => arg === true);
    case 'equals':
      return JSON.stringify(args[0]) === JSON.stringify(args[1]);
    case 'greater':
      return (args[0] as number) > (args[1] as number);
    case 'less':
      return (args[0] as number) < (args[1] as number);
    case 'true':
      return true;
    case 'false':
      return false;
    case 'null':
      return null;
    case 'json':
      return JSON.parse(str(args[0], name)) as Json;
    case 'createobject': {
      const object: { [key: string]: Json } = {};
      for (let i = 0; i + 1 < args.length; i += 2) object[str(args[i], name)] = args[i + 1]!;
      return object;
    }
    case 'createarray':
      return args;
    case 'union':
      return args.every(Array.isArray)
        ? [...new Set(args.flat().map((x) => JSON.stringify(x)))].map((x) => JSON.parse(x) as Json)
        : (Object.assign({}, ...args.map((arg) => (isObject(arg) ? arg : {}))) as Json);
    case 'coalesce':
      return args.find((arg) => arg !== null) ?? null;
    case 'uniquestring':
      return uniqueString(strings());
    case 'guid':
      return guid(strings());
    case 'subscription':
      return {
        id: `/subscriptions/${context.subscriptionId}`,
        subscriptionId: context.subscriptionId,
        tenantId: context.tenantId,
      };
    case 'tenant':
      return { tenantId: context.tenantId };
    case 'resourcegroup':
      return { id: groupId(), name: context.resourceGroup!, location: context.location };
    case 'deployment':
      return { name: 'simulated', location: context.location };
    case 'environment':
      return {
        name: 'AzureCloud',
        authentication: {
          loginEndpoint: 'https://login.microsoftonline.com/',
          audiences: ['https://management.core.windows.net/'],
        },
        resourceManager: 'https://management.azure.com/',
        suffixes: { storage: 'core.windows.net' },
      };
    case 'resourceid': {
      // resourceId([subscriptionId, [resourceGroupName,]] type, name…)
      const parts = strings();
      const typeAt = parts.findIndex((part) => part.includes('/'));
      const [before, type, names] = [parts.slice(0, typeAt), parts[typeAt]!, parts.slice(typeAt + 1)];
      const subscription = before.length === 2 ? before[0]! : context.subscriptionId;
      const group = before.length >= 1 ? before[before.length - 1]! : undefined;
      const prefix = group ? `/subscriptions/${subscription}/resourceGroups/${group}` : groupId();
      return prefix + providerPath(type, names);
    }
    case 'subscriptionresourceid': {
      const parts = strings();
      const [type, ...names] = parts[0]!.includes('/') ? parts : parts.slice(1);
      const subscription = parts[0]!.includes('/') ? context.subscriptionId : parts[0]!;
      return `/subscriptions/${subscription}${providerPath(type!, names)}`;
    }
    case 'tenantresourceid': {
      const [type, ...names] = strings();
      return providerPath(type!, names);
    }
    case 'extensionresourceid': {
      const [scopeId, type, ...names] = strings();
      return scopeId! + providerPath(type!, names);
    }
    default:
      throw new Error(`ARM function ${name}() is not simulated (infra/tools/arm-template.ts)`);
  }
}

function evaluateNode(node: Node, scope: Scope): Json {
  switch (node.kind) {
    case 'literal':
      return node.value;
    case 'call':
      // if() evaluates only the branch it takes, as ARM does (the other may not be evaluable, e.g. a missing key).
      if (node.name === 'if' && node.args.length === 3)
        return evaluateNode(
          evaluateNode(node.args[0]!, scope) === true ? node.args[1]! : node.args[2]!,
          scope,
        );
      return callFunction(
        node.name,
        node.args.map((arg) => evaluateNode(arg, scope)),
        scope,
        false,
      );
    case 'property': {
      const target = evaluateNode(node.target, scope);
      if (!isObject(target) || !(node.name in target))
        throw new Error(`no property ${node.name} in ${JSON.stringify(target)}`);
      return target[node.name]!;
    }
    case 'index': {
      const target = evaluateNode(node.target, scope);
      const index = evaluateNode(node.index, scope);
      if (Array.isArray(target) && typeof index === 'number' && index < target.length) return target[index]!;
      if (isObject(target) && typeof index === 'string' && index in target) return target[index]!;
      throw new Error(`no [${JSON.stringify(index)}] in ${JSON.stringify(target)}`);
    }
  }
}

/** Evaluates a template value: expression strings (`[...]`) anywhere inside it, everything else as is. */
export function evaluate(value: Json, scope: Scope): Json {
  if (typeof value === 'string') {
    if (value.startsWith('[[')) return value.slice(1);
    if (value.startsWith('[') && value.endsWith(']'))
      return evaluateNode(parseExpression(value.slice(1, -1)), scope);
    return value;
  }
  if (Array.isArray(value)) return value.map((item) => evaluate(item, scope));
  if (isObject(value))
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, evaluate(v, scope)]));
  return value;
}

// ---- deployment simulation ----------------------------------------------------------------------------------

export interface SimulatedDeployment {
  template: ArmTemplate;
  scope: Scope;
  /** Parameter values after defaults, as the deployment sees them. */
  parameters: Record<string, Json>;
  outputs: Record<string, Json>;
  /** The module deployments this one started, by deployment name (simulated on first use). */
  module(name: string): SimulatedDeployment;
  /** A resource of this template by type (and, if several, by evaluated name), with its properties evaluated. */
  resource(type: string, name?: string): ArmResource;
  /** Every resource of a type that the deployment creates: `copy` loops expanded, false conditions left out. */
  resources(type: string): ArmResource[];
}

/**
 * Simulates deploying `template` with `parameters`: parameter defaults and types checked, variables and outputs
 * evaluated, `reference()` of a module deployment answered by simulating that module with the parameters the
 * template passes it, `reference()` of anything else answered by `azure`.
 */
export function simulateDeployment(
  template: ArmTemplate,
  parameterValues: Record<string, Json>,
  azure: FakeAzure,
  context: DeploymentContext,
): SimulatedDeployment {
  const declared = template.parameters ?? {};
  for (const name of Object.keys(parameterValues))
    if (!(name in declared)) throw new Error(`parameter ${name} is not declared by the template`);
  const parameters: Record<string, Json> = {};
  const variables = new Map<string, Json>();
  const modules = new Map<string, SimulatedDeployment>();

  const scope: Scope = {
    context,
    parameter(name) {
      if (name in parameters) return parameters[name]!;
      const definition = declared[name];
      if (!definition) throw new Error(`parameters('${name}'): not declared`);
      if (name in parameterValues) parameters[name] = parameterValues[name]!;
      else if (definition.defaultValue !== undefined)
        parameters[name] = evaluate(definition.defaultValue, scope);
      else throw new Error(`parameter ${name} is required and has no value`);
      const value = parameters[name];
      // A user-defined type (`$ref`) is checked by the compiler; the simulation checks the primitive ones.
      const expected = { string: 'string', securestring: 'string', int: 'number', bool: 'boolean' }[
        definition.type?.toLowerCase() ?? ''
      ];
      if (expected && typeof value !== expected)
        throw new Error(`parameter ${name} must be a ${definition.type ?? expected}`);
      if (definition.allowedValues && !definition.allowedValues.includes(value))
        throw new Error(`parameter ${name}: ${JSON.stringify(value)} is not allowed`);
      const length = typeof value === 'string' || Array.isArray(value) ? value.length : undefined;
      if (length !== undefined && length < (definition.minLength ?? 0))
        throw new Error(`parameter ${name}: shorter than ${definition.minLength}`);
      if (length !== undefined && length > (definition.maxLength ?? Infinity))
        throw new Error(`parameter ${name}: longer than ${definition.maxLength}`);
      return value;
    },
    variable(name) {
      if (!variables.has(name)) {
        const raw = template.variables?.[name];
        if (raw === undefined) throw new Error(`variables('${name}'): not declared`);
        variables.set(name, evaluate(raw, scope));
      }
      return variables.get(name)!;
    },
    reference(resourceId, full) {
      // languageVersion 2.0 templates (Bicep emits them when a module uses user-defined types) refer to their own
      // resources by symbolic name.
      const symbolic = Array.isArray(template.resources) ? undefined : template.resources[resourceId];
      const target = symbolic
        ? { type: symbolic.type, name: str(evaluate(symbolic.name, scope), 'resource name') }
        : parseResourceId(resourceId);
      if (target.type === 'Microsoft.Resources/deployments') {
        const outputs = deployment.module(target.name).outputs;
        const properties = {
          outputs: Object.fromEntries(Object.entries(outputs).map(([k, v]) => [k, { value: v }])),
        };
        return full ? { properties } : properties;
      }
      const properties = azure(target);
      return full ? { properties, id: resourceId, name: target.name } : properties;
    },
  };

  const resources = resourcesOf(template);
  const deployment: SimulatedDeployment = {
    template,
    scope,
    parameters,
    get outputs() {
      return Object.fromEntries(
        Object.entries(template.outputs ?? {}).map(([name, output]) => [name, evaluate(output.value, scope)]),
      );
    },
    module(name) {
      let simulated = modules.get(name);
      if (!simulated) {
        const resource = resources.find(
          (r) => r.type === 'Microsoft.Resources/deployments' && evaluate(r.name, scope) === name,
        );
        if (!resource) throw new Error(`no module deployment named ${name}`);
        const properties = resource.properties as unknown as {
          template: ArmTemplate;
          parameters?: Record<string, Json>;
        };
        // Each parameter is `{ value }`; Bicep makes the whole wrapper an expression for a conditional value.
        const passed = Object.fromEntries(
          Object.entries(properties.parameters ?? {}).map(([key, wrapper]) => {
            const evaluated = evaluate(wrapper, scope);
            if (!isObject(evaluated) || !('value' in evaluated))
              throw new Error(`module parameter ${key}: no value`);
            return [key, evaluated.value!];
          }),
        );
        const group = resource.resourceGroup
          ? str(evaluate(resource.resourceGroup, scope), 'resourceGroup')
          : undefined;
        simulated = simulateDeployment(properties.template, passed, azure, {
          ...context,
          resourceGroup: group ?? context.resourceGroup,
        });
        modules.set(name, simulated);
      }
      return simulated;
    },
    resource(type, name) {
      const matches = deployment.resources(type).filter((r) => name === undefined || r.name === name);
      if (matches.length !== 1) throw new Error(`${matches.length} resources of type ${type} ${name ?? ''}`);
      return matches[0]!;
    },
    resources(type) {
      return resources
        .filter((r) => r.type === type && r.existing !== true)
        .flatMap((r) => {
          const { copy, ...body } = r;
          const count = isObject(copy) ? evaluate(copy.count!, scope) : undefined;
          const iterations = typeof count === 'number' ? [...Array(count).keys()] : [undefined];
          return iterations.map(
            (copyIndex) => evaluate(body as Json, { ...scope, copyIndex }) as ArmResource,
          );
        })
        .filter((r) => r.condition === undefined || r.condition === true);
    },
  };
  // Every declared parameter gets its value (or fails) up front, as in Azure.
  for (const name of Object.keys(declared)) scope.parameter(name);
  return deployment;
}

import { evaluateFilter, FilterSyntaxError, parseFilter } from './odata-filter';

const alice = {
  department: 'Engineering',
  accountEnabled: true,
  mail: 'Alice.Ng@contoso.example',
  displayName: "Alice O'Neil",
  employeeHireDate: '2026-01-10T00:00:00Z',
  onPremisesExtensionAttributes: { extensionAttribute1: 'L3' },
};

describe('OData $filter', () => {
  it.each([
    ["department eq 'Engineering'", true],
    ["department eq 'engineering'", true],
    ["department eq 'Sales'", false],
    ['accountEnabled eq true', true],
    ['accountEnabled eq false', false],
    ["mail eq 'alice.ng@contoso.example'", true],
    ["startswith(displayName,'ali')", true],
    ["startswith(displayName,'Bob')", false],
    ["displayName eq 'Alice O''Neil'", true],
    ["department in ('Sales','Engineering')", true],
    ["department ne 'Engineering'", false],
    ["not(department eq 'Sales')", true],
    ["department eq 'Sales' or accountEnabled eq true", true],
    ["(department eq 'Sales' or department eq 'Engineering') and accountEnabled eq true", true],
    ["department eq 'Engineering' and accountEnabled eq false", false],
    ["onPremisesExtensionAttributes/extensionAttribute1 eq 'L3'", true],
    ['employeeHireDate ge 2026-01-01T00:00:00Z', true],
    ['employeeHireDate lt 2026-01-01T00:00:00Z', false],
    ['jobTitle eq null', true],
  ])('%s → %s', (filter, expected) => {
    expect(evaluateFilter(parseFilter(filter), alice)).toBe(expected);
  });

  it.each([
    "department eq 'x",
    'department eq',
    "department like 'x'",
    "(department eq 'x'",
    "department eq 'x' extra",
  ])('rejects malformed %s', (filter) => {
    expect(() => parseFilter(filter)).toThrow(FilterSyntaxError);
  });

  it.each([
    ["props/Any(ep: ep/id eq 'a' and ep/value eq 'X')", true],
    ["props/any(ep:ep/id eq 'a' and ep/value eq 'y')", false],
    ["props/Any(ep : ep/id eq 'b' and contains(ep/value, 'ell'))", true],
    ["props/Any(ep: ep/id eq 'b' and startswith(ep/value, 'h'))", true],
    ["missing/Any(ep: ep/id eq 'a')", false],
  ])('lambda %s → %s', (filter, expected) => {
    expect(
      evaluateFilter(parseFilter(filter), {
        props: [
          { id: 'a', value: 'x' },
          { id: 'b', value: 'Hello' },
        ],
      }),
    ).toBe(expected);
  });

  it('an exact comparison keeps case', () => {
    const node = parseFilter("id eq 'Name'");
    if (node.kind !== 'compare') throw new Error('compare expected');
    expect(evaluateFilter(node, { id: 'name' })).toBe(true);
    expect(evaluateFilter({ ...node, exact: true }, { id: 'name' })).toBe(false);
  });

  it.each(["props/Any(ep ep/id eq 'a')", "props/Any(ep: ep/id eq 'a'"])(
    'rejects malformed lambda %s',
    (filter) => {
      expect(() => parseFilter(filter)).toThrow(FilterSyntaxError);
    },
  );
});

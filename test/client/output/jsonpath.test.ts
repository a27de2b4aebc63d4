import { describe, expect, it } from "vitest";
import { executeJsonPath, JsonPathError } from "../../../src/client/output/jsonpath.js";

// The input of the kubectl JSONPath support page (kubernetes.io/docs/reference/kubectl/jsonpath/).
const input = {
  kind: "List",
  items: [
    {
      kind: "None",
      metadata: { name: "127.0.0.1" },
      status: { capacity: { cpu: "4" }, addresses: [{ type: "LegacyHostIP", address: "127.0.0.1" }] },
    },
    {
      kind: "None",
      metadata: { name: "127.0.0.2" },
      status: {
        capacity: { cpu: "8" },
        addresses: [
          { type: "LegacyHostIP", address: "127.0.0.2" },
          { type: "another", address: "127.0.0.3" },
        ],
      },
    },
  ],
  users: [
    { name: "myself", user: {} },
    { name: "e2e", user: { username: "admin", password: "secret" } },
  ],
};

describe("executeJsonPath: the kubectl docs' table", () => {
  // Maps print as JSON, as current kubectl does (the docs page still shows Go's map[cpu:4]).
  it.each([
    ["kind is {.kind}", "kind is List"],
    ["{.kind}", "List"],
    ["{['kind']}", "List"],
    ["{..name}", "127.0.0.1 127.0.0.2 myself e2e"],
    ["{.items[*].metadata.name}", "127.0.0.1 127.0.0.2"],
    ["{.users[0].name}", "myself"],
    ["{.items[*]['metadata.name', 'status.capacity']}", '127.0.0.1 127.0.0.2 {"cpu":"4"} {"cpu":"8"}'],
    ['{.users[?(@.name=="e2e")].user.password}', "secret"],
    ["{range .items[*]}[{.metadata.name}, {.status.capacity}] {end}", '[127.0.0.1, {"cpu":"4"}] [127.0.0.2, {"cpu":"8"}] '],
    ["{@.kind}", "List"],
    ["{$.kind}", "List"],
  ])("%s", (template, want) => {
    expect(executeJsonPath(template, input)).toBe(want);
  });

  it("{@} prints the whole input as JSON", () => {
    expect(JSON.parse(executeJsonPath("{@}", input))).toEqual(input);
  });
});

describe("executeJsonPath: slices, filters and literals", () => {
  it.each([
    ["{.items[0].metadata.name}", "127.0.0.1"],
    ["{.items[-1].metadata.name}", "127.0.0.2"],
    ["{.items[-1:].metadata.name}", "127.0.0.2"],
    ["{.items[0:1].metadata.name}", "127.0.0.1"],
    ["{.items[::2].metadata.name}", "127.0.0.1"],
    ["{.items[1].status.addresses[*].address}", "127.0.0.2 127.0.0.3"],
    ["{.items[0,1].status.capacity.cpu}", "4 8"],
    ['{.items[*].status.addresses[?(@.type=="another")].address}', "127.0.0.3"],
    ['{.items[?(@.status.capacity.cpu!="4")].metadata.name}', "127.0.0.2"],
    ["{.users[?(@.user.password)].name}", "e2e"],
    ['{range .items[*]}{.metadata.name}{"\\t"}{.status.capacity.cpu}{"\\n"}{end}', "127.0.0.1\t4\n127.0.0.2\t8\n"],
    ["{range .users[*]}{.name}{','}{end}", "myself,e2e,"],
    ["{.users[1].user}", '{"password":"secret","username":"admin"}'],
  ])("%s", (template, want) => {
    expect(executeJsonPath(template, input)).toBe(want);
  });

  it("reads keys with dots when the dots are escaped", () => {
    const node = { metadata: { labels: { "kubernetes.io/hostname": "worker-1", "app.kubernetes.io/name": "web" } } };
    expect(executeJsonPath("{.metadata.labels.kubernetes\\.io/hostname}", node)).toBe("worker-1");
    expect(executeJsonPath("{.metadata.labels['app\\.kubernetes\\.io/name']}", node)).toBe("web");
  });

  it("prints numbers, booleans and null as Go does", () => {
    const data = { n: 3, f: 0.5, big: 1000000, t: true, z: null };
    expect(executeJsonPath("{.n} {.f} {.big} {.t} {.z}", data)).toBe("3 0.5 1000000 true <nil>");
  });

  it("compares numbers in filters", () => {
    const data = { items: [{ name: "a", restarts: 0 }, { name: "b", restarts: 4 }] };
    expect(executeJsonPath("{.items[?(@.restarts>1)].name}", data)).toBe("b");
    expect(executeJsonPath("{.items[?(@.restarts==0)].name}", data)).toBe("a");
  });

  it("prints nothing for a missing key (kubectl allows missing keys by default)", () => {
    expect(executeJsonPath("{.metadata.nope}", input)).toBe("");
    expect(executeJsonPath("name: {.items[0].nope}!", input)).toBe("name: !");
  });
});

describe("executeJsonPath: errors as kubectl reports them", () => {
  it("reports a missing key when missing keys are not allowed", () => {
    expect(() => executeJsonPath("{.nope}", { a: 1 }, { allowMissingKeys: false })).toThrow(
      new JsonPathError(
        'error executing jsonpath "{.nope}": Error executing template: nope is not found. Printing more information for debugging the template:\n' +
          "\ttemplate was:\n\t\t{.nope}\n" +
          '\tobject given to jsonpath engine was:\n\t\tmap[string]interface {}{"a":1}\n\n',
      ),
    );
  });

  it.each([
    ["{.items[5]}", "array index out of bounds: index 5, length 2"],
    ["{.kind[0]}", "string is not array or slice"],
    ["{end}", "not in range, nothing to end"],
    ["{bogus}", "unrecognized identifier bogus"],
  ])("%s fails with %s", (template, message) => {
    expect(() => executeJsonPath(template, input)).toThrow(message);
  });

  it.each([
    ["{.items[", "error parsing jsonpath {.items[, unterminated array"],
    ["{.kind", "error parsing jsonpath {.kind, unclosed action"],
    ["{.items[x]}", "error parsing jsonpath {.items[x]}, invalid array index x"],
    ["{%}", "error parsing jsonpath {%}, unrecognized character in action: U+0025 '%'"],
    ["{..*}", "error parsing jsonpath {..*}, unrecognized character in action: U+002A '*'"],
  ])("%s does not parse", (template, message) => {
    expect(() => executeJsonPath(template, input)).toThrow(message);
  });
});

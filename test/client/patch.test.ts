import { describe, expect, it } from "vitest";
import { filter, patch, PATCH_OP_SCHEMA, ScimValidationError } from "../../src/index.js";

describe("patch builders", () => {
  it("build add, replace and remove operations", () => {
    expect(patch.add("emails", [{ value: "a@example.com", type: "work", primary: true }])).toEqual({
      op: "add",
      path: "emails",
      value: [{ value: "a@example.com", type: "work", primary: true }],
    });
    expect(patch.replace("active", false)).toEqual({ op: "replace", path: "active", value: false });
    expect(patch.replace({ title: "Lead", displayName: "J. Doe" })).toEqual({
      op: "replace",
      value: { title: "Lead", displayName: "J. Doe" },
    });
    expect(patch.remove("phoneNumbers")).toEqual({ op: "remove", path: "phoneNumbers" });
    expect(
      patch.replace(
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department",
        "Sales",
      ),
    ).toEqual({
      op: "replace",
      path: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department",
      value: "Sales",
    });
  });

  it("build value paths from filters, escaped like any filter", () => {
    const path = patch.path("emails", filter.eq(filter.path("type"), 'wo"rk'), "value");
    expect(path).toBe('emails[type eq "wo\\"rk"].value');
    expect(patch.replace(path, "b@example.com")).toEqual({
      op: "replace",
      path: 'emails[type eq "wo\\"rk"].value',
      value: "b@example.com",
    });
    expect(patch.remove(patch.path("members", filter.eq("value", "u1")))).toEqual({
      op: "remove",
      path: 'members[value eq "u1"]',
    });
  });

  it("wrap operations in a PatchOp request", () => {
    expect(patch.request([patch.remove("title")])).toEqual({
      schemas: [PATCH_OP_SCHEMA],
      Operations: [{ op: "remove", path: "title" }],
    });
    expect(PATCH_OP_SCHEMA).toBe("urn:ietf:params:scim:api:messages:2.0:PatchOp");
    expect(() => patch.request([])).toThrow(/at least one operation/);
  });

  it("refuse invalid paths and missing values with clear errors", () => {
    for (const bad of [
      "",
      "a b",
      "emails[",
      "emails[]",
      "[x]",
      'emails[type eq "w"].',
      "a.b.c",
      "x\r\ny",
    ]) {
      expect(() => patch.remove(bad), bad).toThrow(ScimValidationError);
    }
    expect(() => patch.remove("not a path")).toThrow(
      /patch.remove: "not a path" is not a SCIM PATCH path/,
    );
    expect(() => patch.add("title", undefined as never)).toThrow(/patch.add: a value is required/);
    expect(() => patch.replace("x" as never)).toThrow(
      /without a path, the value must be an object/,
    );
    expect(() => patch.add([1] as never)).toThrow(/without a path/);
    expect(() => patch.path("emails", 'type eq "work"' as never)).toThrow(/built with filter/);
    expect(() => patch.path("emails", filter.pr("type"), "a.b")).toThrow(
      /not a sub-attribute name/,
    );
  });
});

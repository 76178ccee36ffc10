import type {
  ENTERPRISE_USER_SCHEMA,
  GENESYS_USER_SCHEMA,
  ScimEnterpriseUser,
  ScimGenesysUser,
  ScimGroup,
  ScimUser,
} from "./models.js";

// The attribute paths a filter may name, with the type of value each compares with, derived from
// the generated User and Group types (no second table to keep in step with the spec): top-level
// attributes, `attribute.subAttribute` of complex ones, the enterprise and Genesys extension
// attributes behind their URNs, and the bare sub-attribute names a value filter uses inside
// `emails[type eq "work"]`. Paths the spec does not know go through `filter.path("…")`.

declare const UNCHECKED: unique symbol;

/** A path from `filter.path("…")`: validated at run time only, compares with any filter value. */
export type ScimUncheckedPath = string & { readonly [UNCHECKED]: true };

type Element<V> = V extends readonly (infer E)[] ? E : V;
/** What a filter compares an attribute with: a complex (or multi-valued) one compares its `value`. */
type Scalar<V> =
  Element<V> extends infer E
    ? E extends object
      ? "value" extends keyof E
        ? NonNullable<E["value"]>
        : never
      : E
    : never;
type SubKeys<V> =
  Element<V> extends infer E ? (E extends object ? keyof E & string : never) : never;
type UnionToIntersection<U> = (U extends unknown ? (u: U) => void : never) extends (
  i: infer I,
) => void
  ? I
  : never;
// Sub-attribute names that are not SCIM attribute names ($ref) and the never-returned password.
type Skipped = `$${string}` | `urn:${string}` | "password";

type Attributes<T, P extends string> = {
  [K in keyof T & string as K extends Skipped ? never : `${P}${K}`]-?: Scalar<NonNullable<T[K]>>;
} & UnionToIntersection<
  {
    [K in keyof T & string]-?: K extends Skipped
      ? never
      : {
          [S in SubKeys<NonNullable<T[K]>> as S extends Skipped ? never : `${P}${K}.${S}`]: Scalar<
            NonNullable<Element<NonNullable<T[K]>>[S & keyof Element<NonNullable<T[K]>>]>
          >;
        };
  }[keyof T & string]
>;

/** Bare sub-attribute names of multi-valued attributes, for value filters (`type`, `value`, …). */
type Relative<T> = {
  [K in keyof T & string]-?: NonNullable<T[K]> extends readonly (infer E)[]
    ? E extends object
      ? { [S in keyof E & string as S extends Skipped ? never : S]: NonNullable<E[S]> }
      : never
    : never;
}[keyof T & string];
type Merge<U> = {
  [S in U extends unknown ? keyof U : never]: U extends { [K in S]?: infer V } ? V : never;
};

type Dated<T> = Omit<T, "meta.lastModified"> & { "meta.lastModified": string | Date };

/** The shorthand attribute names Genesys Cloud accepts in user filters (`email eq "…"`). */
interface GenesysShorthands {
  email: string;
  manager: string;
  division: string;
  department: string;
  employeeNumber: string;
}

/** Every known filter path of the User and Group schemas, mapped to the value it compares with. */
export type ScimFilterPaths = Dated<
  Attributes<ScimUser, ""> &
    Attributes<ScimGroup, ""> &
    Attributes<ScimEnterpriseUser, `${typeof ENTERPRISE_USER_SCHEMA}:`> &
    Attributes<ScimGenesysUser, `${typeof GENESYS_USER_SCHEMA}:`>
> &
  Merge<Relative<ScimUser> | Relative<ScimGroup> | Relative<ScimGenesysUser>> &
  GenesysShorthands;

/** A known filter path (`"userName"`, `"emails.value"`, `"urn:…:enterprise:2.0:User:department"`). */
export type ScimFilterPath = keyof ScimFilterPaths & string;

/** A path a filter builder accepts: a known one, or one made with `filter.path("…")`. */
export type ScimAnyFilterPath = ScimFilterPath | ScimUncheckedPath;

/** A value an equality filter compares with. A `Date` is sent as its ISO 8601 string. */
export type ScimFilterValue = string | number | boolean | null | Date;

/** A value an ordering filter (`gt`, `ge`, `lt`, `le`) compares with: strings, numbers, dates. */
export type ScimOrderedValue = string | number | Date;

/** The value `path` compares with in `eq`/`ne` (`null` tests for absence). */
export type ScimPathValue<P extends string> = P extends ScimFilterPath
  ? ScimFilterPaths[P] | null
  : ScimFilterValue;

/** Paths whose values are strings (for `co`, `sw`, `ew`). */
export type ScimStringPath =
  | { [P in ScimFilterPath]: ScimFilterPaths[P] extends string ? P : never }[ScimFilterPath]
  | ScimUncheckedPath;

/** Paths whose values have an order (strings, numbers, dates: for `gt`, `ge`, `lt`, `le`). */
export type ScimOrderedPath =
  | {
      [P in ScimFilterPath]: ScimFilterPaths[P] extends ScimOrderedValue ? P : never;
    }[ScimFilterPath]
  | ScimUncheckedPath;

/** The value an ordering filter on `path` compares with. */
export type ScimOrderedPathValue<P extends string> = P extends ScimFilterPath
  ? Extract<ScimFilterPaths[P], ScimOrderedValue>
  : ScimOrderedValue;

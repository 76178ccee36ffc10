/**
 * genesys-cloud-scim/sync: make Genesys Cloud match a source of truth. `plan` reads Genesys and
 * returns a reviewable plan; `apply` executes exactly that plan, each write guarded by its ETag,
 * resumably with a journal.
 *
 * @packageDocumentation
 */
export { apply } from "./apply.js";
export type { ApplyOptions, ApplyReport } from "./apply.js";
export { createFileJournal, readPlanFile, writePlanFile } from "./files.js";
export { DEFAULT_MAPPING, mapRows, mappingColumns, toRow } from "./mapping.js";
export type { SyncMapping } from "./mapping.js";
export { plan } from "./plan.js";
export type { PlanOptions } from "./plan.js";
export { renderPlan } from "./render.js";
export { trackRetries } from "./retries.js";
export { DEFAULT_THRESHOLDS } from "./thresholds.js";
export { SyncPlanError, SyncValidationError } from "./types.js";
export type {
  AttributeChange,
  CreateItem,
  DesiredGroup,
  DesiredState,
  DesiredUser,
  GroupCreateItem,
  MembershipItem,
  RemoveItem,
  SourceProblem,
  SyncBlock,
  SyncItem,
  SyncJournal,
  SyncPlan,
  SyncProgress,
  SyncTarget,
  UpdateItem,
  UserRef,
} from "./types.js";

import { exportCommand, exportGroupsCommand } from "./commands/export.js";
import { resourceCommands } from "./commands/resources.js";
import { syncApplyCommand } from "./commands/sync-apply.js";
import { syncPlanCommand } from "./commands/sync-plan.js";
import type { Command } from "./context.js";

/** Every command, in the order help lists them. */
export const COMMANDS: Command[] = [
  ...resourceCommands,
  exportCommand,
  exportGroupsCommand,
  syncPlanCommand,
  syncApplyCommand,
];

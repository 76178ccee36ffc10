#!/usr/bin/env node
import { COMMANDS } from "./commands.js";
import { processIo } from "./io.js";
import { runCli } from "./run.js";
import { VERSION } from "./version.js";

// `genesys-scim`: see `genesys-scim --help`.
process.exitCode = await runCli(process.argv.slice(2), processIo(), COMMANDS, VERSION);

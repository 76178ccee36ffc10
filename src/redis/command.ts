import { ScimValidationError } from "../index.js";

/** Sends one Redis command (`["EVALSHA", sha, "1", key, ...]`) and resolves with its reply. */
export type RedisCommand = (args: string[]) => Promise<unknown>;

/**
 * The caller's Redis client: an ioredis client (`new Redis(...)`, cluster too), a node-redis
 * client (`createClient(...)`, connected), or a function that sends one command.
 */
export type RedisClientLike =
  | { call(command: string, ...args: string[]): Promise<unknown> }
  | { sendCommand(args: string[]): Promise<unknown> }
  | RedisCommand;

/**
 * The one command primitive both clients have: ioredis's `call(name, ...args)` and node-redis's
 * `sendCommand([name, ...args])`. Using it instead of their typed `eval` methods (whose argument
 * shapes differ between the two and across their major versions) is the whole adapter.
 */
export function redisCommand(client: RedisClientLike): RedisCommand {
  if (typeof client === "function") return client;
  if (client && typeof client === "object") {
    if ("call" in client && typeof client.call === "function") {
      return (args) => client.call(args[0]!, ...args.slice(1));
    }
    if ("sendCommand" in client && typeof client.sendCommand === "function") {
      return (args) => client.sendCommand(args);
    }
  }
  throw new ScimValidationError(
    "redisBudget: redis must be an ioredis client, a node-redis client or a command function",
  );
}

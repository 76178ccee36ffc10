import express, { type NextFunction, type Request, type Response } from "express";
import { sendScimError } from "./errors.js";

// Request bodies are checked for shapes no SCIM resource or PatchOp can have before scimmy sees
// them: scimmy walks bodies recursively, so a `manager` nested 10,000 levels deep overflowed its
// stack and came back as 404 "Resource undefined not found", and it coerced `emails: [["x"]]`
// (an array inside a multi-valued attribute) to `[{}]` and stored it.

/**
 * The deepest a valid body nests is 5 levels (PatchOp → Operations[] → an operation → value →
 * the enterprise extension → manager); 32 leaves room for any extension while staying far below
 * the thousands of levels where the engine's recursion fails.
 */
export const MAX_BODY_DEPTH = 32;

/** Why a parsed JSON body cannot be a SCIM payload, or undefined when its shape is fine. */
export function bodyShapeProblem(body: unknown): string | undefined {
  // Iterative, so the check itself cannot overflow the stack.
  const stack: { value: unknown; path: string; depth: number }[] = [
    { value: body, path: "", depth: 0 },
  ];
  while (stack.length > 0) {
    const { value, path, depth } = stack.pop()!;
    if (value === null || typeof value !== "object") continue;
    if (depth >= MAX_BODY_DEPTH) {
      const where = path.length > 120 ? `${path.slice(0, 120)}...` : path;
      return `The request body nests more than ${MAX_BODY_DEPTH} levels deep (at ${where})`;
    }
    if (Array.isArray(value)) {
      for (const [index, item] of value.entries()) {
        const itemPath = `${path}[${index}]`;
        if (Array.isArray(item)) {
          return `${itemPath || "The body"} is an array: a multi-valued attribute holds values or objects, not arrays`;
        }
        stack.push({ value: item, path: itemPath, depth: depth + 1 });
      }
    } else {
      for (const [key, item] of Object.entries(value)) {
        stack.push({ value: item, path: path === "" ? key : `${path}.${key}`, depth: depth + 1 });
      }
    }
  }
  return undefined;
}

/**
 * Parses SCIM JSON bodies the way scimmy-routers do (same media types and 1 MB limit, so its own
 * parser then finds the body read) and refuses bad shapes with 400 and a SCIM error.
 */
export function scimBodyCheck() {
  const parse = express.json({ type: ["application/scim+json", "application/json"], limit: "1mb" });
  return (req: Request, res: Response, next: NextFunction) => {
    parse(req, res, (error?: unknown) => {
      if (error !== undefined && error !== null) {
        const status = (error as { status?: unknown }).status;
        return sendScimError(
          res,
          typeof status === "number" && status >= 400 && status < 500 ? status : 400,
          undefined,
          (error as Error).message,
        );
      }
      const problem = req.body === undefined ? undefined : bodyShapeProblem(req.body);
      if (problem !== undefined) return sendScimError(res, 400, "invalidSyntax", problem);
      next();
    });
  };
}

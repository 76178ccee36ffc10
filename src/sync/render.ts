// The human rendering of a plan: one line per write, terraform-like signs, then the counts.
import type { AttributeChange, SyncItem, SyncPlan } from "./types.js";

const COLORS = {
  "+": "\u001b[32m",
  "~": "\u001b[33m",
  "-": "\u001b[31m",
  "!": "\u001b[35m",
} as const;
const RESET = "\u001b[0m";

function show(value: unknown): string {
  if (value === undefined) return "(none)";
  if (Array.isArray(value)) {
    return `[${value.map((v) => (typeof v === "object" && v !== null ? `${(v as { type?: string }).type ?? ""}:${(v as { value?: string }).value ?? ""}` : String(v))).join(", ")}]`;
  }
  return JSON.stringify(value);
}

function change(c: AttributeChange): string {
  return `${c.attribute} ${show(c.from)} → ${show(c.to)}`;
}

function lines(item: SyncItem): [keyof typeof COLORS, string][] {
  switch (item.kind) {
    case "groupCreate":
      return [["+", `+ create group "${item.key}"`]];
    case "create":
      return [
        ["+", `+ create ${item.key} (${item.desired.userName}, "${item.desired.displayName}")`],
      ];
    case "update":
    case "reactivate": {
      const head: [keyof typeof COLORS, string][] =
        item.kind === "reactivate" ? [["+", `+ reactivate ${item.key}`]] : [];
      return [
        ...head,
        ...item.changes.map((c): [keyof typeof COLORS, string] => [
          "~",
          `~ update ${item.key} ${change(c)}`,
        ]),
      ];
    }
    case "deactivate":
    case "delete":
      return [["-", `- ${item.kind} ${item.key}`]];
    case "membership":
      return [
        ...item.add.map((a): [keyof typeof COLORS, string] => [
          "+",
          `+ add ${a.key} to group "${item.key}"`,
        ]),
        ...item.remove.map((r): [keyof typeof COLORS, string] => [
          "-",
          `- remove ${r.key} from group "${item.key}"`,
        ]),
      ];
  }
}

/** `+ create`, `~ update title "A" → "B"`, `- deactivate`, conflicts, blocks and counts. */
export function renderPlan(plan: SyncPlan, options: { color?: boolean } = {}): string {
  const paint = (sign: keyof typeof COLORS, text: string) =>
    options.color ? `${COLORS[sign]}${text}${RESET}` : text;
  const out: string[] = [`Plan for ${plan.target.baseUrl} (${plan.createdAt})`];
  for (const item of plan.items)
    for (const [sign, text] of lines(item)) out.push(paint(sign, text));
  for (const conflict of plan.conflicts)
    out.push(paint("!", `! conflict ${conflict.key}: ${conflict.reason}`));
  for (const block of plan.blocked ?? [])
    out.push(paint("!", `! BLOCKED (${block.kind}): ${block.reason}`));
  const counts = Object.entries(plan.counts)
    .map(([name, n]) => `${name} ${n}`)
    .join(", ");
  out.push(`${plan.items.length === 0 ? "No changes. " : ""}${counts}`);
  return `${out.join("\n")}\n`;
}

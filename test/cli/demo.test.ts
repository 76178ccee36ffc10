import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { csv, edited, people } from "../../demo/hr/generate.js";
import { runDemo } from "../../demo/start.js";
import { root } from "./helpers.js";

// `npm start`: the narrated sync on the embedded emulator exits 0 and says what it did; the HR
// files it ships are the generator's output.

describe("npm start", { timeout: 180_000 }, () => {
  it("ships the generator's HR files", () => {
    const base = people();
    expect(base).toHaveLength(300);
    expect(readFileSync(join(root, "demo/hr/people.csv"), "utf8")).toBe(csv(base));
    expect(readFileSync(join(root, "demo/hr/people-edited.csv"), "utf8")).toBe(
      csv(edited(base).rows),
    );
  });

  it("plans, applies, plans the edit exactly, applies it and converges", async () => {
    const lines: string[] = [];
    const code = await runDemo((line) => lines.push(line));
    const transcript = lines.join("\n");
    expect(code, transcript).toBe(0);
    expect(transcript).toMatch(/create 300, .*groupCreate 7/);
    expect(transcript).toMatch(/Applied 314 of 314 planned change\(s\)/);
    for (const line of [
      '~ update hr-1009 title "Agent" → "Senior Agent"',
      '~ update hr-1211 title "Senior Agent" → "Team Lead"',
      '~ update hr-1135 department "Sales" → "Retention"',
      "+ reactivate hr-9001",
      '- remove hr-1135 from group "Sales"',
      '+ add hr-1211 to group "Team Leads"',
    ]) {
      expect(transcript).toContain(line);
    }
    expect(transcript.match(/^- deactivate /gm)).toHaveLength(3);
    expect(transcript).toContain(
      "✓ exit 2: changes pending; update 5, reactivate 1, deactivate 3, memberAdd 3, memberRemove 1",
    );
    expect(transcript).toMatch(/No changes\. .*unchanged 298/);
  });
});

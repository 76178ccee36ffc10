// Desired states for the sync tests: a company with managers (a tree) and groups.
import type { DesiredUser } from "../../src/sync/index.js";

export function company(size: number, options: { groups?: number } = {}): DesiredUser[] {
  const groupCount = options.groups ?? 5;
  const users: DesiredUser[] = [];
  for (let i = 0; i < size; i++) {
    const id = `E${String(i).padStart(5, "0")}`;
    const user: DesiredUser = {
      externalId: id,
      userName: `user${i}@example.com`,
      displayName: `User ${i}`,
      title: i === 0 ? "CEO" : i % 3 === 0 ? "Engineer" : "Agent",
      department: `Dept ${i % 7}`,
      emails: [{ type: "work", value: `user${i}@example.com` }],
      phoneNumbers: [{ type: "work", value: `+3531${String(i).padStart(6, "0")}` }],
      employeeNumber: String(1000 + i),
      groups: [`Team ${i % groupCount}`],
    };
    // A tree: user i reports to user floor((i-1)/5); managers come before reports in the source too,
    // but plan must not rely on that (tests shuffle).
    if (i > 0) user.manager = `E${String(Math.floor((i - 1) / 5)).padStart(5, "0")}`;
    users.push(user);
  }
  return users;
}

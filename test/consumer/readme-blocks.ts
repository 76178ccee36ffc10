/** The first fenced block of `language` in the README section that starts with `heading`. */
export function readmeBlock(markdown: string, heading: string, language: string): string {
  const start = markdown.indexOf(`\n${heading}\n`);
  if (start < 0) throw new Error(`README: no section "${heading}"`);
  const level = /^#+/.exec(heading)![0];
  const rest = markdown.slice(start + heading.length + 2);
  const end = rest.search(new RegExp(`^${level} `, "m"));
  const section = end < 0 ? rest : rest.slice(0, end);
  const match = new RegExp("```" + language + "\\n([\\s\\S]*?)```").exec(section);
  if (!match) throw new Error(`README: no \`\`\`${language} block in "${heading}"`);
  return match[1]!;
}

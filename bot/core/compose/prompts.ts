import fs from "node:fs";
import path from "node:path";
import { PROJECT_ROOT } from "../../../foundation/project-root.ts";

/** The prompt files and the placeholders each must contain; checked once at start-up. */
const REQUIRED: Record<string, string[]> = {
  "answer-system.md": [],
  "answer-user.md": ["{{question}}", "{{passages}}"],
};

export interface AnswerPrompts {
  system: string;
  user: string;
}

/** Reads the prompt templates from prompts/; throws naming the file when one is missing or malformed. */
export function loadPrompts(dir = path.join(PROJECT_ROOT, "prompts")): AnswerPrompts {
  const read = (name: string): string => {
    const file = path.join(dir, name);
    if (!fs.existsSync(file)) throw new Error(`Prompt file ${file} is missing.`);
    const text = fs.readFileSync(file, "utf8").trim();
    for (const placeholder of REQUIRED[name] ?? []) {
      if (!text.includes(placeholder)) throw new Error(`Prompt file ${file} must contain ${placeholder}.`);
    }
    return text;
  };
  return { system: read("answer-system.md"), user: read("answer-user.md") };
}

/** Fills a template's {{name}} placeholders. */
export function fillTemplate(template: string, values: Record<string, string>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (whole, name: string) => values[name] ?? whole);
}

import path from "node:path";
import { fileURLToPath } from "node:url";

/** The project's root folder: the shipped library, prompts and YAML files are found from here. */
export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

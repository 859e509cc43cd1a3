import type * as z from "zod";

/**
 * Renders a zod issue path the way a reader locates it in a JSON file: `annotations[17].bbox`;
 * `the top level` for the empty path.
 */
export function formatJsonPath(path: readonly PropertyKey[]): string {
  let text = "";
  for (const key of path) {
    if (typeof key === "number") text += `[${key}]`;
    else text += text === "" ? String(key) : `.${String(key)}`;
  }
  return text === "" ? "the top level" : text;
}

/**
 * One line describing what is wrong with a file: the first problem with its JSON path, and how
 * many more there are, e.g. `annotations[3].score is required (…) (and 1 more problem)`.
 * @param issues - the issues of a failed `safeParse`.
 * @param prefix - path of the parsed value inside the file, prepended to each issue's path.
 */
export function describeZodIssues(
  issues: readonly z.core.$ZodIssue[],
  prefix: readonly PropertyKey[] = [],
): string {
  const [first] = issues;
  if (first === undefined) return "is invalid";
  const more = issues.length - 1;
  const tail = more > 0 ? ` (and ${more} more problem${more === 1 ? "" : "s"})` : "";
  return `${formatJsonPath([...prefix, ...first.path])} ${first.message}${tail}`;
}

/**
 * The problems of a failed `safeParse` of an options object, one `path: message` line each (the
 * path dot-joined, `options` for the value as a whole), as {@link InvalidParams} lists them.
 * @param issues - the issues of a failed `safeParse`.
 */
export function zodProblems(issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.map((issue) => `${issue.path.map(String).join(".") || "options"}: ${issue.message}`);
}

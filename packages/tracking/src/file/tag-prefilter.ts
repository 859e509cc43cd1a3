import { join } from "node:path";
import { compileFilter, parseFilter } from "../filter.js";
import type { RunInfo } from "../types.js";
import type { FolderReader } from "./folder-reader.js";

/** Run info for a run seen through its tags alone: tag terms never read it. */
const tagsOnlyInfo: RunInfo = {
  runId: "",
  runName: "",
  experimentId: "",
  status: "RUNNING",
  startTime: 0,
  artifactUri: "",
  lifecycleStage: "active",
};

function isPlainKey(key: string): boolean {
  return key.split("/").every((part) => part !== "" && part !== "." && part !== "..");
}

/**
 * A cheap first pass for a search filter with tag terms: tells from the tag files a filter names
 * (one small read each) whether a run folder can match, so that the rest of the folder is read
 * only for runs that pass. A filter is the AND of its terms, so a run failing a tag term fails the
 * filter. `undefined` when the filter has no tag terms (or names a key that is not a plain path).
 * @param filter - the search filter.
 * @param reader - reads the tag files.
 */
export function tagPrefilter(
  filter: string | undefined,
  reader: FolderReader,
): ((runDir: string) => boolean) | undefined {
  const terms = parseFilter(filter).filter((term) => term.identifier.entity === "tag");
  const keys = [...new Set(terms.map((term) => term.identifier.key))];
  if (keys.length === 0 || !keys.every(isPlainKey)) return undefined;
  const matches = compileFilter(terms);
  return (runDir) => {
    const tags: Record<string, string> = {};
    for (const key of keys) {
      const value = reader.readText(join(runDir, "tags", ...key.split("/")));
      if (value !== undefined) tags[key] = value;
    }
    return matches({ info: tagsOnlyInfo, data: { params: {}, metrics: {}, tags } });
  };
}

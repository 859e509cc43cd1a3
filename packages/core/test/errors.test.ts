import { DatasetNotFound, InvalidParams, IqfError } from "@iqf/core";
import { describe, expect, it } from "vitest";

describe("typed errors", () => {
  it("carry a stable code and name the path", () => {
    const error = new DatasetNotFound("/data/missing");
    expect(error).toBeInstanceOf(IqfError);
    expect(error.code).toBe("DATASET_NOT_FOUND");
    expect(error.name).toBe("DatasetNotFound");
    expect(error.message).toContain("/data/missing");
  });

  it("list every parameter problem", () => {
    const error = new InvalidParams("jpg modifier", [
      "quality must be <= 100 (got 250)",
      "unknown param foo",
    ]);
    expect(error.message).toBe(
      "Invalid parameters for jpg modifier: quality must be <= 100 (got 250); unknown param foo",
    );
  });
});

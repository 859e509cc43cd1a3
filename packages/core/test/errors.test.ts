import { DatasetNotFound, InvalidParams, IqfError, type IqfErrorCode, isMlflowErrorCode } from "@iqf/core";
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

  it("type their code: iqf's codes, or a namespaced scope:CODE from outside iqf", () => {
    const own = new IqfError("RUN_FAILED", "x");
    const fromPlugin = new IqfError("my-plugin:LUT_MISSING", "y");
    expect([own.code, fromPlugin.code]).toEqual(["RUN_FAILED", "my-plugin:LUT_MISSING"]);
    // @ts-expect-error a misspelt iqf code does not compile
    expect(() => new IqfError("RUN_FAILD", "z")).not.toThrow();
    const codes: readonly IqfErrorCode[] = ["INVALID_FILE", "RESOURCE_DOES_NOT_EXIST", "HTTP_502"];
    expect(codes.filter((code) => isMlflowErrorCode(code))).toEqual(["RESOURCE_DOES_NOT_EXIST", "HTTP_502"]);
  });
});

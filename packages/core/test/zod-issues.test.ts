import { describeZodIssues, formatJsonPath, zodProblems } from "@iqf/core";
import { describe, expect, it } from "vitest";
import { z } from "zod";

const schema = z.strictObject({
  quality: z.number().max(100),
  boxes: z.array(z.object({ w: z.number() })).optional(),
});

describe("zod issue formatting (one home, @iqf/core)", () => {
  it("lists an options object's problems as path: message, 'options' for the whole value", () => {
    const fields = schema.safeParse({ quality: 250, boxes: [{ w: "x" }] });
    expect(zodProblems(fields.error?.issues ?? [])).toEqual([
      "quality: Too big: expected number to be <=100",
      "boxes.0.w: Invalid input: expected number, received string",
    ]);
    const whole = schema.safeParse("jpg");
    expect(zodProblems(whole.error?.issues ?? [])).toEqual([
      "options: Invalid input: expected object, received string",
    ]);
  });

  it("locates a file's first problem by its JSON path", () => {
    expect(formatJsonPath(["annotations", 17, "bbox"])).toBe("annotations[17].bbox");
    expect(formatJsonPath([])).toBe("the top level");
    const parsed = schema.safeParse({ quality: 250, boxes: [{ w: "x" }] });
    expect(describeZodIssues(parsed.error?.issues ?? [], ["options"])).toBe(
      "options.quality Too big: expected number to be <=100 (and 1 more problem)",
    );
  });
});

import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { formatMetaYaml, parseMetaYaml } from "../src/file/meta-yaml.js";

const yaml = createRequire(import.meta.url)("yaml") as typeof import("yaml");

/** Run ids are 32 hex digits: some start like YAML 1.1 binary or hex numbers and are still text. */
const values = [
  "0bff300388e048f185f364e564a01ba5",
  "0b101",
  "0b1_0",
  "0b",
  "0b12",
  "0x1f",
  "0xfg",
  "0XAB",
  "0o17",
  "0e5",
  "00ff",
  "1e5",
  "run-7",
  "12:30",
];

describe("meta.yaml", () => {
  it("reads and writes scalars that look like numbers exactly as the YAML 1.1 library does", () => {
    for (const value of values) {
      const text = yaml.stringify(
        { run_id: value },
        { sortMapEntries: true, singleQuote: true, lineWidth: 0, version: "1.1" },
      );
      expect(formatMetaYaml({ run_id: value }), value).toBe(text);
      for (const written of [text, `run_id: ${value}\n`]) {
        expect(parseMetaYaml(written, "meta.yaml"), written).toEqual(yaml.parse(written, { version: "1.1" }));
      }
    }
  });
});

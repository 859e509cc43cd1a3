import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readResultsColumns } from "../src/results-reader.js";
import { referenceDir, repoRoot } from "./coco-sets.js";

interface Detection {
  image_id: number;
  category_id: number;
  bbox: number[];
  score: number;
}

/** What JSON.parse gives for the four fields, in the same column layout. */
function viaJsonParse(text: string) {
  const list = JSON.parse(text) as Detection[];
  return {
    count: list.length,
    imageId: list.map((d) => d.image_id),
    categoryId: list.map((d) => d.category_id),
    boxes: list.flatMap((d) => d.bbox),
    score: list.map((d) => d.score),
  };
}

function expectSameAsJsonParse(text: string): void {
  const columns = readResultsColumns(text);
  expect(columns).toBeDefined();
  const reference = viaJsonParse(text);
  expect(columns?.count).toBe(reference.count);
  for (const key of ["imageId", "categoryId", "boxes", "score"] as const) {
    const actual = [...(columns?.[key] ?? [])];
    expect(actual.length, key).toBe(reference[key].length);
    const differing = actual.filter((value, i) => !Object.is(value, reference[key][i]));
    expect(differing, key).toEqual([]);
  }
}

describe("the direct results reader", () => {
  it("reads the sample and small results files exactly as JSON.parse", () => {
    expectSameAsJsonParse(readFileSync(join(repoRoot, "data/predictions/coco_detect.json"), "utf8"));
    expectSameAsJsonParse(readFileSync(join(referenceDir, "small/dt.json"), "utf8"));
  });

  it("converts every kind of JSON number exactly as JSON.parse", () => {
    let seed = 12345;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const numbers: string[] = [
      "0",
      "-0",
      "0.0",
      "1e0",
      "1E+2",
      "-2.5e-3",
      "123456789012345678901234567890",
      "1e22",
    ];
    numbers.push("1e23", "4.9e-324", "2.2250738585072014e-308", "0.30000000000000004", "9007199254740993");
    numbers.push(
      "1.7976931348623157e308",
      "0.1",
      "0.0000001",
      "123.456e-5",
      "5e-25",
      "12345678901234567e-40",
    );
    for (let i = 0; i < 2000; i++) {
      const value = (random() - 0.5) * 10 ** Math.floor(random() * 40 - 20);
      numbers.push(
        String(value),
        value.toFixed(Math.floor(random() * 8)),
        value.toPrecision(1 + Math.floor(random() * 20)),
      );
    }
    const detections = numbers.map(
      (n, i) => `{"image_id":${i},"category_id":${n},"bbox":[${n}, 1,${n} ,2.5],"score":${n}}`,
    );
    expectSameAsJsonParse(`[${detections.join(",")}]`);
  });

  it("skips other fields of any JSON shape, with any whitespace and key order", () => {
    const text = ` [\n\t{ "segmentation" : [[1.5, 2], {"a": [true, false, null]}], "score": 0.5,
      "bbox" : [ 1 , 2 , 3 , 4 ] , "name": "x \\"quoted\\" \\u00e9 \\\\ /", "category_id": 3, "image_id": 7 },
      {"image_id": 1, "category_id": 2, "bbox": [0,0,0,0], "score": 1, "image_id": 9}\r\n] `;
    expectSameAsJsonParse(text);
    expect(readResultsColumns("[]")?.count).toBe(0);
  });

  it.each([
    ["invalid JSON", '[{"image_id":1,"category_id":1,"bbox":[1,2,3,4],"score":0.5},]'],
    ["trailing text", '[{"image_id":1,"category_id":1,"bbox":[1,2,3,4],"score":0.5}] x'],
    ["a missing field", '[{"image_id":1,"category_id":1,"bbox":[1,2,3,4]}]'],
    ["a bbox of 3 numbers", '[{"image_id":1,"category_id":1,"bbox":[1,2,3],"score":0.5}]'],
    ["a bbox of 5 numbers", '[{"image_id":1,"category_id":1,"bbox":[1,2,3,4,5],"score":0.5}]'],
    ["a string score", '[{"image_id":1,"category_id":1,"bbox":[1,2,3,4],"score":"0.5"}]'],
    ["a number JSON does not allow", '[{"image_id":01,"category_id":1,"bbox":[1,2,3,4],"score":0.5}]'],
    ["an escaped key", '[{"image\\u005fid":1,"category_id":1,"bbox":[1,2,3,4],"score":0.5}]'],
    ["an infinite number", '[{"image_id":1,"category_id":1,"bbox":[1,2,3,4],"score":1e999}]'],
    ["a dict instead of a list", '{"annotations":[]}'],
    [
      "a control character in a string",
      '[{"image_id":1,"category_id":1,"bbox":[1,2,3,4],"score":0.5,"n":"a\tb"}]',
    ],
  ])("leaves %s to the validating parser", (_, text) => {
    expect(readResultsColumns(text)).toBeUndefined();
  });
});

import { InvalidFile } from "./errors.js";

const idFields: readonly (readonly [string, readonly string[]])[] = [
  ["images", ["id"]],
  ["annotations", ["id", "image_id", "category_id"]],
  ["categories", ["id"]],
];

/**
 * The rule every command applies to string ids in COCO ground truth (`iqf sanity`, `iqf stats`,
 * `iqf eval coco`): COCO ids are integers, so a file with a string id (`"id": "img1"`) is
 * refused with the same error everywhere, naming the first such field and how many there are.
 * @param file - the annotation file, named in the error.
 * @param data - the parsed COCO object.
 * @throws InvalidFile when an id, `image_id` or `category_id` is a string.
 */
export function assertNoStringCocoIds(file: string, data: Readonly<Record<string, unknown>>): void {
  let first: string | undefined;
  let count = 0;
  for (const [list, keys] of idFields) {
    const items = data[list];
    if (!Array.isArray(items)) continue;
    items.forEach((item: unknown, index) => {
      if (item === null || typeof item !== "object") return;
      for (const key of keys) {
        const value = (item as Record<string, unknown>)[key];
        if (typeof value !== "string") continue;
        count++;
        first ??= `${list}[${index}].${key} is the string ${JSON.stringify(value).slice(0, 60)}`;
      }
    });
  }
  if (first === undefined) return;
  throw new InvalidFile(
    file,
    `${first}${count > 1 ? ` (${count} string ids in the file)` : ""}; COCO ids (images[].id, categories[].id, annotations[].id, image_id, category_id) must be integers — renumber them`,
  );
}

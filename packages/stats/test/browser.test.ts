import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { DsStats } from "@iqf/stats";
import type { Browser, Page } from "playwright-core";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchTestBrowser } from "../../../test-support/browser.js";
import { cocoDataset, geoDataset, tempDir } from "./helpers.js";

/** A page of the given file with every console error, page error and non-local request recorded. */
interface LoadedPage {
  readonly page: Page;
  readonly errors: string[];
  readonly remoteRequests: string[];
}

let browser: Browser;
let outputs: { coco: string; geo: string; hostile: string };

/** A tiny COCO dataset whose names try to break out of the HTML. */
async function hostileDataset(): Promise<string> {
  const root = join(await tempDir(), "hostile <dataset>");
  await mkdir(join(root, "images"), { recursive: true });
  await sharp({ create: { width: 64, height: 48, channels: 3, background: "#336699" } })
    .png()
    .toFile(join(root, "images", "a&b.png"));
  const evil = '</script><img src=x onerror="window.__pwned=1"><b>bold</b>';
  const coco = {
    images: [{ id: 1, file_name: "a&b.png", width: 64, height: 48 }],
    annotations: [
      {
        id: 1,
        image_id: 1,
        category_id: 7,
        bbox: [4, 4, 20, 10],
        area: 200,
        segmentation: [[4, 4, 24, 4, 24, 14]],
      },
    ],
    categories: [{ id: 7, name: evil }],
  };
  await writeFile(join(root, "annotations.json"), JSON.stringify(coco));
  return root;
}

beforeAll(async () => {
  const base = await tempDir();
  outputs = { coco: join(base, "coco"), geo: join(base, "geo"), hostile: join(base, "hostile") };
  await new DsStats(cocoDataset, { outputDir: outputs.coco, plots: false }).performStats();
  await new DsStats(geoDataset, { outputDir: outputs.geo, plots: false }).performStats();
  await new DsStats(await hostileDataset(), { outputDir: outputs.hostile, plots: false }).performStats();
  browser = await launchTestBrowser();
});

afterAll(async () => {
  await browser?.close();
});

/** Opens an output page over file:// and records errors and requests. */
async function open(folder: string, file: string): Promise<LoadedPage> {
  const page = await browser.newPage();
  const errors: string[] = [];
  const remoteRequests: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  page.on("pageerror", (error) => errors.push(String(error)));
  page.on("request", (request) => {
    if (!/^(file|data):/.test(request.url())) remoteRequests.push(request.url());
  });
  await page.goto(pathToFileURL(join(folder, file)).href, { waitUntil: "load" });
  return { page, errors, remoteRequests };
}

/** The text of one column of the annotation table's visible rows. */
function column(page: Page, index: number): Promise<string[]> {
  return page.$$eval(`#annotations tbody tr td:nth-child(${index + 1})`, (cells) =>
    cells.map((cell) => cell.textContent ?? ""),
  );
}

describe("annotation summary page in headless Chromium", () => {
  it("loads without console errors or network requests and lists every annotation", async () => {
    const { page, errors, remoteRequests } = await open(outputs.coco, "annotations.html");
    expect(await page.locator("#annotations tbody tr").count()).toBe(130);
    expect(await page.locator("#classes tbody tr").count()).toBe(26);
    expect(await page.textContent("#counter")).toBe("130 of 130 annotations match");
    expect(errors).toEqual([]);
    expect(remoteRequests).toEqual([]);
    await page.close();
  });

  it("sorts by a numeric column when its header is clicked, and reverses on a second click", async () => {
    const { page, errors } = await open(outputs.coco, "annotations.html");
    const areaHeader = page.locator("#annotations th", { hasText: /^area$/ });
    await areaHeader.click();
    const ascending = (await column(page, 7)).map(Number);
    expect(ascending).toEqual([...ascending].sort((a, b) => a - b));
    expect(ascending[0]).toBeLessThan(ascending.at(-1)!);
    expect(await areaHeader.getAttribute("aria-sort")).toBe("ascending");
    await areaHeader.click();
    const descending = (await column(page, 7)).map(Number);
    expect(descending).toEqual([...ascending].reverse());
    expect(await areaHeader.getAttribute("aria-sort")).toBe("descending");
    await page.locator("#annotations th", { hasText: /^class$/ }).click();
    const classes = await column(page, 2);
    expect(classes[0]).toBe("backpack");
    expect(errors).toEqual([]);
    await page.close();
  });

  it("filters rows as the user types", async () => {
    const { page, errors } = await open(outputs.coco, "annotations.html");
    await page.fill("#filter", "bottle");
    expect(await page.locator("#annotations tbody tr").count()).toBe(14);
    expect(new Set(await column(page, 2))).toEqual(new Set(["bottle"]));
    expect(await page.textContent("#counter")).toBe("14 of 130 annotations match");
    await page.fill("#filter", "000000391895");
    expect(await page.locator("#annotations tbody tr").count()).toBe(4);
    await page.fill("#filter", "");
    expect(await page.locator("#annotations tbody tr").count()).toBe(130);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("shows GeoJSON features with their measures", async () => {
    const { page, errors } = await open(outputs.geo, "annotations.html");
    expect(await page.locator("#annotations tbody tr").count()).toBe(15);
    await page.locator("#annotations th", { hasText: /^area$/ }).click();
    expect(Number((await column(page, 3))[0])).toBeCloseTo(0.447998, 5);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("renders hostile names as text: no script runs, no markup is injected", async () => {
    const { page, errors } = await open(outputs.hostile, "annotations.html");
    expect(await page.evaluate(() => (globalThis as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.locator("b").count()).toBe(0);
    expect(await page.textContent("#classes tbody td")).toContain("</script><img src=x");
    expect(await page.title()).toBe("hostile <dataset> — annotations");
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe("image preview page in headless Chromium", () => {
  /** naturalWidth of every thumbnail once loaded. */
  async function thumbnailWidths(page: Page): Promise<number[]> {
    return page.$$eval(".tile img", (images) =>
      Promise.all(
        (images as unknown as { decode(): Promise<void>; naturalWidth: number }[]).map((image) =>
          image.decode().then(() => image.naturalWidth),
        ),
      ),
    );
  }

  it("renders every COCO thumbnail with its boxes and polygons", async () => {
    const { page, errors, remoteRequests } = await open(outputs.coco, "preview.html");
    const widths = await thumbnailWidths(page);
    expect(widths).toHaveLength(10);
    expect(widths.every((width) => width > 0)).toBe(true);
    expect(await page.locator(".tile svg.overlay rect.box").count()).toBe(130);
    expect(await page.locator(".tile svg.overlay polygon").count()).toBeGreaterThan(100);
    const box = await page.locator(".tile .frame").first().boundingBox();
    const overlay = await page.locator(".tile svg.overlay").first().boundingBox();
    expect(overlay).toEqual(box);
    expect(errors).toEqual([]);
    expect(remoteRequests).toEqual([]);
    await page.close();
  });

  it("renders the 16-bit GeoTIFF thumbnails with the polygons mapped into the image", async () => {
    const { page, errors } = await open(outputs.geo, "preview.html");
    const widths = await thumbnailWidths(page);
    expect(widths).toHaveLength(10);
    expect(widths.every((width) => width > 0)).toBe(true);
    expect(await page.locator(".tile svg.overlay polygon").count()).toBe(15);
    // every polygon vertex lies within (or on the edge of) its 90×90 tile
    const points = await page.$$eval(".tile svg.overlay polygon", (polygons) =>
      polygons.flatMap((polygon) =>
        (polygon.getAttribute("points") ?? "").split(" ").map((pair: string) => pair.split(",").map(Number)),
      ),
    );
    for (const [x, y] of points) {
      expect(x).toBeGreaterThanOrEqual(-0.01);
      expect(x).toBeLessThanOrEqual(90.01);
      expect(y).toBeGreaterThanOrEqual(-0.01);
      expect(y).toBeLessThanOrEqual(90.01);
    }
    expect(errors).toEqual([]);
    await page.close();
  });

  it("escapes file names in captions and alt text", async () => {
    const { page, errors } = await open(outputs.hostile, "preview.html");
    expect(await page.getAttribute(".tile img", "alt")).toBe("a&b.png");
    expect(await page.locator(".tile svg.overlay title").first().textContent()).toContain("<b>bold</b>");
    expect(await page.locator("b").count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });
});

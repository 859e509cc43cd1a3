import {
  deserializeError,
  InvalidFile,
  InvalidParams,
  IqfError,
  type SerializedError,
  serializeError,
  WorkerPool,
} from "@iqf/core";
import { afterAll, describe, expect, it } from "vitest";

type Kind = "file" | "params" | "subclass" | "range" | "text";
const pool = new WorkerPool<{ kind: Kind }, never>(
  new URL("./fixtures/throwing-worker.mjs", import.meta.url),
  1,
);
afterAll(() => pool.close());

/** Throws `kind` in a worker thread and rebuilds the error on this side. */
async function thrownInWorker(kind: Kind): Promise<Error> {
  const reply = await pool.run({ kind });
  if (!("error" in reply)) throw new Error("the worker did not fail");
  return deserializeError(reply.error as SerializedError);
}

describe("errors across a worker-thread boundary", () => {
  it("an InvalidFile comes back as an InvalidFile with its code, file, reason and message", async () => {
    const error = await thrownInWorker("file");
    expect(error).toBeInstanceOf(InvalidFile);
    expect(error).toBeInstanceOf(IqfError);
    expect(error).toMatchObject({
      name: "InvalidFile",
      code: "INVALID_FILE",
      file: "a/b.png",
      reason: "cannot decode PNG",
      message: "a/b.png: cannot decode PNG",
    });
  });

  it("an InvalidParams keeps its subject and problems", async () => {
    const error = await thrownInWorker("params");
    expect(error).toBeInstanceOf(InvalidParams);
    expect((error as InvalidParams).problems).toEqual(["patchSize: too small", "radius: too big"]);
    expect(error.message).toBe(
      new InvalidParams("snr measurement", ["patchSize: too small", "radius: too big"]).message,
    );
  });

  it("another package's IqfError subclass keeps its name, code, message and fields", async () => {
    const error = await thrownInWorker("subclass");
    expect(error).toBeInstanceOf(IqfError);
    expect(error).toMatchObject({
      name: "AnnotationsTooBig",
      code: "ANNOTATIONS_TOO_LARGE",
      message: "gt.json: 42 bytes is over the limit",
      file: "gt.json",
      bytes: 42,
    });
  });

  it("errors that are not IqfErrors keep their class name and message, without a code", async () => {
    const range = await thrownInWorker("range");
    expect(range).toBeInstanceOf(RangeError);
    expect(range).not.toBeInstanceOf(IqfError);
    expect(range.message).toBe("index 9 out of range");
    const text = await thrownInWorker("text");
    expect(text).toMatchObject({ name: "Error", message: "plain text" });
    expect("code" in text).toBe(false);
  });

  it("survives a structured clone in one thread as well", () => {
    const original = new InvalidFile("x.tif", "truncated");
    const copy = deserializeError(structuredClone(serializeError(original)));
    expect(copy).toBeInstanceOf(InvalidFile);
    expect(copy).toMatchObject({ code: original.code, message: original.message, stack: original.stack });
  });
});

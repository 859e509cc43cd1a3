import { FileStore, openTrackingStore, RestStore, redactUri, resolveTrackingUri } from "@iqf/tracking";
import { describe, expect, it } from "vitest";

describe("tracking URI resolution", () => {
  it("prefers the explicit URI, then MLFLOW_TRACKING_URI, then ./mlruns", () => {
    expect(resolveTrackingUri("http://a:5000", { MLFLOW_TRACKING_URI: "file:///x" })).toBe("http://a:5000");
    expect(resolveTrackingUri(undefined, { MLFLOW_TRACKING_URI: "file:///x" })).toBe("file:///x");
    expect(resolveTrackingUri("", { MLFLOW_TRACKING_URI: " " })).toBe("./mlruns");
    expect(resolveTrackingUri(undefined, {})).toBe("./mlruns");
  });

  it("opens the store the URI names", () => {
    expect(openTrackingStore("http://127.0.0.1:5000", { env: {} })).toBeInstanceOf(RestStore);
    expect(openTrackingStore("HTTPS://example.com/mlflow", { env: {} })).toBeInstanceOf(RestStore);
    expect(openTrackingStore("file:///tmp/mlruns", { env: {} })).toBeInstanceOf(FileStore);
    expect(openTrackingStore(undefined, { env: { MLFLOW_TRACKING_URI: "http://h:1" } })).toBeInstanceOf(
      RestStore,
    );
    const local = openTrackingStore(undefined, { env: {} }) as FileStore;
    expect(local).toBeInstanceOf(FileStore);
    expect(local.root).toBe(`${process.cwd()}/mlruns`);
  });

  it("never shows credentials", () => {
    expect(redactUri("https://alice:s3cret@mlflow.example.com:8443/prefix/?token=abc")).toBe(
      "https://mlflow.example.com:8443/prefix",
    );
    expect(new RestStore("http://bob:pw@127.0.0.1:9", { env: {} }).uri).toBe("http://127.0.0.1:9");
  });
});

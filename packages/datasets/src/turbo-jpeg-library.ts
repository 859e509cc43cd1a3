import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { isMainThread } from "node:worker_threads";

/** TurboJPEG 3 parameter ids (`TJPARAM_*` of turbojpeg.h) used here. */
export const TJPARAM = {
  noRealloc: 2,
  quality: 3,
  subsampling: 4,
  width: 5,
  height: 6,
  precision: 7,
  colourspace: 8,
  fastUpsample: 9,
  fastDct: 10,
  optimize: 11,
  progressive: 12,
  arithmetic: 14,
  lossless: 15,
  maxPixels: 24,
} as const;

/** TurboJPEG pixel formats (`TJPF_*`) and colourspaces (`TJCS_*`) used here. */
export const TJ = { pixelRgb: 0, pixelGrey: 6, colourYcbcr: 1, colourGrey: 2 } as const;

type Handle = unknown;
type Callback = (error: unknown, result: number) => void;

/** The TurboJPEG 3 functions iqf calls, bound through koffi. */
export interface TurboJpegLibrary {
  /** `tj3Set(handle, param, value)`. */
  readonly set: (handle: Handle, param: number, value: number) => number;
  /** `tj3Get(handle, param)`. */
  readonly get: (handle: Handle, param: number) => number;
  /** `tj3DecompressHeader(handle, jpeg, size)`. */
  readonly readHeader: (handle: Handle, jpeg: Uint8Array, size: number) => number;
  /**
   * `tj3Decompress8(handle, jpeg, size, out, pitch, pixelFormat)`, calling `done` with its return
   * code: on a koffi thread from the main thread (which must stay responsive), in place on a
   * worker thread (which has nothing else to do meanwhile).
   */
  readonly decompress: (
    handle: Handle,
    jpeg: Uint8Array,
    size: number,
    out: Uint8Array,
    pitch: number,
    pixelFormat: number,
    done: Callback,
  ) => void;
  /** `tj3Compress8(handle, pixels, width, pitch, height, pixelFormat, [out], [size])`, like `decompress`. */
  readonly compress: (
    handle: Handle,
    pixels: Uint8Array,
    width: number,
    pitch: number,
    height: number,
    pixelFormat: number,
    out: [Uint8Array],
    size: [number],
    done: Callback,
  ) => void;
  /** `tj3JPEGBufSize(width, height, subsampling)`: the largest JPEG those settings can give. */
  readonly bufferSize: (width: number, height: number, subsampling: number) => number;
  /** `tj3GetErrorStr(handle)`. */
  readonly errorText: (handle: Handle) => string;
  /** A decompressor or compressor handle no other call is using (created when none is free). */
  readonly take: (kind: "decompress" | "compress") => Handle;
  /** Gives a handle from {@link TurboJpegLibrary.take} back once its call has finished. */
  readonly give: (kind: "decompress" | "compress", handle: Handle) => void;
}

/** File of the TurboJPEG library inside `@julusian/jpeg-turbo`'s prebuilt folder for this platform. */
function libraryFile(packageDir: string): string {
  const glibc = (process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined)
    ?.header?.glibcVersionRuntime;
  const suffix = process.platform === "linux" && !glibc ? "-musl" : "";
  const file = join(
    packageDir,
    "prebuilds",
    `jpeg-turbo-${process.platform}-${process.arch}${suffix}`,
    "libturbojpeg.so.0",
  );
  if (!existsSync(file))
    throw new Error(
      `no shared libturbojpeg for ${process.platform}-${process.arch}${suffix} in ${packageDir}`,
    );
  return file;
}

function bind(): TurboJpegLibrary {
  const require = createRequire(import.meta.url);
  const koffi = require("koffi") as typeof import("koffi");
  const file =
    process.env.IQF_LIBTURBOJPEG ||
    libraryFile(dirname(require.resolve("@julusian/jpeg-turbo/package.json")));
  const lib = koffi.load(file);
  const init = lib.func("void *tj3Init(int)");
  const decompress = lib.func(
    "int tj3Decompress8(void *, const uint8_t *, size_t, _Out_ uint8_t *, int, int)",
  );
  const compress = lib.func(
    "int tj3Compress8(void *, const uint8_t *, int, int, int, int, _Inout_ uint8_t **, _Inout_ size_t *)",
  );
  const free: Record<"decompress" | "compress", Handle[]> = { decompress: [], compress: [] };
  const inPlace =
    (fn: (...args: unknown[]) => number) =>
    (...args: unknown[]) => {
      const done = args.pop() as Callback;
      done(null, fn(...args));
    };
  return {
    set: lib.func("int tj3Set(void *, int, int)"),
    get: lib.func("int tj3Get(void *, int)"),
    readHeader: lib.func("int tj3DecompressHeader(void *, const uint8_t *, size_t)"),
    decompress: isMainThread ? decompress.async : inPlace(decompress),
    compress: isMainThread ? compress.async : inPlace(compress),
    bufferSize: lib.func("size_t tj3JPEGBufSize(int, int, int)"),
    errorText: lib.func("const char *tj3GetErrorStr(void *)"),
    take: (kind) => {
      const handle = free[kind].pop() ?? init(kind === "compress" ? 0 : 1);
      if (!handle) throw new Error("tj3Init failed");
      return handle;
    },
    give: (kind, handle) => {
      free[kind].push(handle);
    },
  };
}

let loaded: { library: TurboJpegLibrary } | { reason: string } | undefined;

/**
 * The TurboJPEG library (libjpeg-turbo 3, shipped prebuilt by the optional dependency
 * `@julusian/jpeg-turbo`, or the file named by `IQF_LIBTURBOJPEG`; called through the optional
 * dependency `koffi`), loaded once per thread, or `undefined` when it cannot load on this platform
 * or `IQF_JPEG_CODEC=sharp` is set. The first failure on the main thread emits one warning; JPEG
 * images then go through sharp/libvips.
 */
export function turboJpegLibrary(): TurboJpegLibrary | undefined {
  if (loaded === undefined) {
    if (process.env.IQF_JPEG_CODEC === "sharp") loaded = { reason: "IQF_JPEG_CODEC=sharp" };
    else {
      try {
        loaded = { library: bind() };
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        loaded = { reason };
        if (isMainThread)
          process.emitWarning(
            `libjpeg-turbo could not be loaded (${reason}); JPEG images are decoded and encoded with sharp/libvips (same samples, slower)`,
            { code: "IQF_JPEG_TURBO_UNAVAILABLE" },
          );
      }
    }
  }
  return "library" in loaded ? loaded.library : undefined;
}
